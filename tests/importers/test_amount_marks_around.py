"""Amount cells as web banking pages and currency formats write them: a zero-width space
inside the number (a cell copied from a page: 3,<ZWSP>000.00, shown as 3,000.00), and the
currency mark before accounting parentheses (￥(50.00), money out). Both were refused as "not
an amount", while (¥50.00) and ￥3,000.00 were read."""

from __future__ import annotations

from decimal import Decimal

import pytest

from importers.values import parse_amount
from tests.importers.support import booked_amounts as booked
from tests.importers.support import extract_one as extract


@pytest.mark.parametrize(("cell", "value"), [
    ("3,\u200b000.00", Decimal("3000.00")), ("-1\u200b00.00", Decimal("-100.00")), ("1\u2060234.56", Decimal("1234.56")),
    ("￥(50.00)", Decimal("-50.00")), ("¥(1,000.00)", Decimal("-1000.00")), ("(¥1,000.00)", Decimal("-1000.00")),
    ("￥ (50.00)", Decimal("-50.00")),
])
def test_the_cell_reads_as_the_amount_it_shows(cell, value):
    assert parse_amount(cell) == value


@pytest.mark.parametrize("cell", ["￥(-50.00)", "3,\u200b00.00", "¥", "(￥)"])
def test_what_is_still_no_amount_is_refused(cell):
    with pytest.raises(ValueError):
        parse_amount(cell)


def test_a_statement_of_such_cells_books_what_they_show(books, tmp_path):
    path = tmp_path / "web.csv"
    path.write_text("交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额\n"
                    '2026-03-01,X1,转账存入,王小明,"3,\u200b000.00",,"4,000.00"\n'
                    "2026-03-02,X2,付款,某超市,,￥(50.00),3950.00\n", encoding="utf-8")
    assert booked(extract(books, path)) == {"X1": Decimal("3000.00"), "X2": Decimal("-50.00")}
