"""A gift whose fund is written on its income line rather than on the entry.

`fund` on a posting is the posting's fund (ledger.funds.posting_fund), and the rule
fund_declared accepts an entry whose postings all name one fund. The statement counted such a
gift of 10,000.00 in EDU-2026, but its acknowledgement page and letter said it went to "no
fund named" (未指定基金, "unrestricted: used for all of the centre's relief work"),
donations.csv gave it no fund_id, and Fava's receipt register no fund: the donor of a
restricted gift was told it was unrestricted, and the file no longer added up to the
statement by fund.
"""

from __future__ import annotations

import csv

from ledger.audit.receipts import donations
from ledger.books import load_books
from letters.model import build_letters
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET

GIFT = """
2026-06-10 * "宏达集团" "助学捐款"
  donor: "D0001"
  receipt: "JZ-2026-00008"
  Assets:Bank:Basic             10000.00 CNY
  Income:Donation:Enterprise   -10000.00 CNY
    fund: "EDU-2026"
"""


def test_a_gift_with_its_fund_on_the_income_line_is_of_that_fund(books_copy, publish_to, tmp_path):
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text("utf-8") + "\n" + GIFT, "utf-8")
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    model = build_public_model(books, TEST_SECRET.encode())
    [gift] = [d for d in model.donations if d.receipt == "JZ-2026-00008"]
    assert gift.fund.id == "EDU-2026"
    [letter] = [x for x in build_letters(books, model).letters if x.receipt == "JZ-2026-00008"]
    assert letter.fund_restricted and letter.donation.fund.id == "EDU-2026"
    [register] = [d for d in donations(books.entries, books.registry) if d.receipt == "JZ-2026-00008"]
    assert register.fund == "EDU-2026"

    site = tmp_path / "site"
    publish_to(site, books_copy)
    rows = list(csv.DictReader((site / "data" / "donations.csv").open(encoding="utf-8-sig")))
    assert [r["fund_id"] for r in rows if r["receipt"] == "JZ-2026-00008"] == ["EDU-2026"]
    page = (site / gift.ack_path).read_text("utf-8")
    assert "未指定基金" not in page and model.fund("EDU-2026").ref.name.zh in page
