"""The donors view says, of each donor's total, what was pledged and not yet received.

A pledge is booked as a gift when promised (Assets:Receivable:Pledges against the donation
account), so a donor's total counted 5,000.00 of which 3,000.00 had not come, with no word:
an auditor tying the total to the bank found it short. The part still to come by the
period's end is now said under the total (ledger/pledges.py, the rule of the letters and
acknowledgement pages), per donor and on the total row, linked to the pledges and payments.
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

2026-03-01 * "某某机械" "认捐金秋助学"
  fund: "EDU-2026"
  donor: "D0001"
  receipt: "JZ-2026-00001"
  Assets:Receivable:Pledges    5000.00 CNY
  Income:Donation:Enterprise

2026-03-02 * "张三" "捐款"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2026-00002"
  Assets:Bank:Basic             300.00 CNY
  Income:Donation:Individual

2026-04-01 * "某某机械" "认捐第一期到账"
  fund: "EDU-2026"
  donor: "D0001"
  Assets:Bank:Basic            2000.00 CNY
  Assets:Receivable:Pledges

2027-01-15 * "某某机械" "认捐第二期到账"
  fund: "EDU-2026"
  donor: "D0001"
  Assets:Bank:Basic            1000.00 CNY
  Assets:Receivable:Pledges
"""


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    return write_books(tmp_path_factory.mktemp("pledges") / "books", SAMPLE_REGISTRY, TXNS)


@pytest.fixture(scope="module")
def fava(books):
    return make_app(books)


def _to_come_by_query(books, gifts_from: datetime.date | None, end: datetime.date | None) -> dict[str, Decimal]:
    """donor -> what is left on the pledges account of the donor's pledges made in the period, by bean-query."""
    loaded = load_books(books)
    conn = beanquery.connect("beancount:", entries=loaded.entries, errors=loaded.errors, options=loaded.options)
    until = f" AND date < {end}" if end else ""
    pledged = conn.execute(
        "SELECT str(entry_meta('donor')) AS d, min(date) AS first, sum(number) AS n "
        f"WHERE account ~ '^Assets:Receivable:Pledges'{until} GROUP BY d").fetchall()
    return {d: n for d, first, n in pledged if n and (gifts_from is None or first >= gifts_from)}


def _behind(fava, href: str) -> Decimal:
    """What the entries Fava's journal shows for `href` put on the pledges account."""
    assert fava.app.test_client().get(href).status_code == 200
    query = parse_qs(urlsplit(href).query)
    ledger = fava.app.config["LEDGERS"][fava.slug]
    entries = ledger.get_filtered(account=query.get("account", [""])[0], filter=query.get("filter", [""])[0], time="").entries
    time = query.get("time", [""])[0]
    begin, end = parse_date(time) if time else (None, None)
    return sum((p.units.number for e in entries if hasattr(e, "postings") and (begin is None or begin <= e.date < end)
                for p in e.postings if p.account.startswith("Assets:Receivable:Pledges")), Decimal(0))


def _note(cell: str) -> tuple[Decimal, str] | None:
    found = re.search(r'<span class="note pledge-to-come">[^<]*<a href="([^"]+)"[^>]*>([\d,.]+)</a>', cell)
    return None if found is None else (Decimal(found.group(2).replace(",", "")), html.unescape(found.group(1)))


@pytest.mark.parametrize("time", ["", "2026", "2026-03", "2027"])
def test_each_donor_total_says_what_of_it_is_pledged_and_not_received(books, fava, time):
    begin, end = parse_date(time) if time else (None, None)
    expected = _to_come_by_query(books, begin, end)
    client = fava.app.test_client()
    query = {"time": time} if time else {}
    donors = client.get(f"/{fava.slug}/extension/ReliefAudit/donors", query_string=query).get_json()
    assert {d["donor_id"]: Decimal(d["to_come"]) for d in donors if Decimal(d["to_come"])} == expected
    page = client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": "donors", **query}).get_data(as_text=True)
    for donor_id, row in re.findall(r'<tr data-donor="([^"]*)">(.*?)</tr>', page, re.S):
        total_cell = re.findall(r'<td class="num">(.*?)</td>', row, re.S)[1]
        note = _note(total_cell)
        if donor_id not in expected:
            assert note is None, donor_id
            continue
        assert note[0] == expected[donor_id]
        assert _behind(fava, note[1]) == expected[donor_id]
    total_row = re.search(r'<tr class="total">(.*?)</tr>', page, re.S)
    total = _note(total_row.group(1)) if total_row else None
    assert (total[0] if total else Decimal(0)) == sum(expected.values(), Decimal(0))
    if expected:
        assert f"{sum(expected.values(), Decimal(0)):,.2f}" in re.search(r'<p class="note" id="donor-pledges">(.*?)</p>', page, re.S).group(1)


def test_pledges_are_matched_once_per_load(books, monkeypatch):
    """The pledges and their payments are matched once when Fava loads the books, whatever
    periods and filters are asked for after."""
    import ledger.fava_ext as ext_module

    calls = []
    real = ext_module.pledges_settled
    monkeypatch.setattr(ext_module, "pledges_settled", lambda entries: calls.append(1) or real(entries))
    fava = make_app(books)
    assert len(calls) == 1
    client = fava.app.test_client()
    for query in ({}, {"time": "2026"}, {"time": "2026-03"}, {"filter": 'fund:"EDU"'}):
        assert client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": "donors", **query}).status_code == 200
        assert client.get(f"/{fava.slug}/extension/ReliefAudit/donors", query_string=query).status_code == 200
    assert len(calls) == 1
