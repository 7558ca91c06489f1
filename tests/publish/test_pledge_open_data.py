"""donations.csv says what of a pledge is still to come.

A pledge is booked, and counted as given, when promised (Assets:Receivable:Pledges against
the gift). donations.csv listed a pledge of ¥20,000.00 of which ¥12,000.00 had come as a
gift of 20000.00 like any other: a reader adding up the file took ¥8,000.00 that no bank
held for money given, with nothing in the row to say otherwise. Its `pledge_to_come` column
now says how much is still to come (0.00 once all has come; empty for a gift that is no
pledge).
"""

from __future__ import annotations

import csv

from tests.publish.test_pledge_ack_page import CANCEL, FIRST, PLEDGE, REST


def _rows(books, publish_to, site, *added):
    txns = books / "txns" / "2026.beancount"
    txns.write_text(txns.read_text("utf-8") + "".join(added), "utf-8")
    publish_to(site, books)
    return {r["receipt"]: r for r in csv.DictReader((site / "data" / "donations.csv").open(encoding="utf-8-sig"))}


def test_what_is_still_to_come_of_a_pledge(books_copy, publish_to, tmp_path):
    site = tmp_path / "site"
    rows = _rows(books_copy, publish_to, site, PLEDGE)
    assert rows["JZ-2026-00008"]["amount"] == "20000.00" and rows["JZ-2026-00008"]["pledge_to_come"] == "20000.00"
    assert all(r["pledge_to_come"] == "" for k, r in rows.items() if k != "JZ-2026-00008")
    rows = _rows(books_copy, publish_to, site, FIRST)
    assert rows["JZ-2026-00008"]["pledge_to_come"] == "8000.00"
    rows = _rows(books_copy, publish_to, site, REST)
    assert rows["JZ-2026-00008"]["pledge_to_come"] == "0.00"


def test_what_the_donor_cancelled_is_not_to_come(books_copy, publish_to, tmp_path):
    rows = _rows(books_copy, publish_to, tmp_path / "site", PLEDGE, FIRST, CANCEL)
    assert rows["JZ-2026-00008"]["pledge_to_come"] == "0.00"
    assert rows["JZ-2026-00009"]["amount"] == "-8000.00" and rows["JZ-2026-00009"]["pledge_to_come"] == ""
