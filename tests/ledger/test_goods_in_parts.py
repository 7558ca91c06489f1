"""Goods counted in parts (2.25 kg, 0.5 箱) at a unit cost whose product is not whole fen.

2.25 kg of oil at 13.33 is 29.9925: the gift is booked to the fen (29.99), and beancount lets
the part of a fen pass. Counted at the lots' cost, the goods held 29.9925 where the fund held
29.99, so `relief reconcile` said the funds did not add up to the net assets once such parts
came to half a fen, and statement.csv's closing less its goods_held was not the money held.
The goods are counted at the value their entries booked: the funds, the net assets and the
goods agree to the fen.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from beancount import loader

from ledger.funds import FundMovements
from ledger.period import parse_period
from ledger.reconcile.checks import check_funds

CENT = Decimal("0.01")
ZERO = Decimal(0)
COST = Decimal("13.33")
HEAD = """
2026-01-01 open Assets:Bank:Basic CNY
2026-01-01 open Assets:Goods "FIFO"
2026-01-01 open Income:Donation:InKind CNY
2026-01-01 open Expenses:Aid:Goods CNY
"""


def books(moves: list[Decimal]) -> str:
    """Oil received (+) and handed out (-) in parts, each booked to the fen (四舍五入)."""
    text = [HEAD]
    for i, qty in enumerate(moves):
        booked = (abs(qty) * COST).quantize(CENT, ROUND_HALF_UP)
        other = f"Income:Donation:InKind  {-booked} CNY" if qty > 0 else f"Expenses:Aid:Goods  {booked} CNY"
        text.append(f'2026-03-{i + 1:02d} * "oil"\n  fund: "GENERAL"\n  Assets:Goods  {qty} OIL {{{COST} CNY}}\n  {other}\n')
    return "\n".join(text)


@pytest.mark.parametrize("moves", [
    ["2.25"],                          # 29.9925, booked 29.99
    ["2.25", "-0.5"],                  # out 6.665, booked 6.67: half a fen
    ["0.75", "0.75", "0.75", "-0.5"],  # 9.9975 three times, booked 10.00: parts add up past half a fen
    ["2.25", "-0.5", "-1.75"],         # all handed out: the stock is empty, the books booked a fen more out than in
])
def test_the_goods_are_held_at_the_value_booked(moves):
    entries, errors, _ = loader.load_string(books([Decimal(m) for m in moves]))
    assert not errors, errors
    booked = {"in": ZERO, "out": ZERO}
    for m in map(Decimal, moves):
        booked["in" if m > 0 else "out"] += (abs(m) * COST).quantize(CENT, ROUND_HALF_UP)
    movements = FundMovements.from_entries(entries)
    changes = movements.changes()
    goods = sum(movements.goods.values(), ZERO)
    assert changes.total.closing == booked["in"] - booked["out"]
    assert goods == changes.net_assets == changes.total.closing  # no money: all of it is the goods, as booked
    # each entry's goods in or out at the value it booked: in − out is the goods held, to the fen
    carried, came, went = (sum((cell[i] for cell in movements.goods_moves.values()), ZERO) for i in range(3))
    assert (carried, came, went) == (ZERO, booked["in"], booked["out"])
    check = check_funds(entries, {"GENERAL"}, parse_period("2026-03"))
    assert check.ok and check.difference == 0, (check.total, check.net_assets)

