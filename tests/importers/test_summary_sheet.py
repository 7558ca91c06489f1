"""A workbook kept as a sheet per fund (or sheets not named for months) and a 汇总 sheet
repeating them all (一般帮扶资金, 金秋助学, 汇总). A sheet per month is read month by month
(tests/importers/test_month_sheets.py).

It is refused, as any workbook with rows on several sheets; the advice was to save each
sheet as its own file or copy the rows onto one sheet, which, followed, booked January's
and February's gifts twice (350.00 on 汇总 again beside 300.00 + 50.00). The message now
names the sheet that repeats the others, to be imported alone, or the others without it.
"""

from __future__ import annotations

import openpyxl

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEAD = ["日期", "捐赠人", "金额", "收款方式"]
JAN = [["2026-01-05", "张三", 100, "现金"], ["2026-01-06", "李四", 200, "现金"]]
FEB = [["2026-02-05", "王五", 50, "现金"]]


def _import(books, path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def _workbook(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for r in [HEAD, *rows]:
            ws.append(r)
    wb.save(path)
    return path


def test_a_summary_sheet_repeating_the_months_is_named(books, tmp_path):
    path = _workbook(tmp_path / "捐赠登记表.xlsx", [("Sheet1", JAN + [["合计", None, 300, None]]),
                                                    ("Sheet2", FEB), ("汇总", JAN + FEB + [["合计", None, 350, None]])])
    result = _import(books, path)
    assert result.problem is not None
    message = str(result.problem)
    assert "'汇总' repeats the rows of 'Sheet1', 'Sheet2'" in message, message
    assert "copy the rows onto one sheet" not in message


def test_sheets_without_a_summary_keep_the_advice(books, tmp_path):
    path = _workbook(tmp_path / "捐赠登记表.xlsx", [("Sheet1", JAN), ("Sheet2", FEB)])
    result = _import(books, path)
    assert result.problem is not None
    assert "copy the rows onto one sheet" in str(result.problem) and "repeats" not in str(result.problem)


def test_a_sheet_per_fund_is_told_to_keep_its_fund(books, tmp_path):
    """一般帮扶资金 and 金秋助学 on two sheets: rows copied onto one sheet as advised went to the
    general fund, the sheet's name, which said the fund, left behind."""
    path = _workbook(tmp_path / "捐赠登记表.xlsx", [("一般帮扶资金", JAN), ("金秋助学", FEB)])
    result = _import(books, path)
    assert result.problem is not None
    assert "write the sheet's fund in 基金" in str(result.problem), result.problem
