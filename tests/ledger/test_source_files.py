"""ledger/source_files.py: the documents folder walked without going round symlink loops."""

from __future__ import annotations

import os
import signal

from beancount.core import account
from click.testing import CliRunner

from cli import cli
from ledger.source_files import account_walk, walk_without_loops


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
