"""A statement or register on a sheet hidden "very" (veryHidden) is read, and the note says how
to see it: the Unhide list does not name such a sheet, and the note sent the officer there.
"""

from __future__ import annotations

import datetime

import openpyxl
import pytest
import xlwt

from tests.importers.support import extract_one


def _xlsx(path, state):
    wb = openpyxl.Workbook()
    wb.active.title = "封面"
    wb.active.append(["捐赠登记表"])
    ws = wb.create_sheet("登记")
    ws.append(["日期", "捐赠人", "金额", "收款方式"])
    ws.append([datetime.date(2026, 3, 5), "王小明", 100, "现金"])
    ws.sheet_state = state
    wb.save(path)
    return path


def _xls(path, state):
    book = xlwt.Workbook()
    book.add_sheet("封面").write(0, 0, "捐赠登记表")
    sheet = book.add_sheet("登记")
    for c, value in enumerate(["日期", "捐赠人", "金额", "收款方式"]):
        sheet.write(0, c, value)
    for c, value in enumerate(["2026-03-05", "王小明", 100, "现金"]):
        sheet.write(1, c, value)
    sheet.visibility = {"hidden": 1, "veryHidden": 2}[state]
    book.save(str(path))
    return path


@pytest.mark.parametrize(("make", "name"), [(_xlsx, "捐赠登记表.xlsx"), (_xls, "捐赠登记表.xls")])
def test_a_very_hidden_sheet_s_note_says_how_to_see_it(books, tmp_path, make, name):
    result = extract_one(books, make(tmp_path / name, "veryHidden"))
    assert result.problem is None, result.problem
    (note,) = [n for n in result.report.notes if "登记" in n and "veryHidden" in n]
    assert note.zh.startswith("读取了工作表 '登记' 的行") and "Alt+F11" in note.zh
    assert "VBA editor" in note and "Unhide list does not name it" in note


@pytest.mark.parametrize(("make", "name"), [(_xlsx, "捐赠登记表.xlsx"), (_xls, "捐赠登记表.xls")])
def test_a_hidden_sheet_keeps_its_note(books, tmp_path, make, name):
    result = extract_one(books, make(tmp_path / name, "hidden"))
    assert result.problem is None, result.problem
    assert any("right-click a sheet tab and choose Unhide" in n for n in result.report.notes)
    assert not any("veryHidden" in n for n in result.report.notes)
