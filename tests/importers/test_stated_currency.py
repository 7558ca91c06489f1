"""A statement whose currency is stated once, above its header (币种：美元), not in a column.

A Chinese debit card holds a sub-account per currency under the one card number; the export
of its USD sub-account from a layout without a currency column (ABC's) says USD only in the
lines above the header. relief read every row as the profile's CNY and booked 1,000.00
dollars as 1,000.00 yuan into the CNY account, the dry run's money line agreeing. The
preamble's currency is now the rows' currency where the file has no currency column: such a
statement is refused for a CNY account, naming the row and the heading, and an account
opened in that currency takes it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli

HEAD = "交易日期,交易时间,交易摘要,交易金额,本次余额,对手信息,日 志 号,交易渠道,交易附言"
ROW = "20260302,101500,转存,+1000.00,2000.00,JOHN SMITH,369396693,超级网银,donation"


def _statement(tmp_path: Path, heading: str) -> Path:
    path = tmp_path / "农行明细.csv"
    path.write_text(f"{heading}\r\n{HEAD}\r\n{ROW}\r\n", encoding="utf-8-sig")
    return path


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


@pytest.mark.parametrize("heading", ["账户：6222000011112222,币种：美元,钞汇：现汇", "账号: 6222000011112222  币种: USD",
                                     "Account: 6222000011112222,Currency: USD"])
def test_a_statement_in_dollars_by_its_heading_is_not_booked_as_yuan(books, tmp_path, heading):
    result = run(books, _statement(tmp_path, heading))
    assert result.exit_code == 1, f"dollars booked as yuan:\n{result.output}"
    assert "row 3" in result.output and "USD, as the statement's heading says" in result.output
    assert "holds only CNY" in result.output and "1000.00 CNY" not in result.output


def test_an_account_opened_in_dollars_takes_it_in_dollars(books, tmp_path):
    text = (books / "accounts.beancount").read_text(encoding="utf-8")
    (books / "accounts.beancount").write_text(text + "\n2020-01-01 open Assets:Bank:USD USD\n", encoding="utf-8")
    result = run(books, _statement(tmp_path, "账户：6222000011112222,币种：美元"), "--account", "Assets:Bank:USD")
    assert result.exit_code == 0, result.output
    assert "Assets:Bank:USD" in result.output and "1000.00 USD" in result.output and "1000.00 CNY" not in result.output


@pytest.mark.parametrize("heading", ["账户：6222000011112222,币种：人民币", "账户：6222000011112222,币种：全部",
                                     "账户：6222000011112222"])
def test_a_statement_in_yuan_or_stating_no_one_currency_is_read_as_before(books, tmp_path, heading):
    result = run(books, _statement(tmp_path, heading))
    assert result.exit_code == 0, result.output
    assert "1000.00 CNY" in result.output


def test_a_sub_account_line_naming_dollars_is_not_booked_as_yuan(books, tmp_path):
    """兴业银行's 交易明细 names the currency in its sub-account line only (卡内账户 | 003
    活期储蓄存款 美元 现汇; deb-sig's CIB samples, tests/importers/real/unsupported/): read
    with a profile, its dollars were booked as so many yuan."""
    result = run(books, _statement(tmp_path, "账户账号,6222000011112222\r\n卡内账户,003 活期储蓄存款 美元 现汇"))
    assert result.exit_code == 1, f"dollars booked as yuan:\n{result.output}"
    assert "row 4" in result.output and "USD, as the statement's heading says" in result.output
    assert "1000.00 CNY" not in result.output


def test_a_sub_account_line_naming_yuan_is_yuan(books, tmp_path):
    """卡内账户 001 活期储蓄存款 人民币: the CNY sub-account, imported as it always was."""
    result = run(books, _statement(tmp_path, "账户账号,6222000011112222\r\n卡内账户,001 活期储蓄存款 人民币"))
    assert result.exit_code == 0, result.output
    assert "1000.00 CNY" in result.output


def test_an_account_line_naming_no_currency_says_nothing(books, tmp_path):
    """账户类型：单位基本存款账户 names no currency: the rows are the profile's CNY."""
    result = run(books, _statement(tmp_path, "账户：6222000011112222,账户类型：单位基本存款账户"))
    assert result.exit_code == 0, result.output
