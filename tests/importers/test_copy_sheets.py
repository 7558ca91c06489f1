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
