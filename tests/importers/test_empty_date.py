"""A transaction row whose date cell is empty — most often a day merged over several rows in
a spreadsheet, which is read in its first row only — is refused naming the row with what to
do about merged cells; it used to be "'' is not a date", or, as the last row, a hint about
spreadsheet date numbers."""

from __future__ import annotations

import datetime

import openpyxl
import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEADER = ["交易日期", "交易流水号", "摘要", "对方户名", "收入金额", "支出金额", "余额"]


@pytest.mark.parametrize(("merged", "row"), [("A2:A3", 3), ("A3:A4", 4)])
def test_a_date_merged_over_two_rows_is_named(books, tmp_path, merged, row):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append([datetime.date(2026, 3, 5), "T1", "转账", "王小明", 100, None, 1100])
    ws.append([datetime.date(2026, 3, 6) if row == 4 else None, "T2", "转账", "李四", 50, None, 1150])
    ws.append([None if row == 4 else datetime.date(2026, 3, 6), "T3", "付款", "某超市", None, 30, 1120])
    ws.merge_cells(merged)
    path = tmp_path / "明细.xlsx"
    wb.save(path)
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is not None and result.entries == []
    assert (result.problem.row, result.problem.column) == (row, "交易日期")
    assert "its date cell is empty" in result.problem.message
    assert "unmerge" in result.problem.hint


@pytest.mark.parametrize("payee", ["共青团市委", "以上海为家的捐赠人", "说明书印刷厂", "小计餐饮有限公司", "TOTAL S.A."])
def test_a_last_row_whose_payee_holds_a_footer_word_is_not_the_footer(books, tmp_path, payee):
    """The date merged over the last two rows leaves the last row starting with its payee: a
    payee holding a footer, totals or page-line word (共, 以上, 说明, 小计, TOTAL) took the row
    for the footer, and its money was neither booked nor listed (the balance assertion came
    from the row before, so a write passed)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["交易日期", "对方户名", "摘要", "收入金额", "支出金额", "余额", "交易流水号"])
    ws.append([datetime.date(2026, 3, 5), "王小明", "转账", 100, None, 1100, "T1"])
    ws.append([datetime.date(2026, 3, 6), "李四", "转账", 50, None, 1150, "T2"])
    ws.append([None, payee, "捐赠", 5000, None, 6150, "T3"])
    ws.merge_cells("A3:A4")
    path = tmp_path / "明细.xlsx"
    wb.save(path)
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is not None and result.entries == []
    assert (result.problem.row, result.problem.column) == (4, "交易日期")
    assert "its date cell is empty" in result.problem.message
