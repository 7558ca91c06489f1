"""`relief check` typed inside the books' folder (or in txns/ below it), BOOKS left out: click's
"Missing argument 'BOOKS'." said nothing of what BOOKS is nor what to type. The message now
says, and gives the command with the folder the books are in when they are here or above."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli


@pytest.fixture
def books(tmp_path):
    root = tmp_path / "mybooks"
    assert CliRunner().invoke(cli, ["init", str(root), "--year", "2026"]).exit_code == 0
    return root


@pytest.mark.parametrize(("where", "args", "typed"), [
    (".", ["check"], "relief check ."),
    ("txns", ["check"], "relief check .."),
    (".", ["publish", "--out", "../site"], "relief publish ."),
    (".", ["reconcile", "--period", "2026-03"], "relief reconcile ."),
    (".", ["serve"], "relief serve ."),
])
def test_books_left_out_inside_the_books_says_what_to_type(books, monkeypatch, where, args, typed):
    monkeypatch.chdir(books / where)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "Missing argument 'BOOKS'" in result.output and "the books' folder or their main .beancount file" in result.output
    assert f"the books are {'here' if where == '.' else 'in ..'}" in result.output and f"`{typed}" in result.output, result.output
    assert "Traceback" not in result.output


def test_books_left_out_elsewhere_says_what_books_is(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 2
    # Chinese first, click's "Missing argument" too (cli/click_words.py), then the English whole
    assert "Error: 缺少参数 'BOOKS'。BOOKS 是账簿所在的文件夹或其主 .beancount 文件（`relief check mybooks`）。 " in result.output
    assert "。 Missing argument 'BOOKS'. BOOKS is the books' folder or their main .beancount file (`relief check mybooks`)" in result.output


def test_a_statement_given_alone_inside_the_books_says_to_put_the_books_first(books, monkeypatch, tmp_path):
    """`relief import ../icbc.csv` inside the books took the statement for BOOKS and said only
    "give the books and at least one file"; it now gives the line to type."""
    monkeypatch.chdir(books)
    result = CliRunner().invoke(cli, ["import", "../icbc.csv"])
    assert result.exit_code == 2 and "the books are here, so `relief import . ../icbc.csv`" in result.output, result.output
    result = CliRunner().invoke(cli, ["import", str(books)])
    assert result.exit_code == 2 and f"give at least one file to import after the books: relief import {books} FILE..." in result.output


def test_a_write_says_how_many_entries_it_flagged_for_review(books, tmp_path):
    """Every `import --write` ended "Review the entries flagged ! in inbox.beancount", also one
    that wrote nothing (the statement imported again) or nothing flagged: a newcomer looked
    for entries to review that were not there. It now counts the ones this import flagged."""
    from tests.importers.malformed import ICBC_HEAD, icbc_row

    path = tmp_path / "icbc.csv"
    path.write_bytes((ICBC_HEAD + icbc_row("2026-03-05", "500.00", "", "500.00", "王小明")).encode("gb18030"))
    first = CliRunner().invoke(cli, ["import", str(books), str(path), "--account", "Assets:Bank:Basic", "--no-balance", "--write"])
    assert first.exit_code == 0, first.output
    assert f"Review the 1 entry flagged ! that this import wrote in {books / 'inbox.beancount'}" in first.output, first.output
    again = CliRunner().invoke(cli, ["import", str(books), str(path), "--account", "Assets:Bank:Basic", "--no-balance", "--write"])
    assert again.exit_code == 0, again.output
    assert "Review the" not in again.output and "nothing this import wrote is flagged !" in again.output, again.output
