"""The fund statement: for each fund, the statement of changes in funds (ledger.funds:
opening balance, sources by kind, uses by category, each transfer between funds with its
reason and approval, closing balance) over a period, with restricted and unrestricted
totals, and whether the funds' closing balances add up to the books' net assets.

A fund's balance is minus the sum of its Income, Expenses and Equity postings
(docs/books.md), so every whole balanced transaction changes the funds and the net assets
by the same amount: the statement reconciles on any set of whole transactions, and fails
to reconcile exactly when some of those postings belong to no declared fund. Those are
shown as their own rows ("no fund", or an undeclared fund id) rather than hidden.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from beancount.core import data

from ledger.accounts import AID_CATEGORIES, CURRENCY, SOURCE_KINDS
from ledger.funds import ZERO, FundMovements
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


@dataclass(frozen=True)
class TransferRow:
    """One transfer between funds as a fund's row shows it: into the fund (+) or out (−)."""

    date: datetime.date
    amount: Decimal
    counterparts: tuple[str, ...]
    reason: str
    approval: str | None
    entry: data.Transaction = field(repr=False, compare=False)


@dataclass(frozen=True)
class LeftOut:
    """What the statement leaves out in one currency other than its own (no value in it):
    how many transactions, and what they raised and spent in that currency. The site and
    the annual report say as much of what they leave out (publish.model.LeftOut)."""

    currency: str
    entries: int
    raised: Decimal
    spent: Decimal


def _left_out(lines: dict[str, list]) -> tuple[LeftOut, ...]:
    return tuple(LeftOut(cur, n, raised, spent) for cur, (n, raised, spent) in lines.items())


@dataclass
class FundRow:
    """One fund's statement of changes over the period (ledger.funds.FundChange, with names):
    opening (of which `carried`: opening money booked in the period) + sources − uses ±
    transfers = closing."""

    fund: str  # "" for postings that name no fund
    kind: str  # one of KINDS
    name_zh: str
    name_en: str
    opening: Decimal = ZERO
    carried: list[Line] = field(default_factory=list)
    sources: list[Line] = field(default_factory=list)
    uses: list[Line] = field(default_factory=list)
    transfers: list[TransferRow] = field(default_factory=list)
    closing: Decimal = ZERO
    #: whether the fund has postings before the period, and in it (FundChange)
    held_before: bool = field(default=False, repr=False)
    posted: bool = field(default=False, repr=False)

    def backed(self, figure: str) -> bool:
        """Whether entries stand behind `figure` (opening, sources, uses, transfers, closing):
        a 0.00 with none (a fund before it began) links to no journal, which would be empty."""
        return {"opening": self.held_before, "closing": self.held_before or self.posted, "sources": bool(self.sources),
                "uses": bool(self.uses), "transfers": bool(self.transfers), "carried": bool(self.carried)}[figure]

    @property
    def before(self) -> Decimal:
        """The balance from entries before the period (the opening without carried money)."""
        return self.opening - self.total_carried

    @property
    def total_carried(self) -> Decimal:
        """Opening money booked in the period (Equity other than transfers), all its lines together."""
        return sum((line.amount for line in self.carried), ZERO)

    @property
    def total_sources(self) -> Decimal:
        """The period's sources (Income) of the fund, all kinds together."""
        return sum((line.amount for line in self.sources), ZERO)

    @property
    def total_uses(self) -> Decimal:
        """The period's uses (Expenses) of the fund, all categories together; positive, subtracted."""
        return sum((line.amount for line in self.uses), ZERO)

    @property
    def total_transfers(self) -> Decimal:
        """The net of the period's transfers: positive when the fund received more than it gave."""
        return sum((line.amount for line in self.transfers), ZERO)


@dataclass(frozen=True)
class Totals:
    """Opening, sources, uses, transfers and closing summed over a group of funds."""

    funds: tuple[str, ...]
    opening: Decimal
    carried: Decimal
    sources: Decimal
    uses: Decimal
    transfers: Decimal
    closing: Decimal
    #: the figures some row has entries behind (FundRow.backed)
    backed_figures: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    def backed(self, figure: str) -> bool:
        """Whether entries stand behind the total `figure` of its funds (FundRow.backed)."""
        return figure in self.backed_figures

    @classmethod
    def of(cls, rows: Iterable[FundRow]) -> Totals:
        """The totals of `rows`: the statement's restricted, unrestricted and declared total lines."""
        rows = list(rows)
        return cls(
            funds=tuple(r.fund for r in rows),
            opening=sum((r.opening for r in rows), ZERO),
            carried=sum((r.total_carried for r in rows), ZERO),
            sources=sum((r.total_sources for r in rows), ZERO),
            uses=sum((r.total_uses for r in rows), ZERO),
            transfers=sum((r.total_transfers for r in rows), ZERO),
            closing=sum((r.closing for r in rows), ZERO),
            backed_figures=frozenset(f for f in ("opening", "sources", "uses", "transfers", "closing") if any(r.backed(f) for r in rows)),
        )


