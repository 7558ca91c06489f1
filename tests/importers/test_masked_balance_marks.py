"""A balance column masked otherwise than with asterisks: full-width ＊＊＊＊ (as a GBK export
types them), x's over the digits (xxx,xxx.xx), a mask over some digits (**,**0.00), or words
(已隐藏). The balance is hidden, not wrong: the rows are booked, with no balance assertion.

Why: each was refused as "'＊＊＊＊' is not an amount; fix the balance cell", though the docs
say masked cells count as missing, and no cell of a bank's export can be fixed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.importers.support import extract_one


@pytest.mark.parametrize("mask", ["＊＊＊＊", "xxx,xxx.xx", "**,**0.00", "已隐藏"])
def test_a_balance_masked_with_other_marks_counts_as_missing(books, tmp_path, mask):
    path = tmp_path / "statement.csv"
    path.write_text("某银行对账单\n账号：6222000011112222\n交易日期,摘要,借方发生额,贷方发生额,余额,对方户名\n"
                    f"2026-03-02,转账,,\"1,000.00\",\"{mask}\",王*明\n2026-03-15,代发,500.00,,\"{mask}\",赵*红\n", encoding="utf-8")
    result = extract_one(books, path)
    assert result.problem is None, result.problem
    assert result.conserved
    assert sorted(p.units.number for e in result.new if hasattr(e, "postings") for p in e.postings
                  if p.account == "Assets:Bank:Basic") == [Decimal("-500.00"), Decimal("1000.00")]
    assert any("missing or masked" in n for n in result.report.notes)


@pytest.mark.parametrize("cell", ["1,2x4.00", "abc"])
def test_a_balance_that_is_no_figure_is_still_refused(books, tmp_path, cell):
    path = tmp_path / "statement.csv"
    path.write_text("交易日期,摘要,借方发生额,贷方发生额,余额,对方户名\n"
                    f"2026-03-02,转账,,\"1,000.00\",\"{cell}\",王*明\n", encoding="utf-8")
    result = extract_one(books, path)
    assert result.problem is not None and "is not an amount" in str(result.problem)
