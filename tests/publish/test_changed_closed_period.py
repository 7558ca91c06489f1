"""An entry typed into a closed quarter after its close, published with --allow-errors: the
quarter's pages said "Closed: this period was reconciled with the bank and locked" over
changed figures (an aid payment or a cost is no gift, so the site's log did not catch it).
`relief publish` and `relief report` now refuse such books whatever the flag, naming the
change; other errors still go through with --allow-errors."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from cli import cli
from cli.common import BooksHaveErrors
from ledger.books import load_books
from ledger.closes.close import close_period
from ledger.period import parse_period

TYPED_INTO_FEBRUARY = '''
2026-02-15 * "印制帮扶档案盒"
  fund: "GENERAL"
  Expenses:Operations:BankFees   100.00 CNY
  Assets:Bank:Basic
'''


def _close_q1(books):
    # the small books hold no bank statements: the close is made without reconciling
    close_period(load_books(books), parse_period("2026-Q1"), check=lambda *a: SimpleNamespace(ok=True),
                 today=datetime.date(2026, 4, 10))


def _type_into_february(books):
    path = books / "txns" / "2026.beancount"
    path.write_text(path.read_text(encoding="utf-8") + TYPED_INTO_FEBRUARY, encoding="utf-8")


def test_a_changed_closed_period_is_not_published_even_with_allow_errors(books_copy, tmp_path, publish_to):
    _close_q1(books_copy)
    out = tmp_path / "site"
    publish_to(out, books_copy)
    before = (out / "en/reports/2026-Q1.html").read_bytes()
    _type_into_february(books_copy)
    with pytest.raises(BooksHaveErrors) as info:
        publish_to(out, books_copy, allow_errors=True)
    said = str(info.value)
    assert "a closed period changed after its close (1 change)" in said and "even with --allow-errors" in said, said
    assert "2026-02-15" in said and "was added to closed period 2026-Q1" in said
    assert (out / "en/reports/2026-Q1.html").read_bytes() == before  # the site is as it was


def test_the_command_says_so_and_other_errors_still_go_through(books_copy, tmp_path):
    _close_q1(books_copy)
    _type_into_february(books_copy)
    result = CliRunner().invoke(cli, ["publish", str(books_copy), "--out", str(tmp_path / "site"), "--allow-errors",
                                      "--no-acknowledgements", "--no-report-pdf"])
    assert result.exit_code != 0 and "a closed period changed after its close" in result.output, result.output
    assert not (tmp_path / "site").exists()
    # an error outside the closed period (a gift of May without its receipt number) still goes through
    path = books_copy / "txns" / "2026.beancount"
    path.write_text(path.read_text(encoding="utf-8").replace(TYPED_INTO_FEBRUARY, NO_RECEIPT_IN_MAY), encoding="utf-8")
    assert load_books(books_copy).errors
    result = CliRunner().invoke(cli, ["publish", str(books_copy), "--out", str(tmp_path / "site"), "--allow-errors",
                                      "--no-acknowledgements", "--no-report-pdf"])
    assert result.exit_code == 0, result.output


NO_RECEIPT_IN_MAY = '''
2026-05-15 * "李红梅" "捐款"
  fund: "GENERAL"
  donor: "D0002"
  Assets:Bank:Basic              50.00 CNY
  Income:Donation:Individual
'''
