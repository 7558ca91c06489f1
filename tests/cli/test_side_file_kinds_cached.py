"""A closed period's side file (closes/PERIOD.sha256) that becomes something else between
two `relief check` runs: the second check must say what the rule says of it now, never
what the load cache remembered of the first.

Why: the load cache keyed closes/ on each file's text, and every file it could not read as
books text was the same "unreadable" to it: a side file with a stray NUL byte (a damaged
copy: the rule reads its digest and is content) and a folder put in its place (the rule
warns) had one key, so after the first, `relief check` answered "0 errors" for the second
while bean-check and a cache-less load warned."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from cli import cli

#: a first transaction in January, so that the month can be closed
JANUARY = '\n2026-01-05 * "期初余额"\n  fund: "GENERAL"\n  Assets:Receivable:Pledges  100.00 CNY\n  Equity:Opening-Balances\n'


@pytest.fixture
def closed(tmp_path):
    root = tmp_path / "books"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(root), "--year", "2026"]).exit_code == 0
    with open(root / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(JANUARY)
    done = runner.invoke(cli, ["close", str(root), "2026-01"])
    assert done.exit_code == 0, done.output
    return root


def check(root):
    return CliRunner().invoke(cli, ["check", str(root)])


def not_a_file_warned(output: str) -> bool:
    return "closes/2026-01.sha256 is not a regular file" in output


def test_a_folder_in_place_of_a_damaged_side_file_is_warned_of(closed):
    side = closed / "closes" / "2026-01.sha256"
    with open(side, "ab") as fh:
        fh.write(b"\0\0\0")
    first = check(closed)
    assert first.exit_code == 0 and not not_a_file_warned(first.output), first.output
    side.unlink()
    side.mkdir()
    second = check(closed)
    assert not_a_file_warned(second.output), second.output


def test_a_damaged_side_file_in_place_of_a_folder_is_no_longer_warned_of(closed):
    side = closed / "closes" / "2026-01.sha256"
    good = side.read_bytes()
    side.unlink()
    side.mkdir()
    first = check(closed)
    assert not_a_file_warned(first.output), first.output
    shutil.rmtree(side)
    side.write_bytes(good + b"\0")
    second = check(closed)
    assert second.exit_code == 0 and not not_a_file_warned(second.output), second.output
