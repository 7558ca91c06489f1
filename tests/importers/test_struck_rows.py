"""A register row struck through (删除线) or marked 作废 in its note: void to the office.

Offices void a row of a register kept in Excel or WPS by striking it through, or by writing
作废 in its 备注, and keep it on the sheet. relief read the values only, so such a row was
booked like the others without a word: a gift with a receipt number nobody gave, an aid
payment nobody made. Now the file is refused, naming the row, to be deleted or restored;
a cell struck through in a row that stands (an amount struck, the right one beside it) is
refused naming the cell. Rows that are not entries (a signature struck through) do not count.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from importers.run import extract_files, load_importers
from ledger.books import load_books

DONATIONS_HEAD = ["日期", "捐赠人", "捐赠人类型", "金额", "收款方式", "备注", "凭证号"]
DONATIONS = [
    [datetime.date(2026, 3, 2), "王小明", "个人", 500, "现金", None, "V001"],
    [datetime.date(2026, 3, 3), "李四", "个人", 300, "现金", "登记重复", "V002"],
    [datetime.date(2026, 3, 3), "李四", "个人", 200, "现金", None, "V003"],
]
ROSTER_HEAD = ["日期", "案例编号", "类别", "金额", "基金", "审批单号", "发放方式", "备注"]
ROSTER = [
    [datetime.date(2026, 3, 10), "C0001", "特困救助", 800, None, "SP-2026-031", "现金", None],
    [datetime.date(2026, 3, 10), "C0002", "医疗救助", 1200.5, None, "SP-2026-032", "现金", None],
    [datetime.date(2026, 3, 11), "C0002", "医疗救助", 300, None, "SP-2026-033", "现金", None],
]


def _import(books, path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def _xlsx(path: Path, head, rows, struck: dict[int, list[int] | None]) -> Path:
    """Rows under a title and the header; struck: sheet row number -> columns struck (None: all)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2026年3月登记表"])
    ws.append(head)
    for r in rows:
        ws.append(r)
    ws.append(["制表人：张会计"])
    for number, columns in struck.items():
        for cell in ws[number]:
            if columns is None or cell.column - 1 in columns:
                cell.font = Font(strike=True)
    wb.save(path)
    return path


def _xls(path: Path, head, rows, struck: dict[int, list[int] | None]) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("发放花名册")
    ws.write(0, 0, "2026年3月发放花名册")
    for j, h in enumerate(head):
        ws.write(1, j, h)
    for i, r in enumerate(rows, start=3):
        for j, v in enumerate(r):
            if v is None:
                continue
            strike = i in struck and (struck[i] is None or j in struck[i])
            style = xlwt.easyxf("font: struck_out on" if strike else "", num_format_str="yyyy-mm-dd" if j == 0 else "General")
            ws.write(i - 1, j, v, style)
    wb.save(str(path))
    return path


def _money(result) -> list:
    return [p.units.number for e in result.new for p in getattr(e, "postings", ()) if p.account == "Assets:Cash"]


def test_a_struck_through_donation_row_is_refused_not_booked(books, tmp_path):
    result = _import(books, _xlsx(tmp_path / "捐赠登记表.xlsx", DONATIONS_HEAD, DONATIONS, {4: None}))
    assert result.problem is not None, f"the struck-through gift of 300.00 was booked: {_money(result)}"
    message = str(result.problem)
    assert "row 4" in message and "struck through" in message and "delete the row" in message
    assert not result.new


def test_the_same_register_without_strikethrough_books_every_row(books, tmp_path):
    result = _import(books, _xlsx(tmp_path / "捐赠登记表.xlsx", DONATIONS_HEAD, DONATIONS, {}))
    assert result.problem is None, result.problem
    assert sorted(_money(result)) == [200, 300, 500]


def test_a_struck_through_row_of_an_xls_roster_is_refused(books, tmp_path):
    result = _import(books, _xls(tmp_path / "发放花名册.xls", ROSTER_HEAD, ROSTER, {5: None}))
    assert result.problem is not None, f"the struck-through aid of 300.00 was booked: {_money(result)}"
    assert "row 5" in str(result.problem) and "struck through" in str(result.problem)


def test_an_xls_roster_without_strikethrough_books_every_row(books, tmp_path):
    result = _import(books, _xls(tmp_path / "发放花名册.xls", ROSTER_HEAD, ROSTER, {}))
    assert result.problem is None, result.problem
    assert sorted(_money(result)) == [-1200.5, -800, -300]


@pytest.mark.parametrize("maker", [_xlsx, _xls], ids=["xlsx", "xls"])
def test_a_struck_amount_in_a_row_that_stands_is_refused_naming_the_cell(books, tmp_path, maker):
    path = maker(tmp_path / f"发放花名册.{maker.__name__[1:]}", ROSTER_HEAD, ROSTER, {4: [3]})
    result = _import(books, path)
    assert result.problem is not None, f"a struck amount was booked: {_money(result)}"
    message = str(result.problem)
    assert "row 4" in message and "金额" in message and "D4" in message and "1200.5" in message


def test_a_struck_signature_under_the_rows_is_no_entry(books, tmp_path):
    result = _import(books, _xlsx(tmp_path / "捐赠登记表.xlsx", DONATIONS_HEAD, DONATIONS, {6: None}))
    assert result.problem is None, result.problem
    assert sorted(_money(result)) == [200, 300, 500]


@pytest.mark.parametrize("note, void", [("作废", True), ("已作废", True), ("（作废）", True), ("此行作废", True),
                                        ("作废票据已收回", False), ("", False)])
def test_a_row_whose_note_says_void_is_refused(books, tmp_path, note, void):
    path = tmp_path / "发放花名册.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(ROSTER_HEAD)
        w.writerow(["2026-03-10", "C0001", "特困救助", "800", "", "SP-2026-031", "现金", ""])
        w.writerow(["2026-03-11", "C0002", "医疗救助", "300", "", "SP-2026-033", "现金", note])
    result = _import(books, path)
    if void:
        assert result.problem is not None, f"a row noted {note!r} was booked: {_money(result)}"
        assert "row 3" in str(result.problem) and "备注" in str(result.problem)
    else:
        assert result.problem is None, result.problem
        assert sorted(_money(result)) == [-800, -300]
