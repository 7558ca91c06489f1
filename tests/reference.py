"""The books' own figures, computed in the tests independently of ledger.funds.

Each posting is summed as it stands in the books (units × cost, or × price, in CNY), by
its own `fund` metadata or its transaction's: the statement of changes in funds that the
product computes once (ledger/funds.py) must agree with these sums on every surface.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from beancount.core import data

ZERO = Decimal(0)


def value(p: data.Posting) -> Decimal:
    n = p.units.number
    if p.cost is not None and p.cost.number is not None:
        return n * p.cost.number
    if p.price is not None:
        return n * p.price.number
    return n


def fund_of(txn: data.Transaction, p: data.Posting, default: str = "") -> str:
    own = (p.meta or {}).get("fund")
    return str(own if own is not None else (txn.meta or {}).get("fund", default) or default)


def _txns(entries):
    return [e for e in entries if isinstance(e, data.Transaction)]


def fund_balances(entries, until: datetime.date | None = None) -> dict[str, Decimal]:
    """Minus the sum of each fund's Income, Expenses and Equity postings before `until`."""
    out: dict[str, Decimal] = defaultdict(Decimal)
    for t in _txns(entries):
        if until is not None and t.date >= until:
            continue
        for p in t.postings:
            if p.account.split(":")[0] in ("Income", "Expenses", "Equity"):
                out[fund_of(t, p)] -= value(p)
    return dict(out)


def goods_rounding(t: data.Transaction) -> Decimal:
    """What an entry moving goods at cost leaves over when it books their value to the fen
    (2.25 OIL {13.33 CNY} = 29.9925 beside a gift of -29.99 CNY: 0.0025), less than a fen,
    which beancount lets pass: the goods are the books' at the value booked, 29.99. Zero for
    any other entry."""
    if not any(p.account.split(":")[:2] == ["Assets", "Goods"] for p in t.postings):
        return ZERO
    if any((p.cost or p.price or p.units).currency != "CNY" for p in t.postings):
        return ZERO
    left = sum((value(p) for p in t.postings), ZERO)
    return left if abs(left) < Decimal("0.01") else ZERO


def net_assets(entries, until: datetime.date | None = None) -> Decimal:
    """Assets less liabilities, goods at the value booked for them (goods_rounding)."""
    total = ZERO
    for t in _txns(entries):
        if until is not None and t.date >= until:
            continue
        for p in t.postings:
            if p.account.split(":")[0] in ("Assets", "Liabilities"):
                total += value(p)
        total -= goods_rounding(t)
    return total


@dataclass
class Figures:
    """One fund's (or all funds') statement for [start, end), by plain sums."""

    opening: Decimal = ZERO  # before start, plus opening money (Equity but transfers) in the period
    raised: Decimal = ZERO
    spent: Decimal = ZERO
    transfers: Decimal = ZERO
    closing: Decimal = ZERO
    sources: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    uses: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))


def figures(entries, start: datetime.date | None, end: datetime.date | None, fund: str | None = None, default: str = "") -> Figures:
    f = Figures()
    for t in _txns(entries):
        if end is not None and t.date >= end:
            continue
        for p in t.postings:
            parts = p.account.split(":")
            if parts[0] not in ("Income", "Expenses", "Equity"):
                continue
            if fund is not None and fund_of(t, p, default) != fund:
                continue
            v = value(p)
            f.closing -= v
            if start is not None and t.date < start:
                f.opening -= v
            elif parts[0] == "Income":
                f.raised -= v
                f.sources[":".join(parts[:3]) if parts[1] == "Donation" else ":".join(parts[:2])] -= v
            elif parts[0] == "Expenses":
                f.spent += v
                f.uses[":".join(parts[:3])] += v
            elif p.account == "Equity:FundTransfers":
                f.transfers -= v
            else:
                f.opening -= v
    return f


def gifts(entries) -> list[tuple[data.Transaction, Decimal]]:
    """Every transaction with an Income:Donation posting and what it gave: minus the sum of
    those postings (goods at cost). A refund or a reversal gives a negative amount."""
    out = []
    for t in _txns(entries):
        moved = [value(p) for p in t.postings if p.account.startswith("Income:Donation")]
        if moved:
            out.append((t, -sum(moved, ZERO)))
    return out


def gifts_by_source(entries) -> dict[tuple[int, str, str], Decimal]:
    """What the Income:Donation postings gave, by (year, account, fund): a correction that
    moves a gift from one donation account to the other counts under each."""
    out: dict[tuple[int, str, str], Decimal] = defaultdict(Decimal)
    for t in _txns(entries):
        for p in t.postings:
            if p.account.startswith("Income:Donation"):
                out[t.date.year, p.account, fund_of(t, p)] -= value(p)
    return {k: v for k, v in out.items() if v}


