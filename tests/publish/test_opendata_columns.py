"""The open data says what its documentation says: every amount with two decimals (funds.csv
wrote a restricted fund's opening as `0`), funds.csv's `purpose` the accounts a fund may
pay (it held their English names) with their names beside them, and flows.csv by month,
fund and category (it gave sources only as one TOTAL row per month and fund)."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from decimal import Decimal

import pytest

from publish.opendata import AMOUNT_COLUMNS, DATASETS, _two_decimals


def _rows(path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))


@pytest.mark.parametrize(("texts", "written"), [
    (["0", "500", "-5", "12.5", "1E+2"], ["0.00", "500.00", "-5.00", "12.50", "100.00"]),
    (["0.00", "-1.23", "", "1.005", "3.14159"], ["0.00", "-1.23", "", "1.005", "3.14159"]),  # more decimals: as they are, never rounded
])
def test_an_amount_is_written_with_two_decimals(texts, written):
    assert _two_decimals(texts) == written


def test_every_amount_of_every_file_has_two_decimals(published):
    out, _ = published
    checked = 0
    for name, (_desc, columns) in DATASETS.items():
        if not name.endswith(".csv"):
            continue
        for row in _rows(out / name):
            for column in AMOUNT_COLUMNS & {c for c, _ in columns}:
                assert row[column] == "" or re.fullmatch(r"-?\d+\.\d\d", row[column]), (name, column, row[column])
                checked += 1
    assert checked > 100
    funds = {r["fund_id"]: r for r in _rows(out / "data" / "funds.csv")}
    assert funds["EDU-2026"]["opening"] == "0.00"  # was "0"


def test_the_purpose_of_a_fund_is_its_accounts_with_their_names(published, small_books):
    out, _ = published
    funds = {r["fund_id"]: r for r in _rows(out / "data" / "funds.csv")}
    for fid, reg in small_books.registry.funds.items():
        assert funds[fid]["purpose"] == "|".join(reg.purpose)
    edu = funds["EDU-2026"]
    assert (edu["purpose"], edu["purpose_zh"], edu["purpose_en"]) == ("Expenses:Aid:Education", "助学", "Education aid")
    assert funds["GENERAL"]["purpose"] == funds["GENERAL"]["purpose_en"] == ""
    statement = {r["category"] for r in _rows(out / "data" / "statement.csv") if r["line"] == "use"}
    assert "Expenses:Aid:Education" in statement  # the same key as the statement's categories


def test_flows_are_by_category_and_add_up_to_the_statement(published):
    """Each month and fund: sources by kind, uses by category, transfers by the other fund;
    sources less uses plus transfers is the statement's closing less its opening."""
    out, _ = published
    flows = _rows(out / "data" / "flows.csv")
    assert not [r for r in flows if r["category"] == "TOTAL"]
    moved: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    raised: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    for r in flows:
        amount = Decimal(r["amount"])
        if r["direction"] == "source":
            assert r["category"].startswith("Income:"), r
            raised[r["month"], r["fund_id"], r["category"]] += amount
        if r["direction"] != "other":
            moved[r["month"], r["fund_id"]] += -amount if r["direction"] == "use" else amount
    blocks: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(dict)
    sources: dict[tuple[str, str, str], Decimal] = {}
    for r in _rows(out / "data" / "statement.csv"):
        if re.fullmatch(r"\d{4}-\d\d", r["period"]) and r["fund_id"] != "TOTAL":
            if r["line"] in ("opening", "closing"):
                blocks[r["period"], r["fund_id"]][r["line"]] = Decimal(r["amount"])
            elif r["line"] == "source":
                sources[r["period"], r["fund_id"], r["category"]] = Decimal(r["amount"])
    assert blocks and {k: v for k, v in raised.items() if v} == {k: v for k, v in sources.items() if v}
    for key, b in blocks.items():
        assert moved.get(key, Decimal(0)) == b["closing"] - b["opening"], key
