"""What `relief check` says about the books' files themselves: a missing include, an include
loop, a byte-order mark. One message each, at the file and line to fix, saying what to do
(ledger/books.py _friendly_load_errors); beancount alone says "<load>:0" or a run of
"Invalid token" errors."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli


@pytest.fixture
def books(tmp_path):
    root = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(root), "--year", "2026"]).exit_code == 0
    return root


def check(books):
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if not line.startswith("note:")]
    assert lines[-1].endswith(": 1 error"), result.output
    return lines[0]


def _append(path, text):
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)


def test_a_missing_include_is_told_at_its_line(books):
    _append(books / "inbox.beancount", '\ninclude "2025/old.beancount"\n')
    n = len((books / "inbox.beancount").read_text(encoding="utf-8").splitlines())
    line = check(books)
    assert line.startswith(f"{books / 'inbox.beancount'}:{n}: ")
    assert 'include "2025/old.beancount" names no file' in line and "remove this include line" in line


def test_an_include_loop_names_the_include_line(books):
    _append(books / "inbox.beancount", '\ninclude "main.beancount"\n')
    n = len((books / "inbox.beancount").read_text(encoding="utf-8").splitlines())
    line = check(books)
    assert line.startswith(f"{books / 'inbox.beancount'}:{n}: {books / 'main.beancount'} is included more than once")
    assert "remove the extra include" in line


@pytest.mark.parametrize("name", ["main.beancount", "txns/2026.beancount"])
def test_a_byte_order_mark_is_one_message_saying_what_to_do(books, name):
    path = books / name
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    line = check(books)
    assert line.startswith(f"{path}:1: {path} starts with a byte-order mark")
    assert "re-save it as UTF-8 without BOM" in line


def test_a_books_file_that_cannot_be_read_is_named(books):
    """A folder where the books' include finds a file (or a file that cannot be read): the
    message names it, not only "Is a directory"."""
    (books / "txns" / "2027.beancount").mkdir()
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"cannot read the books ({books / 'txns' / '2027.beancount'}: Is a directory)" in result.output
