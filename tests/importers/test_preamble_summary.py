"""Totals and a record count stated above a statement's rows (收入合计：1,500.00, 共3笔).

Some exports state the period's money in, money out and number of records in the lines above
the header. Only those under the rows were checked: a file whose last rows were lost (cut off
by a copy, deleted by hand) imported without a word while its own heading said 1,500.00 came
in and it showed 1,000.00. Such figures are now checked against the rows, and the file refused
naming the line where they disagree (--ignore-summary imports it anyway).
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli

HEAD = "交易日期,交易时间,交易摘要,交易金额,本次余额,对手信息,日 志 号,交易渠道,交易附言"
ROWS = "20260302,101500,转存,+1000.00,2000.00,张三,,超级网银,donation\r\n20260303,101500,转账,-300.00,1700.00,王五,,超级网银,aid\r\n"


def run(books, tmp_path, summary, *args):
    path = tmp_path / "农行明细.csv"
    path.write_text(f"账户：6222000011112222\r\n{summary}\r\n{HEAD}\r\n{ROWS}", encoding="utf-8-sig")
    return CliRunner().invoke(cli, ["import", str(books), str(path), *args])


@pytest.mark.parametrize("summary, words", [("收入合计：1500.00,支出合计：300.00", "1,500.00"),
                                            ('"收入笔数：2,收入金额：1,500.00,支出笔数：1,支出金额：300.00"', "1,500.00"),
                                            ("收入合计：1000.00,支出合计：350.00", "350.00"),
                                            ("共3笔", "3 records")])
def test_a_summary_above_the_rows_that_the_rows_do_not_reach_is_refused(books, tmp_path, summary, words):
    result = run(books, tmp_path, summary)
    assert result.exit_code == 1, f"imported short of its own summary:\n{result.output}"
    assert "农行明细.csv, row 2" in result.output and words in result.output, result.output
    assert run(books, tmp_path, summary, "--ignore-summary").exit_code == 0


@pytest.mark.parametrize("summary", ["收入合计：1000.00,支出合计：300.00", "共2笔", '"收入金额：1,000.00 元"', "查询时间：2026-04-01"])
def test_a_summary_the_rows_agree_with_passes(books, tmp_path, summary):
    result = run(books, tmp_path, summary)
    assert result.exit_code == 0, result.output


# A summary written to the jiao or the yuan (收入合计：1500.5, 总收入：1,500 元), or worded 总收入 /
# 总支出, was read as stating nothing: the file imported short of its own summary, without a word.
SHORT_SUMMARIES = [("收入合计：1500.5,支出合计：300.0", "1,500.50"), ("总收入：1500.00,总支出：300.00", "1,500.00"),
                   ('"总收入：1,500 元"', "1,500.00"), ("收入合计(元)：1500.00", "1,500.00"), ("贷方发生额：1500.0", "1,500.00"),
                   ("收入合计：1000.0,支出合计：350.0", "350.00"), ("支出总计：¥350", "350.00")]


@pytest.mark.parametrize("summary, words", SHORT_SUMMARIES)
def test_a_summary_to_the_jiao_or_worded_otherwise_is_checked(books, tmp_path, summary, words):
    result = run(books, tmp_path, summary)
    assert result.exit_code == 1, f"imported short of its own summary:\n{result.output}"
    assert "农行明细.csv, row 2" in result.output and words in result.output, result.output


@pytest.mark.parametrize("summary", ["收入合计：1000.0,支出合计：300.0", "总收入：1000.00,总支出：300", '"总收入：1,000 元"',
                                     "收入合计: 2 笔", "总收入笔数：1"])
def test_such_a_summary_the_rows_agree_with_passes(books, tmp_path, summary):
    result = run(books, tmp_path, summary)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("footer, words", [("收入合计：1500.50,支出合计：300.00", "1,500.50"), ("总支出：350.0", "350.00"),
                                           ("# 收入合计: 2 笔，共 1502.1 元", "1,502.10")])
def test_such_a_total_under_the_rows_is_checked(books, tmp_path, footer, words):
    path = tmp_path / "农行明细.csv"
    path.write_text(f"账户：6222000011112222\r\n{HEAD}\r\n{ROWS}{footer}\r\n", encoding="utf-8-sig")
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 1, f"imported short of its own total:\n{result.output}"
    assert "农行明细.csv, row 5" in result.output and words in result.output, result.output


# ICBC's 人民币合计 row (a label in the first column, the totals under 收入 / 支出) moved above the
# header, as a statement re-arranged in a spreadsheet or printed with its totals first has it:
# its figures were passed over as heading text, and a file short of one of its rows (1,000.00
# of the 1,500.00 the row states) imported without a word.
IN_OUT_HEAD = "交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额"
IN_OUT_ROWS = ("2026-03-02,T1,转账存入,张三,1000.00,,2000.00\r\n"
               "2026-03-03,T2,付款,王五,,300.00,1700.00\r\n")


def run_in_out(books, tmp_path, totals, *args):
    path = tmp_path / "对公明细.csv"
    path.write_text(f"账号：6222000011113333\r\n{totals}\r\n{IN_OUT_HEAD}\r\n{IN_OUT_ROWS}", encoding="utf-8-sig")
    return CliRunner().invoke(cli, ["import", str(books), str(path), "--account", "Assets:Bank:Basic", *args])


@pytest.mark.parametrize("totals, words", [("人民币合计,,,,1500.00,300.00,", "1500.00"), ("合计,,,,\"1,000.00\",350.00,", "350.00")])
def test_a_totals_row_above_the_header_is_checked(books, tmp_path, totals, words):
    result = run_in_out(books, tmp_path, totals)
    assert result.exit_code == 1, f"imported short of its own totals row:\n{result.output}"
    assert "对公明细.csv, row 2" in result.output and words in result.output, result.output
    assert run_in_out(books, tmp_path, totals, "--ignore-summary").exit_code == 0


def test_a_totals_row_above_the_header_the_rows_agree_with_passes(books, tmp_path):
    result = run_in_out(books, tmp_path, "人民币合计,,,,\"1,000.00\",300.00,")
    assert result.exit_code == 0, result.output
    assert "file in +1,000.00, out -300.00" in result.output, result.output
