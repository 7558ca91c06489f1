"""Goods in stock booked at no value are named on the statement as the site names them.

The site's reports say "另有未估值的库存物资…：大米 35 袋" / "Rice 35 bags" (the commodity's
name_zh / name_en and unit_zh / unit_en); the auditors' statement said "35 RICE", a code the
auditor had to look up before tying the two.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

import beanquery
import pytest

from cli.serve import make_app
from ledger.books import load_books
from tests.fava.samples import write_books

REGISTRY = ""

TXNS = """
2026-01-01 commodity RICE
  name_zh: "大米"
  name_en: "Rice"
  unit_zh: "袋"
  unit_en: "bag"

2026-01-01 commodity COAT
  name_zh: "棉衣"
  name_en: "Winter coat"
  unit_zh: "件"
  unit_en: "coat"

2026-01-01 commodity OIL

2026-02-01 * "大米捐赠（未估值）"
  fund: "GENERAL"
  Assets:Goods   35 RICE {0 CNY}
  Income:Donation:InKind  0 CNY

2026-02-02 * "棉衣捐赠（未估值）"
  fund: "GENERAL"
  Assets:Goods   1 COAT {0 CNY}
  Income:Donation:InKind  0 CNY

2026-02-03 * "油捐赠（未估值）"
  fund: "GENERAL"
  Assets:Goods   4 OIL {0 CNY}
  Income:Donation:InKind  0 CNY
"""


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    return write_books(tmp_path_factory.mktemp("goods") / "books", REGISTRY, TXNS)


def _held(books) -> dict[str, Decimal]:
    loaded = load_books(books)
    conn = beanquery.connect("beancount:", entries=loaded.entries, errors=loaded.errors, options=loaded.options)
    rows = conn.execute("SELECT currency, sum(number) AS n WHERE account ~ '^Assets:Goods' GROUP BY currency").fetchall()
    return {c: n for c, n in rows if n}


def test_unvalued_goods_are_named_as_the_site_names_them(books):
    fava = make_app(books)
    page = fava.app.test_client().get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": "statement"}).get_data(as_text=True)
    note = re.search(r'<span class="note" id="unvalued-goods">(.*?)</span></td>', page, re.S)
    assert note, page[:3000]
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", note.group(1))))
    held = _held(books)
    assert held == {"RICE": 35, "COAT": 1, "OIL": 4}
    assert f"大米 {held['RICE']} 袋 Rice {held['RICE']} bags" in text
    assert f"棉衣 {held['COAT']} 件 Winter coat {held['COAT']} coat" in text  # one: the singular
    assert f"OIL {held['OIL']}" in text  # a commodity the books name nothing for: its code
    assert f"{held['RICE']} RICE" not in text
