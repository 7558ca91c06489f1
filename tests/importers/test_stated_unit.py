"""A bank statement whose heading states its amounts in another unit than the yuan
(单位：万元, 金额单位：千元), as a statement re-typed for a report or summarised by a branch
writes it.

Why: 1.00 under 单位：万元 (10,000 yuan received) was booked as a gift of 1.00, and its
balance assertion held, since the balances are in the same unit. Registers refused such a
file already; statements are refused the same way, naming the row. 单位：元 is read as ever.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.importers.support import extract_one

ROWS = ("交易日期,摘要,借方发生额,贷方发生额,余额,对方户名\n2026-03-02,转账,,1.00,11.00,王*明\n"
        "2026-03-15,代发,0.50,,10.50,赵*红\n")


@pytest.mark.parametrize("unit", ["单位：万元", "金额单位：千元"])
def test_a_statement_in_another_unit_is_refused_naming_the_row(books, tmp_path, unit):
    path = tmp_path / "summary.csv"
    path.write_text(f"某银行对账单\n账号：6222000011112222,,{unit}\n" + ROWS, encoding="utf-8")
    result = extract_one(books, path)
    assert result.problem is not None, "1.00 万元 was booked as 1.00"
    message = str(result.problem)
    assert "summary.csv" in message and "row 2" in message and unit in message


def test_a_statement_in_yuan_is_read(books, tmp_path):
    path = tmp_path / "statement.csv"
    path.write_text("某银行对账单\n账号：6222000011112222,,单位：元\n" + ROWS, encoding="utf-8")
    result = extract_one(books, path)
    assert result.problem is None, result.problem
    assert sorted(p.units.number for e in result.new if hasattr(e, "postings") for p in e.postings
                  if p.account == "Assets:Bank:Basic") == [Decimal("-0.50"), Decimal("1.00")]
