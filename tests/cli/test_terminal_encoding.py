"""relief on a terminal whose encoding cannot show Chinese (a Latin-1 or ASCII locale, as
set up on a machine configured for Western Europe, or reached over SSH from one).

LANG=C and LC_ALL=POSIX are fine (Python then writes UTF-8), but under a Latin-1 locale the
first Chinese character or `—` printed stopped every command that prints one with an
internal error (UnicodeEncodeError) and a crash file, `relief reconcile` among them. Such
characters are now written as escapes (\\u5e2e), the run goes on, and one line on stderr says
why and which setting shows the real text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BOOKS = ROOT / "tests" / "letters" / "books"


def run(encoding: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING=encoding, PYTHONPATH=str(ROOT), RELIEF_PARSE_CACHE="0")
    return subprocess.run([sys.executable, "-c", "from cli import run; run()", *args, str(BOOKS)],
                          env=env, capture_output=True, timeout=300)


def test_reconcile_on_a_latin1_terminal():
    result = run("latin-1", "reconcile")
    stderr = result.stderr.decode("latin-1")
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr
    assert result.returncode in (0, 1), stderr  # the reconciliation's own verdict
    assert b"\\u" in result.stdout  # the Chinese, as escapes
    assert "LANG=C.UTF-8" in stderr and stderr.count("cannot show") == 1


def test_a_utf8_terminal_is_told_nothing():
    result = run("utf-8", "reconcile")
    assert "cannot show" not in result.stderr.decode("utf-8")
    assert b"\\u" not in result.stdout and "—" in result.stdout.decode("utf-8")


def test_a_gbk_terminal_gets_the_yuan_sign_as_an_escape(tmp_path):
    """GBK (zh_CN.GBK, older Chinese Linux installs) shows Chinese but has no ¥: an amount
    printed with it is escaped, never a crash, and nothing is said about Chinese."""
    probe = "import cli, click; cli.readable_output(); click.echo('捐款 ¥2,100.00')"
    env = dict(os.environ, PYTHONIOENCODING="gbk", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode("gbk", "replace")
    assert result.stdout.decode("gbk").strip() == "捐款 \\xa52,100.00"
    assert b"cannot show" not in result.stderr
