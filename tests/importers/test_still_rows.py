"""A statement row with no amount moves no money, and its balance must say so.

An amount cell left empty, or merged over two rows in a spreadsheet (the row below then
reads empty), was skipped as "amount is zero: no money moved" although the statement's
balance column moved: a 300.00 payment listed as +0 and lost. The row is refused when its
balance does not follow from the rows beside it, in either order of the file; a row with no
amount whose balance is the one before it is still skipped and listed, as before.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books
from tests.importers.malformed import ICBC_HEAD, icbc_row

GOLDEN = Path(__file__).parent / "golden"


def _import(books, path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root), account="Assets:Bank:Basic", balance=False)
    return result


def _statement(tmp_path, rows) -> Path:
    path = tmp_path / "icbc.csv"
    path.write_bytes((ICBC_HEAD + "".join(rows)).encode("gb18030"))
    return path


ROWS = [icbc_row("2026-03-05", "500.00", "", "1,500.00", "王小明"),
        icbc_row("2026-03-06", "", "", "1,200.00", "张三"),  # 300.00 out, its amount cell left empty
        icbc_row("2026-03-07", "", "20.00", "1,180.00", "李四")]


@pytest.mark.parametrize("newest_first", [False, True])
def test_a_row_without_amount_whose_balance_moved_is_refused(books, tmp_path, newest_first):
    rows = list(reversed(ROWS)) if newest_first else ROWS
    result = _import(books, _statement(tmp_path, rows))
    assert result.problem is not None
    assert result.problem.row == 9 and "its balance 1,200.00 does not follow" in result.problem.message
    assert "money moved" in result.problem.message and "unmerged" in result.problem.message


@pytest.mark.parametrize("newest_first", [False, True])
@pytest.mark.parametrize("where", [0, 1, 2])
def test_a_row_without_amount_that_keeps_the_balance_is_skipped(books, tmp_path, newest_first, where):
    rows = [icbc_row("2026-03-05", "500.00", "", "1,500.00", "王小明"), icbc_row("2026-03-07", "", "20.00", "1,480.00", "李四")]
    balance = ["1,000.00", "1,500.00", "1,480.00"][where]  # first, between, last
    rows.insert(where, icbc_row(["2026-03-04", "2026-03-06", "2026-03-08"][where], "", "", balance, "利息"))
    rows = list(reversed(rows)) if newest_first else rows
    result = _import(books, _statement(tmp_path, rows))
    assert result.problem is None, result.problem
    assert [s.reason for s in result.report.skipped] == ["amount is zero: no money moved"]


def test_an_amount_merged_over_two_rows_of_a_workbook_is_refused(books, tmp_path):
    wb = openpyxl.load_workbook(GOLDEN / "ccb-corporate" / "ccb-corporate.xlsx")
    ws = wb.worksheets[0]
    ws["B5"] = None
    ws["C5"] = None
    ws.merge_cells("C4:C5")
    path = tmp_path / "ccb.xlsx"
    wb.save(path)
    result = _import(books, path)
    assert result.problem is not None and result.problem.row == 5
    assert "its balance 109,700.00 does not follow from the rows beside it (110,000.00)" in result.problem.message


SIGNED_HEAD = "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"  # cmb-debit: one signed amount column


@pytest.mark.parametrize("empty", ["—", "-", "", "/"])
def test_a_signed_statements_row_with_no_amount_and_the_same_balance_is_listed(books, tmp_path, empty):
    """A signed layout's row with an empty amount beside an unchanged balance (a balance
    enquiry) stopped the whole statement as "the amount is empty", while the same row of an
    in / out layout was skipped and listed."""
    path = tmp_path / "cmb.csv"
    path.write_text(SIGNED_HEAD + '2026-03-05,人民币,"1,000.00","1,100.00",转账,王小明 6222,捐赠\n'
                    f'2026-03-06,人民币,{empty},"1,100.00",查询,,\n'
                    '2026-03-07,人民币,-30.00,"1,070.00",付款,某超市 6228,\n', encoding="utf-8")
    result = _import(books, path)
    assert result.problem is None, result.problem
    assert result.conserved and [(s.row, s.amount) for s in result.report.skipped] == [(3, 0)]


def test_a_signed_statements_row_with_no_amount_whose_balance_moved_is_refused(books, tmp_path):
    path = tmp_path / "cmb.csv"
    path.write_text(SIGNED_HEAD + '2026-03-05,人民币,"1,000.00","1,100.00",转账,王小明 6222,捐赠\n'
                    '2026-03-06,人民币,—,"1,000.00",付款,某超市 6228,\n'
                    '2026-03-07,人民币,-30.00,"970.00",付款,某超市 6228,\n', encoding="utf-8")
    result = _import(books, path)
    assert result.problem is not None and result.problem.row == 3
    assert "the row has no amount, yet its balance 1,000.00 does not follow" in result.problem.message


def test_a_signed_statements_row_with_no_amount_and_no_balance_is_listed_as_unknown(books, tmp_path):
    """As an in / out statement's row with its money and balance cells empty (test_edge_row_unknown):
    it was refused whole as "the amount is empty" (test_signed_row_without_money)."""
    path = tmp_path / "cmb.csv"
    path.write_text(SIGNED_HEAD + '2026-03-05,人民币,"1,000.00","1,100.00",转账,王小明 6222,捐赠\n'
                    '2026-03-06,人民币,—,,付款,某超市 6228,\n', encoding="utf-8")
    result = _import(books, path)
    assert result.problem is None, result.problem
    (skipped,) = result.report.skipped
    assert skipped.row == 3 and skipped.amount is None and skipped.unknown, skipped
    assert any("row 3 has no amount and no balance" in str(n) for n in result.report.notes)


# A statement sorted by amount (or by payee) in a spreadsheet and saved: its rows out of date
# order, a row of no amount (a 利息税 of 0.00, as ABC's real statement has) no longer stands
# beside the rows before and after it in time. It was refused as "the row has no amount, yet
# its balance does not follow from the rows beside it: money moved", with a hint to write its
# amount, which is 0.00. Out of date order, its balance must be one another row reaches (the
# row before it in time reaches it); that the row after it starts from it tells nothing, being
# so after a lost amount too.
SORTED = [icbc_row("2026-03-07", "", "20.00", "1,480.00", "李四"),
          icbc_row("2026-03-06", "", "", "1,500.00", "利息税"),
          icbc_row("2026-03-08", "1.20", "", "1,481.20", "结息"),
          icbc_row("2026-03-05", "500.00", "", "1,500.00", "王小明")]


def test_a_row_without_amount_in_a_file_out_of_date_order_is_skipped_when_its_balance_fits(books, tmp_path):
    result = _import(books, _statement(tmp_path, SORTED))
    assert result.problem is None, result.problem
    assert [(s.row, s.reason) for s in result.report.skipped] == [(9, "amount is zero: no money moved")]
    assert result.conserved


def test_a_row_without_amount_in_a_file_out_of_date_order_whose_balance_fits_nowhere_is_refused(books, tmp_path):
    rows = list(SORTED)
    rows[1] = icbc_row("2026-03-06", "", "", "1,200.00", "张三")  # 300.00 out, its amount cell left empty
    rows[0] = icbc_row("2026-03-07", "", "20.00", "1,180.00", "李四")  # the row after it starts from its 1,200.00
    rows[2] = icbc_row("2026-03-08", "1.20", "", "1,181.20", "结息")
    result = _import(books, _statement(tmp_path, rows))
    assert result.problem is not None and result.problem.row == 9
    assert "its balance 1,200.00 is no balance another row reaches" in result.problem.message
    assert "not in date order" in result.problem.message


def test_a_row_without_amount_in_a_day_listed_the_other_way_is_skipped(books, tmp_path):
    """Newest day first, but each day's rows oldest first (as some banks list a day): the
    利息税 of 0.00 after the day's 结息 has the 结息's balance, and the row under it in the file
    is the day before's. It was refused as "money moved"; the same day's row beside it whose
    balance is its own is the row before it in time."""
    rows = [icbc_row("2026-03-08", "1.20", "", "1,481.20", "结息"),
            icbc_row("2026-03-08", "", "", "1,481.20", "利息税"),
            icbc_row("2026-03-07", "", "20.00", "1,480.00", "李四"),
            icbc_row("2026-03-05", "500.00", "", "1,500.00", "王小明")]
    result = _import(books, _statement(tmp_path, rows))
    assert result.problem is None, result.problem
    assert [(s.row, s.reason) for s in result.report.skipped] == [(9, "amount is zero: no money moved")]


def test_a_row_without_amount_beside_a_row_of_another_day_with_its_balance_is_still_refused(books, tmp_path):
    """The same, but the row of the same balance is of another day: its amount lost, it is refused."""
    rows = [icbc_row("2026-03-09", "1.20", "", "1,481.20", "结息"),
            icbc_row("2026-03-08", "", "", "1,481.20", "张三"),
            icbc_row("2026-03-07", "", "20.00", "1,480.00", "李四"),
            icbc_row("2026-03-05", "500.00", "", "1,500.00", "王小明")]
    result = _import(books, _statement(tmp_path, rows))
    assert result.problem is not None and result.problem.row == 9


# A row with no amount and no balance either (its money and balance cells cleared in a
# spreadsheet, or a row cut after its counterparty): nothing on the row says whether money
# moved, but the rows beside it do. It was skipped as "amount is zero: no money moved, +0"
# while the balances around it said 300.00 had gone out: the payment lost, with only a note
# that the next row's balance did not follow.
@pytest.mark.parametrize("newest_first", [False, True])
def test_a_row_without_amount_or_balance_across_which_the_balance_moved_is_refused(books, tmp_path, newest_first):
    rows = [icbc_row("2026-03-05", "500.00", "", "1,500.00", "王小明"),
            icbc_row("2026-03-06", "", "", "", "张三"),  # 300.00 out: its amount and balance cells empty
            icbc_row("2026-03-07", "", "20.00", "1,180.00", "李四"),
            icbc_row("2026-03-08", "1.20", "", "1,181.20", "结息")]
    rows = list(reversed(rows)) if newest_first else rows
    result = _import(books, _statement(tmp_path, rows))
    assert result.problem is not None, [(s.row, s.reason, s.amount) for s in result.report.skipped]
    assert result.problem.row == (9 if not newest_first else 10)
    assert "no amount and no balance" in result.problem.message and "300.00" in result.problem.message


@pytest.mark.parametrize("newest_first", [False, True])
def test_a_row_without_amount_or_balance_across_which_the_balance_holds_is_skipped(books, tmp_path, newest_first):
    rows = [icbc_row("2026-03-05", "500.00", "", "1,500.00", "王小明"),
            icbc_row("2026-03-06", "", "", "", "查询"),
            icbc_row("2026-03-07", "", "20.00", "1,480.00", "李四")]
    rows = list(reversed(rows)) if newest_first else rows
    result = _import(books, _statement(tmp_path, rows))
    assert result.problem is None, result.problem
    assert [s.reason for s in result.report.skipped] == ["amount is zero: no money moved"]
