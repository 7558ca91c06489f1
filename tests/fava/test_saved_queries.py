"""Every saved query of the books runs where an auditor runs it, and agrees with the audit pages.

An auditor opens a saved query from Fava's sidebar (or types `run "NAME"` on the Query page)
under whatever filter is set, or runs `bean-query main.beancount ".run NAME"`. Each of the
queries in the template (`relief init`) and in the demo books must run there without error,
and the figures must be those of the extension's views on the same filter: a fund's sources,
uses and transfers, the receipts issued, the aid by category. tests/fava/test_queries.py
checks each query's meaning on small books; this file checks every query, everywhere.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data

from cli.serve import make_app
from ledger.books import load_books
from ledger.demo import write_demo
from ledger.init_books import init_books

CENT = Decimal("0.01")
#: Fava filters an auditor sets before opening a query: none, a quarter, a year with no
#: entries, an account, one fund, and a filter that matches nothing.
FILTERS = [
    {},
    {"time": "2026-Q2"},
    {"time": "2030"},
    {"account": "Income:Donation"},
    {"filter": 'fund:"^GENERAL$"'},
    {"filter": 'narration:"no such entry"'},
]


def saved_queries(books) -> dict[str, str]:
    return {e.name: e.query_string for e in books.entries if isinstance(e, data.Query)}


def template_names() -> set[str]:
    """The names `relief init` writes (ledger/template/queries.beancount)."""
    import re

    text = (Path(__file__).parents[2] / "ledger" / "template" / "queries.beancount").read_text(encoding="utf-8")
    return set(re.findall(r'query "([^"]+)"', text))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    main, _ = write_demo(tmp_path_factory.mktemp("demo") / "books", seed=7, transactions=700)
    return main


@pytest.fixture(scope="module")
def fava(demo):
    return make_app(demo)


@pytest.fixture(scope="module")
def queries(demo):
    return saved_queries(load_books(demo))


def money(value) -> Decimal:
    """A figure from Fava's JSON (a float) as the books' Decimal, to the fen."""
    return Decimal(str(value)).quantize(CENT)


def inventory(cell) -> Decimal:
    """An inventory cell of Fava's query result ({"CNY": 12.5}) in CNY; empty is zero."""
    return money((cell or {}).get("CNY", 0))


def amount(cell) -> Decimal:
    """A position cell of Fava's query result ({"units": {"number": ..}}) in CNY."""
    return money(cell["units"]["number"])


def run_in_fava(client, fava, query: str, **args) -> list[dict]:
    """The rows Fava's Query page shows for `query` under the filter `args`."""
    response = client.get(f"/{fava.slug}/api/query", query_string={"query_string": query, **args})
    assert response.status_code == 200, response.get_json()
    result = response.get_json()["data"]
    assert result["t"] == "table", result
    names = [c["name"] for c in result["types"]]
    return [dict(zip(names, row, strict=True)) for row in result["rows"]]


def view(client, fava, name: str, **args):
    response = client.get(f"/{fava.slug}/extension/ReliefAudit/{name}", query_string=args)
    assert response.status_code == 200
    return response.get_json()


def test_the_demo_books_carry_the_templates_queries(queries):
    assert set(queries) == template_names()
    assert len(queries) >= 6


def test_books_from_relief_init_carry_the_templates_queries(tmp_path):
    main = init_books(tmp_path / "books", name_zh="新中心", name_en="New centre", year=2027)
    books = load_books(main)
    assert set(saved_queries(books)) == template_names()


@pytest.mark.parametrize("name", sorted(template_names()))
@pytest.mark.parametrize("args", FILTERS, ids=lambda a: "&".join(f"{k}={v}" for k, v in a.items()) or "none")
def test_every_query_runs_on_favas_query_page(client, fava, queries, name, args):
    by_name = run_in_fava(client, fava, f'.run "{name}"', **args)
    assert by_name == run_in_fava(client, fava, queries[name], **args)


