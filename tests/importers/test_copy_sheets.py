"""A workbook's second sheet holding the same rows, amounts as numbers, is a copy.

The WeChat Pay workbook published at deb-sig/double-entry-generator 64340cf7
(tests/importers/real/wechat/wechat-2026.xlsx) holds the bill twice: once with amounts as
text (¥28.16), once, on the sheet WeChat Pay writes, as numbers (28.16). Compared as text the
sheets differed and the bill was refused as "rows under the same header on several sheets";
compared as money they are one bill. A sheet with another amount still stops the import
(tests/importers/malformed.py, wechat-copy-sheet-other-amount.xlsx).
"""

from __future__ import annotations

from decimal import Decimal

import openpyxl
from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEAD = ["交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "支付方式", "当前状态", "交易单号", "商户单号", "备注"]


def test_a_sheet_with_the_same_rows_as_numbers_is_a_copy(books, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "账单"
    wb.active.append(HEAD)
    wb.active.append(["2026-03-05 10:00:00", "二维码收款", "王小明", "/", "收入", "¥50.00", "/", "已收钱", "1001", "/", "/"])
    copy = wb.create_sheet("Sheet1")
    copy.append(HEAD)
    copy.append(["2026-03-05 10:00:00", "二维码收款", "王小明", "/", "收入", 50, "/", "已收钱", "1001", "/", "/"])
    path = tmp_path / "wechat.xlsx"
    wb.save(path)
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is None, result.problem
    assert "other sheet(s) 'Sheet1' hold only rows of it: not read" in " ".join(result.report.notes)
    txns = [e for e in result.new if isinstance(e, data.Transaction)]
    assert [t.postings[0].units.number for t in txns] == [Decimal("50.00")]


def test_a_hidden_sheet_with_other_rows_is_named_as_hidden(books, tmp_path):
    """A statement workbook with a hidden sheet of other rows under the same header is refused,
    as any two sheets are; the message named the hidden sheet alone, which the spreadsheet
    program shows no tab for, and the finance officer could not find it. Now it says the sheet
    is hidden and how to show it."""
    head = ["记账日期", "货币", "交易金额", "联机余额", "交易摘要", "对手信息", "客户摘要"]
    wb = openpyxl.Workbook()
    wb.active.title = "明细"
    wb.active.append(head)
    wb.active.append(["2026-03-02", "CNY", 1234, 11234, "转账汇款", "某某机械厂", "捐赠"])
    old = wb.create_sheet("二月")
    old.append(head)
    old.append(["2026-02-02", "CNY", 999, 9999, "转账汇款", "王小明", "捐赠"])
    old.sheet_state = "hidden"
    path = tmp_path / "cmb.xlsx"
    wb.save(path)
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is not None
    text = f"{result.problem.message}; {result.problem.hint}"
    assert "on sheet '明细' and on '二月' (hidden)" in text and "choose Unhide" in text, text


def test_a_register_sheet_holding_only_rows_of_the_one_read_is_named(books, tmp_path):
    """A register beside a hidden copy of its own rows (旧表, or an empty copy of the header):
    the statements and bills said the copy was not read; a register said nothing, so a sheet
    the officer may have kept up to date instead was passed over without a word."""
    head = ["日期", "捐赠人", "金额", "收款方式"]
    wb = openpyxl.Workbook()
    wb.active.title = "3月"
    for row in [head, ["2026-03-05", "王小明", 100, "现金"], ["2026-03-06", "王小明", 50, "现金"]]:
        wb.active.append(row)
    copy = wb.create_sheet("旧表")
    for row in [head, ["2026-03-05", "王小明", 100, "现金"]]:
        copy.append(row)
    copy.sheet_state = "hidden"
    path = tmp_path / "捐赠登记表.xlsx"
    wb.save(path)
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is None, result.problem
    assert "other sheet(s) '旧表' hold only rows of it: not read" in " ".join(result.report.notes), result.report.notes
