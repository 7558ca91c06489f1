"""The public model's fast paths compute what the plain code computed.

collect_facts, FundMovements.add and the aid tables were rewritten to read each posting
once, work out each account's role once and add aid up from cells summed once (a publish
reads 100k transactions). Here the plain per-posting rules (posting_currency,
posting_value, posting_fund, as the code read before) are kept as the reference and the
fast code must agree with them exactly, Decimal exponents included, on books that use
cost, price, other currencies, posting-level funds, goods and cases: the demo books, the
small books and beancount's example (other currencies, held at cost, priced).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data

from ledger.accounts import AID_ROOT, EXPENSES, GOODS_ACCOUNT, INCOME, is_donation, is_under, root_of
from ledger.books import load_books
from ledger.demo import write_demo
from ledger.funds import FundMovements, posting_currency, posting_fund, posting_value, source_kind, use_category
from ledger.registry import GENERAL_FUND
from publish import ack
from publish.facts import UNASSIGNED_FUND, collect_facts
from publish.model_builder import _Builder, build_public_model
from tests.publish.conftest import EXAMPLE, SMALL

ZERO = Decimal(0)


# --------------------------------------------------------------------------- the reference


def _reference_add(m: FundMovements, txn: data.Transaction) -> list[tuple]:
    """FundMovements.add as plainly written: every rule read per posting. Returns what it
    counted, as add(counted=...) hands it back."""
    day, counted, legs = txn.date, [], defaultdict(Decimal)
    for posting in txn.postings:
        root = posting.account.partition(":")[0]
        if root not in (INCOME, EXPENSES, "Equity", "Assets", "Liabilities"):
            continue
        if posting.units is None or posting.units.number is None:
            continue
        cur = posting_currency(posting)
        if cur != m.currency:
            m.skipped[str(cur)] += 1
            continue
        value = posting_value(posting)
        if root in ("Assets", "Liabilities"):
            m.assets[day] += value
            continue
        fund = m.single_fund or posting_fund(txn, posting) or m.default_fund
        kind, key = m._line(posting.account)
        cells = m.days[day]
        if kind == "use":
            cells[(fund, kind, key)] += value
        else:
            cells[(fund, kind, key)] -= value
        if kind == "transfer":
            legs[fund] -= value
        m.funds.add(fund)
        counted.append((posting, value, fund, kind, key))
    if counted:
        m.first = day if m.first is None or day < m.first else m.first
        m.last = day if m.last is None or day > m.last else m.last
    if legs:
        m.transfers.append((day, tuple(sorted(legs.items()))))
    return counted


def _reference_facts(books):
    """collect_facts as plainly written: (movements, aid, donations) as plain tuples."""
    currency = (books.options.get("operating_currency") or ["CNY"])[0]
    no_funds = not books.registry.funds
    default_fund = GENERAL_FUND if no_funds else UNASSIGNED_FUND
    m = FundMovements(currency, default_fund, GENERAL_FUND if no_funds else None)
    aid, donations = [], []
    for txn in books.entries:
        if not isinstance(txn, data.Transaction) or not _reference_add(m, txn):
            continue
        donation_value, donation_kind = ZERO, None
        for posting in txn.postings:
            account, root = posting.account, root_of(posting.account)
            if root not in (INCOME, EXPENSES):
                continue
            if posting.units is None or posting.units.number is None or posting_currency(posting) != currency:
                continue
            if root == INCOME:
                if is_donation(account):
                    donation_value -= posting_value(posting)
                    donation_kind = donation_kind or source_kind(account)
                continue
            if is_under(account, AID_ROOT) and account != AID_ROOT:
                fund = GENERAL_FUND if no_funds else (posting_fund(txn, posting) or default_fund)
                case = (posting.meta or {}).get("case") or (txn.meta or {}).get("case")
                case = None if case is None else str(case)
                # the case's unit on the day (the first registered, before its enrolment),
                # else the posting's, else the transaction's (ledger.registry.AidUnits)
                registered = books.registry.cases.get(case) if case is not None else None
                unit = None
                if registered is not None:
                    unit = registered.attribute("unit", txn.date) or next(
                        (ev.meta["unit"] for ev in sorted(registered.events, key=lambda e: e.date) if ev.meta.get("unit")), None)
                if unit is None:
                    unit = (posting.meta or {}).get("unit") or (txn.meta or {}).get("unit")
                aid.append((txn.date, use_category(account), case, None if unit is None else str(unit), posting_value(posting), fund))
        if donation_kind is not None:
            goods = [
                (p.units.currency, p.units.number, posting_value(p))
                for p in txn.postings
                if is_under(p.account, GOODS_ACCOUNT) and p.units is not None and p.units.number and p.units.number > 0
                and posting_currency(p) == currency
            ]
            meta = txn.meta or {}
            fund = str(meta.get("fund") or default_fund) if books.registry.funds else GENERAL_FUND
            receipt, donor = meta.get("receipt"), meta.get("donor")
            donations.append((txn.date, None if receipt is None else str(receipt), None if donor is None else str(donor), fund,
                              donation_value, goods, donation_kind))
    return m, aid, donations


def _exact(x):
    """A value with its Decimals as their exact text (so 1.0 and 1.00 differ)."""
    if isinstance(x, Decimal):
        return ("D", str(x))
    if isinstance(x, dict):
        return {_exact(k): _exact(v) for k, v in x.items()}
    if type(x) in (list, tuple):
        return type(x)(_exact(v) for v in x)
    return x


# --------------------------------------------------------------------------- the books


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    main, _ = write_demo(tmp_path_factory.mktemp("fast") / "books", seed=7, transactions=600)
    return load_books(main)


EDGE = """\
option "operating_currency" "CNY"
2026-01-01 open Assets:Bank:Basic
2026-01-01 open Assets:Goods
2026-01-01 open Assets:Foreign
2026-01-01 open Income:Donation:Enterprise
2026-01-01 open Income:Donation:Individual
2026-01-01 open Expenses:Aid:Living
2026-01-01 open Expenses:Aid:Medical:Clinic
2026-01-01 open Expenses:Operations:Office
2026-01-01 open Equity:FundTransfers
2026-01-01 open Equity:Opening-Balances
2026-01-01 custom "fund" "GENERAL" "unrestricted"
2026-01-01 custom "fund" "MED" "restricted"
2026-01-01 custom "case" "C1" "enrolled"
  unit: "North"

