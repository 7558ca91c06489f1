"""Statements as Hong Kong banks and spreadsheets in a European locale write them.

- A CSV separated by semicolons whose amounts hold commas (3,928.11 unquoted: Excel with a
  European list separator, or a Hong Kong export) was "unknown format": read by commas,
  every line was a few odd cells. It is now read by semicolons when they give the rows one
  width (golden: boc-debit/boc-debit-semicolons.csv).
- Dates with an English month name (HSBC HK's 07-Dec-2026, BOC HK's 7 December 2026,
  Dec 7 2026) were refused row by row as "not a date"; the month's name makes them
  unambiguous, so they are read, whatever the machine's locale (golden:
  boc-debit/boc-debit-dd-mon-yyyy.csv, -mon-d-yyyy.csv, -d-month-yyyy.csv). A two-digit year
  (07-Dec-26) is refused naming the row, saying what to do.
"""

from __future__ import annotations

import datetime
import locale
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from importers.values import parse_date

HERE = Path(__file__).parent / "golden" / "boc-debit"
DAY = datetime.date(2026, 12, 7)


@pytest.mark.parametrize("text", ["07-Dec-2026", "7-Dec-2026", "07 Dec 2026", "07Dec2026", "7 December 2026",
                                  "07-DEC-2026", "Dec 7 2026", "Dec 7, 2026", "December 7, 2026", "Dec. 07 2026",
                                  "07-Dec-2026 14:05:09", "Dec 7 2026 14:05"])
def test_a_day_with_an_english_month_name(text):
    assert parse_date(text) == DAY


@pytest.mark.parametrize("text", ["07-Dcm-2026", "31-Feb-2026", "Dec 2026", "07-Dec-26", "Decimal 7 2026"])
def test_what_is_not_such_a_day(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_month_names_are_read_in_english_whatever_the_locale(monkeypatch):
    """strptime's %b follows LC_TIME: a machine set to French would read 'déc.', not 'Dec'."""
    parse_date.cache_clear()
    try:
        locale.setlocale(locale.LC_TIME, "fr_FR.UTF-8")
    except locale.Error:
        pytest.skip("no French locale on this machine")
    try:
        assert parse_date("07-Dec-2026") == DAY
    finally:
        locale.setlocale(locale.LC_TIME, "C")
        parse_date.cache_clear()


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def test_the_semicolon_and_month_name_files_propose_what_the_comma_file_does(books):
    want = run(books, HERE / "boc-debit.csv", "--account", "Assets:Bank:Basic")
    assert want.exit_code == 0, want.output
    body = want.output.split("\n", 1)[1].rsplit(";; ---- 汇总 summary", 1)[0]
    for name in ("boc-debit-semicolons.csv", "boc-debit-dd-mon-yyyy.csv", "boc-debit-mon-d-yyyy.csv", "boc-debit-d-month-yyyy.csv"):
        got = run(books, HERE / name, "--account", "Assets:Bank:Basic")
        assert got.exit_code == 0, got.output
        assert got.output.split("\n", 1)[1].rsplit(";; ---- 汇总 summary", 1)[0] == body, name


def test_a_two_digit_year_is_refused_naming_the_row_and_what_to_do(books, tmp_path):
    text = (HERE / "boc-debit-dd-mon-yyyy.csv").read_text(encoding="utf-8").replace("05-Mar-2026", "05-Mar-26")
    path = tmp_path / "hk.csv"
    path.write_text(text, encoding="utf-8")
    result = run(books, path, "--account", "Assets:Bank:Basic")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "hk.csv, row 4" in result.output and "'05-Mar-26'" in result.output
    assert "two digits" in result.output and "four-digit years" in result.output and "date_format" in result.output


def test_a_profile_of_english_headers_reads_month_names_without_a_date_format(books, tmp_path):
    """An HSBC HK export described by a profile naming its columns only: its dates were refused
    until the profile was given date_format ["%d-%b-%Y"]."""
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n"
        "HSBC = {'id': 'hsbc-hk', 'name': 'HSBC HK', 'columns': {'date': 'Date', 'memo': 'Description',\n"
        "        'out': 'Withdrawals', 'in': 'Deposits', 'balance': 'Balance'}, 'sign': 'in-out'}\n"
        "CONFIG = importers_for_books(__file__, profiles=[HSBC])\nHOOKS = [renumber_receipts]\n", encoding="utf-8")
    path = tmp_path / "hsbc.csv"
    path.write_text("Date;Description;Withdrawals;Deposits;Balance\n"
                    "03-Mar-2026;DONATION WANG XIAOMING;;1,000.00;1,000.00\n"
                    "07-Mar-2026;BANK CHARGE;50.00;;950.00\n", encoding="utf-8")
    result = run(books, path, "--account", "Assets:Bank:Basic")
    assert result.exit_code == 0, result.output
    assert "2026-03-03 " in result.output and "2026-03-07 " in result.output and "1000.00 CNY" in result.output
    assert "2026-03-08 balance Assets:Bank:Basic" in result.output
