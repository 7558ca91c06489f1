"""A signed statement's row (one 交易金额 column) whose amount and balance are both empty (—, or
cells left empty), in a CSV file or a workbook: read as an in / out statement's row with its
money and balance cells empty, by one rule: moved nothing where the balances around it chain,
else listed as a row whose money is unknown (with a note), refused only where no row's balance
can check it.

Why: such a row stopped the whole signed statement as "the amount is empty", while the same row
of an in / out statement went through the middle-row check (test_middle_row_unknown).
"""

from __future__ import annotations

import csv

import openpyxl
import pytest
from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEAD = ["记账日期", "货币", "交易金额", "联机余额", "交易摘要", "对手信息", "客户摘要"]


def _rows(blank: str | None, last_balance: str | None) -> list[list]:
    return [HEAD,
            ["2026-03-02", "CNY", "200.00", "10200.00", "转账汇款", "张三", "捐款"],
            ["2026-03-03", "CNY", blank, blank, "转账汇款", "李四", "捐款"],
            ["2026-03-04", "CNY", "100.00", last_balance, "转账汇款", "王五", "捐款"]]


def _import(books, tmp_path, suffix: str, rows: list[list]):
    path = tmp_path / f"cmb{suffix}"
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([["" if c is None else c for c in r] for r in rows])
    else:
        wb = openpyxl.Workbook()
        for r in rows:
            wb.active.append(r)
        wb.save(path)
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root), account="Assets:Bank:Basic", balance=False)
    return result


FORMATS = pytest.mark.parametrize("suffix,blank", [(".csv", "—"), (".csv", None), (".xlsx", "—"), (".xlsx", None)])


@FORMATS
def test_between_balances_that_do_not_chain_its_money_is_unknown(books, tmp_path, suffix, blank):
    # 10,200.00, then 10,500.00 after 100.00 in: 200.00 moved somewhere, perhaps on row 3
    result = _import(books, tmp_path, suffix, _rows(blank, "10500.00"))
    assert result.problem is None, result.problem
    (skipped,) = result.report.skipped
    assert skipped.row == 3 and skipped.amount is None and skipped.unknown
    assert "资金不明" in skipped.reason.zh and "the money of this row is unknown" in skipped.reason
    assert any("row 3 has no amount and no balance" in str(n) for n in result.report.notes)
    assert len([e for e in result.entries if isinstance(e, data.Transaction)]) == 2


@FORMATS
def test_between_balances_that_chain_it_moved_nothing(books, tmp_path, suffix, blank):
    result = _import(books, tmp_path, suffix, _rows(blank, "10300.00"))
    assert result.problem is None, result.problem
    (skipped,) = result.report.skipped
    assert skipped.row == 3 and skipped.amount == 0 and not skipped.unknown
    assert not any("has no amount and no balance" in str(n) for n in result.report.notes)


@FORMATS
def test_with_no_balance_to_check_it_the_statement_is_refused(books, tmp_path, suffix, blank):
    rows = [[*r[:3], None if i else r[3], *r[4:]] for i, r in enumerate(_rows(blank, None))]
    result = _import(books, tmp_path, suffix, rows)
    assert result.problem is not None and "the amount is empty" in str(result.problem)
    assert "金额是空的" in result.problem.zh
