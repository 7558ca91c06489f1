"""A copy of a books file that an include pattern takes in is named once, before the errors it causes."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from cli import cli


def test_a_copy_beside_the_years_file_is_named_first(tmp_path):
    """Windows Explorer's copy `txns/2026 - 副本.beancount`, taken in by `include "txns/*.beancount"`,
    counted every transaction twice; relief check listed 198 errors on the demo books, each
    receipt and bank reference "used twice" at its own line, and none named the copy."""
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["demo", "--out", str(books), "--transactions", "200"]).exit_code == 0
    shutil.copy(books / "txns" / "2026.beancount", books / "txns" / "2026 - 副本.beancount")
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    copy, original = books / "txns" / "2026 - 副本.beancount", books / "txns" / "2026.beancount"
    assert first.startswith(f"{copy}:1: {copy} 的 "), first
    assert f"from {original}, so each of them is counted twice" in first and "move the copy out" in first, first


def test_years_that_share_no_transactions_are_no_copy(tmp_path):
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["demo", "--out", str(books), "--transactions", "200"]).exit_code == 0
    year = (books / "txns" / "2026.beancount").read_text(encoding="utf-8")
    donation = year[year.index("2026-01-07 * "):].split("\n\n")[0]  # one entry pasted twice: an error that says twice
    (books / "txns" / "2027.beancount").write_text(
        '2027-01-05 * "x" "y"\n  fund: "GENERAL"\n  Assets:Bank:Basic  10.00 CNY\n  Income:Union\n\n' + donation + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert "两次" in result.output and "counted twice" not in result.output, result.output
