"""Each bank, cash and online account's movement in the period: opening + in − out = closing.

Why: the report set each account's closing balance against the statement's and gave the
difference, but no figure of how the books got there; the bank's statement states its
opening balance, its totals in and out (本期收入合计 / 本期支出合计) and its closing balance,
and the officer could not set the books' against them to see on which side a difference
lies, nor check that the books' own figures add up.
"""

from __future__ import annotations

import re
from decimal import Decimal

from click.testing import CliRunner

from cli import cli
from ledger.books import load_books
from ledger.period import parse_period
from ledger.reconcile.html import render_html
from ledger.reconcile.report import build_report

D = Decimal


def _movements(report):
    return {a.label: (a.opening, a.money_in, a.money_out, a.books_at_end) for a in report.accounts}


def test_each_account_states_opening_in_out_and_closing(books_factory):
    report = build_report(load_books(books_factory()), parse_period("2024-03"))
    moves = _movements(report)
    assert moves["Assets:Bank:Basic"] == (D("0.00"), D("50000.00"), D("4000.00"), D("46000.00"))
    assert moves["Assets:Cash"] == (D("0"), D("1000.00"), D("200.00"), D("800.00"))
    for opening, money_in, money_out, closing in moves.values():
        assert opening + money_in - money_out == closing


def test_the_next_month_opens_with_the_closing_of_the_last(books_factory):
    books = load_books(books_factory())
    march, april = (build_report(books, parse_period(p)) for p in ("2024-03", "2024-04"))
    assert _movements(april)["Assets:Cash"] == (_movements(march)["Assets:Cash"][3], D("500.00"), D("0"), D("1300.00"))


def test_money_in_another_currency_moves_in_it(books_factory):
    main = books_factory(extra="""
        2024-01-01 open Assets:Bank:Forex USD
        2024-03-18 * "海外校友会" "美元捐款"
          fund: "GENERAL"
          donor: "D0001"
          receipt: "JZ-2024-00004"
          Assets:Bank:Forex          100.00 USD @ 7.10 CNY
          Income:Donation:Enterprise
        2024-03-26 * "中国银行" "外汇手续费"
          fund: "GENERAL"
          Assets:Bank:Forex           -2.00 USD @ 7.10 CNY
          Expenses:Operations:BankFees
        2024-04-01 balance Assets:Bank:Forex 98.00 USD
        """)
    moves = _movements(build_report(load_books(main), parse_period("2024-03")))
    assert moves["Assets:Bank:Forex (USD)"] == (D("0"), D("100.00"), D("2.00"), D("98.00"))


def test_the_text_and_the_page_show_the_movements(books_factory):
    main = books_factory()
    result = CliRunner().invoke(cli, ["reconcile", str(main), "--period", "2024-03"])
    assert re.search(r"Assets:Bank:Basic\s+0\.00\s+50,000\.00\s+4,000\.00\s+46,000\.00", result.output), result.output
    assert re.search(r"Assets:Cash\s+0\.00\s+1,000\.00\s+200\.00\s+800\.00", result.output), result.output
    page = render_html(build_report(load_books(main), parse_period("2024-03")))
    row = re.search(r'<tr data-account="Assets:Bank:Basic">(.*?)</tr>', page, re.S)
    assert row and re.findall(r'<td class="num">([^<]*)</td>', row.group(1)) == ["0.00", "50,000.00", "4,000.00", "46,000.00"]


def test_no_movement_table_when_no_account_is_used(books_factory):
    """A month before anything moved: no empty table of movements, in the text or on the page."""
    main = books_factory()
    result = CliRunner().invoke(cli, ["reconcile", str(main), "--period", "2024-01"])
    assert "Assets:Bank:Basic" in result.output and "opening + in - out" not in result.output
    assert "account-movements" not in render_html(build_report(load_books(main), parse_period("2024-01")))
