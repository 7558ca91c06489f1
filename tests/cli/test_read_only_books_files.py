"""Books files made read-only (`chmod a-w`, a year's files frozen once audited) in a folder
that may still be written: `relief import --write` and `relief close` replaced them through
the folder (a new file renamed over the old, its read-only mode copied), so the file the
user had protected changed without a word. They now refuse, naming the file and what to do,
and nothing is written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli
from tests.cli.unprivileged import relief
from tests.importers.malformed import ICBC_HEAD, icbc_row

#: a first transaction in January: a close of a month of books with none is refused (nothing to close)
JANUARY = '\n2026-01-05 * "期初余额"\n  fund: "GENERAL"\n  Assets:Receivable:Pledges  100.00 CNY\n  Equity:Opening-Balances\n'


def with_january(books):
    with open(books / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(JANUARY)
    return books


@pytest.fixture
def books(tmp_path):
    root = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(root), "--year", "2026"]).exit_code == 0
    return root


def _frozen(path):
    path.chmod(0o444)
    return path.read_bytes()


def test_an_import_does_not_replace_a_read_only_inbox(books, tmp_path):
    source = tmp_path / "march.csv"
    source.write_bytes((ICBC_HEAD + icbc_row("2026-03-05", "", "70.00", "930.00", "张三")).encode("gb18030"))
    inbox = books / "inbox.beancount"
    before = _frozen(inbox)
    done = relief("import", books, source, "--account", "Assets:Bank:Basic", "--no-balance", "--write")
    assert done.returncode == 1, done.stdout + done.stderr
    assert (f"nothing was written: {inbox} is read-only (r--r--r--), so relief does not change it: make it "
            f"writable (`chmod u+w {inbox}`) if it is to take new entries") in done.stderr, done.stderr
    assert inbox.read_bytes() == before and inbox.stat().st_mode & 0o777 == 0o444
    assert [p for p in (books / "documents").rglob("*") if p.is_file()] == []


def test_a_close_does_not_replace_a_read_only_closes_file(books):
    closes = books / "closes.beancount"
    with_january(books)
    before = _frozen(closes)
    done = relief("close", books, "2026-01")
    assert done.returncode == 1, done.stdout + done.stderr
    assert (f"{closes} is read-only (r--r--r--), so relief does not change it: make it writable "
            f"(`chmod u+w {closes}`) if it is to take the close; nothing was changed") in done.stderr, done.stderr
    assert closes.read_bytes() == before and not (books / "closes").exists()
