"""One pass over the books collecting what the public model is built from.

This module sees private things (case ids, donor ids) because it must count households
and attribute gifts; nothing here reaches a template directly. publish/model.py turns
these facts into the public model through an explicit allow-list.

Amounts are kept in the books' first operating currency (CNY for relief books, USD for
beancount's example); postings valued in another currency are counted per currency in
`skipped` and left out, so totals never add up different currencies.
"""

from __future__ import annotations

import bisect
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from beancount.core import data

from ledger.accounts import (
    AID_ROOT,
    FUND_TRANSFER_ACCOUNT,
    GOODS_ACCOUNT,
    SOURCE_KINDS,
    aid_category,
    is_donation,
    is_fund_account,
    is_under,
)
from ledger.books import Books
from ledger.funds import posting_fund, posting_value
from ledger.registry import GENERAL_FUND

ZERO = Decimal(0)
UNASSIGNED_FUND = ""

Month = tuple[int, int]


def posting_currency(posting: data.Posting) -> str | None:
    """The currency a posting's value (posting_value) is expressed in."""
    if posting.cost is not None and getattr(posting.cost, "number", None) is not None:
        return posting.cost.currency
    if posting.price is not None and posting.price.number is not None:
        return posting.price.currency
    return posting.units.currency if posting.units is not None else None


def source_kind(account: str) -> str:
    """The kind of source an Income account reports under (its SOURCE_KINDS parent, or itself)."""
    for kind in SOURCE_KINDS:
        if is_under(account, kind):
            return kind
    return account


def use_category(account: str) -> str:
    """The category an Expenses account reports under (its aid category, or itself)."""
    return aid_category(account) or account


@dataclass
class AidFact:
    date: datetime.date
    category: str
    case: str | None
    unit: str | None
    amount: Decimal
    fund: str


@dataclass
class GoodsFact:
    commodity: str
    quantity: Decimal
    value: Decimal


@dataclass
class DonationFact:
    date: datetime.date
    receipt: str | None
    donor: str | None
    fund: str
    amount: Decimal
    goods: list[GoodsFact]
    kind: str  # the source kind (Income:Donation:Enterprise, ...)


@dataclass
class TransferFact:
    date: datetime.date
    fund: str
    amount: Decimal  # into the fund (+) or out of it (-)
    counterparts: tuple[str, ...]


@dataclass
class Facts:
    currency: str
    default_fund: str
    first: datetime.date | None = None
    last: datetime.date | None = None
    #: (fund, month, "source"|"use"|"equity"|"transfer", key) -> amount (positive = as named)
    flows: dict[tuple[str, Month, str, str], Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    aid: list[AidFact] = field(default_factory=list)
    donations: list[DonationFact] = field(default_factory=list)
    transfers: list[TransferFact] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    months: set[Month] = field(default_factory=set)


def _meta(obj: Any, key: str) -> Any:
    meta = getattr(obj, "meta", None) or {}
    return meta.get(key)


class _Units:
    """The reporting union of a case on a day (registry events, bisected; memoised per case)."""

    def __init__(self, cases):
        self.cases = cases
        self.memo: dict[str, tuple[list, list]] = {}

    def __call__(self, case: str, day: datetime.date):
        hist = self.memo.get(case)
        if hist is None:
            dates, units, unit = [], [], None
            for ev in sorted(self.cases[case].events, key=lambda e: e.date):
                if "unit" in ev.meta:
                    unit = ev.meta["unit"]
                dates.append(ev.date)
                units.append(unit)
            hist = self.memo[case] = (dates, units)
        i = bisect.bisect_right(hist[0], day)
        return hist[1][i - 1] if i else None


def collect_facts(books: Books) -> Facts:
    operating = books.options.get("operating_currency") or ["CNY"]
    currency = operating[0]
    default_fund = GENERAL_FUND if not books.registry.funds else UNASSIGNED_FUND
    facts = Facts(currency=currency, default_fund=default_fund)
    cases = books.registry.cases
    unit_of = _Units(cases)
    flows = facts.flows
    kinds: dict[str, str] = {}
    categories: dict[str, tuple[str, bool]] = {}
    no_funds = not books.registry.funds
    for txn in books.entries:
        if not isinstance(txn, data.Transaction):
            continue
        month = (txn.date.year, txn.date.month)
        touched = False
        donation_value = ZERO
        donation_kind = None
        transfer_rows: list[tuple[str, Decimal]] = []
        for posting in txn.postings:
            account = posting.account
            if not is_fund_account(account):
                continue
            if posting.units is None or posting.units.number is None:
                continue
            cur = posting_currency(posting)
            if cur != currency:
                facts.skipped[str(cur)] += 1
                continue
            value = posting_value(posting)
            fund = GENERAL_FUND if no_funds else (posting_fund(txn, posting) or default_fund)
            touched = True
            root = account.split(":", 1)[0]
            if root == "Income":
                kind = kinds.get(account) or kinds.setdefault(account, source_kind(account))
                flows[(fund, month, "source", kind)] -= value
                if is_donation(account):
                    donation_value -= value
                    donation_kind = donation_kind or kind
            elif root == "Expenses":
                known = categories.get(account)
                if known is None:
                    known = categories[account] = (use_category(account), is_under(account, AID_ROOT) and account != AID_ROOT)
                category, aid = known
                flows[(fund, month, "use", category)] += value
                if aid:
                    case = _meta(posting, "case") or _meta(txn, "case")
                    case = None if case is None else str(case)
                    unit = _meta(posting, "unit") or _meta(txn, "unit")
                    if unit is None and case is not None and case in cases:
                        unit = unit_of(case, txn.date)
                    facts.aid.append(AidFact(txn.date, category, case, None if unit is None else str(unit), value, fund))
            elif is_under(account, FUND_TRANSFER_ACCOUNT):
                flows[(fund, month, "transfer", account)] -= value
                transfer_rows.append((fund, -value))
            else:
                flows[(fund, month, "equity", account)] -= value
        if touched:
            facts.months.add(month)
            facts.first = txn.date if facts.first is None or txn.date < facts.first else facts.first
            facts.last = txn.date if facts.last is None or txn.date > facts.last else facts.last
        if donation_kind is not None:
            goods = [
                GoodsFact(p.units.currency, p.units.number, posting_value(p))
                for p in txn.postings
                if is_under(p.account, GOODS_ACCOUNT) and p.units is not None and p.units.number and p.units.number > 0
                and posting_currency(p) == currency
            ]
            receipt = _meta(txn, "receipt")
            donor = _meta(txn, "donor")
            fund = str(_meta(txn, "fund") or default_fund) if books.registry.funds else GENERAL_FUND
            facts.donations.append(
                DonationFact(txn.date, None if receipt is None else str(receipt), None if donor is None else str(donor), fund, donation_value, goods, donation_kind)
            )
        if transfer_rows:
            funds = sorted({f for f, _ in transfer_rows})
            per_fund: dict[str, Decimal] = defaultdict(Decimal)
            for f, amount in transfer_rows:
                per_fund[f] += amount
            for f in funds:
                facts.transfers.append(TransferFact(txn.date, f, per_fund[f], tuple(x for x in funds if x != f)))
    return facts
