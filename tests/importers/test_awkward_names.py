"""A statement whose file name holds a double quote is archived and written like any other.

The archived copy's name goes into a `document` entry as a beancount string, which cannot
hold a double quote or a backslash: written as it was, the books became unreadable and the
whole write was undone with a parser's "Invalid token", which says nothing about the name.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli
from tests.importers.malformed import ICBC_HEAD, icbc_row


def test_file_name_with_a_double_quote(books, tmp_path):
    path = tmp_path / '对账单"3月".csv'
    path.write_bytes((ICBC_HEAD + icbc_row("2026-03-05", "500.00", "", "500.00", "王小明")).encode("gb18030"))
    result = CliRunner().invoke(cli, ["import", str(books), str(path), "--write"])
    assert result.exit_code == 0, result.output
    archived = [p.name for p in (books / "documents").rglob("*.csv")]
    assert archived == ["bank-20260305-对账单_3月_.csv"]
    assert "bank-20260305-对账单_3月_.csv" in (books / "inbox.beancount").read_text(encoding="utf-8")
    check = CliRunner().invoke(cli, ["check", str(books)])
    assert check.exit_code == 0, check.output
