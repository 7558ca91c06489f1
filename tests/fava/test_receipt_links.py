"""The receipt register's links open exactly the entries behind their numbers, also where a
number was used twice or used after it was voided (the lines an auditor follows first).

A row of a number used twice shows one of its donations: its link opened both (the sum of the
journal was the two gifts, not the row's). The year's "issued" count is of numbers; its link
opened every donation of the year, one more per second use of a number.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from beancount.core import data

from cli.serve import make_app
from ledger.accounts import is_donation
from tests.fava.samples import SAMPLE_TXNS, page, write_books

#: JZ-2026-00005 a second time, and the voided JZ-2026-00003 used on a gift.
MISUSED = SAMPLE_TXNS + """
2026-08-05 * "张三" "重号捐款"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2026-00005"
  Assets:Bank:Basic   300.00 CNY
  Income:Donation:Individual

2026-08-06 * "张三" "用了作废的收据号"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2026-00003"
  Assets:Bank:Basic    70.00 CNY
  Income:Donation:Individual
"""


@pytest.fixture(scope="module")
def misused(tmp_path_factory):
    fava = make_app(write_books(tmp_path_factory.mktemp("misused") / "books", txns=MISUSED))
    return fava, fava.app.test_client()


def behind(fava, href: str) -> list[data.Transaction]:
    """The transactions Fava's journal shows for a link (its own "S" summary rows aside)."""
    from fava.util.date import parse_date

    query = parse_qs(urlsplit(href).query)
    ledger = fava.app.config["LEDGERS"][fava.slug]
    filtered = ledger.get_filtered(account=query.get("account", [""])[0], filter=query.get("filter", [""])[0], time="")
    time = query.get("time", [""])[0]
    begin, end = parse_date(time) if time else (None, None)
    return [e for e in filtered.entries if isinstance(e, data.Transaction) and (begin is None or begin <= e.date < end)]


def donated(txns) -> Decimal:
    return -sum((p.units.number for t in txns for p in t.postings if is_donation(p.account)), Decimal(0))


def number_links(text: str, row_selector: str) -> list[tuple[str, Decimal]]:
    out = []
    for attrs, row in re.findall(r"<tr ([^>]*)>(.*?)</tr>", text, re.S):
        if row_selector in attrs:
            out += [(html.unescape(h), Decimal(n.replace(",", ""))) for h, n in re.findall(r'<a href="([^"]*journal[^"]*)"[^>]*>([\d,.]+)</a>', row)]
    return out


@pytest.mark.parametrize("number", ["JZ-2026-00005", "JZ-2026-00003"])
def test_each_gift_under_a_misused_number_opens_that_gift(misused, number):
    fava, client = misused
    rows = number_links(page(client, fava, view="receipts"), f'data-receipt="{number}"')
    assert rows
    for href, shown in rows:
        txns = behind(fava, href)
        assert len(txns) == 1 and donated(txns) == shown, (number, shown, [t.narration for t in txns])


@pytest.mark.parametrize("args", [{}, {"filter": 'fund:"^GENERAL$"'}])
def test_the_years_issued_count_is_the_entries_its_link_opens(misused, args):
    fava, client = misused
    links = number_links(page(client, fava, view="receipts", **args), 'data-year="2026"')
    assert len(links) == 2
    (count_href, count), (amount_href, amount) = links
    assert len(behind(fava, count_href)) == count
    assert donated(behind(fava, amount_href)) == amount


#: JZ-2026-00005 (a GENERAL gift) used again on an EDU-2026 gift.
ACROSS_FUNDS = SAMPLE_TXNS + """
2026-08-05 * "张三" "重号捐款（另一基金）"
  fund: "EDU-2026"
  donor: "D0002"
  receipt: "JZ-2026-00005"
  Assets:Bank:Basic   300.00 CNY
  Income:Donation:Individual

2026-08-06 * "张三" "用了作废的收据号（另一基金）"
  fund: "EDU-2026"
  donor: "D0002"
  receipt: "JZ-2026-00003"
  Assets:Bank:Basic    70.00 CNY
  Income:Donation:Individual
"""


def test_a_number_used_in_two_funds_under_one_funds_filter(tmp_path):
    """The register is judged on the whole books: under `fund:"^GENERAL$"` the duplicate line
    still shows both gifts. Each gift's link opens that gift (the other fund's opened an empty
    journal), and the year's count and amount are those of the gifts their links open."""
    fava = make_app(write_books(tmp_path / "books", txns=ACROSS_FUNDS))
    client = fava.app.test_client()
    text = page(client, fava, view="receipts", filter='fund:"^GENERAL$"')
    rows = number_links(text, 'data-receipt="JZ-2026-00005"')
    # in the problems table and in the year's list
    assert sorted(shown for _h, shown in rows) == [Decimal("300.00"), Decimal("300.00"), Decimal("2000.00"), Decimal("2000.00")]
    rows += number_links(text, 'data-receipt="JZ-2026-00003"')  # voided, then used on the other fund's gift
    assert len(rows) == 6
    for href, shown in rows:
        txns = behind(fava, href)
        assert len(txns) == 1 and donated(txns) == shown
    (count_href, count), (amount_href, amount) = number_links(text, 'data-year="2026"')
    assert len(behind(fava, count_href)) == count
    assert donated(behind(fava, amount_href)) == amount
