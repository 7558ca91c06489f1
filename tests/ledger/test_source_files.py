"""ledger/source_files.py: line ends beancount does not see are refused, not lost; the
documents folder walked without going round symlink loops."""

from __future__ import annotations

import io
import os
import signal

import pytest
from beancount.core import account
from beancount.parser import parser
from click.testing import CliRunner

from cli import cli
from ledger.source_files import NotBooksText, account_walk, check_text, walk_without_loops

BOOKS_TEXT = (
    ";; Transactions of 2026.\n"
    '2026-01-01 open Assets:Cash CNY\n'
    '2026-01-01 open Income:Gift CNY\n'
    '2026-01-02 * "gift"\n'
    '  Assets:Cash  10.00 CNY\n'
    '  Income:Gift\n'
)


def _parse(content: bytes):
    entries, errors, _options = parser.parse_file(io.BytesIO(content))
    return entries, errors


def _refusal(content: bytes) -> NotBooksText:
    with pytest.raises(NotBooksText) as refused:
        check_text("txns/2026.beancount", content)
    return refused.value


@pytest.mark.parametrize("text", [BOOKS_TEXT, BOOKS_TEXT.split("\n", 1)[1]], ids=["starts-with-a-comment", "starts-with-an-entry"])
def test_a_file_with_cr_only_line_ends_is_refused(text):
    """Classic Mac OS line ends: beancount reads the file as one line, so its entries were
    lost, without a word when the file starts with a comment."""
    content = text.replace("\n", "\r").encode()
    assert len(_parse(content)[0]) < 3  # what beancount alone makes of it
    refused = _refusal(content)
    assert refused.lineno == 1
    assert refused.message.split("。 ", 1)[-1].startswith("txns/2026.beancount has CR-only line ends")
    assert "`tr '\\r' '\\n' < txns/2026.beancount > new.beancount`" in refused.message


def test_cr_only_line_ends_with_lines_appended_since_are_refused():
    """An import appends LF lines to a CR-only file: still mostly CR-only, and `tr` would
    double the LF lines' ends, so the fix offered keeps them."""
    content = (BOOKS_TEXT.replace("\n", "\r") + '2026-01-03 open Income:Other CNY\n').encode()
    refused = _refusal(content)
    assert refused.lineno == 1 and "CR-only line ends" in refused.message
    assert "perl -pe 's/\\r(?!\\n)/\\n/g' txns/2026.beancount > new.beancount" in refused.message


def test_crlf_line_ends_are_read_as_beancount_reads_them():
    """Windows line ends are line ends to beancount: the same entries as with LF."""
    content = BOOKS_TEXT.replace("\n", "\r\n").encode()
    check_text("txns/2026.beancount", content)
    entries, errors = _parse(content)
    assert len(entries) == 3 and not errors
    assert [e.meta["lineno"] for e in entries] == [e.meta["lineno"] for e in _parse(BOOKS_TEXT.encode())[0]]


@pytest.mark.parametrize("line, stray, hidden", [
    ("2026-01-01 open Income:Gift CNY", "; moved\r2026-01-01 open Income:Gift CNY", "2026-01-01 open Income:Gift CNY"),
    ("  Assets:Cash  10.00 CNY\n  Income:Gift", "  Assets:Cash  10.00 CNY\r  Income:Gift", "Income:Gift"),
    ("2026-01-01 open Income:Gift CNY", "* 2026\r2026-01-01 open Income:Gift CNY", "2026-01-01 open Income:Gift CNY"),
], ids=["after-a-comment", "between-postings", "after-a-heading"])
def test_a_stray_cr_that_hides_a_line_is_refused_at_its_line(line, stray, hidden):
    """A lone CR an editor shows as a line end: after a comment or on a heading line the
    entry after it was lost without a word; between postings it was a syntax error that
    said nothing of line ends."""
    content = BOOKS_TEXT.replace(line, stray).encode()
    entries, errors = _parse(content)
    assert len(entries) < 3 or errors  # beancount alone: an entry lost, or a syntax error
    assert len(_parse(content.replace(b"\r", b"\n"))[0]) == 3  # the lines an editor shows
    at = BOOKS_TEXT[: BOOKS_TEXT.index(line)].count("\n") + 1
    refused = _refusal(content)
    assert refused.lineno == at
    assert refused.message.split("。 ", 1)[-1].startswith(f'txns/2026.beancount: line {at} holds a carriage return (CR, shown as ^M) '
                                      f'without a line feed, before "{hidden}"')


