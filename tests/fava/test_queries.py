"""The saved audit queries in the books template run in beanquery 0.2 (as Fava runs them)."""

from __future__ import annotations

from decimal import Decimal

import beanquery
import pytest
from beancount.core import data

from ledger.books import load_books
from tests.fava.samples import SAMPLE_TXNS, write_books

EXTRA = """
2026-08-01 * "no receipt"
  fund: "GENERAL"
  donor: "D0002"
  Assets:Bank:Basic   10.00 CNY
  Income:Donation:Individual

2026-08-02 * "no approval"
  fund: "GENERAL"
  case: "C0001"
  Expenses:Aid:Holiday   200.00 CNY
  Assets:Bank:Basic
"""


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    books = load_books(write_books(tmp_path_factory.mktemp("q") / "books", txns=SAMPLE_TXNS + EXTRA))
    queries = {e.name: e.query_string for e in books.entries if isinstance(e, data.Query)}
    out = {}
    for name, text in queries.items():
        conn = beanquery.connect("beancount:", entries=books.entries, errors=books.errors, options=books.options)
        cursor = conn.execute(text)
        columns = [c.name for c in cursor.description]
        out[name] = [dict(zip(columns, row, strict=False)) for row in cursor.fetchall()]
    return out


def test_every_saved_query_runs(results):
    assert set(results) >= {"donations-no-receipt", "aid-by-approval", "restricted-fund-spending", "aid-without-approval", "receipts-by-number", "fund-sources-and-uses"}


def test_names_fit_favas_sidebar(results):
    # Fava 1.30's sidebar shows a name of 25 characters or more as just "…"
    assert all(len(name) < 25 for name in results)


def test_donations_without_receipt(results):
    [row] = results["donations-no-receipt"]
    assert row["narration"] == "no receipt" and row["donor"] == "D0002"
    assert row["amount"].units.number == Decimal("10.00")


def test_aid_by_approval(results):
    rows = {(r["approval"], r["account"]): r for r in results["aid-by-approval"]}
    assert rows["SP-2026-0002", "Expenses:Aid:Education"]["postings"] == 2
    assert rows["SP-2026-0002", "Expenses:Aid:Education"]["total"].get_currency_units("CNY").number == Decimal("5000.00")
    assert (None, "Expenses:Aid:Holiday") in rows
    assert [r["narration"] for r in results["aid-without-approval"]] == ["no approval"]


def test_restricted_fund_spending_leaves_general_out(results):
    rows = results["restricted-fund-spending"]
    assert [(r["fund"], r["account"]) for r in rows] == [("EDU-2026", "Expenses:Aid:Education")]
    assert rows[0]["spent"].get_currency_units("CNY").number == Decimal("5000.00")


def test_receipts_by_number_in_order(results):
    assert [r["receipt"] for r in results["receipts-by-number"]] == ["JZ-2026-00001", "JZ-2026-00002", "JZ-2026-00005"]


UNQUOTED = """
2026-08-03 * "receipt typed without quotes"
  fund: "GENERAL"
  donor: "D0002"
  receipt: 2026-08-03
  Assets:Bank:Basic   10.00 CNY
  Income:Donation:Individual

2026-08-04 * "numbers typed without quotes"
  fund: 7
  donor: 5
  receipt: 8
  Assets:Bank:Basic   10.00 CNY
  Income:Donation:Individual

2026-08-05 * "approval typed as a number"
  fund: "GENERAL"
  case: "C0001"
  approval: 7
  Expenses:Aid:Holiday   20.00 CNY
  Assets:Bank:Basic
"""


def test_every_saved_query_runs_on_values_written_without_quotes(tmp_path):
    """Why: a date or number among the text of receipt, approval or fund stopped the queries
    that sort or group by it ("'<' not supported between datetime.date and str"), in
    bean-query and on Fava's Query page, in the very books an auditor must look into."""
    books = load_books(write_books(tmp_path / "books", txns=SAMPLE_TXNS + UNQUOTED))
    queries = {e.name: e.query_string for e in books.entries if isinstance(e, data.Query)}
    out = {}
    for name, text in queries.items():
        conn = beanquery.connect("beancount:", entries=books.entries, errors=books.errors, options=books.options)
        cursor = conn.execute(text)
        columns = [c.name for c in cursor.description]
        out[name] = [dict(zip(columns, row, strict=False)) for row in cursor.fetchall()]
    receipts = [r["receipt"] for r in out["receipts-by-number"]]
    assert "2026-08-03" in receipts and "8" in receipts
    assert ("7", "Expenses:Aid:Holiday") in {(r["approval"], r["account"]) for r in out["aid-by-approval"]}
    assert "7" in {r["fund"] for r in out["fund-sources-and-uses"]}
