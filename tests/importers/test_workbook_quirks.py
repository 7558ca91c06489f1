"""XLSX statements as some bank exporters write them: the workbook's own bookkeeping (its
stated size, rows hidden in the sheet) must never make a row's money vanish or go unseen."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
from beancount.core import data

from importers.reading import read_table
from importers.run import extract_files, load_importers
from ledger.books import load_books

HEADER = ["交易日期", "交易流水号", "摘要", "对方户名", "收入金额", "支出金额", "余额"]
ROWS = [[datetime.datetime(2026, 3, 1), "X1", "转账存入", "王小明", 100, None, 1100],
        [datetime.datetime(2026, 3, 2), "X2", "转账存入", "李四", 50, None, 1150],
        [datetime.datetime(2026, 3, 3), "X3", "付款", "某超市", None, 30, 1120]]


def statement(path: Path, rows=ROWS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "明细"
    ws.append(["中国工商银行 企业网上银行 账户明细"])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def rewrite_sheet(path: Path, change) -> Path:
    """The workbook with its first sheet's XML passed through `change` (bytes -> bytes)."""
    src = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            blob = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                blob = change(blob)
            dst.writestr(item, blob)
    src.close()
    path.write_bytes(out.getvalue())
    return path


def extract(books: Path, path: Path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def booked(result) -> dict[str, Decimal]:
    assert result.problem is None, result.problem
    assert result.conserved, [(m.account, m.file_net) for m in result.money]
    return {e.meta["source_ref"].split(":")[-1]: e.postings[0].units.number
            for e in result.new if isinstance(e, data.Transaction)}


def _dimension(ref: str):
    def change(blob: bytes) -> bytes:
        new = f'<dimension ref="{ref}"/>'.encode()
        blob, n = re.subn(rb'<dimension ref="[^"]*"\s*/>', new, blob)
        assert n == 1
        return blob
    return change


def test_a_dimension_smaller_than_the_data_loses_no_row_or_column(books, tmp_path):
    """Some exporters write the sheet's size (<dimension ref>) before the rows and never
    correct it. The reader trusted it: the last row, and the columns past it, were dropped
    without a word (a payment of 30.00 and every balance gone)."""
    path = rewrite_sheet(statement(tmp_path / "s.xlsx"), _dimension("A1:E4"))
    rows = read_table(path).sheets[0].rows
    assert [r.number for r in rows] == [1, 2, 3, 4, 5]
    assert rows[-1].cells[-2:] == ("30", "1120")
    assert booked(extract(books, path)) == {"X1": Decimal("100.00"), "X2": Decimal("50.00"),
                                            "X3": Decimal("-30.00")}


def test_a_dimension_of_one_cell_reads_the_whole_sheet(books, tmp_path):
    path = rewrite_sheet(statement(tmp_path / "s.xlsx"), _dimension("A1"))
    assert len(read_table(path).sheets[0].rows) == 5
    assert len(booked(extract(books, path))) == 3


def test_a_dimension_larger_than_the_data_adds_no_rows(tmp_path):
    """A dimension of the whole sheet (A1:XFD1048576) made the reader yield a million empty
    rows of 16,384 cells each."""
    path = rewrite_sheet(statement(tmp_path / "s.xlsx"), _dimension("A1:XFD1048576"))
    rows = read_table(path).sheets[0].rows
    assert [r.number for r in rows] == [1, 2, 3, 4, 5]