@pytest.mark.parametrize("text", [
    BOOKS_TEXT.replace('"gift"', '"gift\rfrom a member"'),  # inside a string: kept in it
    BOOKS_TEXT.replace('"gift"', '"gift\nfrom a\rmember"'),  # in a string begun a line above
    BOOKS_TEXT.replace('"gift"', '"say \\"hi\\" \rthere"'),  # after escaped quotes, still in the string
    BOOKS_TEXT.replace("\n", "\r\r\n"),  # CR CR LF: only blanks after the lone CR
    BOOKS_TEXT.replace("Assets:Cash CNY\n", "Assets:Cash CNY\r  \t\n"),
    BOOKS_TEXT.replace("Assets:Cash CNY\n", "Assets:Cash CNY\r ; a comment\n"),  # a comment after it
    BOOKS_TEXT.replace(";; Transactions of 2026.\n", ";; Transactions\r;; of 2026.\n"),
    BOOKS_TEXT + "\r",  # at the very end
], ids=["string", "multi-line-string", "escaped-quotes", "cr-cr-lf", "blanks", "comment", "comment-comment", "end"])
def test_a_stray_cr_beancount_reads_as_written_is_left_alone(text):
    """Not refused: beancount reads each of these as an editor shows it (a CR inside a
    string stays in its text; only blanks or a comment after a CR hide nothing)."""
    content = text.encode()
    check_text("txns/2026.beancount", content)
    entries, errors = _parse(content)
    assert len(entries) == 3 and not errors


def _tree(root):
    shared = root / "shared"
    (shared / "ICBC").mkdir(parents=True)
    (shared / "ICBC" / "2026-03-31.statement.csv").write_text("x", encoding="utf-8")
    docs = root / "documents"
    (docs / "Assets" / "Bank").mkdir(parents=True)
    (docs / "Assets" / "Cash").mkdir()
    (docs / "Assets" / "Cash" / "2026-01-05.count.txt").write_text("x", encoding="utf-8")
    os.symlink(shared / "ICBC", docs / "Assets" / "Bank" / "ICBC")  # a folder linked in: followed
    os.symlink(shared / "ICBC", docs / "Assets" / "Bank" / "Basic")  # twice: both kept
    return docs


def test_a_tree_without_loops_is_walked_as_beancount_walks_it(tmp_path):
    docs = _tree(tmp_path)
    assert list(account_walk(str(docs))) == list(account.walk(str(docs)))
    assert [r for r, _d, _f in walk_without_loops(str(docs))] == [r for r, _d, _f in os.walk(str(docs), followlinks=True)]
    assert {name for _r, name, _d, _f in account_walk(str(docs))} >= {"Assets:Bank:ICBC", "Assets:Bank:Basic", "Assets:Cash"}


def test_links_back_up_are_not_walked(tmp_path):
    """Two links to `..` made 2^40 folders for beancount's walk; a link to "/" the whole disk."""
    docs = _tree(tmp_path)
    bank = docs / "Assets" / "Bank"
    os.symlink("..", bank / "a")
    os.symlink("..", bank / "b")
    os.symlink("/", bank / "Root")
    os.symlink(docs, bank / "Docs")
    roots = [r for r, _d, _f in walk_without_loops(str(docs))]
    assert sorted(os.path.relpath(r, docs) for r in roots) == [".", "Assets", "Assets/Bank", "Assets/Bank/Basic", "Assets/Bank/ICBC", "Assets/Cash"]


def test_check_finishes_on_books_whose_documents_loop(tmp_path):
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    bank = books / "documents" / "Assets" / "Bank" / "Basic"
    bank.mkdir(parents=True)
    (bank / "2026-03-31.statement.csv").write_text("x", encoding="utf-8")
    os.symlink("..", bank / "a")
    os.symlink("..", bank / "b")
    os.symlink("/", bank / "Root")

    def stop(signum, frame):
        raise AssertionError("relief check still walking the documents folder after 30 s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(30)
    try:
        result = CliRunner().invoke(cli, ["check", str(books)])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert result.exit_code == 0, result.output
