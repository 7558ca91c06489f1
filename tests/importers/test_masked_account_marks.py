"""Account numbers masked with other marks than asterisks: 6222xxxx0258, 6222＊＊＊＊0258
(full-width, as a Chinese input method types it), 6222…0258, 6222····0258.

Only `*` counted as a mask: the payer's masked card number 6222xxxx0258 went into the
proposed donor's `accounts` as 62220258, a number nobody has, which once confirmed would
take any other card masked the same way for that donor's (their gifts receipted to them).
These marks now count as masks in account numbers; a masked number is never proposed as a donor's account.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli
from importers.values import is_masked_number

HEAD = "记账日期,记账时间,币别,金额,余额,交易名称,渠道,网点名称,附言,对方账户名,对方卡号/账号,对方开户行,借记卡号"


@pytest.mark.parametrize("text", ["6222xxxx0258", "6222XXXXXXXX0258", "6222＊＊＊＊0258", "6222…0258", "6222····0258",
                                  "6222******0258"])
def test_other_mask_marks_count(text):
    assert is_masked_number(text)


@pytest.mark.parametrize("text", ["6222000000000258", "Maxxx Co.", "1,000.00", "张三", "xx公司"])
def test_plain_cells_are_not_masked(text):
    assert not is_masked_number(text)


@pytest.mark.parametrize("account", ["6222xxxx0258", "6222＊＊＊＊0258"])
def test_a_masked_payer_account_is_not_proposed_as_the_donor_s(books, tmp_path, account):
    path = tmp_path / "中行明细.csv"
    path.write_text("\r\n".join(["中国银行交易流水明细单", HEAD, f'2026-03-05,12:24:20,人民币,"3,000.00","4,000.00",转账汇入,'
                                 f"手机银行,-,捐赠,赵六,{account},-,2222"]) + "\r\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 0, result.output
    assert 'custom "donor-proposal"' in result.output and "赵六" in result.output
    assert "accounts:" not in result.output, result.output


SPECIAL = '\n2026-01-01 open Assets:Bank:Special CNY\n  bank: "icbc"\n  account_number: "6217000000006222"\n'


@pytest.mark.parametrize("number", ["6222xxxx2222", "6222＊＊＊＊2222", "6222XXXXXXXX2222", "6222…2222"])
def test_the_statement_s_own_number_masked_with_other_marks_picks_its_account(books, tmp_path, number):
    """Read up to its mask, 6222xxxx2222 was the number 6222, which ends the number of
    another account (6217000000006222): the statement was booked there."""
    with (books / "accounts.beancount").open("a", encoding="utf-8") as fh:
        fh.write(SPECIAL)
    path = tmp_path / "农行明细.csv"
    path.write_text(f"账户：{number}\r\n交易日期,交易时间,交易摘要,交易金额,本次余额,对手信息,日 志 号,交易渠道,交易附言\r\n"
                    "20260302,101500,转存,+1000.00,2000.00,张三,,超级网银,donation\r\n", encoding="utf-8-sig")
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 0, result.output
    assert "-> Assets:Bank:Basic" in result.output, result.output