2026-01-02 * "opening"
  fund: "GENERAL"
  Assets:Bank:Basic  1000.0 CNY
  Equity:Opening-Balances

2026-01-03 * "gift with goods, valued at cost"
  fund: "MED"
  donor: "D1"
  receipt: "R-1"
  Assets:Goods  10 RICE {5.80 CNY}
  Assets:Bank:Basic  20 CNY
  Income:Donation:Enterprise  -78.00 CNY

2026-01-04 * "gift in dollars, converted at a price"
  donor: "D2"
  receipt: "R-2"
  Assets:Bank:Basic  70.000 CNY
  Income:Donation:Individual  -10 USD @ 7.0 CNY

2026-01-05 * "gift in dollars only: another currency, skipped"
  Assets:Foreign  10 USD
  Income:Donation:Individual  -10 USD

2026-01-06 * "aid batch: posting-level funds, cases and units"
  fund: "GENERAL"
  case: "C1"
  Expenses:Aid:Living  100.00 CNY
    case: "C2"
    unit: "South"
  Expenses:Aid:Medical:Clinic  50.5 CNY
    fund: "MED"
  Expenses:Aid:Living  25 CNY
    fund: ""
  Expenses:Operations:Office  3.00 CNY
  Assets:Bank:Basic  -178.50 CNY

2026-01-07 * "a transfer between funds"
  reason: "top up"
  Equity:FundTransfers  -30 CNY
    fund: "GENERAL"
  Equity:FundTransfers  30.00 CNY
    fund: "MED"
