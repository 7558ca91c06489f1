"""Bills that overlap (one cut at a month boundary, the next exported from a day inside it):
each movement of money is booked once, whichever bill lists it."""

from __future__ import annotations

from decimal import Decimal

from tests.importers.test_behaviour import extract, txns

HEAD = ("微信支付账单明细,,,,,,,,,,\n,,,,,,,,,,\n"
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n")
PAYMENT = "2026-03-27 10:00:00,商户消费,某超市,大米,支出,¥80.00,零钱,{status},P1\t,M5\t,/\n"
FIRST_REFUND = "2026-03-30 10:00:00,商户消费-退款,某超市,大米,收入,¥20.00,零钱,已退款,R1\t,M5\t,/\n"
LATER_REFUND = "2026-04-02 10:00:00,商户消费-退款,某超市,大米,收入,¥60.00,零钱,已退款,R2\t,M5\t,/\n"


def test_a_pair_refunded_in_full_across_two_overlapping_bills_books_the_later_refund(books, tmp_path):
    march = tmp_path / "march.csv"
    march.write_text(HEAD + PAYMENT.format(status="已退款(¥20.00)") + FIRST_REFUND, encoding="utf-8")
    overlap = tmp_path / "overlap.csv"
    overlap.write_text(HEAD + PAYMENT.format(status="已全额退款") + FIRST_REFUND + LATER_REFUND, encoding="utf-8")
    first, second = extract(books, march, overlap)
    assert [t.postings[0].units.number for t in txns(first)] == [Decimal("-80.00"), Decimal("20.00")]
    # netted as a pair, all three rows were skipped and the 60.00 that came back on 04-02,
    # in no other bill, was never booked
    (later,) = txns(second)
    assert later.meta["source_ref"] == "wechat:R2" and later.meta["refund_of"] == "wechat:P1"
    assert later.postings[0].units.number == Decimal("60.00")
    assert len(second.duplicates) == 2 and not second.report.skipped


def test_a_pair_refunded_in_full_in_one_bill_is_booked_row_by_row(books, tmp_path):
    overlap = tmp_path / "overlap.csv"
    overlap.write_text(HEAD + PAYMENT.format(status="已全额退款") + FIRST_REFUND + LATER_REFUND, encoding="utf-8")
    (r,) = extract(books, overlap)
    assert r.report.skipped == []
    assert [(t.postings[0].units.number, t.meta.get("refund_of")) for t in txns(r)] == [
        (Decimal("-80.00"), None), (Decimal("20.00"), "wechat:P1"), (Decimal("60.00"), "wechat:P1")]


def test_a_refund_listed_again_by_an_overlapping_bill_is_in_the_books_once(books, tmp_path):
    """The first bill holds a payment and its full refund; the next, cut at another day,
    lists only the refund. Netted as a pair, the first bill left nothing in the books, and
    the second booked the refund alone: the books were 80.00 up."""
    march = tmp_path / "march.csv"
    march.write_text(HEAD + PAYMENT.format(status="已全额退款") + FIRST_REFUND.replace("¥20.00", "¥80.00"), encoding="utf-8")
    later = tmp_path / "later.csv"
    later.write_text(HEAD + FIRST_REFUND.replace("¥20.00", "¥80.00"), encoding="utf-8")
    first, second = extract(books, march, later)
    assert sum(t.postings[0].units.number for t in txns(first)) == Decimal("0.00") and len(txns(first)) == 2
    assert txns(second) == [] and len(second.duplicates) == 1
