"""Which fund a posting belongs to, and fund balances over time.

A fund's balance is minus the sum of its postings to Income, Expenses and Equity: sources
raise it, uses lower it. Every such posting belongs to exactly one fund, so the funds'
balances add up to the books' net assets. Shared by the rules, the publisher, the Fava
extension and reconcile.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, Iterator

from beancount.core import data

from ledger.accounts import CURRENCY, is_fund_account

ZERO = Decimal(0)


def posting_fund(txn: data.Transaction, posting: data.Posting) -> str | None:
    """The fund of a posting: its own `fund` metadata, else the transaction's."""
    if posting.meta and posting.meta.get("fund") is not None:
        return str(posting.meta["fund"])
    fund = txn.meta.get("fund") if txn.meta else None
    return None if fund is None else str(fund)


def posting_value(posting: data.Posting) -> Decimal:
    """The posting's value in CNY: its cost when held at cost, its price when converted."""
    units = posting.units
    if units is None or units.number is None:
        return ZERO
    if posting.cost is not None and getattr(posting.cost, "number", None) is not None:
        return units.number * posting.cost.number
    if posting.price is not None and posting.price.number is not None:
        return units.number * posting.price.number
    return units.number


def fund_postings(entries: Iterable[data.Directive]) -> Iterator[tuple[data.Transaction, data.Posting, str | None]]:
    """Every posting that moves a fund balance, with the fund it belongs to."""
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        for posting in entry.postings:
            if is_fund_account(posting.account):
                yield entry, posting, posting_fund(entry, posting)


@dataclass
class FundFlows:
    """Per fund: balance, sources by account and uses by account, for a date range."""

    opening: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    sources: dict[str, dict[str, Decimal]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(Decimal)))
    uses: dict[str, dict[str, Decimal]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(Decimal)))
    transfers: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    def closing(self, fund: str) -> Decimal:
        return (
            self.opening[fund]
            + sum(self.sources[fund].values(), ZERO)
            - sum(self.uses[fund].values(), ZERO)
            + self.transfers[fund]
        )

    @property
    def funds(self) -> list[str]:
        return sorted(set(self.opening) | set(self.sources) | set(self.uses) | set(self.transfers))


def fund_flows(
    entries: Iterable[data.Directive],
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> FundFlows:
    """Sources and uses per fund in [start, end); everything before start is the opening.

    Postings without a fund are counted under the fund id "" so that nothing disappears.
    """
    flows = FundFlows()
    for txn, posting, fund in fund_postings(entries):
        if end is not None and txn.date >= end:
            continue
        fund = fund or ""
        value = posting_value(posting)
        if start is not None and txn.date < start:
            flows.opening[fund] -= value
            continue
        root = posting.account.split(":", 1)[0]
        if root == "Income":
            flows.sources[fund][posting.account] -= value
        elif root == "Expenses":
            flows.uses[fund][posting.account] += value
        else:
            flows.transfers[fund] -= value
    return flows


def fund_balances(entries: Iterable[data.Directive], until: datetime.date | None = None) -> dict[str, Decimal]:
    """Each fund's balance at the end of the books (or before `until`)."""
    balances: dict[str, Decimal] = defaultdict(Decimal)
    for txn, posting, fund in fund_postings(entries):
        if until is not None and txn.date >= until:
            continue
        balances[fund or ""] -= posting_value(posting)
    return dict(balances)


def net_assets(entries: Iterable[data.Directive], until: datetime.date | None = None) -> Decimal:
    """Assets minus liabilities at cost, in CNY (what the funds' balances must add up to)."""
    total = ZERO
    for entry in entries:
        if not isinstance(entry, data.Transaction) or (until is not None and entry.date >= until):
            continue
        for posting in entry.postings:
            if posting.account.split(":", 1)[0] in ("Assets", "Liabilities"):
                total += posting_value(posting)
    return total


__all__ = ["CURRENCY", "FundFlows", "fund_balances", "fund_flows", "fund_postings", "net_assets", "posting_fund", "posting_value"]
