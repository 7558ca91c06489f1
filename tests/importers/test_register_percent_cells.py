"""An amount in a cell formatted as a percentage is refused naming the cell.

Why: typed into a column formatted 0% (a sheet copied from a report of rates), 500 is stored
by Excel as 5 and shown as 500%: the roster's row was booked as aid of 5.00 where the officer
had typed and saw 500, the money in the books a hundredth of the register's without a word.
Such a cell is now refused, naming it and what it shows."""

from __future__ import annotations

import pytest
from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books


def _roster(path, fmt: str, value=5, column="D"):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["日期", "案例编号", "类别", "金额", "基金", "审批单号", "发放方式", "序号"])
    ws.append(["2026-03-04", "C0001", "生活救助", value, "GENERAL", "SP-1", "现金", 1])
    ws.append(["2026-03-04", "C0002", "生活救助", 300, "GENERAL", "SP-2", "现金", 2])
    ws[f"{column}2"].number_format = fmt
    wb.save(path)
    return path


def _import(books, path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


@pytest.mark.parametrize("fmt", ["0%", "0.00%", "#,##0.0%"])
def test_an_amount_shown_as_a_percentage_is_refused(books, tmp_path, fmt):
    result = _import(books, _roster(tmp_path / "花名册.xlsx", fmt))
    assert result.problem is not None, [p.units for e in result.new if isinstance(e, data.Transaction) for p in e.postings]
    message = str(result.problem)
    assert "row 2" in message and "金额" in message and "500%" in message and "percentage" in message, message


@pytest.mark.parametrize("fmt, column", [("0.00", "D"), ("#,##0.00;[Red](#,##0.00)", "D"), ("0%", "H")])
def test_other_formats_or_columns_are_read_as_before(books, tmp_path, fmt, column):
    result = _import(books, _roster(tmp_path / "花名册.xlsx", fmt, column=column))
    assert result.problem is None, result.problem
    paid = sorted(p.units.number for e in result.new if isinstance(e, data.Transaction) for p in e.postings if p.units.number > 0)
    assert [str(x) for x in paid] == ["5.00", "300.00"]


def test_an_xls_amount_shown_as_a_percentage_is_refused(books, tmp_path):
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("三月")
    for i, h in enumerate(["日期", "案例编号", "类别", "金额", "基金", "审批单号", "发放方式"]):
        ws.write(0, i, h)
    for i, v in enumerate(["2026-03-04", "C0001", "生活救助", 5, "GENERAL", "SP-1", "现金"]):
        ws.write(1, i, v, xlwt.easyxf(num_format_str="0.0%") if i == 3 else xlwt.Style.default_style)
    wb.save(str(tmp_path / "花名册.xls"))
    message = str(_import(books, tmp_path / "花名册.xls").problem)
    assert "row 2" in message and "500%" in message and "percentage" in message, message
