"""Aid to cases in aggregate: per reporting union (unit) and aid category, the number of
cases helped and the amount; the cases over a yearly limit; aid to cases not enrolled on
the day it was given.

Units are decided as on the site (ledger.registry.AidUnits): the case registry's as of the
day of the aid (a case may move between unions; aid before enrolment takes the first unit
registered), else the posting's `unit`, else the transaction's, else "unknown". Yearly limits are per
calendar year, so they are judged on whole years: a period selects the years it touches.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from beancount.core import data

from ledger.accounts import AID_CATEGORIES, aid_category, is_under
from ledger.audit.period import in_period, years_of
from ledger.funds import CURRENCY, ZERO, posting_currency, posting_value
from ledger.memo import same_entries
from ledger.index import transaction_index
from ledger.registry import AidUnits, posting_case, Registry
from ledger.settings import Settings

UNKNOWN_UNIT = "unknown"
NO_CASE = ""


@dataclass
class Cell:
    """Aid in one (unit, category): the distinct cases helped and the amount."""

    cases: set[str] = field(default_factory=set, repr=False)
    amount: Decimal = ZERO
    postings: int = 0
    #: the transactions' own `unit` metadata values (None when absent), to find them again
    unit_meta: set[str | None] = field(default_factory=set, repr=False)
    #: each case's net aid in the cell
    nets: dict[str, Decimal] = field(default_factory=dict, repr=False)

    @property
    def count(self) -> int:
        """The number of distinct cases helped (a case aided twice in the cell counts once;
        one whose aid nets to nothing, paid and reversed, not at all: the site counts the
        households helped so, and the auditor traces its figure here)."""
        return households_helped(self.cases, self.nets)


def households_helped(cases: set[str], nets: dict[str, Decimal] | None) -> int:
    """The cases helped among `cases`, a case whose aid there nets to nothing or less (`nets`:
    net aid by case, for some or all of them) left out: paid by mistake and reversed, it was
    not helped; aid paid in an earlier period and given back in this one leaves a net below
    zero, and the household was not helped in this one either.

    Why one function: the site counts the households helped so (publish.model_builder), and
    the auditor traces its figure in this view; two counts would drift apart."""
    return len(cases) - sum(1 for case, net in (nets or {}).items() if net <= 0 and case in cases)


@dataclass(frozen=True)
class OverLimit:
    """A case whose yearly aid under a limited account (settings' `aid_limits`) went over the limit.

    `total` is the whole calendar year's aid, not only the aid up to `date` (the day the running
    total first went over), so the auditor sees how far over the year ended.
    """

    case: str
    year: int
    account: str
    limit: Decimal
    total: Decimal
    date: datetime.date  # the day the total first went over

    @property
    def excess(self) -> Decimal:
        """How much the year's aid went over the limit, in CNY."""
        return self.total - self.limit


@dataclass(frozen=True)
class NotEnrolled:
    """One aid posting to a case not enrolled on the day it was given, or to no registered case.

    Kept with its fund and approval so the auditor can follow it to the decision that allowed
    it; `reason` says which it is (no case named, not registered, not yet enrolled, exited).
    """

    date: datetime.date
    case: str  # "" when the aid names no case
    account: str
    amount: Decimal
    fund: str | None
    approval: str | None
    reason: str
    entry: data.Transaction = field(compare=False, repr=False)


@dataclass
class CaseAggregate:
    """Aid in a period by reporting union (unit) and aid category, and the cases an auditor looks at.

    `cells` holds only the (unit, category) pairs that had aid; `categories` are in the chart's
    order (AID_CATEGORIES), `units` alphabetical with "unknown" last. Counts are of distinct
    cases, so a row or column total is not the sum of its cells' counts (a case helped in two
    categories counts once).
    """

    categories: list[str]
    units: list[str]
    cells: dict[tuple[str, str], Cell]
    over_limit: list[OverLimit]
    not_enrolled: list[NotEnrolled]
    #: aid postings valued in another currency than the books' (30.00 USD without a price in
    #: CNY), per currency: left out of every cell, as the statement and the site leave them out
    skipped: dict[str, int] = field(default_factory=dict)
    #: what those postings gave, per currency, in that currency: the page said "1 × USD" and no amount
    skipped_amounts: dict[str, Decimal] = field(default_factory=dict)

    def cell(self, unit: str, category: str) -> Cell:
        """The aid in one (unit, category): an empty Cell where there was none, so the table shows a zero."""
        return self.cells.get((unit, category)) or Cell()

    def unit_total(self, unit: str) -> Cell:
        """All the aid to one unit, each case counted once across the categories."""
        return self._totals[0].get(unit) or Cell()

    def category_total(self, category: str) -> Cell:
        """All the aid of one category, each case counted once across the units."""
        return self._totals[1].get(category) or Cell()

    @property
    def total(self) -> Cell:
        """All the aid in the period: distinct cases, amount and postings."""
        return self._totals[2]

    @functools.cached_property
    def _totals(self) -> tuple[dict[str, Cell], dict[str, Cell], Cell]:
        """The units' totals, the categories' and the whole total, merged once per aggregate.

        Why kept: the cases page asks a unit's total for every cell's link, and for each unit
        every other unit's (`unit_filter`): merged each time, 818 merges of the cells' case
        sets, nearly all of the page's 0.49 s (CPU) on the 100k demo books. The cells are not
        changed once the aggregate is made."""
        by_unit: dict[str, list[Cell]] = defaultdict(list)
        by_category: dict[str, list[Cell]] = defaultdict(list)
        for (unit, category), cell in self.cells.items():
            by_unit[unit].append(cell)
            by_category[category].append(cell)
        return ({u: _merge(cs) for u, cs in by_unit.items()}, {k: _merge(cs) for k, cs in by_category.items()},
                _merge(self.cells.values()))


