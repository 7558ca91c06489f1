"""A statement whose rows change currency part way down, under a heading (币种：美元).

Some online banking sites export every sub-account of a card on one sheet, one block under
another: the CNY rows, then a line `币种：美元` (often with the column header again), then
the USD rows. The line and the repeated header were skipped as a page break and the dollar
rows booked as so many yuan, the money line agreeing. Such a heading between the rows now
refuses the file, naming the line; a sub-account's or an account type's name that merely
holds 美元 or 现汇 (子账户：美元 现汇, a payee 美元现汇结算部) is no currency heading.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli

HEAD = "交易日期,交易时间,交易摘要,交易金额,本次余额,对手信息,日 志 号,交易渠道,交易附言"
CNY_ROWS = ("20260302,101500,转存,+1000.00,2000.00,张三,369396693,超级网银,donation\r\n"
            "20260303,101500,转存,+500.00,2500.00,李四,369396694,超级网银,donation\r\n")
USD_ROWS = ("20260304,101500,转存,+100.00,100.00,JOHN SMITH,369396695,超级网银,donation\r\n"
            "20260305,101500,转存,+200.00,300.00,JANE DOE,369396696,超级网银,donation\r\n")


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "农行明细.csv"
    path.write_text(text, encoding="utf-8-sig")
    return path


@pytest.mark.parametrize("heading", ["币种：美元", "币种: USD", "账号：6222000011112222,币种：美元,钞汇：现汇"])
@pytest.mark.parametrize("header_again", [True, False])
def test_a_block_of_dollars_under_a_heading_is_not_booked_as_yuan(books, tmp_path, heading, header_again):
    again = HEAD + "\r\n" if header_again else ""
    path = _write(tmp_path, f"账户：6222000011112222,币种：人民币\r\n{HEAD}\r\n{CNY_ROWS}{heading}\r\n{again}{USD_ROWS}")
    result = run(books, path)
    assert result.exit_code == 1, f"dollars booked as yuan:\n{result.output}"
    assert "农行明细.csv, row 5" in result.output
    assert "USD" in result.output and "yuan" in result.output
    assert "100.00 CNY" not in result.output and "is not a date" not in result.output


def test_a_heading_of_the_statement_s_own_currency_between_pages_is_a_page_break(books, tmp_path):
    path = _write(tmp_path, f"账户：6222000011112222,币种：人民币\r\n{HEAD}\r\n{CNY_ROWS}币种：人民币\r\n{HEAD}\r\n"
                            + USD_ROWS.replace("+100.00,100.00", "+100.00,2600.00").replace("+200.00,300.00", "+200.00,2800.00"))
    result = run(books, path)
    assert result.exit_code == 0, result.output
    assert "200.00 CNY" in result.output


@pytest.mark.parametrize("line", ["子账户：美元 现汇", "账户类型：美元现汇结算户", "账户类型,美元现汇结算户,子账户类别: 活期"])
def test_a_sub_account_or_account_type_naming_dollars_is_no_currency_heading(books, tmp_path, line):
    rows = CNY_ROWS.replace("张三", "美元现汇结算部工会")
    path = _write(tmp_path, f"账户：6222000011112222\r\n{line}\r\n{HEAD}\r\n{rows}{line}\r\n{HEAD}\r\n"
                            + USD_ROWS.replace("+100.00,100.00", "+100.00,2600.00").replace("+200.00,300.00", "+200.00,2800.00"))
    result = run(books, path)
    assert result.exit_code == 0, f"refused for a name:\n{result.output}"
    assert "1000.00 CNY" in result.output and "美元现汇结算部工会" in result.output
