"""A bill's amount with a thousands comma written without quotes (¥1,000.00) is refused.

The CSV split it at its comma: the amount read ¥1 and the next column 000.00, so a gift of
1,000.00 was booked as 1.00 paid by a card named '000.00', without a word.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

WECHAT = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"


def test_an_unquoted_thousands_comma_in_a_bill_is_refused(books, tmp_path):
    f = tmp_path / "wechat.csv"
    f.write_text(WECHAT + "2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥200.00,/,已收钱,4200000\t,/\t,/\n"
                 "2026-03-06 10:00:00,二维码收款,王小明,/,收入,¥1,000.00,/,已收钱,4200001\t,/\t,/\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(f)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "wechat.csv, row 3" in result.output
    assert "'¥1,000.00' is an amount whose thousands comma is not inside quotes" in result.output
    assert "export the bill again" in result.output
    assert "1.00 CNY" not in result.output
