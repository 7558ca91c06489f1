"""Shares of a sources or uses table: a part of a whole, or none at all."""

from __future__ import annotations

import re
from decimal import Decimal

from ledger.books import load_books
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET
from .sitecheck import parse

# A year with no gifts, only a refund of a gift of 2026: its sources are union funding and a
# negative line (individual donations), so the year's total is less than one of its parts.
LATER = '''
2027-01-05 * "工会经费拨入"
  fund: "GENERAL"
  Assets:Bank:Basic   10000.00 CNY
  Income:Union

2027-02-01 * "李红梅" "退还2026年捐款"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2027-00001"
  refund_of: "JZ-2026-00004"
  Assets:Bank:Basic   -500.00 CNY
  Income:Donation:Individual
'''


def _add_2027(books_copy):
    (books_copy / "txns" / "2027.beancount").write_text(LATER, encoding="utf-8")
    main = books_copy / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + '\ninclude "txns/2027.beancount"\n', encoding="utf-8")
    return books_copy


def _sources(text: str) -> str:
    return text[text.index("Sources"):text.index("Uses")]


def test_no_shares_when_a_line_is_below_zero_and_the_page_says_why(books_copy, tmp_path, publish_to):
    """2027's report and overview gave union funding 105.3% and individual donations -5.3%
    of the year's ¥9,500.00 raised; now no shares, and a note says a line is below zero."""
    out = tmp_path / "site"
    publish_to(out, _add_2027(books_copy))
    for page, head in (("en/reports/2027.html", "Sources"), ("en/index.html", "By kind of source")):
        text = " ".join(parse(out / page).text)
        part = text[text.index(head):]
        part = part[:part.index("Total")]
        assert "-¥500.00" in part and "¥10,000.00" in part, page
        assert not re.search(r"-?\d+\.\d%", part), (page, part)
        assert "No shares: a line is below zero" in text, page
    zh = " ".join(parse(out / "reports/2027.html").text)
    assert "占比不适用" in zh
    # a table with no line below zero keeps its shares, and no note
    text = " ".join(parse(out / "en/reports/2026.html").text)
    assert "100.0%" in text or re.search(r"\d+\.\d%", text)
    assert "No shares" not in text


def test_the_annual_report_gives_no_shares_when_a_line_is_below_zero(books_copy):
    from publish.annual import report_html

    books = load_books(_add_2027(books_copy))
    assert not books.errors, [e.message for e in books.errors]
    model = build_public_model(books, TEST_SECRET.encode())
    report = next(r for r in model.reports if r.period.key == "2027")
    assert report.statement.raised == Decimal("9500.00")
    html = report_html(model, 2027)
    sources = html[html.index("资金来源"):html.index("资金使用")]
    assert "105.3%" not in sources and "-5.3%" not in sources
    assert "占比不适用" in sources and "No shares: a line is below zero" in sources


def test_a_share_too_small_to_show_is_not_called_none():
    """The demo's overview gave bank charges of ¥789.00 a share of 0.0% of ¥3,589,746.85
    spent: read as nothing, beside an amount that is not nothing. A part that is not zero
    reads <0.1%, and a part that is not the whole never reads 100.0% (>99.9%)."""
    from publish.environment import _pct

    assert _pct(Decimal("789.00"), Decimal("3589746.85")) == "<0.1%"
    assert _pct(Decimal("3588957.85"), Decimal("3589746.85")) == ">99.9%"
    assert _pct(Decimal("3589746.85"), Decimal("3589746.85")) == "100.0%"
    assert _pct(Decimal("0"), Decimal("3589746.85")) == "0.0%"
    assert _pct(Decimal("12000"), Decimal("20000")) == "60.0%"
    assert _pct(Decimal("1"), Decimal("0")) == "—"
