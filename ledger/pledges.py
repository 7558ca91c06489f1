"""Pledges and their payments: which payment settles which pledge, one rule for every reader.

A pledge (认捐) is a gift booked on Assets:Receivable:Pledges when promised, against a
donation line; a payment of it is an entry that takes money (or goods) off that account
without a donation line. An entry that takes it off with a donation line (the donation
account debited: the donor cancelled the rest) is no payment: it cancels that much of the
pledge, which is then no longer to come. The donor's letter (letters/model.py) and the gift's public
acknowledgement page (publish/) both say what of a pledge has come and what is still to
come; they read the payments through `match` so that the two cannot disagree.

A payment is the pledge's that shares a link with it, else that names its donor, else of
the same payee and fund (as the books' examples write them); among several such pledges,
the oldest with something still to come takes it, up to what is left.
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Iterable
from decimal import Decimal
from typing import NamedTuple

from beancount.core import data

from ledger.accounts import GOODS_ACCOUNT, PLEDGE_ACCOUNT, is_donation, is_under

ZERO = Decimal(0)
#: what a payment of a pledge brought (`Side.came`, `Settled.came`)
MONEY, GOODS, MIXED = "money", "goods", "mixed"


class Side(NamedTuple):
    """What `match` reads of a pledge's entry or a payment's: its day, the amount it puts on
    (pledge) or takes off (payment) the pledges account, and what tells whose it is."""

    date: datetime.date
    amount: Decimal
    links: frozenset
    donor: str | None
    payee: str
    fund: str | None
    #: a payment's only: it has a donation line (the pledge cut short), no money came
    cancel: bool = False
    #: a payment's only: what came, "money", "goods" (it puts goods in stock and nothing
    #: else: the letter and the page say goods were received, not money) or "mixed" (both)
    came: str = MONEY


def side(txn: data.Transaction, amount: Decimal, cancel: bool = False, came: str = MONEY) -> Side:
    """The `Side` of `txn`, which moves `amount` on the pledges account (positive either way)."""
    meta = txn.meta or {}
    donor, fund = meta.get("donor"), meta.get("fund")
    return Side(txn.date, amount, frozenset(txn.links or ()), None if donor is None else str(donor),
                txn.payee or "", None if fund is None else str(fund), cancel, came)


def taken_off(txn: data.Transaction, on: Decimal) -> Side:
    """The `Side` of `txn`, which takes `-on` off the pledges account: a payment, or a
    cancellation when it has a donation line."""
    return side(txn, -on, any(is_donation(p.account) for p in txn.postings), _came(txn))


def _came(txn: data.Transaction) -> str:
    """What a payment brought: goods when what it puts on is goods in stock only, mixed when
    goods and something else, else money (a bank, cash, or anything not goods)."""
    goods = other = False
    for p in txn.postings:
        if p.units is None or not (p.units.number or ZERO) > 0 or is_under(p.account, PLEDGE_ACCOUNT):
            continue
        if is_under(p.account, GOODS_ACCOUNT):
            goods = True
        else:
            other = True
    return (MIXED if other else GOODS) if goods else MONEY


def came_as(kinds: Iterable[str]) -> str:
    """What several payments brought together: goods or money when all brought that, mixed
    when they differ or one was mixed (no payment: money, the words for none of it come)."""
    seen = set(kinds)
    return MIXED if len(seen) > 1 else next(iter(seen), MONEY)


class Settled(NamedTuple):
    """What became of a pledge: its payments and what of it was cancelled, each (day,
    amount), oldest first; `came`, what each payment brought (`Side.came`), aligned with `paid`."""

    paid: list[tuple[datetime.date, Decimal]]
    cancelled: list[tuple[datetime.date, Decimal]]
    came: list[str]


def on_pledges(txn: data.Transaction) -> Decimal:
    """What `txn` puts on the pledges account (negative: what it takes off)."""
    on = ZERO
    for p in txn.postings:
        if p.units is not None and is_under(p.account, PLEDGE_ACCOUNT):
            on += p.units.number or ZERO
    return on


def _same(pledge: Side, pay: Side) -> bool:
    if pay.links:
        return bool(pledge.links & pay.links)
    if pay.donor is not None:
        return pay.donor == pledge.donor
    return pay.payee == pledge.payee and pay.fund == pledge.fund


def match(pledges: Iterable[tuple[Hashable, Side]], payments: Iterable[Side]) -> dict[Hashable, Settled]:
    """key of each pledge -> its payments and cancellations (`Settled`, possibly none).

    `pledges` and `payments` (cancellations among them) in the books' order (by date)."""
    return settle(pledges, payments)[0]


def settle(pledges: Iterable[tuple[Hashable, Side]], payments: Iterable[Side]) -> tuple[dict[Hashable, Settled], list[tuple[int, Decimal]]]:
    """(`match`'s answer, and (index in `payments`, amount) of each payment or cancellation
    that no pledge took in full, with what no pledge took: more than was still to come of
    the pledges it can be for, or no such pledge at all)."""
    open_: list[list] = [[key, s, s.amount, Settled([], [], [])] for key, s in pledges]  # [key, side, left, settled]
    over: list[tuple[int, Decimal]] = []
    for i, pay in enumerate(payments):
        amount = pay.amount
        for pledge in open_:
            if amount <= 0:
                break
            _key, s, left, settled = pledge
            if left <= 0 or s.date > pay.date or not _same(s, pay):
                continue
            part = min(left, amount)
            (settled.cancelled if pay.cancel else settled.paid).append((pay.date, part))
            if not pay.cancel:
                settled.came.append(pay.came)
            pledge[2] -= part
            amount -= part
        if amount > 0:
            over.append((i, amount))
    return {key: settled for key, _s, _left, settled in open_}, over


def _read(entries) -> tuple[list[tuple[int, Side]], list[Side]]:
    """The pledges (id of the transaction, its side) and the payments of the books, in their order."""
    pledges: list[tuple[int, Side]] = []
    payments: list[Side] = []
    for txn in entries:
        if not isinstance(txn, data.Transaction):
            continue
        on = on_pledges(txn)
        if on > 0 and any(is_donation(p.account) for p in txn.postings):
            pledges.append((id(txn), side(txn, on)))
        elif on < 0:
            payments.append(taken_off(txn, on))
    return pledges, payments


def pledge_payments(entries) -> dict[int, Settled]:
    """id(pledge's transaction) -> its payments and cancellations."""
    return match(*_read(entries))


def pledges_settled(entries) -> dict[int, tuple[Decimal, Settled]]:
    """id(pledge's transaction) -> (what it pledged, its payments and cancellations): what of
    it is still to come is the first less the second's amounts (`to_come`)."""
    pledges, payments = _read(entries)
    settled = match(pledges, payments)
    return {key: (s.amount, settled[key]) for key, s in pledges}


def to_come(pledged: Decimal, settled: Settled, end: datetime.date | None = None) -> Decimal:
    """What of a pledge of `pledged` is still to come: neither received nor cancelled (before
    `end`, when given: by a period's end, a payment of the next year has not come yet)."""
    done = sum((amount for day, amount in (*settled.paid, *settled.cancelled) if end is None or day < end), ZERO)
    return pledged - done
