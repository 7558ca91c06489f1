"""A donor's yearly statement lists the year's negative donations as lines taken off the
total, each marked "退还" / "refund" with the note "标为“退还”的一行是本中心退还给您的款项":
the cancelled rest of a pledge and a gift corrected down (booked too high) were marked so too,
telling the donor the centre had sent them money it never received. They are now marked as
what they are, with the gift they lower."""

from __future__ import annotations

from letters.make import make_letters

from .conftest import SECRET, pdf_text, squash
from .test_pledge_letter import CANCEL, PAID, PLEDGE
from .test_refunds import _with_refund

LOWERED = """
2026-06-10 * "某某机械制造有限公司" "更正：捐款多记"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00011"
  correction: "JZ-2026-00001"
  Income:Donation:Enterprise   1000.00 CNY
  Assets:Bank:Basic
"""


def test_the_statement_marks_corrections_and_cancellations_as_such(books_copy, letters_out):
    books = _with_refund(books_copy, PLEDGE + PAID + CANCEL + LOWERED)
    result = make_letters(books, letters_out, SECRET, donor="D0001", statements=True, jobs=1)
    (statement,) = result.letters.statements
    text = squash(pdf_text(letters_out / statement.relpath))
    assert "取消认捐（JZ-2026-00009）" in text and "更正（JZ-2026-00001）" in text, text
    assert "退还" not in text, text  # no money went back to the donor
    assert "标为“更正”的一行是多记而更正的金额" in text and "标为“取消认捐”的一行是您取消的认捐" in text, text
