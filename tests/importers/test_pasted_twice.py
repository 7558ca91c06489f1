"""A statement pasted twice into one file: the repeated rows are refused, not booked twice.

A finance officer who copies a month's rows from online banking into a spreadsheet, and
pastes them a second time by mistake (with or without the column header again), got every
row booked twice, each gift with a receipt, the money line agreeing (it counts the file's
rows). With a running balance the repetition shows: the second block's rows repeat the first
block's cell for cell, balances included, and the balance stops following from the row
before. Such a file is refused naming both line ranges. Two genuine gifts of the same amount
on the same day from the same payer differ in their balances and are both booked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli

HEAD = "交易日期,交易时间,交易摘要,交易金额,本次余额,对手信息,日 志 号,交易渠道,交易附言"
ROWS = ["20260302,101500,转存,+1000.00,2000.00,张三,,超级网银,donation",
        "20260303,101500,转存,+500.00,2500.00,李四,,超级网银,donation",
        "20260305,101500,转账,-300.00,2200.00,王五,,超级网银,aid"]


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "农行明细.csv"
    path.write_text("\r\n".join(["账户：6222000011112222", HEAD, *lines]) + "\r\n", encoding="utf-8-sig")
    return path


@pytest.mark.parametrize("between", [[], [HEAD], ["", HEAD]])
def test_a_statement_pasted_twice_is_refused_naming_both_ranges(books, tmp_path, between):
    path = _write(tmp_path, [*ROWS, *between, *ROWS])
    result = run(books, path)
    assert result.exit_code == 1, f"booked twice:\n{result.output}"
    second = 6 + len(between)
    assert f"rows {second}–{second + 2} repeat rows 3–5" in result.output, result.output
    assert "农行明细.csv, row " in result.output and "pasted" in result.output


@pytest.mark.parametrize("order", ["oldest first", "newest first"])
def test_two_rows_pasted_twice_are_refused(books, tmp_path, order):
    """A copy of two rows: its first row's balance is the second's less the second's amount,
    so the row before the copy chains with it read the other way round (it passed)."""
    rows = ROWS[:2] if order == "oldest first" else ROWS[1::-1]
    result = run(books, _write(tmp_path, [*rows, HEAD, *rows]))
    assert result.exit_code == 1, f"booked twice:\n{result.output}"
    assert "rows 6–7 repeat rows 3–4" in result.output, result.output


def test_one_row_pasted_again_is_named_alone(books, tmp_path):
    result = run(books, _write(tmp_path, [*ROWS, ROWS[0]]))
    assert result.exit_code == 1, result.output
    assert "row 6 repeats row 3 cell for cell" in result.output and "delete row 6 " in result.output, result.output


def test_a_statement_of_no_net_movement_pasted_twice_is_refused(books, tmp_path):
    rows = [*ROWS[:2], "20260305,101500,转账,-1500.00,1000.00,王五,,超级网银,aid"]
    result = run(books, _write(tmp_path, [*rows, *rows]))
    assert result.exit_code == 1, f"booked twice:\n{result.output}"
    assert "rows 6–8 repeat rows 3–5" in result.output, result.output


def test_two_genuine_identical_gifts_on_one_day_are_both_booked(books, tmp_path):
    rows = [ROWS[0], "20260302,101500,转存,+1000.00,3000.00,张三,,超级网银,donation", *ROWS[1:]]
    rows[2] = rows[2].replace("2500.00", "3500.00")
    rows[3] = rows[3].replace("2200.00", "3200.00")
    result = run(books, _write(tmp_path, rows))
    assert result.exit_code == 0, result.output
    assert result.output.count("Assets:Bank:Basic            1000.00 CNY") == 2, result.output


def test_a_gift_refunded_and_given_again_is_booked_each_time(books, tmp_path):
    """+100, -100, +100 on one day: the first and third rows are alike, balances included,
    but the balance follows from row to row: no paste."""
    rows = ["20260302,,转存,+100.00,1100.00,张三,,超级网银,donation",
            "20260302,,退回,-100.00,1000.00,张三,,超级网银,refund",
            "20260302,,转存,+100.00,1100.00,张三,,超级网银,donation"]
    result = run(books, _write(tmp_path, rows))
    assert result.exit_code == 0, result.output
    assert "file in +200.00, out -100.00" in result.output, result.output


def test_a_transfer_reversed_twice_in_a_day_is_booked(books, tmp_path):
    """+100, 冲正 -100, +100, 冲正 -100 on one day, with no time column: the second pair
    repeats the first cell for cell and the balance follows on: not a paste."""
    rows = ["20260302,,转存,+100.00,1100.00,张三,,超级网银,donation",
            "20260302,,冲正,-100.00,1000.00,张三,,超级网银,冲正"] * 2
    result = run(books, _write(tmp_path, rows))
    assert result.exit_code == 0, result.output
    assert "file in +200.00, out -200.00" in result.output, result.output


def test_without_a_balance_column_a_repeated_block_is_booked_with_a_note(books, tmp_path):
    """No balance to tell a paste from the same gifts made again: both are booked (relief
    never drops money on a guess), and the dry run names the block to check."""
    head = "交易日期,交易金额,借贷标志,对方户名,摘要"
    rows = ["2026-03-02,1000.00,贷,张三,捐赠", "2026-03-03,500.00,贷,李四,捐赠"]
    path = tmp_path / "交行明细.csv"
    path.write_text("\r\n".join(["账号：6222000011112222", head, *rows, *rows]) + "\r\n", encoding="utf-8")
    result = run(books, path)
    assert result.exit_code == 0, result.output
    assert "note: rows 5–6 repeat rows 3–4 cell for cell: was the statement pasted" in result.output, result.output
    assert "file in +3,000.00" in result.output
    once = tmp_path / "once.csv"
    once.write_text("\r\n".join(["账号：6222000011112222", head, *rows, rows[0]]) + "\r\n", encoding="utf-8")
    assert "repeat rows" not in run(books, once).output
