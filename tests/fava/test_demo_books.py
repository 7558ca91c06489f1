"""The auditors' views on the demo books (`relief demo`): a fictional centre's year that
keeps every rule, so the views must show a reconciled statement, an unbroken receipt
sequence and no violations, and agree with the books to the fen."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cli.serve import make_app
from ledger.accounts import is_aid, is_donation
from ledger.audit import fund_statement
from ledger.audit.serialize import as_data
from ledger.books import load_books
from ledger.demo import write_demo
from ledger.funds import posting_value
from tests.fava.samples import check_statement_links, page


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    main, _ = write_demo(tmp_path_factory.mktemp("demo") / "books", seed=3, transactions=800)
    return main


@pytest.fixture(scope="module")
def fava(demo):
    return make_app(demo)


@pytest.fixture(scope="module")
def books(demo):
    return load_books(demo)


def get(client, fava, view, **query):
    response = client.get(f"/{fava.slug}/extension/ReliefAudit/{view}", query_string=query)
    assert response.status_code == 200
    return response.get_json()


def test_demo_books_declare_the_extension(fava):
    assert fava.has_extension


@pytest.mark.parametrize("time", ["", "2026-Q2"])
def test_statement_reconciles_and_every_link_adds_up(client, fava, time):
    statement = get(client, fava, "statement", time=time)
    assert statement["reconciled"] and statement["difference"] == "0.00"
    assert {r["kind"] for r in statement["rows"]} <= {"restricted", "unrestricted"}
    assert check_statement_links(fava, page(client, fava, time=time)) >= 20


NARROWED = [
    {"account": "Assets:Goods"},
    {"filter": 'fund:"^GENERAL$"'},
    {"time": "2026-Q3", "account": "Income:Donation"},
    {"time": "2026-03-10 - 2026-05-20"},
]


@pytest.mark.parametrize("args", NARROWED)
def test_every_statement_link_adds_up_under_any_filter(client, fava, args):
    """An account, a fund, a range of days: the statement still reconciles and each link's
    entries sum to its number (the test helper matched one link's address inside another's,
    longer one, before its closing quote was required)."""
    assert get(client, fava, "statement", **args)["reconciled"]
    assert check_statement_links(fava, page(client, fava, **args)) >= 3


def test_a_filter_that_matches_nothing_links_no_amount(client, fava):
    """A tag that matches nothing: the statement reconciles, every amount is 0.00, and none
    links to the journal, which would show no entry (test_link_crawl.py)."""
    assert get(client, fava, "statement", filter="#nosuchtag")["reconciled"]
    body = page(client, fava, filter="#nosuchtag")
    assert 'id="nothing-moved"' in body
    assert check_statement_links(fava, body) == 0


def test_statement_json_is_the_computation(client, fava, books):
    assert get(client, fava, "statement") == as_data(fund_statement(books.entries, books.registry))


def test_receipts_run_unbroken(client, fava, books):
    register = get(client, fava, "receipts")
    statuses = {line["status"] for year in register["years"] for line in year["lines"]}
    assert statuses <= {"issued", "void"}
    donations = [e for e in books.entries if hasattr(e, "postings") and any(is_donation(p.account) for p in e.postings)]
    assert sum(len(line["donations"]) for year in register["years"] for line in year["lines"]) == len(donations)
    assert register["without_receipt"] == [] and register["malformed"] == []


def test_donors_and_cases_add_up_to_the_books(client, fava, books):
    given = sum((-posting_value(p) for e in books.entries if hasattr(e, "postings") for p in e.postings if is_donation(p.account)), Decimal(0))
    donors = get(client, fava, "donors")
    assert sum(Decimal(d["total"]) for d in donors) == given
    aid = sum((posting_value(p) for e in books.entries if hasattr(e, "postings") for p in e.postings if is_aid(p.account)), Decimal(0))
    cases = get(client, fava, "cases")
    assert sum(Decimal(c["amount"]) for c in cases["cells"].values()) == aid
    assert cases["over_limit"] == [] and cases["not_enrolled"] == []
    assert "unknown" not in cases["units"]


def test_no_rule_violations(client, fava):
    assert all(g["count"] == 0 and g["enabled"] for g in get(client, fava, "rules"))


def test_every_page_renders(client, fava):
    for view in ("statement", "receipts", "donors", "cases", "rules"):
        assert 'class="relief-audit"' in page(client, fava, view=view, time="2026-03")


def test_unit_links_find_exactly_the_units_aid(client, fava, books):
    import re
    from urllib.parse import parse_qs, urlsplit

    from tests.fava.samples import links

    text = page(client, fava, view="cases")
    ledger = next(iter(fava.app.config["LEDGERS"].items()))[1]
    cases = get(client, fava, "cases")
    for unit in cases["units"][:3]:
        href, shown = links(text, f'data-unit="{unit}"')[-1]  # the row's total
        query = parse_qs(urlsplit(href).query)
        assert query["filter"][0].startswith('(unit:"^')  # the demo's aid carries unit
        behind = ledger.get_filtered(filter=query["filter"][0]).entries
        total = sum((posting_value(p) for e in behind if hasattr(e, "postings") for p in e.postings if is_aid(p.account)), Decimal(0))
        assert total == Decimal(re.sub(",", "", shown))
