"""WeChat Pay / Alipay balances reconcile against their bills (#12): the bill's net movement
over its own stated days, and the days no bill covers."""

from __future__ import annotations

import datetime
from decimal import Decimal

from click.testing import CliRunner

from ledger.books import load_books
from ledger.cli import cli
from ledger.init_books import init_books
from ledger.reconcile.period import parse_period
from ledger.reconcile.report import build_report

BILL = (
    "微信支付账单明细\n起始时间：[2024-03-01 00:00:00] 终止时间：[2024-03-20 23:59:59]\n"
    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
    "2024-03-05 10:00:00,二维码收款,某某机械制造有限公司,/,收入,¥200.00,/,已收钱,4200001,/,/\n"
    "2024-03-06 10:00:00,商户消费,某商店,文具,支出,¥35.00,中国银行(1234),支付成功,4200002,M2,/\n"
    "2024-03-07 10:00:00,商户消费,某商店,纸,支出,¥15.00,零钱,支付成功,4200003,M3,/\n"
)


def _books(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2024)
    with (main.parent / "registry" / "donors.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2024-01-01 custom "donor" "D0001" "enterprise"\n  name: "某某机械制造有限公司"\n')
    bill = tmp_path / "wechat.csv"
    bill.write_text(BILL, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(main), str(bill), "--write"])
    assert result.exit_code == 0, result.output
    assert "money Assets:Online:WeChat: file in +200.00, out -15.00, net +185.00" in result.output
    return main


def test_an_imported_bill_reconciles_its_balance_and_covers_its_stated_days(tmp_path):
    main = _books(tmp_path)
    report = build_report(load_books(main), parse_period("2024-03"))
    (online,) = [a for a in report.accounts if a.account == "Assets:Online:WeChat"]
    assert online.kind == "online" and online.ok, online.problem
    # the card-paid row is not the balance: the bill's net on the balance is 200 - 15
    assert online.statement == online.books_at_statement == Decimal("185.00")
    gaps = [g for g in report.gaps if g.account == "Assets:Online:WeChat"]
    assert [(g.start, g.end) for g in gaps] == [(datetime.date(2024, 3, 21), datetime.date(2024, 3, 31))]


def test_an_entry_the_bill_does_not_have_is_found(tmp_path):
    main = _books(tmp_path)
    with (main.parent / "txns" / "2024.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2024-03-10 * "手工录入"\n  fund: "GENERAL"\n  Assets:Online:WeChat  -0.01 CNY\n  Expenses:Operations:BankFees  0.01 CNY\n')
    report = build_report(load_books(main), parse_period("2024-03"))
    (online,) = [a for a in report.accounts if a.account == "Assets:Online:WeChat"]
    assert not online.ok and "difference -0.01" in online.problem


def test_a_balance_used_without_a_bill_is_a_problem(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2024)
    with (main.parent / "txns" / "2024.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2024-01-01 open Assets:Online:Alipay CNY\n'
                '2024-03-10 * "手工录入"\n  fund: "GENERAL"\n  Assets:Online:Alipay  -1.00 CNY\n  Expenses:Operations:BankFees  1.00 CNY\n')
    report = build_report(load_books(main), parse_period("2024-03"))
    (online,) = [a for a in report.accounts if a.account == "Assets:Online:Alipay"]
    assert not online.ok and "no bill" in online.problem
