"""The letter of a gift of which nothing stands (returned in full, or a pledge cancelled in
full) invited the donor to ask for an official donation receipt (公益事业捐赠票据, the
document a tax deduction needs) for it: "如需开具，请凭收据编号 … 联系本中心财务部门", for money
that went back or never came. It now says no such receipt is issued for it."""

from __future__ import annotations

from letters.make import make_letters

from .conftest import SECRET, pdf_text, squash
from .test_pledge_letter import CANCEL_ALL, PLEDGE
from .test_refunds import _with_refund

REFUND_ALL = """
2026-06-10 * "某某机械制造有限公司" "退还捐款"
  fund: "EDU-2026"
  donor: "D0001"
  receipt: "JZ-2026-00009"
  refund_of: "JZ-2026-00007"
  Income:Donation:Enterprise   107000.53 CNY
  Assets:Bank:Basic
"""
ASK = "如需开具"


def _text(books_copy, letters_out, added, receipt):
    books = _with_refund(books_copy, added)
    make_letters(books, letters_out, SECRET, donor="D0001", jobs=1)
    return squash(pdf_text(letters_out / "2026" / f"{receipt}.pdf"))


def test_a_gift_returned_in_full_is_offered_no_tax_receipt(books_copy, letters_out):
    text = _text(books_copy, letters_out, REFUND_ALL, "JZ-2026-00007")
    assert "本笔捐赠已全额退还。" in text, text  # the letter is the one of the refunded gift
    assert ASK not in text, text
    assert "本笔捐赠已全额退还，本中心不就其开具公益事业捐赠票据" in text, text


def test_a_pledge_cancelled_in_full_is_offered_no_tax_receipt(books_copy, letters_out):
    text = _text(books_copy, letters_out, PLEDGE + CANCEL_ALL, "JZ-2026-00009")
    assert ASK not in text, text
    assert "认捐已全部取消，本中心不就其开具公益事业捐赠票据" in text, text


def test_a_gift_that_stands_is_still_offered_one(books_copy, letters_out):
    text = _text(books_copy, letters_out, "", "JZ-2026-00007")
    assert ASK in text and "不就其开具" not in text, text