@pytest.mark.parametrize("name", sorted(template_names()))
def test_every_query_runs_in_bean_query(demo, fava, client, name):
    """bean-query's `.run NAME` gives, number for number, what Fava gives with no filter."""
    bean_query = Path(sys.executable).parent / "bean-query"
    done = subprocess.run([str(bean_query), "-q", "-f", "csv", "-m", str(demo), f".run {name}"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "error" not in done.stderr.lower(), done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    fava_rows = run_in_fava(client, fava, f'.run "{name}"')
    assert len(rows) == len(fava_rows)
    for ours, theirs in zip(rows, fava_rows, strict=True):
        for column, value in theirs.items():
            if isinstance(value, dict):  # bean-query -m names an amount column "total (CNY)"
                shown = ours.get(f"{column} (CNY)", ours.get(column, "")).strip()
                value = value["units"]["number"] if "units" in value else value.get("CNY", 0)
                assert Decimal(shown or "0").quantize(CENT) == money(value), (name, column)
            else:
                shown = ours[column].strip()
                assert shown == ("" if value is None else str(value)), (name, column)


def _statement_by_fund(statement) -> dict[str, dict[str, Decimal]]:
    """What fund-sources-and-uses sums, per fund and root(account, 2), from the statement."""
    out: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in statement["rows"]:
        fund = row["fund"] or None
        for line in row["sources"] + row["carried"]:
            out[fund][":".join(line["account"].split(":")[:2])] += Decimal(line["amount"])
        for line in row["uses"]:
            out[fund][":".join(line["account"].split(":")[:2])] -= Decimal(line["amount"])
        if Decimal(row["total_transfers"]):
            out[fund]["Equity:FundTransfers"] += Decimal(row["total_transfers"])
    return {f: {k: v for k, v in kinds.items() if v} for f, kinds in out.items()}


@pytest.mark.parametrize("args", FILTERS, ids=lambda a: "&".join(f"{k}={v}" for k, v in a.items()) or "none")
def test_fund_sources_and_uses_is_the_fund_statement(client, fava, args):
    """Per fund and account group, the query's sums are the statement's lines on the same
    filter, and each fund's rows add up to its closing minus its opening balance."""
    rows = run_in_fava(client, fava, '.run "fund-sources-and-uses"', **args)
    got: dict = defaultdict(dict)
    for row in rows:
        got[row["fund"] if row["fund"] != "None" else None][row["kind"]] = inventory(row["amount"])
    got = {f: {k: v for k, v in kinds.items() if v} for f, kinds in got.items()}
    statement = view(client, fava, "statement", **args)
    assert got == {f: kinds for f, kinds in _statement_by_fund(statement).items() if kinds}
    for row in statement["rows"]:
        change = Decimal(row["closing"]) - Decimal(row["opening"]) + sum((Decimal(c["amount"]) for c in row["carried"]), Decimal(0))
        assert sum(got.get(row["fund"], {}).values(), Decimal(0)) == change, row["fund"]


@pytest.mark.parametrize("args", FILTERS, ids=lambda a: "&".join(f"{k}={v}" for k, v in a.items()) or "none")
def test_restricted_fund_spending_is_the_restricted_funds_uses(client, fava, args):
    rows = run_in_fava(client, fava, '.run "restricted-fund-spending"', **args)
    got = {(r["fund"], r["account"]): inventory(r["spent"]) for r in rows}
    statement = view(client, fava, "statement", **args)
    restricted = [row for row in statement["rows"] if row["kind"] == "restricted"]
    expected = {(row["fund"], line["account"]): Decimal(line["amount"]) for row in restricted for line in row["uses"]}
    assert got == {k: v for k, v in expected.items() if v}


@pytest.mark.parametrize("args", FILTERS, ids=lambda a: "&".join(f"{k}={v}" for k, v in a.items()) or "none")
def test_aid_by_approval_adds_up_to_the_aid_by_category(client, fava, args):
    rows = run_in_fava(client, fava, '.run "aid-by-approval"', **args)
    by_account: dict[str, Decimal] = defaultdict(Decimal)
    postings = 0
    for r in rows:
        by_account[r["account"]] += inventory(r["total"])
        postings += r["postings"]
    cases = view(client, fava, "cases", **args)
    expected = {k: Decimal(cell["amount"]) for k in cases["categories"] for cell in [_category_total(cases, k)] if Decimal(cell["amount"])}
    assert dict(by_account) == expected
    assert postings == cases["total"]["postings"]
    statement = view(client, fava, "statement", **args)
    uses: dict[str, Decimal] = defaultdict(Decimal)
    for row in statement["rows"]:
        for line in row["uses"]:
            if line["account"].startswith("Expenses:Aid"):
                uses[line["account"]] += Decimal(line["amount"])
    assert dict(by_account) == {k: v for k, v in uses.items() if v}


def _category_total(cases, account) -> dict:
    total = {"amount": Decimal(0)}
    for key, cell in cases["cells"].items():
        if key.split("|", 1)[1] == account:
            total["amount"] += Decimal(cell["amount"])
    return total


@pytest.mark.parametrize("args", FILTERS, ids=lambda a: "&".join(f"{k}={v}" for k, v in a.items()) or "none")
def test_receipts_by_number_are_the_registers_issued_numbers(client, fava, args):
    rows = run_in_fava(client, fava, '.run "receipts-by-number"', **args)
    got = sorted((r["receipt"], r["date"], r["donor"], amount(r["amount"])) for r in rows)
    register = view(client, fava, "receipts", **args)
    start, end = _period(args)
    expected = sorted(
        (d["receipt"], d["date"], d["donor_id"], Decimal(d["amount"]))
        for year in register["years"]
        for line in year["lines"]
        for d in line["donations"]
        if (start is None or start <= d["date"] < end)
    )
    assert got == expected
    assert [r["receipt"] for r in rows] == sorted(r["receipt"] for r in rows)
    no_receipt = run_in_fava(client, fava, '.run "donations-no-receipt"', **args)
    assert len(no_receipt) == len([d for d in register["without_receipt"] if start is None or start <= d["date"] < end])


def _period(args) -> tuple[str | None, str | None]:
    """The register shows whole years; the query sees Fava's period: compare within it."""
    from fava.util.date import parse_date

    if not args.get("time"):
        return None, None
    begin, end = parse_date(args["time"])
    return str(begin), str(end)


@pytest.mark.parametrize("args", FILTERS, ids=lambda a: "&".join(f"{k}={v}" for k, v in a.items()) or "none")
def test_aid_without_approval_is_the_approval_rules_errors(client, fava, args):
    rows = run_in_fava(client, fava, '.run "aid-without-approval"', **args)
    rules = {g["rule"]: g for g in view(client, fava, "rules", **args)}
    assert len({(r["date"], r["narration"]) for r in rows}) == len(rules["aid_approval"]["violations"])
