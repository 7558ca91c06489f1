"""Corrections (entries with `correction:`) are listed on the statement: date, what each
corrects (found or not), its effect per fund, linked to the entries in Fava's journal.

Only `relief reconcile` listed them, a period at a time in a terminal: in Fava an auditor
could not see which entries put right an earlier one, nor that each names something real.
"""

from __future__ import annotations

import datetime
import html
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import beanquery
import pytest
from fava.util.date import parse_date

from cli.serve import make_app
from ledger.books import load_books
from tests.fava.samples import SAMPLE_REGISTRY, write_books

TXNS = """
2026-01-02 * "期初净资产"
  fund: "GENERAL"
  Assets:Bank:Basic          100000.00 CNY
  Equity:Opening-Balances

2026-02-01 * "某某机械" "捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00001"
  Assets:Bank:Basic           3000.00 CNY
  Income:Donation:Enterprise

2026-02-10 * "困难救助"
  fund: "GENERAL"
  case: "C0001"
  approval: "SP-2026-0001"
  Expenses:Aid:Living          800.00 CNY
  Assets:Bank:Basic

2026-04-03 * "更正：2月10日困难救助多付"
  fund: "GENERAL"
  case: "C0001"
  approval: "SP-2026-0002"
  correction: "SP-2026-0001"
  Assets:Bank:Basic            300.00 CNY
  Expenses:Aid:Living

2026-04-08 * "更正：2月1日捐款应属金秋助学"
  correction: "JZ-2026-00001"
  Equity:FundTransfers        3000.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers       -3000.00 CNY
    fund: "EDU-2026"

2026-05-06 * "更正：编号写错"
  fund: "GENERAL"
  correction: "SP-2099-9999"
  Assets:Bank:Basic            -10.00 CNY
  Expenses:Operations:Office
"""


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    return write_books(tmp_path_factory.mktemp("corrections") / "books", SAMPLE_REGISTRY, TXNS)


@pytest.fixture(scope="module")
def fava(books):
    return make_app(books)


def _by_query(books, where: str = "") -> dict[tuple[datetime.date, str], dict[str, Decimal]]:
    """(date, what it corrects) -> fund -> change to the fund's balance, by bean-query (a
    source or use account's posting changes its fund by minus its amount)."""
    loaded = load_books(books)
    conn = beanquery.connect("beancount:", entries=loaded.entries, errors=loaded.errors, options=loaded.options)
    rows = conn.execute(
        "SELECT date, str(entry_meta('correction')) AS c, str(COALESCE(meta('fund'), entry_meta('fund'))) AS f, sum(number) AS n "
        f"WHERE entry_meta('correction') IS NOT NULL AND account ~ '^(Income|Expenses|Equity):'{where} "
        "GROUP BY date, c, f ORDER BY date").fetchall()
    out: dict[tuple[datetime.date, str], dict[str, Decimal]] = {}
    for day, corrects, fund, number in rows:
        out.setdefault((day, corrects), {})[fund] = -number
    return out


def _rows(page: str) -> list[tuple[str, str]]:
    table = re.search(r'<table id="corrections">(.*?)</table>', page, re.S)
    return re.findall(r'<tr data-corrects="([^"]*)" data-found="(yes|no)">(.*?)</tr>', table.group(1), re.S) if table else []


def _behind(fava, href: str) -> list:
    """The transactions Fava's journal shows for `href` (asserting it answers)."""
    assert fava.app.test_client().get(href).status_code == 200
    query = parse_qs(urlsplit(href).query)
    ledger = fava.app.config["LEDGERS"][fava.slug]
    entries = ledger.get_filtered(account=query.get("account", [""])[0], filter=query.get("filter", [""])[0], time="").entries
    time = query.get("time", [""])[0]
    begin, end = parse_date(time) if time else (None, None)
    return [e for e in entries if hasattr(e, "postings") and (begin is None or begin <= e.date < end)]


@pytest.mark.parametrize("time, where", [("", ""), ("2026-04", " AND month = 4"), ("2026-Q1", " AND month <= 3")])
def test_corrections_listed_with_their_effect_per_fund(books, fava, time, where):
    client = fava.app.test_client()
    query = {"view": "statement", **({"time": time} if time else {})}
    page = client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string=query).get_data(as_text=True)
    expected = _by_query(books, where)
    rows = _rows(page)
    if not expected:
        assert not rows and 'id="no-corrections"' in page
        return
    assert [r[0] for r in rows] == [c for _, c in expected]
    for (day, corrects), changes in expected.items():
        [(_, found, cells)] = [r for r in rows if r[0] == corrects]
        shown = {f: Decimal(v.replace(",", "").replace("+", "")) for f, v in
                 re.findall(r'data-fund="([^"]*)">[^<]*<span class="num">([^<]*)</span>', cells)}
        assert shown == changes, corrects
        assert found == ("no" if corrects == "SP-2099-9999" else "yes")
        links = [html.unescape(h) for h in re.findall(r'<a href="([^"]+)"', cells)]
        [own] = _behind(fava, links[0])
        assert (own.date, own.meta["correction"]) == (day, corrects)
        if found == "yes":
            [target] = _behind(fava, links[1])
            assert corrects in (target.meta.get("receipt"), target.meta.get("approval"))
            assert "correction" not in target.meta
        else:
            assert len(links) == 1 and "names nothing in the books" in cells


def test_corrections_are_found_once_per_load(books, monkeypatch):
    """The books' corrections (and the index that finds what each names) are made once when
    Fava loads the books, whatever periods and filters are asked for after."""
    import ledger.fava_ext as ext_module

    calls = []
    real = ext_module.correction_lines
    monkeypatch.setattr(ext_module, "correction_lines", lambda *args: calls.append(1) or real(*args))
    fava = make_app(books)
    assert len(calls) == 1
    client = fava.app.test_client()
    for query in ({}, {"time": "2026-04"}, {"filter": 'fund:"GENERAL"'}):
        assert client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": "statement", **query}).status_code == 200
    assert len(calls) == 1


def test_under_a_filter_only_the_corrections_it_keeps(books, fava):
    client = fava.app.test_client()
    page = client.get(f"/{fava.slug}/extension/ReliefAudit/",
                      query_string={"view": "statement", "filter": 'any(account:"^Expenses:Aid")'}).get_data(as_text=True)
    assert [r[0] for r in _rows(page)] == ["SP-2026-0001"]
