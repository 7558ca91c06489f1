"""Alipay names a payment made with a coupon by its method and the coupon: 账户余额&红包,
花呗&红包, 中国银行储蓄卡(1234)&碰一下立减. The amount is what the method paid.

Such a method was not known as the balance nor as the mapped card: a purchase of 40.00 from
the Alipay balance was booked to the clearing account, flagged, with a note asking to map
'余额&红包' (the balance's own money left out of the balance), and one paid by the mapped card
did not reach the card's account, so the card statement's row found nothing to link to. The
part after & that is a discount (红包, 优惠, 立减, 券, 折扣 …) now leaves the method as it is.
"""

from __future__ import annotations

from decimal import Decimal

from beancount.core import data

from ledger.books import load_books

from .test_conservation import ALIPAY_HEADER, bill, extract

CONFIG = ("from importers.config import importers_for_books, renumber_receipts\n"
          "CONFIG = importers_for_books(__file__, accounts={'1234': 'Assets:Bank:Basic'})\nHOOKS = [renumber_receipts]\n")


def test_a_coupon_beside_the_method_leaves_the_method(books, tmp_path):
    (books / "import_config.py").write_text(CONFIG, encoding="utf-8")
    rows = ["2026-03-04 10:00:00,日用百货,某超市,/,面粉,支出,40.00,账户余额&红包,交易成功,20260304001\t,T2\t,,",
            "2026-03-05 10:00:00,日用百货,某超市,/,大米,支出,60.00,中国银行储蓄卡(1234)&碰一下立减,交易成功,20260305001\t,T3\t,,",
            "2026-03-06 10:00:00,日用百货,某超市,/,油,支出,30.00,余额&优惠券,交易成功,20260306001\t,T4\t,,"]
    (result,) = extract(load_books(books), [bill(tmp_path, "ali.csv", ALIPAY_HEADER, rows)])
    assert result.conserved
    paid = [next(p for p in e.postings if p.account.startswith("Assets:")) for e in result.new
            if isinstance(e, data.Transaction)]
    assert [(p.account, p.units.number) for p in paid] == [("Assets:Online:Alipay", Decimal("-40.00")),
                                                           ("Assets:Bank:Basic", Decimal("-60.00")),
                                                           ("Assets:Online:Alipay", Decimal("-30.00"))]
    assert not any("is not mapped" in n for n in result.report.notes), result.report.notes


def test_two_sources_of_money_are_still_not_guessed(books, tmp_path):
    """招商银行储蓄卡(0932)&余额宝: two accounts paid, in parts the bill does not give."""
    (books / "import_config.py").write_text(CONFIG, encoding="utf-8")
    rows = ["2026-03-04 10:00:00,日用百货,某超市,/,面粉,支出,40.00,中国银行储蓄卡(1234)&余额宝,交易成功,20260304001\t,T2\t,,"]
    (result,) = extract(load_books(books), [bill(tmp_path, "ali.csv", ALIPAY_HEADER, rows)])
    (entry,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert entry.flag == "!" and any(p.account == "Assets:Clearing:Alipay" for p in entry.postings)
    assert any("'中国银行储蓄卡(1234)&余额宝' names two sources of money" in n for n in result.report.notes)


def test_the_personal_balance_as_newer_bills_name_it_is_the_balance(books, tmp_path):
    """Newer Alipay bills write 账户余额(个人余额) (and 账户余额(个人余额)&红包): it went to the
    clearing account, flagged, as an unmapped card would."""
    rows = ["2026-03-04 10:00:00,日用百货,某超市,/,面粉,支出,40.00,账户余额(个人余额),交易成功,20260304001\t,T2\t,,",
            "2026-03-05 10:00:00,日用百货,某超市,/,大米,支出,60.00,账户余额（个人余额）&红包,交易成功,20260305001\t,T3\t,,"]
    (result,) = extract(load_books(books), [bill(tmp_path, "ali.csv", ALIPAY_HEADER, rows)])
    paid = [p.account for e in result.new if isinstance(e, data.Transaction)
            for p in e.postings if p.account.startswith("Assets:")]
    assert paid == ["Assets:Online:Alipay", "Assets:Online:Alipay"]


def test_a_payment_naming_no_method_says_it_was_booked_from_the_balance(books, tmp_path):
    """An Alipay 支出 row succeeded with its 收/付款方式 empty (as in the real 2023 sample) was
    booked from the balance with nothing on the entry saying that was a guess."""
    rows = ["2026-03-04 10:00:00,日用百货,某超市,/,面粉,支出,40.00,,交易成功,20260304001\t,T2\t,,",
            "2026-03-05 10:00:00,日用百货,某超市,/,大米,支出,60.00,余额,交易成功,20260305001\t,T3\t,,"]
    (result,) = extract(load_books(books), [bill(tmp_path, "ali.csv", ALIPAY_HEADER, rows)])
    blank, named = [e for e in result.new if isinstance(e, data.Transaction)]
    assert blank.meta["note"].startswith("the bill names no 收/付款方式: booked as paid from the Alipay balance")
    assert "note" not in named.meta