@dataclass
class FundStatement:
    """The statement of changes in funds for [start, end), and its check against the net assets.

    Rows are in KINDS order (restricted, unrestricted, then undeclared and unassigned funds,
    listed only when they moved), GENERAL first among its kind. `skipped` counts, per currency,
    the postings of all time (whatever the period) left out because they are not in the statement's currency;
    `left_out` says what of the period was left out (transactions, raised, spent) and
    `left_out_before` what of the time before it (out of the opening balances).
    """

    start: datetime.date | None
    end: datetime.date | None
    rows: list[FundRow]
    restricted: Totals
    unrestricted: Totals
    declared: Totals  # restricted + unrestricted: what must equal net assets
    net_assets: Decimal
    skipped: dict[str, int] = field(default_factory=dict)  # postings in other currencies, left out (all time, whatever the period)
    #: transactions in another currency left out of the period's figures, and of the opening
    #: balance (dated before the period): the page says these, not the whole books' count
    left_out: tuple[LeftOut, ...] = ()
    left_out_before: tuple[LeftOut, ...] = ()
    #: the part of the net assets that is goods in stock (at cost), still to be received
    #: (Assets:Receivable: pledges, approved allocations) and owed (Liabilities, positive
    #: when owed, which the net assets are net of), at the period's end: the site's reports
    #: and open data (goods_held, receivable_held, payable_held) state them, so the auditor
    #: ties them here
    goods: Decimal = ZERO
    #: the goods of the opening balance (carried over into the books in the period among
    #: them), those that came into stock and went out in the period (FundMovements.goods_moves),
    #: as the site's statements reconcile them: goods_opening + goods_in − goods_out = goods
    goods_opening: Decimal = ZERO
    goods_in: Decimal = ZERO
    goods_out: Decimal = ZERO
    receivable: Decimal = ZERO
    payable: Decimal = ZERO
    #: of the opening balance, what was still to be received and what was owed (held before
    #: the period, and carried over into the books in it): the period before's `receivable`
    #: and `payable`, as the site's statements and statement.csv's opening lines give them
    receivable_opening: Decimal = ZERO
    payable_opening: Decimal = ZERO
    #: goods in stock at the period's end booked at no value (`{0 CNY}`): commodity ->
    #: quantity; in no amount, so named beside the goods, as the site names them
    unvalued: dict[str, Decimal] = field(default_factory=dict)

    @property
    def money(self) -> Decimal:
        """The net assets less goods and receivables, plus what is owed: the money held."""
        return self.net_assets - self.goods - self.receivable + self.payable

    @property
    def difference(self) -> Decimal:
        """Net assets minus the declared funds' closing balances (zero when reconciled)."""
        return self.net_assets - self.declared.closing

    @property
    def reconciled(self) -> bool:
        """Whether the declared funds' closing balances equal the net assets, within TOLERANCE (half a fen)."""
        return abs(self.difference) <= TOLERANCE

    def row(self, fund: str) -> FundRow:
        """The row of fund id `fund` ("" for no fund); StopIteration when the statement has no such row."""
        return next(r for r in self.rows if r.fund == fund)


def _names(key: str, names: dict[str, tuple[str, str]]) -> tuple[str, str]:
    return names.get(key, (key, key))


def _lines(amounts: Iterable[tuple[str, Decimal]], names: dict[str, tuple[str, str]]) -> list[Line]:
    return [Line(k, *_names(k, names), v) for k, v in amounts]


def account_names(entries: Iterable[data.Directive]) -> dict[str, tuple[str, str]]:
    """Display names from the `name_zh` / `name_en` metadata of `open` entries."""
    names: dict[str, tuple[str, str]] = {k: v for k, v in {**SOURCE_KINDS, **AID_CATEGORIES}.items()}
    for entry in entries:
        if isinstance(entry, data.Open) and entry.meta and ("name_zh" in entry.meta or "name_en" in entry.meta):
            zh = str(entry.meta.get("name_zh") or entry.meta.get("name_en"))
            names[entry.account] = (zh, str(entry.meta.get("name_en") or zh))
    return names


