"""A statement's totals row whose label stands under 摘要, not in the date column (华夏's and
北京银行's 对账单 write `,合计,500.00,1,000.00,,` and `,本期发生额,…`, the date cell empty).

Why: such a row, under the transactions, was refused as "the row holds an amount but its date
cell is empty", with a hint to write the row's date in it: the finance officer was sent to
date a totals row. It is a totals row: checked against the rows above, and refused as one
when it disagrees with them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.importers.support import extract_one

HEAD = "华夏银行单位账户对账单\n账号：6222000011112222\n交易日期,摘要,借方金额,贷方金额,余额,对方户名\n"
ROWS = "20260302,转账,,\"1,000.00\",\"11,000.00\",王*明\n20260315,代发,500.00,,\"10,500.00\",赵*红\n"


def _amounts(result):
    assert result.problem is None, result.problem
    assert result.conserved
    return sorted(p.units.number for e in result.new if hasattr(e, "postings") for p in e.postings
                  if p.account == "Assets:Bank:Basic")


@pytest.mark.parametrize("footer", [",合计,500.00,\"1,000.00\",,\n,共2笔,,,,\n",
                                    ",本期发生额,500.00,\"1,000.00\",,\n,期末余额,,,\"10,500.00\",\n",
                                    ",,,,,\n,本月合计,500.00,\"1,000.00\",,\n"])
def test_a_totals_row_labelled_under_the_memo_is_checked_not_booked(books, tmp_path, footer):
    path = tmp_path / "hxb.csv"
    path.write_bytes((HEAD + ROWS + footer).encode("gbk"))
    assert _amounts(extract_one(books, path)) == [Decimal("-500.00"), Decimal("1000.00")]


@pytest.mark.parametrize("label", ["本年累计", "本月累计", "累计发生额"])
def test_a_running_total_labelled_under_the_memo_is_passed_over(books, tmp_path, label):
    """本年累计 (the year so far) under 摘要, as under the date column, is no total of this
    statement's rows: passed over, not booked. It was refused as a row whose date cell is
    empty."""
    path = tmp_path / "hxb.csv"
    path.write_bytes((HEAD + ROWS + f",合计,500.00,\"1,000.00\",,\n,{label},\"8,500.00\",\"21,000.00\",,\n").encode("gbk"))
    assert _amounts(extract_one(books, path)) == [Decimal("-500.00"), Decimal("1000.00")]


def test_a_totals_row_under_the_memo_that_disagrees_is_refused_as_totals(books, tmp_path):
    path = tmp_path / "hxb.csv"
    path.write_bytes((HEAD + ROWS + ",合计,600.00,\"1,000.00\",,\n").encode("gbk"))
    result = extract_one(books, path)
    assert result.problem is not None
    message = str(result.problem)
    assert "hxb.csv" in message and "row 6" in message and "date cell is empty" not in message
