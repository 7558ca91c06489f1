"""English goods units agree with their quantity on every page that counts goods: "Rice 35
bags", "1 bag" (the honour roll, acknowledgement pages, reports and letters said "35 bag").
The books name the unit in the singular; `unit_en_plural` gives the plural, else a small rule
(publish.labels.english_plural). Chinese units never change."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from ledger.books import load_books
from publish.labels import english_plural, read_names
from publish.model import GoodsItem, Label

ONE_BAG = '''
2026-04-05 * "粮油公司" "捐赠大米一袋"
  fund: "GENERAL"
  donor: "D0004"
  receipt: "JZ-2026-00008"
  valuation: "invoice"
  Assets:Goods                   1 RICE {58.00 CNY}
  Income:Donation:InKind
'''


@pytest.mark.parametrize(("singular", "plural"), [
    ("bag", "bags"), ("drum", "drums"), ("piece", "pieces"), ("case", "cases"), ("box", "boxes"), ("battery", "batteries"),
    ("tray", "trays"), ("kg", "kg"), ("l", "l"), ("cans", "cans"), ("pcs", "pcs"), ("", ""), ("Box", "Box"),
    ("pair of gloves", "pair of gloves"),
])
def test_the_rule(singular, plural):
    assert english_plural(singular) == plural


def test_a_quantity_of_one_is_singular():
    item = GoodsItem("RICE", Label("大米", "Rice"), Label("袋", "bag"), Decimal("1.00"), Decimal("58.00"), Label("袋", "bags"))
    assert item.counted_unit == Label("袋", "bag")
    assert GoodsItem("RICE", item.name, item.unit, Decimal(35), item.value, item.units).counted_unit == Label("袋", "bags")
    assert GoodsItem("RICE", item.name, item.unit, Decimal(35), item.value).counted_unit == Label("袋", "bag")  # no plural known


@pytest.fixture
def site(books_copy, publish_to, tmp_path):
    """The small books with units in the singular, one given its plural, and a gift of one bag."""
    accounts = books_copy / "accounts.beancount"
    text = accounts.read_text("utf-8").replace('unit_en: "bags"', 'unit_en: "bag"')
    text = text.replace('unit_en: "cans"', 'unit_en: "can"\n  unit_en_plural: "tins"')
    accounts.write_text(text, "utf-8")
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text("utf-8") + ONE_BAG, "utf-8")
    names = read_names(load_books(books_copy).entries)
    assert names.units("OIL") == Label("桶", "tins") and names.units("RICE") == Label("袋", "bags")
    out = tmp_path / "site"
    return out, publish_to(out, books_copy)


def test_pages_count_goods_in_the_plural(site):
    out, result = site
    roll = (out / "en" / "donors" / "2026.html").read_text("utf-8")
    assert "Rice 101 bags" in roll and "Cooking oil 50 tins" in roll  # the donor's two gifts of rice, merged
    assert not re.search(r"\b\d+ (bag|can|tins?)\b(?! )", roll.replace("101 bags", "").replace("50 tins", ""))
    assert "大米 101 袋" in (out / "donors" / "2026.html").read_text("utf-8")
    pages = {d.receipt: (out / d.ack_path).read_text("utf-8") for d in result.model.donations if d.goods and d.ack_path}
    assert "Cooking oil 50 tins, Rice 100 bags<" in pages["JZ-2026-00003"] and "食用油 50 桶、大米 100 袋<" in pages["JZ-2026-00003"]
    assert "Rice 1 bag<" in pages["JZ-2026-00008"] and "大米 1 袋" in pages["JZ-2026-00008"]
