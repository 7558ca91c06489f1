"""What goods handed out are worth at the cost the books hold them at (FIFO, as Assets:Goods is
opened), so a goods register's aid is written to the fen.

Why: the goods register left the aid posting for beancount to fill in, and 2.345 kg of rice
held at 5.60 came to 13.132 CNY on Expenses:Aid:Goods: the open data published 13.13200 spent
and a balance of 55.99800 beside pages showing 13.13 and 56.00. Every other amount of money in
the books is whole fen (ledger/plugins/fen_amount.py); beancount takes the hand-out's cost
within its tolerance (half a fen), so the aid is written as the value rounded to the fen.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from beancount.core import data

#: a lot of one item: [the day its cost counts from, its cost per unit, the quantity left]
Lot = list


def stock_lots(entries, account: str) -> dict[str, list[Lot]]:
    """The lots of each item left in `account` after `entries`, oldest first: received goods
    add a lot at their cost, goods handed out take from the lot their cost names (as the
    books booked them) or, where it names none yet, from the oldest."""
    lots: dict[str, list[Lot]] = {}
    moves = sorted(((e.date, p) for e in entries if isinstance(e, data.Transaction)
                    for p in e.postings if p.account == account and p.units is not None
                    and isinstance(p.units.number, Decimal)), key=lambda m: m[0])
    for day, p in moves:
        item, quantity = p.units.currency, p.units.number
        number = getattr(p.cost, "number", None)
        number = getattr(p.cost, "number_per", number) if not isinstance(number, Decimal) else number
        held = lots.setdefault(item, [])
        if quantity > 0:
            if isinstance(number, Decimal):
                held.append([getattr(p.cost, "date", None) or day, number, quantity])
        elif take_value(held, -quantity, number if isinstance(number, Decimal) else None) is None:
            held.clear()  # more than the lots known hold: what is left cannot be told
    for held in lots.values():
        held.sort(key=lambda lot: lot[0] or datetime.date.min)
    return lots


def take_value(held: list[Lot], quantity: Decimal, cost: Decimal | None = None) -> Decimal | None:
    """Take `quantity` from the lots (of `cost` when given, else the oldest first) and return its
    value at their costs; None, taking nothing, when they do not hold that much."""
    chosen = [lot for lot in held if cost is None or lot[1] == cost]
    if sum((lot[2] for lot in chosen), Decimal(0)) < quantity:
        return None
    value, left = Decimal(0), quantity
    for lot in chosen:
        part = min(lot[2], left)
        lot[2] -= part
        value += part * lot[1]
        left -= part
        if not left:
            break
    held[:] = [lot for lot in held if lot[2]]
    return value
