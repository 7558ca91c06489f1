"""Every total on a page can be worked out again from that page's own lines.

A reader checking the site needs nothing but the page: each table's total row is the sum of
the lines above it, column by column, and each statement reads opening + raised − spent ±
transfers = held. Household columns are the exception the pages state (a family helped in
two months or two kinds of aid counts once in the total), and a column with a cell hidden
as * cannot be summed by the reader (the page says where its amount is: test_accounted_for).
"""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from .sitecheck import html_files

#: headings of columns whose total counts households once, not the sum of the lines
DISTINCT = {"户数", "Households", "HH", "households"}


class _Tables(HTMLParser):
    """The tables of a page (header, body and foot rows of cell texts) and its statements."""

    def __init__(self):
        super().__init__()
        self.tables, self.statements = [], []
        self._open, self._row, self._cell, self._part, self._figure = [], None, None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._open.append({"thead": [], "tbody": [], "tfoot": []})
        elif tag in ("thead", "tbody", "tfoot"):
            self._part = tag
        elif tag == "tr" and self._open:
            self._row = []
            self._open[-1][self._part or "tbody"].append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = [""]
            span = int(a.get("colspan") or 1)
            self._row.extend([self._cell] + [[""]] * (span - 1))
        elif tag == "dl" and "statement" in (a.get("class") or ""):
            self.statements.append({})
        elif tag == "dd" and a.get("data-figure") and self.statements:
            self._figure = [a["data-figure"], ""]

    def handle_endtag(self, tag):
        if tag == "table" and self._open:
            self.tables.append(self._open.pop())
            self._row = None
        elif tag in ("td", "th"):
            self._cell = None
        elif tag == "dd" and self._figure:
            self.statements[-1][self._figure[0]] = self._figure[1]
            self._figure = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[0] += data
        if self._figure is not None:
            self._figure[1] += data


def _amount(text: str) -> Decimal | None:
    t = text.strip().replace("¥", "").replace(",", "").replace("−", "-")
    if t in ("–", "—", ""):
        return Decimal(0)
    return Decimal(t) if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", t) else None


def unmatched_totals(site) -> list[str]:
    """Each total (a table's foot, a statement's held) that its page's lines do not make."""
    out = []
    for page in html_files(site):
        rel = page.relative_to(site).as_posix()
        parsed = _Tables()
        parsed.feed(page.read_text(encoding="utf-8"))
        for table in parsed.tables:
            if not table["tfoot"] or not table["tbody"]:
                continue
            heads = [" ".join(c[0].split()) for c in (table["thead"][-1] if table["thead"] else [])]
            foot = table["tfoot"][0]
            heads = [""] * (len(foot) - len(heads)) + heads  # a row heading spanning the header rows
            for i in range(1, len(foot)):
                total = _amount(foot[i][0])
                if total is None or not foot[i][0].strip() or (i < len(heads) and heads[i] in DISTINCT):
                    continue
                cells = [row[i][0] if i < len(row) else "" for row in table["tbody"]]
                if any(c.strip() == "*" for c in cells):
                    continue
                lines = [_amount(c) for c in cells]
                if None in lines:
                    continue
                if sum(lines) != total:
                    out.append(f"{rel}: column {heads[i] if i < len(heads) else i}: lines {sum(lines)}, total {total}")
        for st in parsed.statements:
            figures = {k: _amount(v) for k, v in st.items()}
            if {"opening", "raised", "spent", "transfers", "closing"} <= figures.keys():
                f = figures
                if f["opening"] + f["raised"] - f["spent"] + f["transfers"] != f["closing"]:
                    out.append(f"{rel}: statement {f}")
    return out


def test_every_total_on_the_small_books_pages_is_the_sum_of_its_lines(published):
    site, _ = published
    assert unmatched_totals(site) == []


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    from ledger.demo import write_demo

    from .conftest import _publish

    root = tmp_path_factory.mktemp("totals-demo")
    main, _ = write_demo(root / "books", seed=2, transactions=300)
    _publish(root / "site", main.parent)
    return root / "site"


def test_every_total_on_the_demos_pages_is_the_sum_of_its_lines(demo_site):
    assert unmatched_totals(demo_site) == []


def test_the_check_sees_a_total_that_is_not_its_lines(published, tmp_path):
    """The check can fail: a fund's total raised changed by a fen is named."""
    import shutil

    site, _ = published
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "en" / "funds" / "index.html"
    text = page.read_text(encoding="utf-8")
    foot = text.rindex("<tfoot>")
    total = re.search(r"¥[0-9,]+\.[0-9]{2}", text[foot:])
    wrong = total.group(0)[:-1] + str((int(total.group(0)[-1]) + 1) % 10)
    page.write_text(text[:foot] + text[foot:].replace(total.group(0), wrong, 1), encoding="utf-8")
    assert any(p.startswith("en/funds/index.html: column") for p in unmatched_totals(copy))
