"""The dry run names an entry's row with its sheet in a workbook of a sheet per month.

Every month's sheet has a row 2: the workbook imported again with a month added listed the
gifts already in the books as `(row 2)`, twice, and a roster paying a fund below zero named
`rows 2, 2`, sending the officer to the sheet the workbook opens on. Problems and skipped rows
named their sheet already; the entries' lines now do too.
"""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner

from cli import cli

HEAD = ["日期", "捐赠人", "金额", "收款方式", "凭证号"]
JAN = [["2026-01-05", "张三", 100, "现金", ""], ["2026-01-06", "李四", 200, "现金", ""]]
FEB = [["2026-02-05", "王五", 50, "现金", ""]]
MAR = [["2026-03-05", "赵六", 70, "现金", ""]]
ROSTER = ["日期", "案例编号", "类别", "金额", "基金", "审批单号", "发放方式"]


def _workbook(path, sheets, head=HEAD):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for r in [head, *rows]:
            ws.append(r)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def test_rows_already_in_the_books_are_named_with_their_sheet(books, tmp_path):
    first = run(books, _workbook(tmp_path / "a" / "捐赠登记表.xlsx", [("1月", JAN), ("2月", FEB)]), "--write")
    assert first.exit_code == 0, first.output
    again = run(books, _workbook(tmp_path / "b" / "捐赠登记表.xlsx", [("1月", JAN), ("2月", FEB), ("3月", MAR)]))
    assert again.exit_code == 0, again.output
    listed = [line for line in again.output.splitlines() if line.startswith("; already in the books")]
    assert len(listed) == 3, again.output
    assert any("张三" in line and line.endswith("(sheet '1月', row 2)") for line in listed), listed
    assert any("李四" in line and line.endswith("(sheet '1月', row 3)") for line in listed), listed
    assert any("王五" in line and line.endswith("(sheet '2月', row 2)") for line in listed), listed


def test_rows_overdrawing_a_fund_are_named_with_their_sheets(books, tmp_path):
    path = _workbook(tmp_path / "发放花名册.xlsx",
                     [("1月", [["2026-01-10", "C0001", "助学", 100, "EDU-2026", "SP-1", "现金"]]),
                      ("2月", [["2026-02-10", "C0002", "助学", 300, "EDU-2026", "SP-2", "现金"]])], head=ROSTER)
    dry = run(books, path, "--no-balance")
    noted = [line for line in dry.output.splitlines() if "EDU-2026 would be overdrawn" in line]
    assert noted, dry.output
    assert "paid out by sheet '1月', row 2; --write refuses" in noted[0], noted
    written = run(books, path, "--no-balance", "--write")
    assert written.exit_code == 1, written.output
    refused = [line for line in written.output.splitlines() if "EDU-2026" in line and "overdrawn" in line]
    assert any("发放花名册.xlsx, sheet '1月', row 2 (its entry of 2026-01-10" in line for line in refused), refused
    assert any("发放花名册.xlsx, sheet '2月', row 2 (its entry of 2026-02-10" in line for line in refused), refused
