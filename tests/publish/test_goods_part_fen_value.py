"""Goods whose quantity × cost is not a whole fen (12.345 kg at 5.60 = 69.132), booked as a
donation of 69.13 (the donation register rounds the value to the fen, as money is).

The public model carried the goods at 69.132: the acknowledgement page of a gift of goods
alone read ¥69.13（其中物资 ¥69.13 为入账价值…） ("of which ¥69.13 is the goods' value"), as if
something else made up the gift, the open data's model said 69.13200, and the letter's money
besides the goods came to -0.002. The goods' value is now the one booked, to the fen.
"""

from __future__ import annotations

from decimal import Decimal

from ledger.books import load_books
from letters.model import build_letters
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET
from .sitecheck import visible_text

GIFT = """
2026-10-08 * "粮油公司" "捐赠大米"
  fund: "GENERAL"
  donor: "D0004"
  receipt: "JZ-2026-00008"
  Assets:Goods                   12.345 RICE {5.60 CNY}
  Income:Donation:InKind        -69.13 CNY
"""


def test_goods_of_a_part_fen_value_are_shown_at_the_value_booked(books_copy, publish_to, tmp_path):
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(GIFT)
    result = publish_to(tmp_path / "site", books_copy)
    (gift,) = [d for d in result.model.donations if d.receipt == "JZ-2026-00008"]
    assert [g.value for g in gift.goods] == [Decimal("69.13")] and gift.goods_value == gift.amount
    page = visible_text(tmp_path / "site" / gift.ack_path)
    assert "¥69.13（物资的入账价值" in page and "其中物资" not in page
    books = load_books(books_copy)
    letters = {x.receipt: x for x in build_letters(books, build_public_model(books, TEST_SECRET.encode()),
                                                   donor="D0004").letters}
    assert letters["JZ-2026-00008"].amount is None
