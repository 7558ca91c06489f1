"""An amount a spreadsheet shows rounded by its number format (=100/3 formatted 0.00 shows
33.33) is refused naming what the cell holds, what it may show, and how to make it hold that.

Why: the refusal said "33.3333333333333 has more than two decimals; write money to the fen,
e.g. 12.35", and the officer, whose sheet shows 33.33, looked for a number the sheet does not
show. The money is never booked rounded (the file's money and the books' would part).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from cli import cli


def register(path: Path, amount) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["日期", "捐赠人", "金额", "收款方式"])
    ws.append([datetime.date(2026, 3, 5), "王小明", amount, "现金"])
    ws["C2"].number_format = "0.00"
    wb.save(path)
    return path


def statement(path: Path, amount) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["交易日期", "摘要", "对方户名", "收入金额", "支出金额", "余额"])
    ws.append([datetime.date(2026, 3, 5), "转账存入", "王小明", amount, None, 1000])
    ws["D2"].number_format = "0.00"
    wb.save(path)
    return path


@pytest.mark.parametrize("make", [register, statement])
def test_a_computed_amount_shown_rounded_is_named_with_what_it_shows(books, tmp_path, make):
    path = make(tmp_path / "f.xlsx", 100 / 3)
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 1, result.output
    (zh,) = [line for line in result.output.splitlines() if line.startswith(";; 错误：")]
    (en,) = [line for line in result.output.splitlines() if line.startswith(";; ERROR ")]
    assert "f.xlsx，第 2 行" in zh and "33.3333333333333" in zh and "33.33（" in zh and "=ROUND(" in zh
    assert "row 2" in en and "may show it rounded, 33.33" in en and "=ROUND(" in en
    assert "33.33 CNY" not in result.output


@pytest.mark.parametrize("make", [register, statement])
def test_a_typed_amount_past_the_fen_keeps_its_own_words(books, tmp_path, make):
    """100.005 is typed, not computed: nothing is said of a number format."""
    path = make(tmp_path / "f.xlsx", "100.005")
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 1, result.output
    assert "100.005" in result.output and "ROUND" not in result.output and "四舍五入" not in result.output
