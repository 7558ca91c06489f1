"""A WeChat Pay bill with a service-charge column (服务费(元)) books the charge, not the gross.

Merchant-side and newer bills add the column; the amount is the gross and the charge comes
off it, as in the older Alipay layout. Read without it, the balance would be booked 6.00 too
high on a 1000.00 gift and the bill's movement would not match the platform's balance.
"""

from __future__ import annotations

from decimal import Decimal

from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books

BILL = ("微信支付账单明细,,,,,,,,,,,\n共3笔记录,,,,,,,,,,,\n"
        "----------------------微信支付账单明细列表--------------------,,,,,,,,,,,\n"
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,服务费(元),备注\n"
        "2026-03-05 10:00:00,商户收款,王小明,/,收入,¥1000.00,/,已收钱,4200000001\t,/\t,¥6.00,/\n"
        "2026-03-06 10:00:00,商户消费,某超市,大米,支出,¥100.00,零钱,支付成功,4200000002\t,/\t,¥1.00,/\n"
        "2026-03-07 09:00:00,零钱提现,招商银行(1234),/,/,¥200.00,招商银行(1234),提现已到账,4200000003\t,/\t,¥0.20,/\n")


def test_service_charge_column_is_booked(books, tmp_path):
    path = tmp_path / "wechat.csv"
    path.write_text(BILL, encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is None, result.problem
    assert result.conserved
    moved: dict[str, Decimal] = {}
    for e in result.new:
        if isinstance(e, data.Transaction):
            for p in e.postings:
                moved[p.account] = moved.get(p.account, Decimal(0)) + p.units.number
    assert moved["Assets:Online:WeChat"] == Decimal("1000.00") - 6 - 100 - 1 - 200
    assert moved["Expenses:Operations:BankFees"] == Decimal("7.20")
    assert moved["Income:Donation:Individual"] == Decimal("-1000.00")
