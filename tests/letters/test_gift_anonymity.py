"""A donor who asked, on one gift's own entry, that even their letter not name them
(`anonymous: "all"` on the donation): that gift's letter, the yearly statement that lists
it and the record of a refund of it say 匿名捐赠人, whatever the donor's registry entry says.
The donor's other gifts keep their name."""

from __future__ import annotations

import pytest

from ledger.books import load_books
from ledger.registry import gift_asks_no_name_on_letter
from letters.model import build_letters
from publish.model_builder import build_public_model

from .conftest import SECRET

GIFT = """
2026-06-05 * "某某机械制造有限公司" "捐款（不具名）"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00009"
  anonymous: "all"
  source_ref: "B-77"
  Assets:Bank:Basic        3000.00 CNY
  Income:Donation:Enterprise
"""

REFUND = """
2027-01-10 * "某某机械制造有限公司" "退还捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2027-00001"
  refund_of: "JZ-2026-00009"
  Income:Donation:Enterprise   500.00 CNY
  Assets:Bank:Basic
2027-02-01 * "某某机械制造有限公司" "捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2027-00002"
  Assets:Bank:Basic        800.00 CNY
  Income:Donation:Enterprise
"""


def _letters(books_copy, text):
    path = books_copy / "txns" / "2026.beancount"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    return build_letters(books, build_public_model(books, SECRET), donor="D0001")


def test_a_gift_that_asks_all_has_no_name_on_its_letter_nor_on_the_statement(books_copy):
    result = _letters(books_copy, GIFT)
    by_receipt = {x.receipt: x for x in result.letters}
    assert by_receipt["JZ-2026-00009"].donor_name is None and by_receipt["JZ-2026-00009"].anonymous
    assert by_receipt["JZ-2026-00001"].donor_name == "某某机械制造有限公司"  # the other gifts keep the name
    (statement,) = [s for s in result.statements if s.year == 2026]
    assert statement.donor_name is None  # it lists the gift that asked


def test_the_refund_of_such_a_gift_names_no_one_either(books_copy):
    result = _letters(books_copy, GIFT + REFUND)
    (statement,) = [s for s in result.statements if s.year == 2027]
    refund = next(x for x in statement.letters if x.refund)
    assert refund.donor_name is None
    assert statement.donor_name is None


@pytest.mark.parametrize(("value", "no_name"), [
    (None, False), ("none", False), (False, False), ("public", False), (True, False),
    ("all", True), ("yes", True),  # an unclear wish is read as the strictest
])
def test_gift_asks_no_name_on_letter(value, no_name):
    meta = {} if value is None else {"anonymous": value}
    assert gift_asks_no_name_on_letter(meta) is no_name
