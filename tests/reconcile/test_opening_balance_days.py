"""The days before books start with an opening balance, in a quarter's or a year's reconciliation.

Books made as the README says: `relief init` (accounts open on 1 January), the money held
carried over on 2026-02-28, the day before the first statement (the project's ICBC sample of
March). March reconciled and closed; but `relief reconcile --period 2026-Q1` failed with
"2026-01-01 to 2026-02-28 (59 days) not covered", and February with "no statement's closing
balance": days of the old books, before the new ones held any money, for which no statement
is ever imported here. Neither the quarter nor the year could ever be closed. The days up to
the opening balance are now the old books' (no statement asked), and the month that holds
only the opening balance takes it as its closing figure, saying so.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from ledger.init_books import init_books

ICBC = Path(__file__).resolve().parents[1] / "importers" / "golden" / "icbc-debit" / "icbc-debit.csv"
OPENING = """
2026-02-28 * "期初余额" "carried over from the old books"
  fund: "GENERAL"
  Assets:Bank:Basic         100000.00 CNY
  Equity:Opening-Balances
"""


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _books(tmp_path: Path) -> Path:
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2026)
    with (main.parent / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(OPENING)
    result = _run("import", main, ICBC, "--write")
    assert result.exit_code == 0, result.output
    return main


def test_the_days_before_the_opening_balance_are_not_asked_of_a_statement(tmp_path):
    main = _books(tmp_path)
    quarter = _run("reconcile", main, "--period", "2026-Q1")
    assert "every day of 2026-Q1 is covered for every bank account in use" in quarter.output, quarter.output
    assert "not covered" not in quarter.output


def test_the_month_of_the_opening_balance_takes_it_as_its_closing_figure(tmp_path):
    main = _books(tmp_path)
    february = _run("reconcile", main, "--period", "2026-02")
    assert february.exit_code == 0, february.output
    assert "opening balance of 2026-02-28 (Equity:Opening-Balances), carried over from the old books" in february.output
    assert "2026-02 reconciles." in february.output


def test_money_moved_after_the_opening_balance_still_needs_a_statement(tmp_path):
    main = _books(tmp_path)
    with (main.parent / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\n2026-02-28 * "期初现金"\n  fund: "GENERAL"\n  Assets:Cash  500.00 CNY\n  Equity:Opening-Balances\n'
                 '\n2026-03-10 * "办公用品"\n  fund: "GENERAL"\n  Expenses:Operations:Office  20.00 CNY\n  Assets:Cash\n')
    march = _run("reconcile", main, "--period", "2026-03")
    assert "no cash count for 2026-03" in march.output  # moved after its opening: counted as ever


def test_an_opening_balance_typed_late_excuses_no_earlier_day(tmp_path):
    """An opening balance dated after the account moved (a second one typed in December) does
    not make the days of the year before it the old books'."""
    main = _books(tmp_path)
    with (main.parent / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\n2026-06-30 * "补记期初"\n  fund: "GENERAL"\n  Assets:Bank:Basic  10.00 CNY\n  Equity:Opening-Balances\n')
    year = _run("reconcile", main, "--period", "2026-Q2")
    assert "Assets:Bank:Basic: 2026-04-01 to 2026-06-30 (91 days) not covered" in year.output, year.output


MOVED_ON_THE_DAY = ('\n2026-02-28 * "工会经费拨入"\n  fund: "GENERAL"\n'
                    "  Assets:Bank:Basic  500.00 CNY\n  Income:Union  -500.00 CNY\n")


@pytest.mark.parametrize("moved_first", [False, True], ids=["written-after", "written-before"])
def test_money_moved_on_the_opening_day_is_not_taken_as_carried_over(tmp_path, moved_first):
    """500.00 of union funds into the bank on the opening balance's day (2026-02-28): February's line
    gave 100,500.00 as its closing figure, 'opening balance of 2026-02-28, carried over from the
    old books', and the day as the old books', so the 500.00 was checked by no statement (written
    before the opening balance in the file, every day back to 1 January was 'not covered'
    instead). That day needs a statement; the days before it are the old books'."""
    main = _books(tmp_path)
    txns = main.parent / "txns" / "2026.beancount"
    text = txns.read_text(encoding="utf-8")
    txns.write_text(text.replace(OPENING, MOVED_ON_THE_DAY + OPENING) if moved_first else text + MOVED_ON_THE_DAY, encoding="utf-8")
    assert (MOVED_ON_THE_DAY + OPENING in txns.read_text(encoding="utf-8")) == moved_first
    february = _run("reconcile", main, "--period", "2026-02")
    assert "carried over from the old books" not in february.output, february.output
    assert "2026-02 reconciles." not in february.output
    quarter = _run("reconcile", main, "--period", "2026-Q1")
    assert "Assets:Bank:Basic: 2026-02-28 to 2026-02-28 (1 day) not covered" in quarter.output, quarter.output
    assert "2026-01-01 to 2026-02-28" not in quarter.output, quarter.output


def test_money_moved_the_day_after_the_opening_balance_needs_a_statement(tmp_path):
    """Carried over on 2026-02-27, 500.00 paid in on the 28th, the statement from 1 March: the
    28th is the new books' own day, not the old books' (coverage or February's line counting
    from two days after the opening balance, not one, passed every other test)."""
    main = _books(tmp_path)
    txns = main.parent / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8").replace(OPENING, OPENING.replace("2026-02-28", "2026-02-27"))
                    + MOVED_ON_THE_DAY, encoding="utf-8")
    february = _run("reconcile", main, "--period", "2026-02")
    assert "carried over from the old books" not in february.output, february.output
    assert "2026-02 reconciles." not in february.output
    quarter = _run("reconcile", main, "--period", "2026-Q1")
    assert "Assets:Bank:Basic: 2026-02-28 to 2026-02-28 (1 day) not covered" in quarter.output, quarter.output
