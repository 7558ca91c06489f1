"""Goods received whose value (数量 × 单价) is not a whole number of fen.

3 bags at 单价 3.335 are worth 10.005: the register's row was booked as stock at that cost
(Assets:Goods 3 RICE {3.335 CNY}) against a gift of 10.00 (the receipt's figure), which
bean-check's tolerance let through. The books then held half a fen of stock that no fund
held, and `relief reconcile` failed the month on "funds add up to the net assets" with a
difference printed as -0.00, naming nothing. The row is now refused, naming its cell, as
an amount with part of a fen is; a 单价 of three decimals whose value comes to the fen is
booked as before.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from beancount.core import data

from importers import registers
from importers.run import extract_files, load_importers
from importers.template_files import copy_template
from ledger.books import load_books


def _register(tmp_path: Path, quantity: str, unit_value: str) -> Path:
    path = copy_template("donations", tmp_path / "捐赠登记表.csv")
    row = {"date": "2026-03-05", "donor": "D0001", "item": "RICE", "quantity": quantity, "unit_value": unit_value, "fund": "GENERAL"}
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow([row.get(c.key, "") for c in registers.REGISTERS["donations"].columns])
    return path


def _extract(books: Path, path: Path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def test_goods_worth_part_of_a_fen_are_refused_naming_the_cell(books, tmp_path):
    result = _extract(books, _register(tmp_path, "3", "3.335"))
    assert result.problem is not None and not result.new
    message = str(result.problem)
    assert "row 2" in message and "单价" in message and "10.005" in message, message


def test_a_unit_value_of_three_decimals_worth_whole_fen_is_booked(books, tmp_path):
    result = _extract(books, _register(tmp_path, "4", "3.335"))
    assert result.problem is None, result.problem
    (txn,) = [e for e in result.new if isinstance(e, data.Transaction)]
    goods, gift = txn.postings
    assert goods.units.number * goods.cost.number_per == -gift.units.number == Decimal("13.34")
