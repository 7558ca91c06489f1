"""`relief import --write` killed (kill -9, the OOM killer, a machine losing power) after
writing its entries into inbox.beancount and before checking the books with them: nothing
said so afterwards. The next `relief check` listed a failing balance assertion as if typed
by hand, `relief import` called the statement's rows 'already in the books', and --write
refused the books for errors that were the unchecked import's, with no word of the import
nor of how to take it out. Now every later check and import names the import, the inbox's
lines and the filed copy, and says what to do; once the books pass with it, it stands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.importers.malformed import ICBC_HEAD, icbc_row

ROOT = Path(__file__).resolve().parents[2]

#: the inbox written, the process ends as kill -9 ends it: nothing of relief's clean-up runs
KILLED_BEFORE_THE_CHECK = """
import os, sys
import importers.run as run
write = run.atomic_write_bytes
def written_then_killed(path, data, *args, **kwargs):
    write(path, data, *args, **kwargs)
    if os.path.basename(path) == "inbox.beancount":
        os._exit(137)
run.atomic_write_bytes = written_then_killed
sys.argv = ["relief", *sys.argv[1:]]
from cli import run as main
main()
"""


def _relief(*args: str, code: str = "from cli import run; run()") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), RELIEF_LOAD_CACHE="0", RELIEF_PARSE_CACHE="0")
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def books(tmp_path):
    root = tmp_path / "books"
    assert _relief("init", str(root), "--year", "2026").returncode == 0
    return root


def _killed_import(books, tmp_path, *options):
    source = tmp_path / "march.csv"
    source.write_bytes((ICBC_HEAD + icbc_row("2026-03-05", "", "70.00", "930.00", "张三")).encode("gb18030"))
    args = ["import", str(books), str(source), "--account", "Assets:Bank:Basic", *options]
    killed = _relief(*args, "--write", code=KILLED_BEFORE_THE_CHECK)
    assert killed.returncode == 137, killed.stderr
    assert "张三" in (books / "inbox.beancount").read_text(encoding="utf-8")
    return args


def test_an_import_killed_before_its_check_is_named_with_what_to_do(books, tmp_path):
    clean_inbox = (books / "inbox.beancount").read_text(encoding="utf-8")
    # no opening balance: the statement's closing balance (930.00) fails, as the check would have found
    args = _killed_import(books, tmp_path)
    inbox = (books / "inbox.beancount").read_text(encoding="utf-8")
    start = len(clean_inbox.splitlines()) + 2  # after the blank line the import begins with
    end = len(inbox.splitlines())
    filed = "documents/Assets/Bank/Basic/bank-20260305-march.csv"
    assert (books / filed).is_file()
    said = (f"relief import of march.csv was stopped before it checked the books (the process was killed): "
            f"its entries are lines {start}–{end} of {books / 'inbox.beancount'}")

    check = _relief("check", str(books))
    assert check.returncode == 1 and "Balance failed" in check.stdout
    assert said in check.stderr, check.stderr
    assert f"delete lines {start}–{end} of inbox.beancount and {filed}" in check.stderr
    # Chinese first, naming the same lines and files to delete (the officer reads Chinese)
    said_zh = f"导入 march.csv 的 relief import 在检查账簿之前被中止了（进程被终止）：它的分录是 {books / 'inbox.beancount'} 的第 {start}–{end} 行"
    assert f"错误：{said_zh}" in check.stderr, check.stderr
    assert f"请删除 inbox.beancount 的第 {start}–{end} 行以及 {filed}" in check.stderr
    assert check.stderr.index(said_zh) < check.stderr.index(said)
    for result in (_relief(*args), _relief(*args, "--write")):
        assert said in result.stderr, result.stderr
        assert f"错误：{said_zh}" in result.stderr, result.stderr

    # what it says to do, done: the books are as before the import, and nothing more is said
    lines = inbox.splitlines(keepends=True)
    (books / "inbox.beancount").write_text("".join(lines[:start - 1] + lines[end:]), encoding="utf-8")
    (books / filed).unlink()
    again = _relief("check", str(books))
    assert again.returncode == 0, again.stdout + again.stderr
    assert "stopped" not in again.stderr
    assert _relief(*args, "--no-balance", "--write").returncode == 0


def test_an_import_killed_before_its_check_stands_once_the_books_pass(books, tmp_path):
    args = _killed_import(books, tmp_path, "--no-balance")
    check = _relief("check", str(books))
    assert check.returncode == 0, check.stdout + check.stderr
    assert ("relief import of march.csv was stopped before it checked the books (the process was killed); "
            "the books pass their checks with its entries, so it stands") in check.stderr, check.stderr
    assert ("提示：导入 march.csv 的 relief import 在检查账簿之前被中止了（进程被终止）；"
            "账簿连同它的分录通过了检查，所以这次导入保留") in check.stderr, check.stderr
    later = [_relief("check", str(books)), _relief(*args)]
    assert all("stopped" not in r.stderr for r in later), [r.stderr for r in later]
    assert "1 already in the books" in later[1].stdout
