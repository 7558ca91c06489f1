"""A letter's value per unit of goods: 12.345 kg of rice at 5.60, booked as 69.13 (the value to
the fen), printed its unit value as 69.13 / 12.345 = 5.599837991089510…; it is 5.60, the cost
that, times the quantity and rounded to the fen, gives the value booked."""

from __future__ import annotations

from decimal import Decimal

from letters.render import unit_value


def test_the_unit_value_of_goods_valued_to_the_fen_is_their_cost():
    assert unit_value(Decimal("69.13"), Decimal("12.345")) == "5.60"
    assert unit_value(Decimal("580.00"), Decimal("10")) == "58.00"
    assert unit_value(Decimal("58.25"), Decimal("10")) == "5.825"  # a cost with more decimals, as booked
