"""A register workbook with a sheet of instructions (说明, 填表说明) beside the register.

Offices keep the filling-in instructions in the workbook, often with the column header again
over an example row (张三（示例） 100). relief took that sheet for a second month of the
register and refused the whole workbook, advising to copy the rows onto one sheet: done,
the example would have been booked as a gift. A sheet whose name says it holds instructions
is now not read, and the dry run says so, with how many example rows it holds; a register
really kept on two sheets is read month by month beside it (tests/importers/test_month_sheets.py),
or refused when its sheets are not months.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl
import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEAD = ["日期", "捐赠人", "捐赠人类型", "金额", "收款方式", "凭证号"]
ROWS = [[datetime.date(2026, 3, 2), "王小明", "个人", 500, "现金", "V001"],
        [datetime.date(2026, 3, 3), "李四", "个人", 200, "现金", "V002"]]
GUIDE = [["填表说明：每笔捐赠一行，日期写收到的日期"], HEAD, ["2026-01-01", "张三（示例）", "个人", 100, "现金", "示例"]]


def _import(books, path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def _workbook(path: Path, sheets: list[tuple[str, list]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def _cash(result) -> list:
    return sorted(p.units.number for e in result.new for p in getattr(e, "postings", ()) if p.account == "Assets:Cash")


@pytest.mark.parametrize("guide_name", ["说明", "填表说明", "Instructions 说明", "示例"])
@pytest.mark.parametrize("guide_first", [False, True], ids=["after", "before"])
def test_a_sheet_of_instructions_is_not_read_and_the_register_is(books, tmp_path, guide_name, guide_first):
    sheets = [("捐赠登记表", [HEAD, *ROWS]), (guide_name, GUIDE)]
    path = _workbook(tmp_path / "捐赠登记表.xlsx", sheets[::-1] if guide_first else sheets)
    result = _import(books, path)
    assert result.problem is None, result.problem
    assert _cash(result) == [200, 500], "the register's two gifts, and not the example's 100"
    notes = " ".join(result.report.notes)
    assert f"sheet {guide_name!r} is taken for instructions" in notes and "1 row(s) under the header" in notes


def test_a_register_kept_on_two_month_sheets_is_read_beside_its_instructions(books, tmp_path):
    march = [HEAD, *ROWS]
    april = [HEAD, [datetime.date(2026, 4, 1), "王小明", "个人", 50, "现金", "V003"]]
    result = _import(books, _workbook(tmp_path / "捐赠登记表.xlsx", [("填表说明", GUIDE), ("3月", march),
                                                                     ("4月", april)]))
    assert result.problem is None, result.problem
    assert _cash(result) == [50, 200, 500]
    assert any("sheet '填表说明' is taken for instructions" in n for n in result.report.notes), result.report.notes


def test_a_register_kept_on_two_sheets_that_are_not_months_is_still_refused(books, tmp_path):
    march = [HEAD, *ROWS]
    april = [HEAD, [datetime.date(2026, 4, 1), "王小明", "个人", 50, "现金", "V003"]]
    result = _import(books, _workbook(tmp_path / "捐赠登记表.xlsx", [("Sheet1", march), ("Sheet2", april)]))
    assert result.problem is not None and "relief reads one sheet per file" in str(result.problem)


def test_a_register_written_on_its_instructions_sheet_alone_is_read(books, tmp_path):
    result = _import(books, _workbook(tmp_path / "捐赠登记表.xlsx", [("填表说明", [HEAD, *ROWS])]))
    assert result.problem is None, result.problem
    assert _cash(result) == [200, 500]
