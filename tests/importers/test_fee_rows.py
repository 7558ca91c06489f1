"""Fees the platform or the bank charges are bank fees, whoever the row names as counterparty.

A 手续费 row whose 交易对方 is 微信支付 (or 支付宝, or the bank itself) was taken for a
payment to that payee and proposed on Liabilities:Payable for a person to decide, and a fee
given back (手续费返还) from them for a gift with a receipt; only a fee with no
counterparty went to Expenses:Operations:BankFees.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

WECHAT = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
ALIPAY = "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n"
BANK = "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def test_platform_and_bank_fees_go_to_bank_fees(books, tmp_path):
    wechat = tmp_path / "wechat.csv"
    wechat.write_text(WECHAT + "2026-03-07 10:00:00,手续费,微信支付,提现手续费,支出,¥0.10,零钱,支付成功,4200003\t,/\t,/\n"
                      "2026-03-08 10:00:00,手续费,微信支付,手续费返还,收入,¥0.10,零钱,已到账,4200004\t,/\t,/\n",
                      encoding="utf-8")
    alipay = tmp_path / "alipay.csv"
    alipay.write_text(ALIPAY + "2026-03-07 10:00:00,其他,支付宝（中国）网络技术有限公司,/,收钱码服务费,支出,1.50,余额,交易成功,"
                      "2026030722001400009\t,\t,,\n", encoding="utf-8")
    bank = tmp_path / "cmb.csv"
    bank.write_text(BANK + "2026-03-02,CNY,1234.00,11234.00,转账汇款,某某机械厂 6222020000001234,捐赠\n"
                    "2026-03-03,CNY,-10.00,11224.00,手续费,中国工商银行股份有限公司北京分行,汇款手续费\n", encoding="utf-8")
    result = run(books, wechat, alipay, bank)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Expenses:Operations:BankFees   0.10 CNY" in out and "Expenses:Operations:BankFees  -0.10 CNY" in out
    assert "Expenses:Operations:BankFees   1.50 CNY" in out and "Expenses:Operations:BankFees   10.00 CNY" in out
    assert "Liabilities:Payable" not in out and "donor-proposal" not in out
    assert "JZ-2026-00002" not in out  # the one receipt is the gift's


def test_a_service_charge_paid_through_a_platform_is_a_payment(books, tmp_path):
    """支付宝-某某物业 is a payee reached through Alipay: its 物业服务费 is for a person to classify."""
    bank = tmp_path / "cmb.csv"
    bank.write_text(BANK + "2026-03-02,CNY,1234.00,11234.00,转账汇款,某某机械厂 6222020000001234,捐赠\n"
                    "2026-03-03,CNY,-300.00,10934.00,快捷支付,支付宝-某某物业,物业服务费\n", encoding="utf-8")
    result = run(books, bank)
    assert result.exit_code == 0, result.output
    assert "Liabilities:Payable   300.00 CNY" in result.output and "BankFees" not in result.output
