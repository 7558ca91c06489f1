"""What a donor and a journalist print: the pages through headless Chromium's print to PDF.

A donor opens their acknowledgement page from the letter's QR code and prints it to keep with
their records; it printed on three sheets (the two letters one under the other, the
verification code on the second, the footer alone on the third). A journalist printing the
aid page got a second sheet holding only the footer's link to the open data.

Runs on the demo at its default size, 2026-Q1 closed (so some gifts carry a closed period's
proof): the user's demo, where both were seen.
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata

import pytest

from ledger.books import load_books
from ledger.closes.close import close_period
from ledger.period import parse_period
from ledger.reconcile.report import build_report
from publish.capitals import rmb_capitals
from tests.publish.test_layout import page_types

pypdf = pytest.importorskip("pypdf")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    from ledger.demo import write_demo

    from .conftest import _publish

    root = tmp_path_factory.mktemp("print-demo")
    main, _ = write_demo(root / "books", seed=1, transactions=3000)
    close_period(load_books(main), parse_period("2026-Q1"), check=build_report, today=datetime.date(2026, 6, 10))
    return _publish(root / "site", main.parent, jobs=1)


def _print(browser, path):
    """The page printed as the browser's print dialog does (its own page size), as
    (the number of sheets, the last sheet's text, the footer's text as the screen shows it).

    Only the last sheet's text is read: what the tests ask is how many sheets and what the
    last one holds, and reading every sheet of the donors' list (dozens) took most of this
    module's minute and a half."""
    page = browser.new_page()
    try:
        page.goto(path.as_uri())
        footer = page.inner_text("footer")
        pdf = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    finally:
        page.close()
    return len(pdf.pages), pdf.pages[-1].extract_text(), footer


def _bare(text: str) -> str:
    """Text without white space, NFKC-normalised: the PDF's text layer gives some ideographs
    as their Kangxi radicals (⼯ for 工, ⽉ for 月)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _on_sheet(needed: str, text: str) -> bool:
    """Whether `needed` is in the sheet's `text`, where the text layer may give any ideograph
    as a lookalike from the CJK Radicals Supplement, which NFKC leaves (⺠ for 民, ⻆ for 角)."""
    pattern = "".join(re.escape(c) if c.isascii() else f"(?:{re.escape(c)}|[\u2e80-\u2eff])" for c in _bare(needed))
    return re.search(pattern, text) is not None


def _printed_acks(result):
    """The acknowledgement pages with the most to print: the longest (the general fund's
    table of uses, goods), one of a fund that has ended, one with a closed period's proof."""
    out = result.out
    gifts = [d for d in result.model.donations if d.ack_path]
    by_size = sorted(gifts, key=lambda d: (out / d.ack_path).stat().st_size, reverse=True)
    chosen = by_size[:2]
    chosen.append(next(d for d in gifts if 'class="closed-fund"' in (out / d.ack_path).read_text(encoding="utf-8")))
    chosen.append(next(d for d in by_size if "proof-facts" in (out / d.ack_path).read_text(encoding="utf-8")))
    return chosen


def test_an_acknowledgement_page_prints_on_one_a4_sheet_with_what_the_donor_keeps(browser, demo_site):
    for d in _printed_acks(demo_site):
        sheets, last, _footer = _print(browser, demo_site.out / d.ack_path)
        assert sheets == 1, f"{d.receipt} ({d.ack_path}) prints on {sheets} sheets"
        text = _bare(last)
        html = (demo_site.out / d.ack_path).read_text(encoding="utf-8")
        code = re.search(r'<strong class="code">([^<]+)</strong>', html).group(1)
        assert d.currency == "CNY" and not (d.goods and not d.goods_valued)
        for needed in (d.receipt, f"{d.amount:,.2f}", rmb_capitals(d.amount), f"{d.date.year}年{d.date.month}月{d.date.day}日",
                       d.date.isoformat(), _bare(d.fund.name.zh), _bare(d.fund.name.en), code):
            assert _on_sheet(needed, text), f"{d.receipt}: {needed!r} is not on the printed sheet"
        assert "查看基金的完整账目" not in text and "如何核验" not in text, "links are no use on paper"


def test_no_page_prints_a_last_sheet_with_only_the_footer(browser, demo_site):
    result = demo_site
    for lang in ("zh", "en"):
        for template, (path, single) in page_types(result.model).items():
            rel = path if lang == "zh" or single else f"en/{path}"
            sheets, last, footer = _print(browser, result.out / rel)
            assert sheets == 1 or _bare(last) not in _bare(footer), f"{rel} ({template}): its last sheet holds only the footer"
