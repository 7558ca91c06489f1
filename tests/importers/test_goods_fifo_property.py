"""Goods handed out are aid worth what leaves the stock: a property test.

Generated stock: one to three gifts of rice in part-kilograms at different costs on different
days, then a goods register handing out part of it (quantities of three decimals, so that its
value at cost is seldom whole fen). The register's entry writes the aid to the fen itself
(importers/goods_lots.py, FIFO as the books' Assets:Goods is booked); the check is beancount's
own booking of the same entry: the books load without an error, and the aid is the cost of
the lots beancount took, to the fen.

Why: the example test (test_goods_part_fen.py) holds one lot, so taking the newest lot first
instead of the oldest passed every test; with two lots at different costs the aid then was not
what left the stock.
"""

from __future__ import annotations

import datetime
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import cli
from ledger.accounts import GOODS_ACCOUNT, GOODS_AID_ACCOUNT
from ledger.books import load_books

CENT = Decimal("0.01")
MILLI = Decimal("0.001")


@st.composite
def stock_and_handout(draw):
    """([(day, quantity, cost)], (day, quantity)): lots in the order they came in, and a hand-out after them."""
    n = draw(st.integers(1, 3))
    days = sorted(draw(st.lists(st.integers(0, 20), min_size=n, max_size=n, unique=True)))
    lots = [(datetime.date(2026, 3, 1) + datetime.timedelta(days=d), Decimal(draw(st.integers(1_000, 50_000))) * MILLI,
             Decimal(draw(st.integers(100, 2_000))) * CENT) for d in days]
    held = sum((q for _, q, _ in lots), Decimal(0))
    taken = Decimal(draw(st.integers(1, int(held / MILLI)))) * MILLI
    return lots, (lots[-1][0] + datetime.timedelta(days=draw(st.integers(1, 5))), taken)


@settings(max_examples=8, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(generated=stock_and_handout())
def test_goods_handed_out_are_aid_at_the_cost_that_leaves_the_stock(books_template, generated):
    lots, (day, taken) = generated
    with tempfile.TemporaryDirectory() as tmp:
        books = Path(tmp) / "books"
        shutil.copytree(books_template, books)
        gifts = [f'\n{d} * "新华粮油公司" "捐赠物资"\n  fund: "GENERAL"\n  donor: "D0001"\n  receipt: "JZ-2026-{i + 1:05d}"\n'
                 f"  {GOODS_ACCOUNT}  {q} RICE {{{c} CNY}}\n  Income:Donation:InKind  {-(q * c).quantize(CENT)} CNY\n"
                 for i, (d, q, c) in enumerate(lots)]
        with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
            fh.write("".join(gifts))
        assert load_books(books).errors == [], "the generated stock does not load"
        register = Path(tmp) / "goods.csv"
        register.write_text(f"日期,案例编号,物资,数量,基金,审批单号,备注\n{day},C0001,RICE,{taken},GENERAL,SP-2026-0001,\n", encoding="utf-8")
        result = CliRunner().invoke(cli, ["import", str(books), str(register), "--write"])
        assert result.exit_code == 0, result.output
        loaded = load_books(books)
        assert loaded.errors == [], [e.message for e in loaded.errors]
        [handout] = [e for e in loaded.entries if hasattr(e, "postings") and e.date == day]
        left = -sum((p.units.number * p.cost.number for p in handout.postings if p.account == GOODS_ACCOUNT), Decimal(0))
        aid = sum((p.units.number for p in handout.postings if p.account == GOODS_AID_ACCOUNT), Decimal(0))
        assert aid == left.quantize(CENT), f"{taken} RICE out of {lots}: aid {aid}, the stock's cost of it {left}"
