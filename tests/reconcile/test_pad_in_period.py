"""A `pad` that fills a money account in the period hides the statement's difference.

Why: 500.00 the bank received and the books never booked, with a `pad Assets:Bank:Basic
Equity:Opening-Balances` (fund GENERAL) before the statement's balance, made the bank agree
to the fen and `relief reconcile` said "2024-03 reconciles": the 500.00 came from nowhere,
shown as money GENERAL held at the start of March, though February ended with none. A pad
that carries an account's money over from the old books (before anything else moved it)
stays an opening balance.
"""

from __future__ import annotations

from decimal import Decimal

from click.testing import CliRunner

from cli import cli
from ledger.books import load_books
from ledger.period import parse_period
from ledger.reconcile.html import render_html
from ledger.reconcile.report import build_report

PAD = """
    2024-03-30 pad Assets:Bank:Basic Equity:Opening-Balances
      fund: "GENERAL"
    """
STATEMENT = {"2024-04-01 balance Assets:Bank:Basic 46000.00 CNY": "2024-04-01 balance Assets:Bank:Basic 46500.00 CNY"}


def test_a_pad_filling_the_bank_in_the_period_fails_with_its_amount(books_factory):
    main = books_factory(STATEMENT, extra=PAD)
    report = build_report(load_books(main), parse_period("2024-03"))
    bank = next(a for a in report.accounts if a.account == "Assets:Bank:Basic")
    assert not bank.ok and not report.ok
    assert bank.problem.startswith("a pad filled it with +500.00 CNY on 2024-03-30 from Equity:Opening-Balances (")
    assert "2024.beancount:" in bank.problem and "not on the statement's rows" in bank.problem
    result = CliRunner().invoke(cli, ["reconcile", str(main), "--period", "2024-03"])
    assert result.exit_code == 1 and "a pad filled it with +500.00 CNY on 2024-03-30" in result.output
    assert "a pad filled it with +500.00 CNY" in render_html(report)


def test_a_pad_that_carries_the_opening_balance_over_is_no_problem(books_factory):
    """The books' first entry on the account, a pad from the old books' balance, is an opening
    balance (README, "The first entries"), as a transaction against Equity:Opening-Balances is."""
    opening = '2024-02-28 pad Assets:Bank:Basic Equity:Opening-Balances\n  fund: "GENERAL"\n2024-03-01 balance Assets:Bank:Basic 700.00 CNY'
    main = books_factory({"2024-03-01 balance Assets:Bank:Basic 0.00 CNY": opening,
                          "2024-04-01 balance Assets:Bank:Basic 46000.00 CNY": "2024-04-01 balance Assets:Bank:Basic 46700.00 CNY"})
    books = load_books(main)
    assert not books.errors, books.errors
    for period in ("2024-02", "2024-03"):
        report = build_report(books, parse_period(period))
        assert not any("pad" in p for p in report.problems()), report.problems()
    assert build_report(books, parse_period("2024-03")).ok


def test_the_padded_amount_is_the_difference_the_books_would_show(books_factory):
    """Without the pad, the same books fail by the same amount: the pad's amount is the
    statement's difference, to the fen."""
    padded = build_report(load_books(books_factory(STATEMENT, extra=PAD)), parse_period("2024-03"))
    plain = build_report(load_books(books_factory(STATEMENT)), parse_period("2024-03"))
    bank = next(a for a in plain.accounts if a.account == "Assets:Bank:Basic")
    assert bank.difference == Decimal("-500.00")
    assert f"{-bank.difference:+,.2f} CNY" in next(a for a in padded.accounts if a.account == "Assets:Bank:Basic").problem