def _merge(cells: Iterable[Cell]) -> Cell:
    out = Cell()
    for c in cells:
        out.cases |= c.cases
        out.amount += c.amount
        out.postings += c.postings
        out.unit_meta |= c.unit_meta
        for case, net in c.nets.items():
            out.nets[case] = out.nets.get(case, ZERO) + net
    return out


def _reason(registry: Registry, case_id: str | None, day: datetime.date) -> str | None:
    """Why aid to `case_id` on `day` is not to an enrolled case (None when it is)."""
    if case_id is None:
        return "no case named"
    case = registry.cases.get(case_id)
    if case is None:
        return "case not registered"
    if case.enrolled_on(day):
        return None
    if case.exited_date and case.exited_date <= day:
        return f"exited on {case.exited_date}"
    if case.enrolled_date is None or case.enrolled_date > day:
        return f"not enrolled until {case.enrolled_date}" if case.enrolled_date else "never enrolled"
    return "not enrolled that day"


def _over_limits(entries: Iterable[data.Directive], settings: Settings) -> tuple[dict[tuple[str, int, str], OverLimit], set[int]]:
    """Every (case, year, limited account) whose yearly aid went over its limit, and the years with aid."""
    yearly: dict[tuple[str, int, str], Decimal] = defaultdict(Decimal)
    first_over: dict[tuple[str, int, str], datetime.date] = {}
    years: set[int] = set()
    for entry, aid_postings in transaction_index(entries).aid:
        for p in aid_postings:
            years.add(entry.date.year)
            case_id = posting_case(entry, p)
            if case_id is None or posting_currency(p) != CURRENCY:  # the limits are in CNY (settings)
                continue
            for account, limit in settings.aid_limits.items():
                if is_under(p.account, account):
                    key = (case_id, entry.date.year, account)
                    yearly[key] += posting_value(p)
                    if yearly[key] > limit and key not in first_over:
                        first_over[key] = entry.date
    # the total for the whole year, not only up to the day it went over
    over = {key: OverLimit(key[0], key[1], key[2], settings.aid_limits[key[2]], yearly[key], day) for key, day in first_over.items()}
    return over, years


def aggregate_cases(
    entries: Iterable[data.Directive],
    registry: Registry,
    settings: Settings,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    all_entries: Iterable[data.Directive] | None = None,
    currency: str = CURRENCY,
) -> CaseAggregate:
    """Aid in [start, end) by unit and category; limits judged on the years it touches.

    A yearly limit counts all of a case's aid, so when `entries` are a selection (Fava's
    account or advanced filter) pass the whole books as `all_entries`: limits are judged on
    those, and shown for the cases that have aid among `entries`.
    """
    entries = entries if isinstance(entries, list) else list(entries)
    judged = entries if all_entries is None else all_entries
    # Fava's unfiltered view passes the whole books twice, the same list: index it once.
    with same_entries(judged if isinstance(judged, list) else []):
        return _aggregate(entries, registry, settings, start, end, judged, currency)


def _aggregate(entries, registry, settings, start, end, judged, currency) -> CaseAggregate:
    cells: dict[tuple[str, str], Cell] = defaultdict(Cell)
    not_enrolled: list[NotEnrolled] = []
    seen_cases: set[str] = set()
    units = AidUnits(registry.cases)
    skipped: dict[str, int] = defaultdict(int)
    skipped_amounts: dict[str, Decimal] = defaultdict(Decimal)
    for entry, aid_postings in transaction_index(entries).aid:
        for p in aid_postings:
            case_id = posting_case(entry, p)
            if case_id is not None:
                seen_cases.add(case_id)
            if not in_period(entry.date, start, end):
                continue
            reason = _reason(registry, case_id, entry.date)
            other = posting_currency(p)
            # Why apart: added as it was, 30.00 USD counted as 30.00 CNY here while the statement,
            # the site's aid tables and the open data leave it out (the rule fund_currency warns);
            # such aid to a case not enrolled is still listed, at 0.00, as the receipts view does
            value = posting_value(p) if other == currency else ZERO
            if reason:
                approval = entry.meta.get("approval")
                fund = (p.meta or {}).get("fund") or entry.meta.get("fund")
                not_enrolled.append(
                    NotEnrolled(entry.date, case_id or NO_CASE, p.account, value, None if fund is None else str(fund), None if approval is None else str(approval), reason, entry)
                )
            if other != currency:
                skipped[str(other)] += 1
                skipped_amounts[str(other)] += posting_value(p)
                continue
            unit = units(entry, p, case_id) or UNKNOWN_UNIT
            cell = cells[str(unit), aid_category(p.account) or p.account]
            if case_id:
                cell.cases.add(case_id)
                cell.nets[case_id] = cell.nets.get(case_id, ZERO) + value
            meta_unit = entry.meta.get("unit")
            cell.unit_meta.add(None if meta_unit is None else str(meta_unit))
            cell.amount += value
            cell.postings += 1
    over, years_seen = _over_limits(judged, settings)
    years = years_of(start, end, years_seen)
    over_limit = [item for key, item in sorted(over.items()) if item.year in years and item.case in seen_cases]
    order = list(AID_CATEGORIES)
    categories = sorted({k for _, k in cells}, key=lambda k: (order.index(k) if k in order else len(order), k))
    units = sorted({u for u, _ in cells}, key=lambda u: (u == UNKNOWN_UNIT, u))
    return CaseAggregate(categories, units, dict(cells), over_limit, not_enrolled, dict(skipped), dict(skipped_amounts))
