"""The `relief` program ends without the interpreter's teardown (cli.run): what it printed
still arrives whole through a pipe, and its exit status is the command's."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

RELIEF = [sys.executable, "-c", "from cli import run; run()"]


def relief(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([*RELIEF, *args], capture_output=True, text=True, env={**os.environ, **env}, timeout=120)


def test_success_prints_everything_and_exits_0():
    done = relief("--help")
    assert done.returncode == 0
    # the last command of the help, the end of the output: nothing is lost in the buffer
    assert done.stdout.rstrip().splitlines()[-1].split()[0] == "witness"


def test_a_users_mistake_is_exit_1_with_its_message(tmp_path):
    done = relief("check", str(tmp_path / "missing"))
    assert done.returncode == 1
    assert "no such file or folder" in done.stderr


def test_a_usage_error_is_exit_2():
    done = relief("no-such-command")
    assert done.returncode == 2 and "No such command" in done.stderr


def test_a_long_output_arrives_whole(tmp_path):
    """Many lines on stdout (more than a pipe's buffer) are flushed before the quick exit."""
    books = tmp_path / "books"
    assert relief("init", str(books), "--year", "2026").returncode == 0
    template_lines = len((books / "main.beancount").read_text(encoding="utf-8").splitlines())
    with open(books / "main.beancount", "a", encoding="utf-8") as fh:
        for i in range(400):  # 400 unbalanced transactions: 400 errors, each printed
            fh.write(f'\n2026-01-01 * "坏的 {i}"\n  Assets:Bank:Basic  1.00 CNY\n  Assets:Bank:Basic  1.00 CNY\n')
    done = relief("check", str(books))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 400 and all("Transaction does not balance" in line for line in lines)
    assert lines[-1].startswith(f"{books / 'main.beancount'}:{template_lines + 2 + 4 * 399}:")  # the last one too
    assert done.stderr.strip().endswith("400 errors")


def test_verify_output_arrives(tmp_path):
    done = relief("verify", str(tmp_path))
    assert done.returncode == 1
    first = done.stdout.splitlines()[0]
    assert first.startswith("未通过：文件清单：") and "。 FAIL: manifest: " in first
    assert "未通过核验。" in done.stderr and "does not verify" in done.stderr


@pytest.mark.parametrize("setting", ["", "1"])
def test_full_exit_on_request_behaves_the_same(setting):
    done = relief("--version", RELIEF_FULL_EXIT=setting)
    assert done.returncode == 0 and "relief" in done.stdout
