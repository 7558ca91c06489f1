"""A roster row whose 姓名 is another case's name: the 案例编号 typed wrong.

The office's roster keeps 姓名 beside 档案编号; a row read 赵小红 (C0002 in private/cases.csv)
under C0001 (李大伟's id), and 600.00 of medical aid was booked to C0001 without a word: the
wrong case's record, its yearly limit and the counts. The row is now refused, naming the two
case ids (never the name), with what to correct. A name two cases share tells nothing, and a
name no case has is not checked.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from cli import cli


def _roster(path: Path, name: str, case: str) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["发放日期", "姓名", "档案编号", "救助类别", "发放金额", "审批编号", "发放方式"])
    ws.append(["2026-03-15", name, case, "医疗救助", 600, "SP-2026-110", "现金"])
    wb.save(path)
    return path


def _run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def test_the_name_of_another_case_is_refused(books, tmp_path):
    result = _run(books, _roster(tmp_path / "花名册.xlsx", "赵 小红", "C0001"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert ("花名册.xlsx, row 2, column '档案编号': the row's 姓名 is the name private/cases.csv gives case C0002, "
            "not case C0001") in result.output
    assert "赵小红" not in result.output and "赵 小红" not in result.output
    assert "correct the 档案编号" in result.output


def test_the_cases_own_name_and_unknown_names_pass(books, tmp_path):
    assert _run(books, _roster(tmp_path / "a.xlsx", "李大伟", "C0001")).exit_code == 0
    assert _run(books, _roster(tmp_path / "b.xlsx", "王五", "C0001")).exit_code == 0


def test_a_name_two_cases_share_is_not_held_against_the_row(books, tmp_path):
    cases = books / "private" / "cases.csv"
    cases.write_text(cases.read_text(encoding="utf-8") + "C0003,李大伟,,,,,,,,\n", encoding="utf-8")
    assert _run(books, _roster(tmp_path / "c.xlsx", "李大伟", "C0001")).exit_code == 0