"""


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    path = tmp_path_factory.mktemp("edge") / "main.beancount"
    path.write_text(EDGE, encoding="utf-8")
    return load_books(path)


def _books(request, name):
    if name == "small":
        return load_books(SMALL)
    if name == "example":
        if not Path(EXAMPLE).is_file():
            pytest.skip("beancount's example books are not on this machine")
        return load_books(EXAMPLE)
    return request.getfixturevalue(name)


# --------------------------------------------------------------------------- the checks


@pytest.mark.parametrize("name", ["demo", "edge", "small", "example"])
def test_facts_and_movements_agree_with_the_plain_rules(request, name):
    books = _books(request, name)
    ref, aid, donations = _reference_facts(books)
    facts = collect_facts(books)
    m = facts.movements
    assert _exact({d: dict(c) for d, c in m.days.items()}) == _exact({d: dict(c) for d, c in ref.days.items()})
    assert _exact(dict(m.assets)) == _exact(dict(ref.assets))
    assert dict(m.skipped) == dict(ref.skipped)
    assert m.funds == ref.funds and (m.first, m.last) == (ref.first, ref.last)
    assert _exact([(t.date, t.legs) for t in m.transfers]) == _exact(ref.transfers)
    assert _exact([(a.date, a.category, a.case, a.unit, a.amount, a.fund) for a in facts.aid]) == _exact(aid)
    got = [(d.date, d.receipt, d.donor, d.fund, d.amount, [(g.commodity, g.quantity, g.value) for g in d.goods], d.kind) for d in facts.donations]
    assert _exact(got) == _exact(donations)
    if name == "edge":  # the books exercise what they were written for
        assert dict(m.skipped) == {"USD": 2}
        assert {a.fund for a in facts.aid} == {"GENERAL", "MED", ""}
        assert [d.amount for d in facts.donations] == [Decimal("78.00"), Decimal("70.0")]
        assert [(g.commodity, g.value) for g in facts.donations[0].goods] == [("RICE", Decimal("58.00"))]
        assert [(a.case, a.unit) for a in facts.aid] == [("C2", "South"), ("C1", "North"), ("C1", "North")]


def test_add_hands_back_what_it_counted(edge):
    fast, plain = FundMovements("CNY"), FundMovements("CNY")
    for txn in edge.entries:
        if isinstance(txn, data.Transaction):
            counted: list = []
            moved = fast.add(txn, counted)
            expected = _reference_add(plain, txn)
            assert moved == bool(expected)
            assert _exact(counted) == _exact(expected)
    assert _exact(dict(fast.assets)) == _exact(dict(plain.assets))


def _per_payment(aid, keys):
    """(households, amount) per key, each payment added to the keys `keys(a)` gives."""
    cases, amounts = defaultdict(set), defaultdict(Decimal)
    for a in aid:
        for key in keys(a):
            if a.case is not None:
                cases[key].add(a.case)
            amounts[key] += a.amount
    return {key: (len(cases[key]), amounts[key]) for key in amounts}


@pytest.mark.parametrize("name", ["demo", "edge"])
def test_aid_tables_add_up_each_payment(request, name):
    books = _books(request, name)
    b = _Builder(books, collect_facts(books), None)
    b.k = 1  # nothing suppressed: every cell shows its figure
    for year in sorted({a.date.year for a in b.facts.aid}):
        items = [a for a in b.facts.aid if a.date.year == year]
        expected = _per_payment(items, lambda a: [("m", f"{a.date.year:04d}-{a.date.month:02d}", a.category), ("u", a.unit or "", a.category)])
        ay = b.aid_year(year)
        for t, table in (("m", ay.by_month), ("u", ay.by_unit)):
            for row in table.rows:
                for col, cell in zip(table.columns, row.cells, strict=True):
                    n, amount = expected.get((t, row.key, col.key), (0, ZERO))
                    assert (cell.households, str(cell.amount)) == (n, str(amount))
        grand = _per_payment(items, lambda a: [()])[()]
        assert (ay.by_month.grand.households, str(ay.by_month.grand.amount)) == (grand[0], str(grand[1]))
    months = sorted({(a.date.year, a.date.month) for a in b.facts.aid})
    from publish.model_builder import month_period

    for ym in months:
        items = [a for a in b.facts.aid if (a.date.year, a.date.month) == ym]
        expected = _per_payment(items, lambda a: [a.category])
        line = b.aid_line(month_period(ym))
        for col, cell in zip(line.columns, line.totals, strict=True):
            assert (cell.households, str(cell.amount)) == (expected[col.key][0], str(expected[col.key][1]))


@pytest.mark.parametrize("bounds", [
    (None, None), (datetime.date(2026, 1, 1), datetime.date(2027, 1, 1)), (datetime.date(2026, 3, 1), None),
    (None, datetime.date(2026, 5, 1)), (datetime.date(2026, 2, 15), datetime.date(2026, 6, 3)),
])
def test_households_by_months_or_by_days_agree(demo, bounds):
    b = _Builder(demo, collect_facts(demo), None)
    b.k = 1
    start, end = bounds
    n = len({a.case for a in b.facts.aid if a.case is not None and (start is None or a.date >= start) and (end is None or a.date < end)})
    assert n > 0
    assert b.households(start, end).value == n


def test_prepared_hmac_keys_give_the_same_tokens():
    for secret in (b"s", b"benchmark-secret-0123456789abcdef", bytes(range(80))):
        path = ack.ack_path_maker(secret)
        for text in ("JZ-2026-00001", "", "受助人-7", "C0001"):
            assert path(text) == ack.ack_path(text, secret)


def test_the_model_does_not_depend_on_earlier_builds(demo):
    """The builder keeps nothing between builds: two builds are equal."""
    assert build_public_model(demo, b"k") == build_public_model(demo, b"k")
