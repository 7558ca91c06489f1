"""The totals row of an Excel or WPS table (插入表格 → 汇总行), labelled 汇总, is a totals row.

Why: a register kept as a table with its totals row shown was refused as "'汇总' is not a
date" (合计 was a totals row, 汇总 not), though the row only repeats the rows' sum. It is
checked against the rows as 合计 is: a 汇总 that disagrees stops the import.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from beancount.core import data

from tests.importers.support import extract_one

ROWS = [[datetime.date(2026, 3, 5), "王小明", 100, "现金"], [datetime.date(2026, 3, 6), "李四", 50, "现金"]]


def register(path: Path, label: str, total) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["日期", "捐赠人", "金额", "收款方式"])
    for row in ROWS:
        ws.append(row)
    ws.append([label, None, total, None])  # the table's totals row: =SUBTOTAL(109,[金额]) as its result
    wb.save(path)
    return path


@pytest.mark.parametrize("label", ["汇总", "彙總", "汇　总"])
def test_the_table_s_totals_row_is_passed_over_as_a_total(books, tmp_path, label):
    result = extract_one(books, register(tmp_path / "捐赠登记表.xlsx", label, 150))
    assert result.problem is None, result.problem
    assert [e.postings[0].units.number for e in result.new if isinstance(e, data.Transaction)] == [
        Decimal("100.00"), Decimal("50.00")]
    assert [s.row for s in result.report.skipped] == [4]


def test_a_table_total_that_disagrees_with_the_rows_stops_the_import(books, tmp_path):
    result = extract_one(books, register(tmp_path / "捐赠登记表.xlsx", "汇总", 140))
    assert result.problem is not None
    assert "150" in result.problem.message and "140" in result.problem.message
