"""A register whose amount column's header states another unit than the yuan: 金额（万元）,
捐赠金额(千元), 单价（万元）, 金额(美元).

Such a file was "unknown format: no row looks like the header of a bank statement … or
register", with advice about bank profiles, the header's 金额 not being found under its unit;
a 单位：万元 line above the header was already refused naming the unit. The header's unit is
now refused the same way, naming the header cell, never booked as yuan; 金额（元） is read as
金额 as before.
"""

from __future__ import annotations

import openpyxl
import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books


def _import(books, tmp_path, header, row):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    ws.append(row)
    path = tmp_path / "捐赠登记表.xlsx"
    wb.save(path)
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


@pytest.mark.parametrize("amount", ["金额（万元）", "捐赠金额(千元)", "金额(美元)", "金额（单位：万元）"])
def test_an_amount_header_in_another_unit_is_refused_naming_it(books, tmp_path, amount):
    result = _import(books, tmp_path, ["日期", "捐赠人", amount, "收款方式"], ["2026-03-05", "王小明", 1.5, "现金"])
    assert result.problem is not None and result.entries == [], result.entries
    assert result.problem.row == 1 and result.problem.column == amount, result.problem
    assert "another unit than the yuan" in result.problem.message, result.problem.message
    assert "unknown format" not in result.problem.message


def test_a_unit_value_header_in_another_unit_is_refused(books, tmp_path):
    result = _import(books, tmp_path, ["日期", "捐赠人", "物资", "数量", "单价（万元）"], ["2026-03-05", "王小明", "RICE", 10, 0.0058])
    assert result.problem is not None and result.problem.column == "单价（万元）", result.problem


@pytest.mark.parametrize("amount", ["金额（元）", "金额(人民币元)"])
def test_an_amount_header_in_yuan_is_read(books, tmp_path, amount):
    result = _import(books, tmp_path, ["日期", "捐赠人", amount, "收款方式"], ["2026-03-05", "王小明", 150, "现金"])
    assert result.problem is None, result.problem
    (txn,) = [e for e in result.entries if hasattr(e, "postings")]
    assert txn.postings[0].units.number == 150