def fund_statement(
    entries: Iterable[data.Directive] | FundMovements,
    registry: Registry,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    names: dict[str, tuple[str, str]] | None = None,
    currency: str = CURRENCY,
) -> FundStatement:
    """The fund statement for [start, end) over `entries` (whole transactions), or over
    FundMovements already summed: ledger.funds' statement of changes in funds, with the
    funds' names and kinds, the restricted and unrestricted totals and the net assets."""
    if isinstance(entries, FundMovements):
        movements = entries
    else:
        entries = list(entries)
        movements = FundMovements.from_entries(entries, currency=currency)
        if names is None:
            names = account_names(entries)
    names = names if names is not None else account_names(())
    changes = movements.changes(start, end)
    rows: list[FundRow] = []
    for fund_id in set(changes.funds) | set(registry.funds):
        declared = registry.funds.get(fund_id)
        if declared is not None:
            kind, zh, en = ("restricted" if declared.restricted else "unrestricted"), declared.name_zh, declared.name_en
        elif fund_id == "":
            kind, zh, en = "unassigned", "未指定资金", "No fund named"
        else:
            kind, zh, en = "undeclared", f"未登记资金 {fund_id}", f"Undeclared fund {fund_id}"
        c = changes.fund(fund_id)
        if kind in ("undeclared", "unassigned") and not c.moved:
            continue
        rows.append(FundRow(
            fund=fund_id,
            kind=kind,
            name_zh=zh,
            name_en=en,
            opening=c.opening,
            carried=_lines(c.carried, names),
            sources=_lines(c.sources, names),
            uses=_lines(c.uses, names),
            transfers=[TransferRow(t.date, t.amount, t.counterparts, t.reason, t.approval, t.transfer.entry) for t in c.transfers],
            closing=c.closing,
            held_before=c.held_before,
            posted=c.posted,
        ))
    rows.sort(key=lambda r: (KINDS.index(r.kind), r.fund != "GENERAL", r.fund))
    receivable_opening, payable_opening = movements.owed_opening(start, end)
    return FundStatement(
        start=start,
        end=end,
        rows=rows,
        restricted=Totals.of(r for r in rows if r.kind == "restricted"),
        unrestricted=Totals.of(r for r in rows if r.kind == "unrestricted"),
        declared=Totals.of(r for r in rows if r.kind in ("restricted", "unrestricted")),
        net_assets=changes.net_assets,
        skipped=dict(movements.skipped),
        left_out=_left_out(movements.left_out_between(start, end)),
        left_out_before=_left_out(movements.left_out_between(None, start)) if start is not None else (),
        goods=_until(movements.goods, end),
        **_goods_moves(movements, start, end),
        receivable=_until(movements.receivable, end),
        payable=-_until(movements.payable, end),
        receivable_opening=receivable_opening,
        payable_opening=payable_opening,
        unvalued=_unvalued(movements.unvalued, end),
    )


def _unvalued(days: dict[datetime.date, dict[str, Decimal]], end: datetime.date | None) -> dict[str, Decimal]:
    """Goods booked at no value still in stock before `end`: commodity -> quantity (those not zero)."""
    held: dict[str, Decimal] = {}
    for day, items in days.items():
        if end is None or day < end:
            for commodity, quantity in items.items():
                held[commodity] = held.get(commodity, ZERO) + quantity
    return {c: q for c, q in sorted(held.items()) if q}


def _goods_moves(movements: FundMovements, start: datetime.date | None, end: datetime.date | None) -> dict[str, Decimal]:
    """The goods of the opening balance of [start, end) (in stock before start, and carried
    over into the books in the period), those that came in and those that went out in it."""
    opening = _until(movements.goods, start) if start is not None else ZERO
    came = went = ZERO
    for day, (carried, came_in, went_out) in movements.goods_moves.items():
        if (start is None or day >= start) and (end is None or day < end):
            opening, came, went = opening + carried, came + came_in, went + went_out
    return {"goods_opening": opening, "goods_in": came, "goods_out": went}


def _until(days: dict[datetime.date, Decimal], end: datetime.date | None) -> Decimal:
    """The sum of a day -> change dict before `end` (all of it for None): one pass over the
    days that moved it, at most a few thousand."""
    return sum((v for day, v in days.items() if end is None or day < end), ZERO)
