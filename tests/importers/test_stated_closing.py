"""A closing balance stated under the rows (期末余额) that the rows do not reach.

A statement may end with a line stating its closing balance (期末余额 1,680.00, 本期余额：…).
It was passed over as a footer: a file whose last rows were cut off or deleted, its rows
reaching 1,580.00, was imported with a balance assertion of 1,580.00 taken from the last row,
the 100.00 the statement itself says is there never mentioned. Such a line is now checked
against the balance the rows reach, and the file refused naming the line where they
disagree (--ignore-summary imports it anyway, as for a totals row).
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli
from tests.importers.malformed import ICBC_HEAD, icbc_row

ROWS = (icbc_row("2026-03-05", "500.00", "", "1,500.00", "王小明") + icbc_row("2026-03-06", "", "20.00", "1,480.00", "张三")
        + icbc_row("2026-03-07", "100.00", "", "1,580.00", "李四"))


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


@pytest.mark.parametrize("line", ['期末余额,,,,,,,,,,,"1,680.00",', '"期末余额：1,680.00"', "本期余额: 1680.00 元"])
def test_a_stated_closing_balance_the_rows_do_not_reach_is_refused(books, tmp_path, line):
    path = tmp_path / "工行明细.csv"
    path.write_text(ICBC_HEAD + ROWS + line + "\n", encoding="utf-8")
    result = run(books, path)
    assert result.exit_code == 1, f"imported short of its own closing balance:\n{result.output}"
    assert "工行明细.csv, row 11" in result.output and "1,680.00" in result.output and "1,580.00" in result.output
    ignored = run(books, path, "--ignore-summary")
    assert ignored.exit_code == 0, ignored.output


@pytest.mark.parametrize("line", ['期末余额,,,,,,,,,,,"1,580.00",', '"期末余额：1,580.00"', "期末余额：****",
                                  '当日余额,,,,,,,,,,,"1,980.00",'])
def test_a_stated_closing_balance_the_rows_reach_passes(books, tmp_path, line):
    path = tmp_path / "工行明细.csv"
    path.write_text(ICBC_HEAD + ROWS + line + "\n", encoding="utf-8")
    result = run(books, path)
    assert result.exit_code == 0, result.output
    assert "balance Assets:Bank:Basic                               1580.00 CNY" in result.output


def test_without_a_balance_column_the_stated_closing_balance_is_asserted(books, tmp_path):
    path = tmp_path / "交行明细.csv"
    path.write_text("账号：6222000011112222\r\n交易日期,交易金额,借贷标志,对方户名,摘要\r\n2026-03-02,1000.00,贷,张三,捐赠\r\n"
                    "2026-03-03,300.00,借,李四,付款\r\n\"期末余额：4,700.00\"\r\n", encoding="utf-8")
    result = run(books, path)
    assert result.exit_code == 0, result.output
    assert "balance Assets:Bank:Basic                               4700.00 CNY" in result.output, result.output
    assert "the closing balance asserted is the one the file states under them (row 5: 4,700.00)" in result.output
    assert "no closing balance in the file" not in result.output
