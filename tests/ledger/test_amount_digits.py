"""An amount of 30 digits in the books is named on its line, never an internal error.

Why: Python's decimals hold 28 digits. With the other posting left for beancount to compute,
`relief check` (and every command that loads the books) ended in "internal error
(InvalidOperation)"; with both written, the rules plugin printed its traceback and the
transaction was said not to balance by 10.00 it did not have (breakZ). Each amount of 16
digits or more before the point is now named on its line (ledger/amount_digits.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli

HUGE = "123456789012345678901234567890.00"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "books"
    result = CliRunner().invoke(cli, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _books_with(demo: Path, tmp_path: Path, text: str) -> Path:
    import shutil

    books = tmp_path / "books"
    shutil.copytree(demo, books)
    inbox = books / "inbox.beancount"
    lines = inbox.read_text(encoding="utf-8").count("\n")
    inbox.write_text(inbox.read_text(encoding="utf-8") + text, encoding="utf-8")
    return books, lines


def test_a_thirty_digit_amount_beside_a_computed_posting_is_named(demo, tmp_path):
    books, lines = _books_with(demo, tmp_path, f'2027-01-02 * "x" "y"\n  fund: "GENERAL"\n  Assets:Cash  {HUGE} CNY\n'
                                               "  Income:Donation:Individual\n")
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output, result.output
    assert f"inbox.beancount:{lines + 3}: 金额的整数部分有 30 位" in result.output, result.output
    assert "An amount with 30 digits before the decimal point" in result.output


def test_two_thirty_digit_amounts_are_named_without_a_traceback(demo, tmp_path):
    books, lines = _books_with(demo, tmp_path, f'2027-01-02 * "x" "y"\n  fund: "GENERAL"\n  donor: "D0001"\n'
                                               f"  Assets:Cash  {HUGE} CNY\n  Income:Donation:Individual  -{HUGE} CNY\n")
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    assert f"inbox.beancount:{lines + 4}: 金额的整数部分有 30 位" in result.output, result.output
    assert f"inbox.beancount:{lines + 5}: 金额的整数部分有 30 位" in result.output, result.output


def test_serve_names_the_line_of_a_thirty_digit_amount(demo, tmp_path):
    """Fava loads the books with its own loader: `relief serve` ended in an internal error."""
    books, lines = _books_with(demo, tmp_path, f'2027-01-02 * "x" "y"\n  fund: "GENERAL"\n  Assets:Cash  {HUGE} CNY\n'
                                               "  Income:Donation:Individual\n")
    result = CliRunner().invoke(cli, ["serve", str(books), "--port", "5931"])
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output, result.output
    assert f"inbox.beancount:{lines + 3}: 金额的整数部分有 30 位" in result.output, result.output


@pytest.mark.parametrize("amount, digits", [(HUGE, 30), ("62220212345678901234.00", 20)])
def test_publish_with_allow_errors_names_the_line_of_a_too_long_amount(demo, tmp_path, amount, digits):
    """`relief publish --allow-errors` on books with a 30-digit amount ended in an internal
    error (InvalidOperation writing data/funds.csv), nothing written, no line named. No page
    can show such an amount as money: it is refused even with --allow-errors, naming the line."""
    books, lines = _books_with(demo, tmp_path, f'2027-01-02 * "x" "y"\n  fund: "GENERAL"\n  donor: "D0001"\n'
                                               f"  Assets:Cash  {amount} CNY\n  Income:Donation:Individual  -{amount} CNY\n")
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, ["publish", str(books), "--out", str(site), "--allow-errors",
                                      "--no-acknowledgements", "--no-report-pdf"])
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output, result.output
    assert f"inbox.beancount:{lines + 4}: 金额的整数部分有 {digits} 位" in result.output, result.output
    assert f"inbox.beancount:{lines + 5}: 金额的整数部分有 {digits} 位" in result.output, result.output
    assert "even with --allow-errors" in result.output, result.output
    assert not site.exists()
