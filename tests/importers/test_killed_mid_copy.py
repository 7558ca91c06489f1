"""`relief import --write` killed while it files the statement's copy under documents/ (a
kill -9, the OOM killer, a file size limit or a full disk's SIGXFSZ): the part copied stayed
there under the statement's own archived name, and the next import, finding a different file
there, filed its copy as `…-2.csv` beside it, the cut-short one kept among the books'
documents for good. The copy is now made under a temporary name and renamed into place when
whole; what a killed copy left is removed by the next import of the statement."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.importers.malformed import ICBC_HEAD, icbc_row

ROOT = Path(__file__).resolve().parents[2]

#: past 8,000 bytes a write is refused with SIGXFSZ, whose default action ends the process
#: at once: no clean-up runs, as with kill -9
KILLED_AT_8000_BYTES = ("import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_DFL); "
                        "resource.setrlimit(resource.RLIMIT_FSIZE, (8000, 8000)); "
                        "from cli import run; run()")


def _relief(code: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), RELIEF_LOAD_CACHE="0", RELIEF_PARSE_CACHE="0")
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=300)


def test_a_copy_killed_half_way_leaves_no_part_of_the_statement(tmp_path):
    books = tmp_path / "books"
    assert _relief("from cli import run; run()", "init", str(books), "--year", "2026").returncode == 0
    rows = "".join(icbc_row(f"2026-03-{1 + n % 28:02d}", "", "1.00", f"{10_000 - n}.00", "张三") for n in range(300))
    source = tmp_path / "march.csv"
    source.write_bytes((ICBC_HEAD + rows).encode("gb18030"))
    assert source.stat().st_size > 16_000
    inbox = (books / "inbox.beancount").read_bytes()
    args = ["import", str(books), str(source), "--account", "Assets:Bank:Basic", "--no-balance", "--write"]

    killed = _relief(KILLED_AT_8000_BYTES, *args)
    assert killed.returncode < 0, killed.stderr  # ended by the signal, nothing of relief's clean-up ran
    assert (books / "inbox.beancount").read_bytes() == inbox
    assert [p.name for p in (books / "documents").rglob("*") if p.is_file() and not p.name.startswith(".")] == []

    again = _relief("from cli import run; run()", *args)
    assert again.returncode == 0, again.stderr
    filed = [p for p in (books / "documents").rglob("*") if p.is_file()]
    assert [p.name for p in filed] == ["bank-20260328-march.csv"]
    assert filed[0].read_bytes() == source.read_bytes()
