"""A sheet of rows named for no month, beside a register's month sheets, is refused naming it.

It was refused as a workbook of several registers ("relief reads one sheet per file: save each
sheet as its own file"), though relief reads the month sheets whole: the officer split by hand a
workbook that only needed its stray sheet (补录, Sheet3) named for its month or emptied.
"""

from __future__ import annotations

from tests.importers.test_month_sheets_rows_named import FEB, JAN, _workbook, run


def test_a_sheet_of_rows_named_for_no_month_beside_the_months_is_refused_naming_it(books, tmp_path):
    stray = [["2026-03-01", "孙七", 30, "现金", ""]]
    path = _workbook(tmp_path / "捐赠登记表.xlsx", [("1月", JAN), ("2月", FEB), ("补录", stray)])
    result = run(books, path)
    assert result.exit_code == 1, result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert "捐赠登记表.xlsx, sheet '补录': " in line and "named for no month" in line, line
    assert "one sheet per file" not in line and "name the sheet for its month" in line, line
    assert "written" not in result.output
