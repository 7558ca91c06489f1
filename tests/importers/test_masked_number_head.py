"""A masked account number whose visible first digits are another account's.

A statement's own number is often masked in the middle (6217****2222, 621700******2222). It
was matched on its last visible digits alone: the statement of another card (6217…2222,
say the treasurer's own) was taken for the books' account 6222000011112222, which shares
only the last four digits, and its rows booked there, the money line agreeing. The visible
first digits must now agree too; the number as masked by the books' own bank still picks it.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli
from importers.context import same_number

HEAD = "交易日期,交易时间,交易摘要,交易金额,本次余额,对手信息,日 志 号,交易渠道,交易附言"
ROW = "20260302,101500,转存,+1000.00,2000.00,张三,,超级网银,donation"


@pytest.mark.parametrize("a, b, same", [
    ("6222****2222", "6222000011112222", True), ("6217****2222", "6222000011112222", False),
    ("621700******2222", "6222000011112222", False), ("6222****2222", "622200******2222", True),
    ("6217****2222", "6222****2222", False), ("****2222", "6222000011112222", True),
    ("2222", "6222000011112222", True), ("6222000011112222", "6222000011112222", True),
])
def test_visible_first_digits_must_agree(a, b, same):
    assert same_number(a, b) is same
    assert same_number(b, a) is same


def test_another_card_s_statement_is_not_booked_on_the_account(books, tmp_path):
    path = tmp_path / "农行明细.csv"
    path.write_text(f"账户：6217****2222\r\n{HEAD}\r\n{ROW}\r\n", encoding="utf-8-sig")
    text = (books / "accounts.beancount").read_text(encoding="utf-8")
    (books / "accounts.beancount").write_text(text + '\n2020-01-01 open Assets:Bank:Other CNY\n  account_number: "6228480000009999"\n',
                                              encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 1, f"booked on another account:\n{result.output}"
    assert "6217****2222" in result.output and "no books account is mapped" in result.output


def test_the_account_s_own_masked_number_still_picks_it(books, tmp_path):
    path = tmp_path / "农行明细.csv"
    path.write_text(f"账户：6222****2222\r\n{HEAD}\r\n{ROW}\r\n", encoding="utf-8-sig")
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 0, result.output
    assert "-> Assets:Bank:Basic" in result.output
