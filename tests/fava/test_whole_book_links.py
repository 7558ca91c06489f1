"""Links whose number is not narrowed by the auditor's filter, and gifts that name no fund.

Two figures are judged on the whole books whatever the filter (docs/auditing.md): a case's
aid in a year against its limit, and the receipt sequence with its voids. Their links kept
the auditor's filter, so under `fund:"^EDU\\-2026$"` the over-limit total of 25,100.00 opened
one entry of 100.00, and a void's date opened an empty journal (a void names no fund). A
donor's gifts that name no fund were linked without any fund filter: the link opened all the
donor's gifts.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest

from cli.serve import make_app
from tests.fava.samples import SAMPLE_TXNS, page, write_books
from tests.fava.test_receipt_links import behind, donated

EXTRA = """
2026-08-05 * "张三" "无基金捐款"
  donor: "D0002"
  receipt: "JZ-2026-00006"
  Assets:Bank:Basic   300.00 CNY
  Income:Donation:Individual

2026-08-09 * "医疗救助（专项）"
  fund: "EDU-2026"
  approval: "SP-2026-0009"
  case: "C0001"
  Expenses:Aid:Medical        100.00 CNY
  Assets:Bank:Basic
"""

EDU = {"filter": 'fund:"^EDU\\-2026$"'}


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    fava = make_app(write_books(tmp_path_factory.mktemp("whole") / "books", txns=SAMPLE_TXNS + EXTRA))
    return fava, fava.app.test_client()


def _links(fragment: str) -> list[tuple[str, str]]:
    return [(html.unescape(h), n) for h, n in re.findall(r'<a href="([^"]*journal[^"]*)"[^>]*>([^<]+)</a>', fragment)]


def test_a_donors_gifts_without_a_fund_open_only_those(books):
    fava, client = books
    text = page(client, fava, view="donors")
    row = re.search(r'<tr data-donor="D0002">(.*?)<details>', text, re.S).group(1)
    by_fund = re.findall(r'<span class="by-fund">(.*?)</span>', row, re.S)
    assert len(by_fund) == 2
    for fragment in by_fund:
        [(href, shown)] = _links(fragment)
        txns = behind(fava, href)
        assert len(txns) == 1 and donated(txns) == Decimal(shown.replace(",", "")), fragment


@pytest.mark.parametrize("args", [{}, EDU, {"account": "Assets:Bank"}])
def test_the_over_limit_total_opens_the_years_aid_whatever_the_filter(books, args):
    fava, client = books
    table = re.search(r'<table id="over-limit">(.*?)</table>', page(client, fava, view="cases", **args), re.S).group(1)
    [(href, shown)] = _links(table)
    txns = behind(fava, href)
    aid = sum((p.units.number for t in txns for p in t.postings if p.account == "Expenses:Aid:Medical"), Decimal(0))
    assert shown == "25,100.00" and len(txns) == 2 and aid == Decimal("25100.00")


@pytest.mark.parametrize("args", [{}, EDU])
def test_a_voids_date_opens_the_void_whatever_the_filter(books, args):
    fava, client = books
    text = page(client, fava, view="receipts", **args)
    rows = re.findall(r'<tr class="void" data-receipt="JZ-2026-00003"[^>]*>(.*?)</tr>', text, re.S)
    assert rows
    for row in rows:
        [(href, shown)] = _links(row)
        found = [e for e in behind_all(fava, href) if getattr(e, "type", None) == "receipt-void"]
        assert shown == "2026-03-02" and len(found) == 1 and found[0].values[0].value == "JZ-2026-00003"


def behind_all(fava, href: str):
    """Every entry (not only transactions) Fava's journal shows for a link."""
    from urllib.parse import parse_qs, urlsplit

    from fava.util.date import parse_date

    query = parse_qs(urlsplit(href).query)
    ledger = fava.app.config["LEDGERS"][fava.slug]
    entries = ledger.get_filtered(account=query.get("account", [""])[0], filter=query.get("filter", [""])[0], time="").entries
    time = query.get("time", [""])[0]
    begin, end = parse_date(time) if time else (None, None)
    return [e for e in entries if begin is None or begin <= e.date < end]


NO_CASE = SAMPLE_TXNS + """
2026-08-10 * "慰问金（未写对象）"
  fund: "GENERAL"
  approval: "SP-2026-0010"
  Expenses:Aid:Living   80.00 CNY
  Assets:Bank:Basic
"""


def test_aid_to_no_union_opens_only_that_aid(tmp_path):
    """Aid naming no case (and no unit) is counted under "unknown": its link had no filter
    but the account, and opened every hardship payment (1,580.00 in two entries, not 80.00)."""
    fava = make_app(write_books(tmp_path / "books", txns=NO_CASE))
    client = fava.app.test_client()
    text = page(client, fava, view="cases")
    row = re.search(r'<tr data-unit="unknown">(.*?)</tr>', text, re.S).group(1)
    links = _links(row)
    assert [shown for _href, shown in links] == ["80.00", "80.00"]  # Expenses:Aid:Living, and the row's total
    for href, _shown in links:
        txns = behind(fava, href)
        assert [t.narration for t in txns] == ["慰问金（未写对象）"]
