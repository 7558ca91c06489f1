"""An .xls whose formulas were written without their results (a program that does not
calculate, such as xlwt) is refused naming the formula's cell, as the same file as .xlsx is.

Why: xlrd reads such a cell as empty: a statement's 收入 computed by a formula was skipped as
"no amount and no balance" (cells cleared? the file cut short?), its gift left out and its
balance assertions dropped; a register's amount was "neither an amount nor a goods item".
A workbook saved by a spreadsheet program stores its formulas' results: read as before.
"""

from __future__ import annotations

import struct
from pathlib import Path

import xlwt
from click.testing import CliRunner
from xlwt import BIFFRecords

from cli import cli
from importers.reading import read_table

HEADER = ["交易日期", "交易流水号", "摘要", "对方户名", "收入金额", "支出金额", "余额"]


def statement(path: Path) -> Path:
    book = xlwt.Workbook()
    sheet = book.add_sheet("明细")
    rows = [HEADER,
            ["2026-03-05", "X1", "转账存入", "王小明", 100, None, 100],
            ["2026-03-06", "X2", "转账存入", "李四", xlwt.Formula("25*2"), None, xlwt.Formula("G2+E3")],
            ["2026-03-07", "X3", "付款", "某超市", None, 30, 120]]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def test_a_formula_without_its_result_is_named_not_read_as_empty(books, tmp_path):
    path = statement(tmp_path / "对账单.xls")
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    zh = next(i for i, line in enumerate(lines) if line.startswith(";; 错误："))
    assert "对账单.xls，第 3 行，列 '收入金额'" in lines[zh] and "单元格中是公式，文件没有保存它的结果" in lines[zh]
    assert lines[zh + 1].startswith(";; ERROR ") and "formula whose result the file does not store" in lines[zh + 1]
    assert "skipped" not in result.output


def test_a_register_amount_so_written_is_named(books, tmp_path):
    book = xlwt.Workbook()
    sheet = book.add_sheet("Sheet1")
    for c, name in enumerate(["日期", "捐赠人", "金额", "收款方式"]):
        sheet.write(0, c, name)
    for c, value in enumerate(["2026-03-05", "王小明", xlwt.Formula("50+50"), "现金"]):
        sheet.write(1, c, value)
    book.save(str(tmp_path / "捐赠登记表.xls"))
    result = CliRunner().invoke(cli, ["import", str(books), str(tmp_path / "捐赠登记表.xls")])
    assert result.exit_code == 1, result.output
    assert "第 2 行，列 '金额'" in result.output and "formula whose result the file does not store" in result.output


def test_a_workbook_storing_its_formulas_results_is_read_as_before(tmp_path, monkeypatch):
    """One formula's result stored (100), another's an empty text (=IF(…,"",…)): a program that
    calculates wrote it; the empty one is empty, as the spreadsheet shows it."""
    made = []

    def calculated(self, row, col, xf_index, rpn, calc_flags=0):
        made.append((row, col))
        # the first formula's result stored as the number 100, the next as an empty text
        result = struct.unpack("<Q", struct.pack("<d", 100.0))[0] if len(made) == 1 else 0xFFFF000000000003
        self._rec_data = struct.pack("<3HQHL", row, col, xf_index, result, calc_flags & 3, 0) + rpn

    monkeypatch.setattr(BIFFRecords.FormulaRecord, "__init__", calculated)
    path = statement(tmp_path / "对账单.xls")
    assert len(made) == 2
    rows = read_table(path).sheets[0].rows
    assert rows[2].cells[4] == "100" and rows[2].get(6) == ""
