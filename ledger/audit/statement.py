"""The fund statement: for each fund, opening balance, sources by kind, uses by category,
transfers and closing balance over a period, with restricted and unrestricted totals, and
whether the funds' closing balances add up to the books' net assets.

A fund's balance is minus the sum of its Income, Expenses and Equity postings
(docs/books.md), so every whole balanced transaction changes the funds and the net assets
by the same amount: the statement reconciles on any set of whole transactions, and fails
to reconcile exactly when some of those postings belong to no declared fund. Those are
shown as their own rows ("no fund", or an undeclared fund id) rather than hidden.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from beancount.core import data

from ledger.accounts import AID_CATEGORIES, SOURCE_KINDS, aid_category, is_under
from ledger.funds import ZERO, FundFlows, posting_fund, posting_value
from ledger.registry import Registry

#: Reconciliation tolerates half a fen of rounding in cost arithmetic.
TOLERANCE = Decimal("0.005")

#: The row kinds, in the order the statement lists them.
KINDS = ("restricted", "unrestricted", "undeclared", "unassigned")


@dataclass(frozen=True)
class Line:
    """One amount on the statement, keyed by the account (or kind) it sums."""

    account: str
    name_zh: str
    name_en: str
    amount: Decimal


@dataclass
class FundRow:
    """One fund's movement over the period."""

    fund: str  # "" for postings that name no fund
    kind: str  # one of KINDS
    name_zh: str
    name_en: str
    opening: Decimal = ZERO
    sources: list[Line] = field(default_factory=list)
    uses: list[Line] = field(default_factory=list)
    transfers: list[Line] = field(default_factory=list)
    closing: Decimal = ZERO

    @property
    def total_sources(self) -> Decimal:
        return sum((line.amount for line in self.sources), ZERO)

    @property
    def total_uses(self) -> Decimal:
        return sum((line.amount for line in self.uses), ZERO)

    @property
    def total_transfers(self) -> Decimal:
        return sum((line.amount for line in self.transfers), ZERO)


@dataclass(frozen=True)
class Totals:
    """Opening, sources, uses, transfers and closing summed over a group of funds."""

    funds: tuple[str, ...]
    opening: Decimal
    sources: Decimal
    uses: Decimal
    transfers: Decimal
    closing: Decimal

    @classmethod
    def of(cls, rows: Iterable[FundRow]) -> Totals:
        rows = list(rows)
        return cls(
            funds=tuple(r.fund for r in rows),
            opening=sum((r.opening for r in rows), ZERO),
            sources=sum((r.total_sources for r in rows), ZERO),
            uses=sum((r.total_uses for r in rows), ZERO),
            transfers=sum((r.total_transfers for r in rows), ZERO),
            closing=sum((r.closing for r in rows), ZERO),
        )


@dataclass
class FundStatement:
    start: datetime.date | None
    end: datetime.date | None
    rows: list[FundRow]
    restricted: Totals
    unrestricted: Totals
    declared: Totals  # restricted + unrestricted: what must equal net assets
    net_assets: Decimal

    @property
    def difference(self) -> Decimal:
        """Net assets minus the declared funds' closing balances (zero when reconciled)."""
        return self.net_assets - self.declared.closing

    @property
    def reconciled(self) -> bool:
        return abs(self.difference) <= TOLERANCE

    def row(self, fund: str) -> FundRow:
        return next(r for r in self.rows if r.fund == fund)


def _source_key(account: str) -> str:
    """Group an income account under its kind of source (one of SOURCE_KINDS when it is one)."""
    return next((kind for kind in SOURCE_KINDS if is_under(account, kind)), account)


def _use_key(account: str) -> str:
    """Group an expense account under its aid category; other uses stay as they are."""
    return aid_category(account) or account


def _names(key: str, names: dict[str, tuple[str, str]]) -> tuple[str, str]:
    return names.get(key, (key, key))


def _ordered(amounts: dict[str, Decimal], order: Iterable[str], names: dict[str, tuple[str, str]]) -> list[Line]:
    order = list(order)
    keys = sorted(amounts, key=lambda k: (order.index(k) if k in order else len(order), k))
    return [Line(k, *_names(k, names), amounts[k]) for k in keys if amounts[k] != ZERO]


