"""A refund is paired with its payment only within a year and with the same counterparty.

Bills edited by hand (test samples) and platforms reusing an order number a year later give
two transactions the same 交易订单号 / 商家订单号: a refund was paired with an old payment of
another counterparty by the id alone. Paired with a gift in the books, a store's 不计收支
refund of 100.00 was booked as the gift going back out (-100.00 where 100.00 came in), under
refund_of naming a gift nobody gave back. Such a refund is now not paired, and the dry run
says why, with its amount. (WeChat Pay takes no refund of a payment more than a year old.)
"""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest
from beancount.core import data

from importers.run import write_import
from ledger.books import load_books

from .test_conservation import ALIPAY_HEADER, WECHAT_HEADER, bill, extract, moved

OLD_GIFT = "2026-01-05 10:00:00,收入,李四,138******01,收钱码收款,收入,100.00,,交易成功,2026010522001400001\t,M0001\t,,"
#: the store's refund of a purchase: its id starts with the old gift's, as a refund's id does
STORE_BACK = ("2026-04-02 10:00:00,退款,文具店,shop@x.com,退款-文具,不计收支,100.00,余额,退款成功,"
              "2026010522001400001_2026040200001\t,M0001\t,,")


@pytest.fixture
def target(tmp_path, books_template):
    root = tmp_path / "books"
    shutil.copytree(books_template, root)
    return root


def _with_gift(target, tmp_path, gift=OLD_GIFT):
    write_import(load_books(target), extract(load_books(target), [bill(tmp_path, "old.csv", ALIPAY_HEADER, [gift])]))


def _refund(result) -> data.Transaction:
    (entry,) = [e for e in result.new if isinstance(e, data.Transaction)]
    return entry


def test_a_refund_from_another_counterparty_is_not_paired_with_a_gift_in_the_books(target, tmp_path):
    _with_gift(target, tmp_path)
    (result,) = extract(load_books(target), [bill(tmp_path, "april.csv", ALIPAY_HEADER, [STORE_BACK])])
    entry = _refund(result)
    assert "refund_of" not in entry.meta and entry.flag == "!"
    assert entry.meta["note"] == ("refund_of not known: alipay:2026010522001400001 (2026-01-05, 李四) in the books shares "
                                  "its id, but that payment is of another counterparty: the id was used again")
    assert moved([result]) == {"Assets:Online:Alipay": Decimal("100.00")}  # money back, not out
    assert result.conserved
    assert any("row 2: a refund of 100.00 (交易对方 文具店) is not paired with alipay:2026010522001400001 (2026-01-05, 李四) in the books"
               in n and "another counterparty" in n for n in result.report.notes), result.report.notes


def test_a_refund_more_than_a_year_after_the_payment_is_not_paired(target, tmp_path):
    _with_gift(target, tmp_path)
    late = STORE_BACK.replace("2026-04-02", "2027-03-02").replace("文具店", "李四")
    (result,) = extract(load_books(target), [bill(tmp_path, "later.csv", ALIPAY_HEADER, [late])])
    entry = _refund(result)
    assert "refund_of" not in entry.meta
    assert any("a refund of 100.00 (交易对方 李四) is not paired with alipay:2026010522001400001 (2026-01-05, 李四) in the books" in n
               and "more than 365 days" in n for n in result.report.notes), result.report.notes


def test_the_refund_of_the_same_counterparty_within_a_year_is_still_paired(target, tmp_path):
    _with_gift(target, tmp_path)
    back = STORE_BACK.replace("文具店", "李四")
    (result,) = extract(load_books(target), [bill(tmp_path, "april.csv", ALIPAY_HEADER, [back])])
    assert _refund(result).meta["refund_of"] == "alipay:2026010522001400001"
    assert moved([result]) == {"Assets:Online:Alipay": Decimal("-100.00")}  # the gift given back


