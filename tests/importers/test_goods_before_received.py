"""Goods handed out before the books receive them are refused naming the row and the day.

Why: the goods register checked a hand-out against the stock the books hold at their end, not
on the row's day: 1 MILK handed out on 2026-01-02, received only on 2026-02-01, was proposed
without a word, and `--write` was then refused with beancount's "Too many missing numbers for
currency group 'CNY'" (or "Not enough lots"), nothing the officer could act on; and a hand-out
that the stock allowed that day but that left a later hand-out of the books short passed the
same way. The row is now refused with the stock of that day."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEAD = "日期,案例编号,物资,数量,审批单号\n"
# 10 RICE received on 2026-02-01; 6 handed out on 2026-03-10; 5 more received on 2026-04-01
MOVES = """
2026-02-01 * "某某粮油公司" "捐赠大米"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00001"
  valuation: "invoice"
  Assets:Goods             10 RICE {58.00 CNY}
  Income:Donation:InKind

2026-03-10 * "物资发放"
  fund: "GENERAL"
  case: "C0002"
  approval: "SP-0"
  Assets:Goods             -6 RICE {}
  Expenses:Aid:Goods

2026-04-01 * "某某粮油公司" "捐赠大米"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00002"
  valuation: "invoice"
  Assets:Goods             5 RICE {60.00 CNY}
  Income:Donation:InKind
"""


@pytest.fixture(scope="module")
def stocked(tmp_path_factory, books_template):
    import shutil

    root = tmp_path_factory.mktemp("stocked") / "books"
    shutil.copytree(books_template, root)
    with (root / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(MOVES)
    return load_books(root)


def _import(loaded, path: Path, rows: str):
    path.write_text(HEAD + rows, encoding="utf-8")
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


@pytest.mark.parametrize("rows, row, day", [
    ("2026-01-15,C0001,RICE,1,SP-1\n", 2, "2026-01-15"),  # before any came in
    ("2026-02-05,C0001,RICE,3,SP-1\n2026-02-06,C0001,RICE,2,SP-2\n", 3, "2026-02-06"),  # the 2026-03-10 hand-out short
    # 4 in stock, and the 5 received that day on a line of txns/2026.beancount that beancount
    # books after the inbox's (tests/importers/test_goods_same_day_order.py)
    ("2026-04-01,C0001,RICE,9,SP-1\n", 2, "2026-04-01"),
])
def test_a_hand_out_the_stock_of_its_day_does_not_allow_is_refused(stocked, tmp_path, rows, row, day):
    result = _import(stocked, tmp_path / "物资发放登记表.csv", rows)
    assert result.problem is not None, result.new
    message = str(result.problem)
    assert f"row {row}" in message and day in message and "RICE" in message, message


@pytest.mark.parametrize("rows", ["2026-02-05,C0001,RICE,4,SP-1\n", "2026-04-01,C0001,RICE,4,SP-1\n",
                                  "2026-02-01,C0001,RICE,2,SP-1\n2026-05-01,C0001,RICE,7,SP-2\n"])
def test_a_hand_out_within_the_stock_is_proposed(stocked, tmp_path, rows):
    result = _import(stocked, tmp_path / "物资发放登记表.csv", rows)
    assert result.problem is None, result.problem


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 150), st.integers(1, 6)), min_size=1, max_size=5))
def test_proposed_hand_outs_never_take_the_stock_below_zero(stocked, tmp_path, handouts):
    """Whatever the register hands out when, what it is allowed keeps the stock, day by day,
    with the books' own moves, at zero or above; what it is refused would not."""
    import datetime

    start = datetime.date(2026, 1, 10)
    rows = "".join(f"{start + datetime.timedelta(days=d)},C0001,RICE,{q},SP-{i}\n" for i, (d, q) in enumerate(handouts))
    result = _import(stocked, tmp_path / "物资发放登记表.csv", rows)
    # (day, order within the day, change): the receipt of 2026-04-01 stands on a line of
    # txns/2026.beancount below the inbox's last, so beancount books it after the day's
    # hand-outs written to the inbox; the receipt of 2026-02-01, on line 3, before them
    moves = [(datetime.date(2026, 2, 1), 0, 10), (datetime.date(2026, 3, 10), 1, -6), (datetime.date(2026, 4, 1), 2, 5)]
    moves += [(start + datetime.timedelta(days=d), 1, -q) for d, q in handouts]
    running, lowest = 0, 0
    for _day, _order, change in sorted(moves):
        running += change
        lowest = min(lowest, running)
    assert (result.problem is None) == (lowest >= 0), (handouts, result.problem)
