"""A refund goes back the way its payment was paid (原路退回).

A purchase of 100.00 paid through WeChat Pay by the centre's card, refunded in the same bill
by a row whose 支付方式 reads "/" (or is empty), had its refund booked into the WeChat Pay
balance: the balance 100.00 too high, the card 100.00 too low (and the card statement's
refund row then booked on its own). A refund that names no method now moves the account its
paired payment was paid from; one that names its method is booked as it says.
"""

from __future__ import annotations

from decimal import Decimal

from beancount.core import data

from ledger.books import load_books

from .test_conservation import WECHAT_HEADER, bill, extract, moved

CONFIG = ("from importers.config import importers_for_books, renumber_receipts\n"
          "CONFIG = importers_for_books(__file__, accounts={'1234': 'Assets:Bank:Basic'})\nHOOKS = [renumber_receipts]\n")
PAID = "2026-03-06 10:00:00,商户消费,某超市,大米,支出,¥100.00,中国银行储蓄卡(1234),已全额退款,6000005\t,M5\t,/"


def test_a_refund_naming_no_method_goes_back_to_the_card(books, tmp_path):
    (books / "import_config.py").write_text(CONFIG, encoding="utf-8")
    rows = [PAID, "2026-03-08 10:00:00,商户消费-退款,某超市,大米,收入,¥100.00,/,已退款,6000006\t,M5\t,/"]
    (result,) = extract(load_books(books), [bill(tmp_path, "wx.csv", WECHAT_HEADER, rows)])
    assert result.conserved
    assert moved([result]) == {}  # out of the card and back to it; the balance untouched
    refund = next(e for e in result.new if isinstance(e, data.Transaction) and e.meta.get("refund_of"))
    (card,) = [p for p in refund.postings if p.account == "Assets:Bank:Basic"]
    assert card.units.number == Decimal("100.00") and card.meta["funding"] == "中国银行储蓄卡(1234)"


def test_a_refund_naming_its_method_is_booked_as_it_says(books, tmp_path):
    (books / "import_config.py").write_text(CONFIG, encoding="utf-8")
    rows = [PAID, "2026-03-08 10:00:00,商户消费-退款,某超市,大米,收入,¥100.00,零钱,已退款,6000006\t,M5\t,/"]
    (result,) = extract(load_books(books), [bill(tmp_path, "wx.csv", WECHAT_HEADER, rows)])
    assert moved([result]) == {"Assets:Bank:Basic": Decimal("-100.00"), "Assets:Online:WeChat": Decimal("100.00")}


def test_a_lone_refund_naming_no_method_goes_back_to_the_card_its_payment_in_the_books_used(books, tmp_path):
    """The refund in April's bill, the card payment in March's, already in the books."""
    from importers.run import write_import

    (books / "import_config.py").write_text(CONFIG, encoding="utf-8")
    march = bill(tmp_path, "march.csv", WECHAT_HEADER, [PAID])
    write_import(load_books(books), extract(load_books(books), [march]))
    back = "2026-04-02 10:00:00,商户消费-退款,某超市,大米,收入,¥100.00,/,已退款,6000006\t,M5\t,/"
    (result,) = extract(load_books(books), [bill(tmp_path, "april.csv", WECHAT_HEADER, [back])])
    assert result.conserved
    refund = next(e for e in result.new if isinstance(e, data.Transaction))
    assert refund.meta["refund_of"] == "wechat:6000005"
    assert moved([result]) == {"Assets:Bank:Basic": Decimal("100.00")}