def test_a_reused_merchant_id_in_one_bill_does_not_pair_a_refund_with_another_payment(target, tmp_path):
    """One WeChat Pay bill: a purchase from 文具店 and, under the same 商户单号, a refund from 书店."""
    rows = ["2026-03-02 10:00:00,商户消费,文具店,文具,支出,80.00,零钱,支付成功,4200000001\t,M7\t,/",
            "2026-03-20 10:00:00,退款,书店,书,收入,80.00,零钱,已退款,4200000099\t,M7\t,/"]
    (result,) = extract(load_books(target), [bill(tmp_path, "wx.csv", WECHAT_HEADER, rows)])
    refund = next(e for e in result.new if isinstance(e, data.Transaction) and e.payee == "书店")
    assert "refund_of" not in refund.meta and refund.flag == "!"
    assert refund.meta["note"] == ("refund_of not known: row 2 (2026-03-02, 文具店) shares its id, but that payment is of "
                                   "another counterparty: the id was used again")
    assert not any("refunded in full by row 3" in n or "neither in this bill" in n for n in result.report.notes)
    assert any("a refund of 80.00 (交易对方 书店) is not paired with row 2 (2026-03-02, 文具店)" in n for n in result.report.notes)
    assert moved([result]) == {"Assets:Online:WeChat": Decimal("0.00")} or moved([result]) == {}


def test_a_reused_order_id_a_year_apart_in_one_bill_is_not_paired(target, tmp_path):
    rows = ["2026-02-01 10:00:00,日用百货,文具店,/,文具,支出,80.00,余额,交易成功,2026020122001\t,M7\t,",
            "2027-03-20 10:00:00,退款,文具店,/,退款-文具,不计收支,80.00,余额,退款成功,2026020122001_01\t,M7\t,"]
    (result,) = extract(load_books(target), [bill(tmp_path, "ali.csv", ALIPAY_HEADER, rows)], verify_summary=False)
    refund = next(e for e in result.new if isinstance(e, data.Transaction) and e.date.year == 2027)
    assert "refund_of" not in refund.meta
    assert any("a refund of 80.00 (交易对方 文具店) is not paired with row 2 (2026-02-01, 文具店)" in n
               and "more than 365 days" in n for n in result.report.notes), result.report.notes


def test_a_refund_is_paired_with_the_payment_whose_status_states_it_under_another_name(target, tmp_path):
    """aqni/beancount-daoru's WeChat Pay bill (tests/importers/real/wechat/wechat-daoru-2019.xlsx):
    a payment to 美团 of 50.71, status 已退款(￥0.11), and on the same day its refund of 0.11
    from 美团平台商户, both under 交易单号 123456, which an older payment uses too. The refund
    was left unpaired (美团 is not 美团平台商户; the old payment is more than a year before),
    and the payment's note said the bill had no refund row for it, to be found in next
    month's bill. The payment whose own status states the refund, by its amount, under the
    same id and within a year, is its payment whatever it calls the counterparty."""
    rows = ["2023-07-09 13:25:22,商户消费,美团平台商户,美团订单-12345,支出,¥9.90,零钱,支付成功,123456\t,654321\t,/",
            "2025-12-10 17:27:37,美团平台商户-退款,美团平台商户,美团平台商户,收入,¥0.11,零钱,已退款￥0.11,123456 ,,/",
            "2025-12-10 17:19:40,商户消费,美团,物美-美团App,支出,¥50.71,零钱,已退款(￥0.11),123456 ,123456 ,/"]
    (result,) = extract(load_books(target), [bill(tmp_path, "wx.csv", WECHAT_HEADER, rows)])
    refund = next(e for e in result.new if isinstance(e, data.Transaction) and e.payee == "美团平台商户"
                  and e.date.year == 2025)
    assert refund.meta["refund_of"] == "wechat:123456"
    assert not any("no refund row" in n or "is not paired" in n for n in result.report.notes), result.report.notes
    assert any("row 4: 50.71 paid, refunded 0.11 by row 3" in n for n in result.report.notes), result.report.notes
    assert moved([result]) == {"Assets:Online:WeChat": Decimal("-60.50")}
    assert result.conserved


def test_a_status_stating_another_amount_does_not_pair_a_refund_under_another_name(target, tmp_path):
    """The status must state the refund's own amount: 已退款(￥0.20) is not a refund of 0.11."""
    rows = ["2025-12-10 17:27:37,美团平台商户-退款,美团平台商户,美团平台商户,收入,¥0.11,零钱,已退款￥0.11,123456 ,,/",
            "2025-12-10 17:19:40,商户消费,美团,物美-美团App,支出,¥50.71,零钱,已退款(￥0.20),123456 ,123456 ,/"]
    (result,) = extract(load_books(target), [bill(tmp_path, "wx.csv", WECHAT_HEADER, rows)])
    refund = next(e for e in result.new if isinstance(e, data.Transaction) and e.payee == "美团平台商户")
    assert "refund_of" not in refund.meta
