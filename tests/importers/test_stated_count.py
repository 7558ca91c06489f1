"""A record count stated under a statement's or bill's rows is checked against the rows read.

A bank statement's 共 3 笔 was passed over with the footer, and a bill's 共3条记录 was not
read (only 共N笔记录 was): a file cut off or with rows deleted by hand imported without a
word. --ignore-summary imports the rows anyway.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli

BANK = ("记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"
        "2026-03-02,CNY,1234.00,11234.00,转账汇款,某某机械厂 6222020000001234,捐赠\n")
WECHAT = ("交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
          "2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥200.00,/,已收钱,4200001\t,/\t,共3笔\n")


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


@pytest.mark.parametrize(("name", "text", "footer"), [("cmb.csv", BANK, "共 3 笔"), ("cmb.csv", BANK, "合计笔数：3"),
                                                     ("wechat.csv", WECHAT, "共3条记录")])
def test_a_count_that_disagrees_is_refused_unless_told(books, tmp_path, name, text, footer):
    f = tmp_path / name
    f.write_text(text + footer + "\n", encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{name}, row 3: the " in result.output and f"says it has 3 records ({footer})" in result.output
    assert "--ignore-summary" in result.output
    forced = run(books, f, "--ignore-summary")
    assert forced.exit_code == 0, forced.output


@pytest.mark.parametrize(("name", "text", "footer"), [("cmb.csv", BANK, "共 1 笔"), ("wechat.csv", WECHAT, "共1条记录")])
def test_a_count_that_agrees_passes(books, tmp_path, name, text, footer):
    f = tmp_path / name
    f.write_text(text + footer + "\n", encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 0, result.output
