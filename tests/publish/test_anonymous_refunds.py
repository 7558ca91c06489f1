"""A refund that names no gift, from a donor who gave a gift anonymous by its entry, is shown
without the donor's name (publish/model_builder.py, `_refunds_of_unknown_gift`).

A company gave ¥777 asking that this gift not carry its name in public, and got it back in
an entry without `refund_of`. The refund stood, named, in donations.csv and on the honour
roll (¥777 off the company's line), beside the only anonymous gift of ¥777 that year: the
anonymous donor was named by their refund."""

from __future__ import annotations

import csv
import io

from ledger.books import load_books
from publish.model_builder import build_public_model
from publish.opendata import csv_files

from .conftest import TEST_SECRET

GIFT_AND_REFUND = """
2026-10-08 * "某某机械制造有限公司" "匿名捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00008"
  anonymous: "public"
  Assets:Bank:Basic              777.00 CNY
  Income:Donation:Enterprise

2026-10-20 * "某某机械制造有限公司" "退还捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00009"{refund_of}
  Assets:Bank:Basic             -777.00 CNY
  Income:Donation:Enterprise
"""


def _model(books_copy, refund_of: str = ""):
    with (books_copy / "txns" / "2026.beancount").open("a", encoding="utf-8") as f:
        f.write(GIFT_AND_REFUND.format(refund_of=refund_of))
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    return build_public_model(books, TEST_SECRET.encode())


def test_a_refund_naming_no_gift_does_not_name_an_anonymous_giver(books_copy):
    model = _model(books_copy)
    refund = next(d for d in model.donations if d.receipt == "JZ-2026-00009")
    assert refund.anonymous and refund.donor_name is None
    roll = next(r for r in model.rolls if r.period.key == "2026")
    company = next(e for g in roll.groups for e in g.entries if e.name == "某某机械")
    assert company.amount == 30000  # its two named gifts, nothing taken off for the anonymous one's refund
    rows = list(csv.DictReader(io.StringIO(_donations_csv(model))))
    named = [r for r in rows if r["donor"] == "某某机械"]
    assert all(not r["amount"].startswith("-") for r in named), named


def test_a_refund_naming_a_named_gift_keeps_its_name(books_copy):
    """With `refund_of` naming the company's named gift, the refund gives back that gift."""
    model = _model(books_copy, '\n  refund_of: "JZ-2026-00001"')
    refund = next(d for d in model.donations if d.receipt == "JZ-2026-00009")
    assert refund.donor_name == "某某机械"


def _donations_csv(model) -> str:
    return csv_files(model)["data/donations.csv"].decode("utf-8-sig")
