"""An .xls cell holding a time of day alone (formatted h:mm:ss) reads as that time, as a
spreadsheet shows it and as the same cell of an .xlsx reads.

Why: xlrd dates such a cell 1899-12-31 (the day before its day 1): a register's date column
so written was refused as "'1899-12-31 12:00:00' is a span of days, not a day", which sent
the officer looking for a span of days; it is now "'12:00:00' is not a date".
"""

from __future__ import annotations

from pathlib import Path

import xlwt

from importers.reading import read_table
from tests.importers.support import extract_one

TIME = xlwt.easyxf(num_format_str="h:mm:ss")
DAY = xlwt.easyxf(num_format_str="yyyy-mm-dd")


def workbook(path: Path, rows: list[list]) -> Path:
    book = xlwt.Workbook()
    sheet = book.add_sheet("Sheet1")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, tuple):
                sheet.write(r, c, value[0], value[1])
            elif value is not None:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def test_a_time_cell_reads_as_its_time_and_a_date_as_its_day(tmp_path):
    path = workbook(tmp_path / "对账单.xls", [["交易日期", "交易时间"], [(46086, DAY), (0.6041666666666666, TIME)],
                                            [(46086.5, DAY), (0, TIME)]])
    rows = read_table(path).sheets[0].rows
    assert rows[1].cells == ("2026-03-05", "14:30:00")
    assert rows[2].cells == ("2026-03-05 12:00:00", "00:00:00")


def test_a_register_date_written_as_a_time_is_named_as_no_date(books, tmp_path):
    path = workbook(tmp_path / "捐赠登记表.xls", [["日期", "捐赠人", "金额", "收款方式"], [(0.5, TIME), "王小明", 100, "现金"]])
    result = extract_one(books, path)
    assert result.problem is not None
    assert "'12:00:00' is not a date" in result.problem.message and "1899" not in result.problem.message
