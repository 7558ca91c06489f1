"""A file of beancount entries given to `relief import` is named as books text.

Why: entries written by hand in a .beancount (or .txt) file, given to import, were refused as
an "unknown format" with the advice to export the file again with all its columns or to
describe it as a bank profile, neither of which an officer holding books text can follow.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli

ENTRIES = '2026-03-05 * "捐款"\n  fund: "GENERAL"\n  Assets:Bank:Basic  100.00 CNY\n  Income:Donation:Individual\n'


@pytest.mark.parametrize("name, text", [
    ("extra.beancount", ENTRIES),
    # a comment first, as hand-written books often begin: the file's suffix says it all
    ("补录.beancount", "; 3月补录的捐款\n" + ENTRIES),
    ("extra.txt", ENTRIES),
    ("more.txt", 'include "txns/2026.beancount"\n'),
])
def test_books_text_is_named_with_what_to_do(books, tmp_path, name, text):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    inbox = (books / "inbox.beancount").read_bytes()
    result = CliRunner().invoke(cli, ["import", str(books), str(f), "--write"])
    assert result.exit_code != 0
    assert f"{name}, row 1: this is books text (beancount entries)" in result.output
    assert "paste them into inbox.beancount" in result.output
    assert "export the file again" not in result.output
    assert (books / "inbox.beancount").read_bytes() == inbox


def test_a_statement_whose_first_row_is_a_date_is_not_books_text(books, tmp_path):
    """A headerless export starting with a date and an amount is still an unknown layout."""
    f = tmp_path / "rows.csv"
    f.write_text("2026-03-05,100.00,张三\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(f)])
    assert "books text" not in result.output
    assert "unknown format" in result.output
