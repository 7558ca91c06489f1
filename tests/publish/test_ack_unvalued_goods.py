"""Goods whose entry does not say how they were valued (no `valuation`) are booked at a
value all the same, and the site publishes it. Their letter states no value ("物资未经估值，
本函不载明其价值" / "The goods were not valued; this letter states no value for them"), and its
QR code led to a page that said, as for any gift, 金额 ¥580.00 / Amount ¥580.00: the donor read
two documents that seemed to disagree. The page now says that the amount is the goods'
value as booked and why the letter states none; goods valued by their entry get no such note.
"""

from __future__ import annotations

from ledger.books import load_books
from letters.model import build_letters
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET
from .sitecheck import visible_text

UNVALUED = """
2026-10-08 * "粮油公司" "捐赠大米"
  fund: "GENERAL"
  donor: "D0004"
  receipt: "JZ-2026-00008"
  Assets:Goods                   10 RICE {58.00 CNY}
  Income:Donation:InKind

2026-10-09 * "粮油公司" "捐赠大米和现金"
  fund: "GENERAL"
  donor: "D0004"
  receipt: "JZ-2026-00009"
  Assets:Goods                   5 RICE {58.00 CNY}
  Assets:Bank:Basic            100.00 CNY
  Income:Donation:InKind      -290.00 CNY
  Income:Donation:Enterprise  -100.00 CNY
"""

NOTE_ZH = "账目未载明其估值依据，故致谢函不载明其价值"
NOTE_EN = "the books do not say how it was established, so your letter states no value for them"


def test_the_page_of_unvalued_goods_says_why_it_shows_a_value_the_letter_does_not(books_copy, publish_to, tmp_path):
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(UNVALUED)
    result = publish_to(tmp_path / "site", books_copy)
    pages = {d.receipt: visible_text(tmp_path / "site" / d.ack_path) for d in result.model.donations if d.ack_path}
    goods_only, mixed, valued = pages["JZ-2026-00008"], pages["JZ-2026-00009"], pages["JZ-2026-00003"]
    assert f"¥580.00（物资的入账价值；{NOTE_ZH}）" in goods_only
    assert f"¥580.00 (the goods' value as booked: {NOTE_EN})" in goods_only
    assert f"¥390.00（其中物资 ¥290.00 为入账价值；{NOTE_ZH}）" in mixed
    assert f"¥390.00 (of which ¥290.00 is the goods' value as booked: {NOTE_EN})" in mixed
    assert NOTE_ZH not in valued and NOTE_EN not in valued  # valuation: "invoice"
    # ... and the letters indeed state no value for them (the goods-only one, no amount at all)
    books = load_books(books_copy)
    letters = {x.receipt: x for x in build_letters(books, build_public_model(books, TEST_SECRET.encode()),
                                                   donor="D0004").letters}
    assert letters["JZ-2026-00008"].amount is None and letters["JZ-2026-00008"].valuation is None
    assert letters["JZ-2026-00009"].amount == 100 and letters["JZ-2026-00003"].valuation == "invoice"
