"""A file that is another bank's statement by its title is refused naming that bank.

A finance officer who picks the ICBC layout for a 中国建设银行 statement (Fava's import page
lets them), or imports a statement of a bank relief has no layout for (民生银行), was told
the file was "not a 工商银行借记卡明细 statement" or of an "unknown format" and sent to
export it again with all its columns, which no new export of that bank mends. The title line
names the bank: the message now says which, and that relief has no layout for it (or which
layout it has for that bank).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from importers.bank import BankStatementImporter
from importers.errors import ImportProblem
from importers.profiles import builtin_profiles

CMBC = ("民生银行个人账户交易明细\r\n账号：622909000011112222\r\n"
       "记账日,交易说明,存入,支取,结余,对方名称,对方账号\r\n"
       "2026-03-02,转账,1000.00,,2000.00,张三,6222000000001111\r\n")
CCB = ("中国建设银行个人活期账户全部交易明细\r\n"
       "序号,摘要,币别,钞汇,交易日期,交易金额,账户余额,交易地点/附言,对方账号与户名\r\n"
       "1,转账存入,人民币元,钞,20260302,1000.00,2000.00,网上银行,6222000000001111/张三\r\n")


def _write(tmp_path: Path, text: str, name: str = "statement.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8-sig")
    return path


def test_a_bank_without_a_layout_is_named_from_the_title(books, tmp_path):
    result = CliRunner().invoke(cli, ["import", str(books), str(_write(tmp_path, CMBC))])
    assert result.exit_code == 1, result.output
    assert "statement.csv, row 1" in result.output and "民生银行" in result.output, result.output
    assert "relief has no layout for 民生银行" in result.output, result.output
    assert "export the file again with all its columns" not in result.output


def test_another_bank_s_statement_fed_to_a_layout_names_the_bank(tmp_path):
    icbc = next(p for p in builtin_profiles() if p.id == "icbc-debit")
    ccb_file = _write(tmp_path, CCB.replace("个人活期账户全部交易明细", "对公账户交易明细").replace("币别,钞汇,", "币种,"))
    with pytest.raises(ImportProblem) as caught:
        BankStatementImporter(icbc).parse(str(ccb_file))
    message = caught.value.message
    assert "中国建设银行" in message and "row 1" in message and "工商银行借记卡明细" in message, message
    assert "its title" in message, message


@pytest.mark.parametrize("title", ["户名：中国建设银行北京分行工会委员会", "账户明细", "中国建设银行北京分行工会捐赠登记表",
                                   "个人网上银行交易明细"])
def test_a_bank_named_as_the_holder_or_no_bank_keeps_the_message(tmp_path, title):
    icbc = next(p for p in builtin_profiles() if p.id == "icbc-debit")
    path = _write(tmp_path, CMBC.replace("民生银行个人账户交易明细", title))
    with pytest.raises(ImportProblem) as caught:
        BankStatementImporter(icbc).parse(str(path))
    assert "this is not a 工商银行借记卡明细 statement" in caught.value.message
    assert "its title" not in caught.value.message