def account_names(entries: Iterable[data.Directive]) -> dict[str, tuple[str, str]]:
    """Display names from the `name_zh` / `name_en` metadata of `open` entries."""
    names: dict[str, tuple[str, str]] = {k: v for k, v in {**SOURCE_KINDS, **AID_CATEGORIES}.items()}
    for entry in entries:
        if isinstance(entry, data.Open) and entry.meta and ("name_zh" in entry.meta or "name_en" in entry.meta):
            zh = str(entry.meta.get("name_zh") or entry.meta.get("name_en"))
            names[entry.account] = (zh, str(entry.meta.get("name_en") or zh))
    return names


def _flows(entries: list[data.Directive], start: datetime.date | None, end: datetime.date | None) -> tuple[FundFlows, dict[str, dict[str, Decimal]], Decimal]:
    """One pass for what ledger.funds.fund_flows and net_assets compute, plus equity by account.

    The same arithmetic as ledger.funds (posting_fund, posting_value; the tests hold the two
    to the same numbers), in one loop because on 100 000 transactions each pass costs about
    half a second of a page's time.
    """
    flows = FundFlows()
    equity: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    assets = ZERO
    for entry in entries:
        if not isinstance(entry, data.Transaction) or (end is not None and entry.date >= end):
            continue
        before = start is not None and entry.date < start
        for posting in entry.postings:
            root = posting.account.partition(":")[0]
            if root in ("Assets", "Liabilities"):
                assets += posting_value(posting)
                continue
            if root not in ("Income", "Expenses", "Equity"):
                continue
            fund = posting_fund(entry, posting) or ""
            value = posting_value(posting)
            if before:
                flows.opening[fund] -= value
            elif root == "Income":
                flows.sources[fund][posting.account] -= value
            elif root == "Expenses":
                flows.uses[fund][posting.account] += value
            else:
                flows.transfers[fund] -= value
                equity[fund][posting.account] -= value
    return flows, equity, assets


def fund_statement(
    entries: Iterable[data.Directive],
    registry: Registry,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    names: dict[str, tuple[str, str]] | None = None,
) -> FundStatement:
    """The fund statement for [start, end) over `entries` (whole transactions).

    The numbers are ledger.funds' (fund_flows, net_assets: same postings, same values); this
    adds the grouping by kind of source and aid category, the equity lines by account and
    the totals.
    """
    entries = list(entries)
    names = names if names is not None else account_names(entries)
    flows, equity, assets = _flows(entries, start, end)
    funds = set(flows.funds) | set(registry.funds)
    rows: list[FundRow] = []
    for fund_id in funds:
        declared = registry.funds.get(fund_id)
        if declared is not None:
            kind, zh, en = ("restricted" if declared.restricted else "unrestricted"), declared.name_zh, declared.name_en
        elif fund_id == "":
            kind, zh, en = "unassigned", "未指定资金", "No fund named"
        else:
            kind, zh, en = "undeclared", f"未登记资金 {fund_id}", f"Undeclared fund {fund_id}"
        sources: dict[str, Decimal] = defaultdict(Decimal)
        for account, amount in flows.sources.get(fund_id, {}).items():
            sources[_source_key(account)] += amount
        uses: dict[str, Decimal] = defaultdict(Decimal)
        for account, amount in flows.uses.get(fund_id, {}).items():
            uses[_use_key(account)] += amount
        row = FundRow(
            fund=fund_id,
            kind=kind,
            name_zh=zh,
            name_en=en,
            opening=flows.opening.get(fund_id, ZERO),
            sources=_ordered(sources, SOURCE_KINDS, names),
            uses=_ordered(uses, AID_CATEGORIES, names),
            transfers=_ordered(dict(equity.get(fund_id, {})), (), names),
            closing=flows.closing(fund_id) if fund_id in flows.funds else ZERO,
        )
        if kind in ("undeclared", "unassigned") and not (row.opening or row.closing or row.sources or row.uses or row.transfers):
            continue
        rows.append(row)
    rows.sort(key=lambda r: (KINDS.index(r.kind), r.fund != "GENERAL", r.fund))
    restricted = Totals.of(r for r in rows if r.kind == "restricted")
    unrestricted = Totals.of(r for r in rows if r.kind == "unrestricted")
    return FundStatement(
        start=start,
        end=end,
        rows=rows,
        restricted=restricted,
        unrestricted=unrestricted,
        declared=Totals.of(r for r in rows if r.kind in ("restricted", "unrestricted")),
        net_assets=assets,
    )
