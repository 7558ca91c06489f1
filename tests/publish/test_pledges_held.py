"""A pledge not yet paid is held, but it is no money: the statement says how much.

A company pledged 20,000.00 to EDU-2026 (Assets:Receivable:Pledges against the gift) and
paid 12,000.00 of it. The overview, the reports and the annual report said the centre held
its closing balance, "of which goods in stock" the only part named, and statement.csv's
`goods_held` column was documented as "the rest being money": 8,000.00 that no bank held was
read as money held. The closing balance now names what in it is still to be received
(pledges and approved allocations), on the pages, in the annual report and in statement.csv.
"""

from __future__ import annotations

import csv
import html
import re
from decimal import Decimal

from publish.annual import report_html

PLEDGE = """
2026-06-01 * "某某机械" "认捐金秋助学"
  fund: "EDU-2026"
  donor: "D0001"
  receipt: "JZ-2026-00008"
  Assets:Receivable:Pledges    20000.00 CNY
  Income:Donation:Enterprise

2026-06-15 * "某某机械" "认捐第一期到账"
  fund: "EDU-2026"
  Assets:Bank:Basic            12000.00 CNY
  Assets:Receivable:Pledges
"""


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_a_pledge_not_yet_paid_is_named_in_the_closing_balance(books_copy, publish_to, tmp_path):
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text("utf-8") + "\n" + PLEDGE, "utf-8")
    site = tmp_path / "site"
    result = publish_to(site, books_copy)
    assert result.model.overview.all_time.receivable == Decimal("8000.00")
    said_zh = "结存含尚未收到的应收款项（认捐、已批准的拨款） ¥8,000.00。"
    said_en = "The balance held includes ¥8,000.00 pledged or allocated but not yet received."
    for page in ("index.html", "reports/2026.html", "reports/2026-06.html", "funds/index.html"):
        assert said_zh in _text((site / page).read_text("utf-8")), page
        assert said_en in _text((site / "en" / page).read_text("utf-8")), page
    assert "年末结余含尚未收到的应收款项（认捐、已批准的拨款） ¥8,000.00" in _text(report_html(result.model, 2026))
    rows = list(csv.DictReader((site / "data" / "statement.csv").open(encoding="utf-8-sig")))
    closing = next(r for r in rows if (r["period"], r["fund_id"], r["line"]) == ("2026", "TOTAL", "closing"))
    assert closing["receivable_held"] == "8000.00"
    first = next(r for r in rows if (r["period"], r["fund_id"], r["line"]) == ("2026-Q1", "TOTAL", "closing"))
    assert first["receivable_held"] == "0.00"
    # all funds' opening and closing lines say it (an opening line, as the period before closed:
    # test_years_chain.py); every other line leaves it empty
    assert all(r["receivable_held"] == "" for r in rows if r["line"] not in ("opening", "closing") or r["fund_id"] != "TOTAL")
    q3 = next(r for r in rows if (r["period"], r["fund_id"], r["line"]) == ("2026-Q3", "TOTAL", "opening"))
    q2 = next(r for r in rows if (r["period"], r["fund_id"], r["line"]) == ("2026-Q2", "TOTAL", "closing"))
    assert q3["receivable_held"] == "8000.00" == q2["receivable_held"]
