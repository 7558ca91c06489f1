"""A statement whose date column gives the day without its year (12-31, 03/02, 3月2日), as
passbook printouts and some card statements write it.

It was refused as "the row holds an amount but '12-31' in its date column is not a date",
with a hint about spreadsheet date numbers: nothing in the file was wrong as the officer
saw it, and the hint sent them to format cells. The message now says the year is missing,
and that relief does not guess it (a statement over a year end would book December's rows
in the wrong year).
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli

HEAD = "交易日期,交易时间,交易摘要,交易金额,本次余额,对手信息,日 志 号,交易渠道,交易附言"


@pytest.mark.parametrize("first, second", [("12-31", "01-02"), ("03/02", "03/05"), ("3月2日", "3月5日"), ("0302", "0305")])
def test_a_day_without_its_year_is_named_as_such(books, tmp_path, first, second):
    path = tmp_path / "农行明细.csv"
    path.write_text(f"账户：6222000011112222\r\n{HEAD}\r\n{first},101500,转存,+1000.00,2000.00,张三,,超级网银,donation\r\n"
                    f"{second},101500,转存,+300.00,2300.00,王五,,超级网银,gift\r\n", encoding="utf-8-sig")
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 1, result.output
    assert f"农行明细.csv, row 3, column '交易日期': {first!r} is a day without its year" in result.output, result.output
    assert "46085" not in result.output


@pytest.mark.parametrize("cell, said", [("3月5日", "'3月5日' is a day without its year"), ("03-05", "'03-05' is a day without its year"),
                                        ("3.1-3.5", "'3.1-3.5' is a span of days, not a day"),
                                        ("2026年3月上旬", "'2026年3月上旬' is a span of days, not a day"),
                                        ("2026.3.1~3.5", "is a span of days")])
def test_a_register_s_day_without_its_year_or_a_span_is_named_as_such(books, tmp_path, cell, said):
    """A register's 3月5日 or 3.1-3.5 (a week's donation box) was refused as "is not a date;
    write dates like 2026-03-05", which says nothing of what is missing or why it is not read."""
    path = tmp_path / "捐赠登记表.csv"
    path.write_text(f"日期,捐赠人,金额,收款方式\n{cell},张三,100,现金\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 1, result.output
    assert "捐赠登记表.csv, row 2, column '日期': " in result.output and said in result.output, result.output


def test_a_csv_register_s_date_number_says_what_it_stands_for(books, tmp_path):
    """46086 in a CSV register (a date column formatted as a number before saving) was refused
    as "'46086' is not a date", with no word of the day it stands for or what to do."""
    path = tmp_path / "捐赠登记表.csv"
    path.write_text("日期,捐赠人,金额,收款方式\n46086,张三,100,现金\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 1, result.output
    assert "'46086' is a spreadsheet's date number (2026-03-05)" in result.output, result.output
