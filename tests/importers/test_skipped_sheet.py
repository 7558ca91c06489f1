"""Skipped rows of a register read from a workbook with other sheets name their sheet.

A register workbook often holds a sheet of instructions (说明) or an empty Sheet3 beside the
register. The dry run's errors already said `sheet '捐赠登记表', row 5`; its skipped-row lines
said `row 5` alone, and the officer looking for the totals row or the note opened the sheet
the workbook opens on, which may be the instructions. Each skipped line now names the sheet
when the workbook has more than one; a one-sheet workbook or a CSV keeps `row N` alone.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl

from importers.run import render
from tests.importers.support import extract_one

HEAD = ["日期", "捐赠人", "捐赠人类型", "金额", "收款方式", "凭证号"]
ROWS = [[datetime.date(2026, 3, 2), "王小明", "个人", 500, "现金", "V001"],
        [datetime.date(2026, 3, 3), "李四", "个人", 200, "现金", "V002"],
        ["合计", None, None, 700, None, None],
        ["制表人：张三"]]


def _workbook(path: Path, sheets: list[tuple[str, list]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def _skipped_lines(result) -> list[str]:
    return [line for line in render([result]).splitlines() if "skipped (" in line]


def test_skipped_rows_of_a_register_beside_other_sheets_name_their_sheet(books, tmp_path):
    path = _workbook(tmp_path / "捐赠登记表.xlsx",
                     [("说明", [["填表说明：每笔捐赠一行"]]), ("捐赠登记表", [HEAD, *ROWS])])
    result = extract_one(books, path)
    assert result.problem is None, result.problem
    lines = _skipped_lines(result)
    assert len(lines) == 2, lines
    assert lines[0].startswith(";; sheet '捐赠登记表', row 4: skipped (totals row"), lines
    assert lines[1].startswith(";; sheet '捐赠登记表', row 5: skipped (no date"), lines


def test_skipped_rows_of_a_one_sheet_register_name_the_row_alone(books, tmp_path):
    result = extract_one(books, _workbook(tmp_path / "捐赠登记表.xlsx", [("捐赠登记表", [HEAD, *ROWS])]))
    assert result.problem is None, result.problem
    lines = _skipped_lines(result)
    assert [line.split(":")[0] for line in lines] == [";; row 4", ";; row 5"], lines


def test_notes_about_a_register_row_beside_other_sheets_name_their_sheet(books, tmp_path):
    """So do the dry run's notes about a row (an amount in words read as a number, a total
    that disagrees under --ignore-summary)."""
    rows = [[datetime.date(2026, 3, 2), "王小明", "个人", "伍佰元整", "现金", "V001"]]
    path = _workbook(tmp_path / "捐赠登记表.xlsx", [("说明", [["填表说明"]]), ("捐赠登记表", [HEAD, *rows])])
    result = extract_one(books, path)
    assert result.problem is None, result.problem
    notes = [n for n in result.report.notes if "伍佰元整" in n]
    assert notes and notes[0].startswith("sheet '捐赠登记表', row 2: "), result.report.notes
