"""A pledge's letter (a gift booked on Assets:Receivable:Pledges when promised, its money
coming later against the pledge): the letter was dated on the pledge's day and said "您的捐赠
已如实记入本中心账簿" for ¥20,000.00 when nothing, or ¥12,000.00, had come in. A donor expects
thanks for the pledge, what of it has arrived and what is still to come; the letter now says
so, and is signed on the day of the last payment it states (as a letter stating a refund is)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from letters.make import make_letters

from .conftest import SECRET, pdf_text, squash
from .test_refunds import _with_refund

PLEDGE = """
2026-07-01 * "某某机械制造有限公司" "认捐金秋助学"
  fund: "EDU-2026"
  donor: "D0001"
  receipt: "JZ-2026-00009"
  Assets:Receivable:Pledges    20000.00 CNY
  Income:Donation:Enterprise
"""
PAID = """
2026-07-15 * "某某机械制造有限公司" "认捐第一期到账"
  fund: "EDU-2026"
  Assets:Bank:Basic            12000.00 CNY
  Assets:Receivable:Pledges
"""
PAID_DAY = datetime.date(2026, 7, 15)
REST = """
2026-08-03 * "某某机械制造有限公司" "认捐第二期到账"
  fund: "EDU-2026"
  Assets:Bank:Basic             8000.00 CNY
  Assets:Receivable:Pledges
"""


def _letter(books_copy, letters_out, text):
    from pypdf import PdfReader

    books = _with_refund(books_copy, text)
    result = make_letters(books, letters_out, SECRET, donor="D0001", jobs=1)
    (letter,) = [x for x in result.letters.letters if x.receipt == "JZ-2026-00009"]
    path = letters_out / "2026" / "JZ-2026-00009.pdf"
    return letter, squash(pdf_text(path)), PdfReader(str(path)).metadata["/CreationDate"]


def test_a_pledge_in_part_paid_says_what_came_and_what_is_to_come(books_copy, letters_out):
    letter, text, created = _letter(books_copy, letters_out, PLEDGE + PAID)
    assert "衷心感谢您于2026年7月1日向" in text and "认捐" in text, text
    assert "您的捐赠已如实记入" not in text
    assert "已到账¥12,000.00（2026年7月15日）" in text and "尚有¥8,000.00未到账" in text, text
    assert letter.signed.isoformat() == "2026-07-15" and created.startswith("D:20260715")


def test_a_pledge_with_nothing_come_yet_says_so(books_copy, letters_out):
    letter, text, _ = _letter(books_copy, letters_out, PLEDGE)
    assert "截至本函日期，认捐款项尚未到账" in text, text
    assert letter.signed.isoformat() == "2026-07-01"


def test_a_pledge_paid_in_full_says_so_and_is_signed_on_the_last_payment(books_copy, letters_out):
    letter, text, _ = _letter(books_copy, letters_out, PLEDGE + PAID + REST)
    assert "已到账¥12,000.00（2026年7月15日）；¥8,000.00（2026年8月3日）" in text and "认捐款项已全部到账" in text, text
    assert letter.signed.isoformat() == "2026-08-03"


def test_a_gift_of_money_is_thanked_as_before(books_copy, letters_out):
    books = _with_refund(books_copy, PLEDGE + PAID)
    make_letters(books, letters_out, SECRET, donor="D0001", jobs=1)
    text = squash(pdf_text(letters_out / "2026" / "JZ-2026-00001.pdf"))
    assert "您的捐赠已如实记入" in text and "认捐" not in text and "到账" not in text


CANCEL = """
2026-08-20 * "某某机械制造有限公司" "认捐余款取消"
  fund: "EDU-2026"
  donor: "D0001"
  receipt: "JZ-2026-00010"
  correction: "JZ-2026-00009"
  Income:Donation:Enterprise    8000.00 CNY
  Assets:Receivable:Pledges
"""


def test_a_pledge_cut_short_does_not_count_the_cancelled_rest_as_received(books_copy, letters_out):
    """The company paid ¥12,000.00 and cancelled the rest: the cancelling entry (the donation
    line taken back against the pledge) was read as a payment, and the letter said
    已到账 ¥12,000.00；¥8,000.00 and 认捐款项已全部到账 for money that never came."""
    letter, text, _ = _letter(books_copy, letters_out, PLEDGE + PAID + CANCEL)
    assert letter.pledge_paid == ((PAID_DAY, Decimal("12000.00")),)
    assert "已到账¥12,000.00（2026年7月15日）" in text and "已到账¥12,000.00（2026年7月15日）；" not in text, text
    assert "已取消¥8,000.00（2026年8月20日）" in text and "认捐的其余部分已取消" in text, text
    assert "认捐款项已全部到账" not in text and "未到账" not in text
    assert letter.signed.isoformat() == "2026-08-20"


IN_GOODS = """
2026-07-20 * "某某机械制造有限公司" "认捐物资到账"
  fund: "EDU-2026"
  donor: "D0001"
  Assets:Goods                   100 RICE {80.00 CNY}
  Assets:Receivable:Pledges    -8000.00 CNY
"""


def test_a_pledge_paid_in_money_and_goods_says_both_came(books_copy, letters_out):
    # "认捐款项已全部到账" (the money has all come) when 8,000.00 of it was rice
    letter, text, _ = _letter(books_copy, letters_out, PLEDGE + PAID + IN_GOODS)
    assert letter.pledge_came == "mixed"
    assert "已收到款物" in text and "认捐款物已全部收到" in text, text
    assert "认捐款项已全部到账" not in text


def test_a_pledge_paid_in_goods_only_says_goods_came(books_copy, letters_out):
    pledge = PLEDGE.replace("20000.00 CNY", "8000.00 CNY")
    letter, text, _ = _letter(books_copy, letters_out, pledge + IN_GOODS)
    assert letter.pledge_came == "goods"
    assert "已收到物资" in text and "认捐物资已全部收到" in text, text
    assert "款项已全部到账" not in text


def test_a_cancelled_pledge_is_not_said_corrected(books_copy, letters_out):
    """The cancelled rest of a pledge was on the letter twice: under 已取消 and again under
    已更正 (¥8,000.00, correction receipt …) with 更正后，本笔捐赠为 ¥12,000.00: the donor who
    cancelled read that the centre had corrected a booking error."""
    letter, text, _ = _letter(books_copy, letters_out, PLEDGE + PAID + CANCEL)
    assert "已取消¥8,000.00（2026年8月20日）" in text, text
    assert "已更正" not in text and "更正后" not in text and "Corrected" not in text, text
    assert "correction receipt" not in text and "更正收据编号" not in text, text


CANCEL_ALL = """
2026-08-20 * "某某机械制造有限公司" "认捐取消"
  fund: "EDU-2026"
  donor: "D0001"
  receipt: "JZ-2026-00010"
  correction: "JZ-2026-00009"
  Income:Donation:Enterprise    20000.00 CNY
  Assets:Receivable:Pledges
"""


def test_a_pledge_cancelled_in_full_is_not_said_corrected(books_copy, letters_out):
    letter, text, _ = _letter(books_copy, letters_out, PLEDGE + CANCEL_ALL)
    assert "已取消¥20,000.00（2026年8月20日）" in text, text
    assert "经更正" not in text and "已更正" not in text and "After the correction" not in text, text
    # and nothing came: not "the rest of the pledge was cancelled"
    assert "认捐已全部取消" in text and "其余部分" not in text, text