def aid_paid(entries, start: datetime.date | None = None, end: datetime.date | None = None) -> Decimal:
    """The sum of the Expenses:Aid postings in [start, end) (a correction's negative one included)."""
    return sum((value(p) for t in _txns(entries) if (start is None or t.date >= start) and (end is None or t.date < end)
                for p in t.postings if p.account.startswith("Expenses:Aid:")), ZERO)


def goods_held(entries, until: datetime.date | None = None) -> tuple[Decimal, dict[str, Decimal]]:
    """The goods in stock before `until`: their value at cost as booked (goods_rounding), and
    the quantity of each commodity booked at no value (`{0 CNY}`)."""
    at_cost, unvalued = ZERO, defaultdict(Decimal)
    for t in _txns(entries):
        if until is not None and t.date >= until:
            continue
        for p in t.postings:
            if p.account.split(":")[:2] == ["Assets", "Goods"]:
                at_cost += value(p)
                if p.cost is not None and p.cost.number == 0:
                    unvalued[p.units.currency] += p.units.number
        at_cost -= goods_rounding(t)
    return at_cost, {c: n for c, n in unvalued.items() if n}


def goods_moves(entries, start: datetime.date | None, end: datetime.date | None) -> tuple[Decimal, Decimal, Decimal]:
    """The goods at cost (as booked, goods_rounding) of a statement for [start, end): those of
    its opening balance (held before start, and those of an entry in the period that carries
    money over into the books, an `Equity` posting other than a transfer), those that came
    into stock (an entry in the period whose goods add up to more) and went out (to less)."""
    opening = goods_held(entries, start)[0] if start is not None else ZERO
    came_in = went_out = ZERO
    for t in _txns(entries):
        if (start is not None and t.date < start) or (end is not None and t.date >= end):
            continue
        net = sum((value(p) for p in t.postings if p.account.split(":")[:2] == ["Assets", "Goods"]), ZERO) - goods_rounding(t)
        if not net:
            continue
        if any(p.account.split(":")[0] == "Equity" and p.account.split(":")[:2] != ["Equity", "FundTransfers"] for p in t.postings):
            opening += net
        elif net > 0:
            came_in += net
        else:
            went_out -= net
    return opening, came_in, went_out


def moved_under(entries, account: str, start: datetime.date | None, end: datetime.date | None, fund: str | None = None) -> Decimal:
    """What the postings on `account` and the accounts under it moved in [start, end), as
    they stand (income negative), in `fund` or all funds: one line of a sources or uses
    table, one aid category."""
    return sum((value(p) for t in _txns(entries) if (start is None or t.date >= start) and (end is None or t.date < end)
                for p in t.postings if (p.account == account or p.account.startswith(account + ":"))
                and (fund is None or fund_of(t, p) == fund)), ZERO)


def held_under(entries, root: str, until: datetime.date | None = None) -> Decimal:
    """The balance of `root` and the accounts under it before `until`, as it stands in the
    books (a liability negative): what is still to be received (Assets:Receivable), what is
    owed (Liabilities), the money in the bank, the cash box and online (Assets:Bank, ...)."""
    return sum((value(p) for t in _txns(entries) if until is None or t.date < until
                for p in t.postings if p.account == root or p.account.startswith(root + ":")), ZERO)


def held_at_opening(entries, root: str, start: datetime.date | None, end: datetime.date | None) -> Decimal:
    """Of a statement's opening balance for [start, end), what `root` and the accounts under it
    held (Assets:Receivable, Liabilities, as they stand): before start, and what an entry in the
    period that carries money over into the books (an `Equity` posting other than a transfer)
    put there, as goods_moves counts the opening goods."""
    held = held_under(entries, root, start) if start is not None else ZERO
    for t in _txns(entries):
        if (start is not None and t.date < start) or (end is not None and t.date >= end):
            continue
        if any(p.account.split(":")[0] == "Equity" and p.account.split(":")[:2] != ["Equity", "FundTransfers"] for p in t.postings):
            held += sum((value(p) for p in t.postings if p.account == root or p.account.startswith(root + ":")), ZERO)
    return held


def money_moves(entries, account: str, currency: str, start: datetime.date, end: datetime.date) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """A money account's (and those under it) balance before `start`, the units put in and
    taken out in [start, end) (each posting on its own), and its balance before `end`, in
    `currency`: the books' own figures a reconciliation's "opening + in − out = closing" shows."""
    opening = money_in = money_out = ZERO
    for t in _txns(entries):
        if t.date >= end:
            continue
        for p in t.postings:
            if not (p.account == account or p.account.startswith(account + ":")) or p.units.currency != currency:
                continue
            n = p.units.number
            if t.date < start:
                opening += n
            elif n > 0:
                money_in += n
            else:
                money_out -= n
    return opening, money_in, money_out, opening + money_in - money_out
