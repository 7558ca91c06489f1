"""The public model of the small books: numbers, allow-list, anonymity, snapshot."""

from __future__ import annotations

import dataclasses
import json
import os
from decimal import Decimal
from pathlib import Path

from publish import ack, opendata
from publish.model import PublicModel
from publish.model_builder import build_public_model
from tests.reference import fund_balances, net_assets

SNAPSHOTS = Path(__file__).parent / "snapshots"
SECRET = b"model-tests-secret-0123456789abcdef"


def model_of(books):
    return build_public_model(books, SECRET)


def test_fund_balances_match_the_ledger(small_books):
    model = model_of(small_books)
    expected = fund_balances(small_books.entries)
    assert {f.ref.id: f.balance for f in model.funds} == {k: v for k, v in expected.items()}
    assert sum(f.balance for f in model.funds) == net_assets(small_books.entries)
    assert model.overview.all_time.closing == net_assets(small_books.entries)


def test_closed_fund_shows_where_the_remainder_went(small_books):
    edu = model_of(small_books).fund("EDU-2026")
    assert edu.restricted and edu.closed
    assert edu.balance == 0
    assert [(t.amount, [c.id for c in t.counterparts]) for t in edu.transfers] == [(Decimal("-8000.00"), ["GENERAL"])]
    assert [p.en for p in edu.purpose] == ["Education aid"]


def test_overview_sums(small_books):
    ov = model_of(small_books).overview
    assert ov.year.raised == sum(line.amount for line in ov.year.sources)
    assert ov.year.spent == sum(line.amount for line in ov.year.uses)
    assert ov.year.closing == ov.year.opening + ov.year.raised - ov.year.spent + ov.year.transfers
    assert ov.year.transfers == 0 and ov.year.moved == sum(t.amount for f in model_of(small_books).funds for t in f.transfers if t.amount > 0)
    assert ov.households_all.value == 9
    assert len(ov.trend) == 11  # January to November of the books' only year


def test_anonymous_donors_have_no_name_anywhere_in_the_model(small_books):
    model = model_of(small_books)
    text = json.dumps(dataclasses.asdict(model), default=str, ensure_ascii=False)
    for secret in ("司马", "隐名慈善家", "慈善总会", "匿名捐赠人", "13800138555", "hongmei", "欧阳明哲", "诸葛无双"):
        assert secret not in text
    anon = [d for d in model.donations if d.anonymous]
    assert {d.receipt for d in anon} == {"JZ-2026-00002", "JZ-2026-00006", "JZ-2026-00007"}
    assert all(d.donor_name is None for d in anon)


def test_model_never_holds_case_ids(small_books):
    text = json.dumps(dataclasses.asdict(model_of(small_books)), default=str)
    assert "C000" not in text


def test_honour_roll_groups_and_anonymous_totals(small_books):
    roll = model_of(small_books).rolls[0]
    names = {g.kind: [e.name for e in g.entries] for g in roll.groups}
    assert names == {"enterprise": ["某某机械", "<script>alert('xss')</script>丰收粮油"], "individual": ["李红梅"]}
    assert roll.anonymous_gifts == 3
    assert roll.anonymous_amount == Decimal("8888.00") + Decimal("5000.00") + Decimal("321.50")
    goods = {e.name: [(g.commodity, g.quantity) for g in e.goods] for g in roll.groups for e in g.entries}
    assert goods["<script>alert('xss')</script>丰收粮油"] == [("OIL", Decimal("50")), ("RICE", Decimal("100"))]
    assert roll.total == sum(d.amount for d in model_of(small_books).donations)


def test_donation_records_carry_the_ack_address(small_books):
    model = model_of(small_books)
    d = next(d for d in model.donations if d.receipt == "JZ-2026-00003")
    assert d.ack_path == ack.ack_path("JZ-2026-00003", SECRET)
    assert d.ack_url == "https://relief.example.org/" + d.ack_path
    assert d.amount == Decimal("9400.00") and {g.commodity for g in d.goods} == {"RICE", "OIL"}
    assert d.fund.id == "GENERAL"
    assert build_public_model(small_books, None).donations[0].ack_path is None


def test_period_reports_cover_year_quarters_months(small_books):
    keys = [r.period.key for r in model_of(small_books).reports]
    assert "2026" in keys and "2026-Q1" in keys and "2026-09" in keys
    assert "2026-05" not in keys  # no activity in May
    year = next(r for r in model_of(small_books).reports if r.period.key == "2026")
    assert year.statement.closing == sum(m.closing for m in year.funds)


def _normalise(model: PublicModel) -> dict:
    return json.loads(json.dumps(opendata.plain_model(model), ensure_ascii=False, sort_keys=True))


def test_model_snapshot(small_books):
    """The whole public model (what data/model.json and the CSVs publish) against a reviewed snapshot.

    Regenerate after a deliberate change with UPDATE_SNAPSHOTS=1 and review the diff.
    """
    current = _normalise(model_of(small_books))
    path = SNAPSHOTS / "small_model.json"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(current, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert current == json.loads(path.read_text(encoding="utf-8"))


def test_a_household_whose_aid_was_reversed_was_not_helped(books_copy):
    """Aid booked to the wrong case, reversed and paid to the right one: the wrong household
    was counted as helped on the overview, in the annual report and in the aid tables."""
    from collections import defaultdict

    from beancount.core import data

    from ledger.books import load_books

    with (books_copy / "registry" / "cases.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2026-01-02 custom "case" "C0010" "enrolled"\n  unit: "市交通工会"\n  cause: "illness"\n  household: 2\n')
    with (books_copy / "txns" / "2026.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2026-12-01 * "特困救助（案例号填错）"\n  fund: "GENERAL"\n  approval: "SP-2026-1201"\n  case: "C0010"\n'
                '  Expenses:Aid:Living   700.00 CNY\n  Assets:Bank:Basic\n'
                '\n2026-12-02 * "冲销：案例号填错"\n  fund: "GENERAL"\n  approval: "SP-2026-1201"\n  case: "C0010"\n'
                '  Expenses:Aid:Living   -700.00 CNY\n  Assets:Bank:Basic\n'
                '\n2026-12-02 * "特困救助（更正）"\n  fund: "GENERAL"\n  approval: "SP-2026-1201"\n  case: "C0001"\n'
                '  Expenses:Aid:Living   700.00 CNY\n  Assets:Bank:Basic\n')
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    net = defaultdict(Decimal)
    for entry in books.entries:
        if isinstance(entry, data.Transaction):
            for p in entry.postings:
                if p.account.startswith("Expenses:Aid:"):
                    net[(p.meta or {}).get("case") or entry.meta.get("case")] += p.units.number
    assert net["C0010"] == 0
    helped = sum(1 for amount in net.values() if amount)
    model = model_of(books)
    assert model.overview.households_year.value == helped
    assert model.overview.households_all.value == helped
    [year] = model.aid
    assert year.households.value == helped
    december = next(r for r in year.by_month.rows if r.key == "2026-12")
    assert december.total.suppressed or december.total.households == 1  # C0001 only: the reversal nets C0010 out
