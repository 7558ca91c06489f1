"""The aid page names the years of the books in which no aid was paid.

The aid page lists aid by year, one row per year with aid. Books of 2024 (goods handed out),
2025 (gifts only: nothing paid out, the money kept for the next year) and 2026 (aid paid
from what was carried) listed 2026 and 2024, and 2025 was not on the page, nor why: a reader
could not tell a year with no aid from a year left off. The page now says no aid was paid in
2025, linking that year's report.
"""

from __future__ import annotations

import re

LATER = """
2027-03-01 * "某某机械制造有限公司" "捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2027-00001"
  Assets:Bank:Basic        500.00 CNY
  Income:Donation:Enterprise
"""


def test_a_year_without_aid_is_named(books_copy, publish_to, tmp_path):
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(LATER)
    out = tmp_path / "site"
    result = publish_to(out, books_copy)
    assert [ay.period.key for ay in result.model.aid] == ["2026"]
    for prefix, said in (("", "2027年没有帮扶支出"), ("en/", "No aid was paid in 2027")):
        text = re.sub(r"<[^>]+>", "", (out / prefix / "aid" / "index.html").read_text("utf-8"))
        assert said in text, (prefix, text)
        assert "reports/2027.html" in (out / prefix / "aid" / "index.html").read_text("utf-8")


def test_no_note_when_every_year_paid_aid(published):
    out, _ = published
    text = (out / "en" / "aid" / "index.html").read_text("utf-8")
    assert "No aid was paid" not in text
