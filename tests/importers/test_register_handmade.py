"""Registers and rosters as a union office makes them by hand in Excel or WPS: a 匿名 column
ticked Y / 1 / ✓, a footer of signatures (制表人 / 审核人) spread over the columns, a header
merged over two rows, rows hidden in the sheet.

Every row of the file is either booked or listed as skipped, and the money line holds.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books


def _import(books, path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def _xlsx(path: Path, rows, merges=(), hidden_rows=()) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    for n in hidden_rows:
        ws.row_dimensions[n].hidden = True
    wb.save(path)
    return path


@pytest.mark.parametrize("yes, no", [("Y", "N"), ("1", "0"), ("✓", "×"), ("是", "否")])
def test_a_ticked_anonymous_column_reads_like_yes_and_no(books, tmp_path, yes, no):
    path = tmp_path / "捐赠登记表.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["日期", "捐赠人", "金额", "匿名", "收款方式"])
        w.writerow(["2026-03-01", "某某公司", "1000", yes, "现金"])
        w.writerow(["2026-03-01", "张明", "200", no, "现金"])
    result = _import(books, path)
    assert result.problem is None, result.problem
    gifts = [e for e in result.new if isinstance(e, data.Transaction)]
    assert [g.meta.get("anonymous") for g in gifts] == ["public", None]
