"""One card, one number, a sub-account per currency: each statement goes to its currency's account.

兴业银行 gives a card one number (账户账号) and keeps a sub-account per currency under it
(卡内账户 001 活期储蓄存款 人民币, 002 … 港币 现汇; deb-sig's real samples), one statement
each. A centre that opens both in its books, each with the card's number as its
account_number, had both statements refused as "for account 6222…, which no books account is
mapped to", when two were. The statement now goes to the account of the number that holds
its currency; where that does not tell them apart, the message names the accounts that share
the number.
"""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner

from cli import cli

NUMBER = "6222000011112222"  # the books' basic account's number (conftest)
HEAD = ["交易时间", "记账日", "支出", "收入", "账户余额", "摘要", "对方户名", "对方银行", "对方账号", "用途", "交易渠道", "备注"]


def _statement(tmp_path, name: str, sub: str, amount: str):
    path = tmp_path / f"{name}.xlsx"
    book = openpyxl.Workbook()
    for row in (["兴业银行交易明细"], [], ["账户户名", "帮扶中心"], ["账户账号", NUMBER], ["卡内账户", sub],
                ["起始日期", "2026-03-01"], ["截止日期", "2026-03-31"], [], HEAD,
                ["2026-03-04 10:00:00", "2026-03-04", "", amount, amount, "汇款汇入", "王小明", "工商银行", "6222020000001234",
                 "捐款", "网上银行", ""]):
        book.active.append(row)
    book.save(path)
    return path


def _open_both(books, hkd_currencies: str = "HKD") -> None:
    accounts = books / "accounts.beancount"
    text = accounts.read_text(encoding="utf-8")
    assert f'account_number: "{NUMBER}"' in text
    accounts.write_text(text + f'\n2026-01-01 open Assets:Bank:HKD {hkd_currencies}\n  name_zh: "港币户"\n'
                        f'  account_number: "{NUMBER}"\n', encoding="utf-8")


def test_each_sub_accounts_statement_goes_to_the_account_of_its_currency(books, tmp_path):
    _open_both(books)
    cny = CliRunner().invoke(cli, ["import", str(books), str(_statement(tmp_path, "cny", "001 活期储蓄存款 人民币", "500.00"))])
    assert cny.exit_code == 0, cny.output
    assert "-> Assets:Bank:Basic" in cny.output and "500.00 CNY" in cny.output, cny.output
    hkd = CliRunner().invoke(cli, ["import", str(books), str(_statement(tmp_path, "hkd", "002 活期储蓄存款 港币 现汇", "1000.00"))])
    assert hkd.exit_code == 0, hkd.output
    assert "-> Assets:Bank:HKD" in hkd.output and "1000.00 HKD" in hkd.output, hkd.output


def test_accounts_sharing_a_number_that_the_currency_does_not_tell_apart_are_named(books, tmp_path):
    _open_both(books, hkd_currencies="CNY,HKD")
    result = CliRunner().invoke(cli, ["import", str(books), str(_statement(tmp_path, "cny", "001 活期储蓄存款 人民币", "500.00"))])
    assert result.exit_code == 1, result.output
    assert f"the statement is for account {NUMBER}, which 2 books accounts share (Assets:Bank:Basic, Assets:Bank:HKD)" \
        in result.output, result.output
    assert "no books account is mapped to" not in result.output, result.output
    assert "give --account Assets:Bank:" in result.output, result.output


def test_a_cny_statement_given_to_the_foreign_currency_account_is_pointed_to_the_cny_one(books, tmp_path):
    """The CNY sub-account's statement given with --account Assets:Bank:HKD was refused with the
    advice for a foreign-currency statement: 'import the CNY account's statement instead ... or
    enter the donation by hand in CNY at the bank's rate', when it is that statement. It now
    names the account that holds CNY."""
    _open_both(books)
    path = _statement(tmp_path, "cny", "001 活期储蓄存款 人民币", "500.00")
    result = CliRunner().invoke(cli, ["import", str(books), str(path), "--account", "Assets:Bank:HKD"])
    assert result.exit_code == 1, result.output
    assert "row 10: the row is in CNY, as the statement's heading says (1 row(s) in CNY), but Assets:Bank:HKD holds " \
        "only HKD" in result.output, result.output
    assert "give the --account that holds CNY (Assets:Bank:Basic)" in result.output, result.output
    assert "import the CNY account's statement instead" not in result.output, result.output
    hkd = CliRunner().invoke(cli, ["import", str(books), str(_statement(tmp_path, "hkd", "002 活期储蓄存款 港币 现汇", "1000.00")),
                                   "--account", "Assets:Bank:Basic"])
    assert hkd.exit_code == 1, hkd.output
    assert "import the CNY account's statement instead" in hkd.output, hkd.output
    assert "or give the --account that holds HKD (Assets:Bank:HKD)" in hkd.output, hkd.output
