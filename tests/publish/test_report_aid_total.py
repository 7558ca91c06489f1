"""The annual report's aid chapter says the year's aid total and households when its table's
total is hidden, as the aid pages do: chapter 一 gave "Households helped 9" and chapter 四's
table showed only * for every category and for its total."""

from __future__ import annotations

import re

from ledger.books import load_books
from publish.annual import report_html
from publish.model_builder import build_public_model

from .conftest import SMALL, TEST_SECRET


def test_the_aid_chapter_states_the_total_its_table_hides():
    model = build_public_model(load_books(SMALL), TEST_SECRET.encode())
    aid_year = next(a for a in model.aid if a.period.key == "2026")
    report = next(r for r in model.reports if r.period.key == "2026")
    assert report.aid.grand.suppressed and not aid_year.households.suppressed
    html = report_html(model, 2026)
    chapter = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[html.index('id="aid"'):html.index('id="roll"')]))
    paid = f"¥{aid_year.paid:,.2f}"
    assert f"本年帮扶支出合计 {paid}，受助 {aid_year.households.value} 户" in chapter
    assert f"Aid paid in the year: {paid}, to {aid_year.households.value} households" in chapter


def test_the_years_report_page_states_the_total_its_aid_table_hides(published):
    """The site's 2026 report, like the PDF's chapter 四, showed * for the aid table's total
    while the overview gave 9 households."""
    from .sitecheck import parse

    out, _ = published
    text = " ".join(parse(out / "en/reports/2026.html").text)
    assert "Aid paid in the year: ¥30,940.00, to 9 households" in text
    assert "本年帮扶支出合计 ¥30,940.00，受助 9 户" in " ".join(parse(out / "reports/2026.html").text)
    # a month's report has no year total to state
    assert "Aid paid in the year" not in " ".join(parse(out / "en/reports/2026-01.html").text)
