"""Entries flagged `!` (awaiting review) are counted on the statement, the view the auditor
opens first, with a link to Fava's journal filtered to them.

An import proposes with `!` what a person must decide; such entries are in every figure of
the views. The auditor found them only by filtering Fava's journal by hand.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import beanquery
import pytest
from beancount.core import data
from fava.util.date import parse_date

from cli.serve import make_app
from ledger.books import load_books
from tests.fava.samples import write_books

TXNS = """
2026-01-02 * "期初净资产"
  fund: "GENERAL"
  Assets:Bank:Basic          10000.00 CNY
  Equity:Opening-Balances

2026-02-03 ! "银行流水导入：待确认"
  fund: "GENERAL"
  Assets:Bank:Basic          -100.00 CNY
  Expenses:Operations:Office

2026-03-04 * "办公用品"
  fund: "GENERAL"
  Assets:Bank:Basic          -50.00 CNY
  ! Expenses:Operations:Office   50.00 CNY

2026-03-05 * "办公用品（已复核）"
  fund: "GENERAL"
  Assets:Bank:Basic          -20.00 CNY
  Expenses:Operations:Office
"""


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    return write_books(tmp_path_factory.mktemp("flagged") / "books", "", TXNS)


@pytest.fixture(scope="module")
def fava(books):
    return make_app(books)


def _flagged_by_query(books, where: str = "") -> set[tuple]:
    """(date, narration) of the transactions flagged ! on the entry or on a posting, by bean-query."""
    loaded = load_books(books)
    conn = beanquery.connect("beancount:", entries=loaded.entries, errors=loaded.errors, options=loaded.options)
    rows = conn.execute(f"SELECT DISTINCT date, narration WHERE (flag = '!' OR posting_flag = '!'){where}").fetchall()
    return {(d, n) for d, n in rows}


def _journal_rows(fava, href: str) -> set[str]:
    """The narrations of the transactions Fava's journal shows for `href` (asserting it answers)."""
    assert fava.app.test_client().get(href).status_code == 200
    query = parse_qs(urlsplit(href).query)
    ledger = fava.app.config["LEDGERS"][fava.slug]
    entries = ledger.get_filtered(account=query.get("account", [""])[0], filter=query.get("filter", [""])[0], time="").entries
    time = query.get("time", [""])[0]
    begin, end = parse_date(time) if time else (None, None)
    return {e.narration for e in entries if isinstance(e, data.Transaction) and (begin is None or begin <= e.date < end)}


@pytest.mark.parametrize("time, where", [("", ""), ("2026-03", " AND month = 3 AND year = 2026"), ("2026-04", " AND month = 4")])
def test_flagged_entries_counted_and_linked(books, fava, time, where):
    client = fava.app.test_client()
    query = {"view": "statement", **({"time": time} if time else {})}
    page = client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string=query).get_data(as_text=True)
    found = re.search(r'<p class="[^"]*" id="flagged">(.*?)</p>', page, re.S)
    assert found, page[:3000]
    expected = _flagged_by_query(books, where)
    text = html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))
    if not expected:
        assert "No entries flagged !" in text
        return
    count = re.search(r'<a href="([^"]+)">(\d+)</a>', found.group(1))
    assert int(count.group(2)) == len(expected)
    href = html.unescape(count.group(1))
    assert _journal_rows(fava, href) == {n for _, n in expected}
