"""A text statement's row cut short mid-file (a line broken by a copy) keeps its date and an
amount, but loses cells every other row fills: its balance, its counterparty. Its amount may
be cut too (-200.00 read as -12).

Such a row imported as if whole. Now it is booked flagged for review (!), with a note on the
entry and in the dry run naming the cells it lacks. A row that only leaves off trailing empty
cells (ABC's and BOCOM's real exports drop an empty 交易附言) is read as before.
"""

from __future__ import annotations

from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEAD = "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"
ROWS = ["2026-03-02,CNY,1234.00,11234.00,转账汇款,某某机械厂 6222020000001234,捐赠\n",
        "2026-03-04,CNY,-100.00,10934.00,转账汇款,赵小红,助学金\n",
        "2026-03-05,CNY,50.00,10984.00,转账汇款,王小明,捐款\n"]


def _import(books, tmp_path, rows):
    path = tmp_path / "cmb.csv"
    path.write_text(HEAD + "".join(rows), encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root), account="Assets:Bank:Basic", balance=False)
    assert result.problem is None, result.problem
    return result


def _txn_on(result, day):
    (txn,) = [e for e in result.entries if isinstance(e, data.Transaction) and str(e.date) == day]
    return txn


def test_a_row_cut_short_mid_file_is_flagged(books, tmp_path):
    result = _import(books, tmp_path, ROWS[:1] + ["2026-03-03,CNY,-12\n"] + ROWS[1:])
    txn = _txn_on(result, "2026-03-03")
    assert txn.flag == "!" and "stops before 联机余额, 对手信息" in txn.meta["note"]
    notes = [str(n) for n in result.report.notes]
    assert any("1 row(s) (first: row 3) stop before 联机余额, 对手信息" in n for n in notes), notes
    assert any("第 3 行" in getattr(n, "zh", "") for n in result.report.notes)


def test_a_row_leaving_off_trailing_empty_cells_is_read_as_before(books, tmp_path):
    result = _import(books, tmp_path, ROWS[:1] + ["2026-03-03,CNY,-200.00,11034.00,转账汇款,赵小红\n"]
                     + [r.replace("10934.00", "10834.00").replace("10984.00", "10884.00") for r in ROWS[1:]])
    assert "stops before" not in _txn_on(result, "2026-03-03").meta.get("note", "")
    assert not any("stop before" in str(n) for n in result.report.notes)


def test_a_short_row_whose_balance_proves_its_amount_is_read_as_before(books, tmp_path):
    # an interest row leaving off its empty counterparty and memo: its balance follows from the row before
    result = _import(books, tmp_path, ROWS[:1] + ["2026-03-03,CNY,0.88,11234.88,结息\n"]
                     + [r.replace("10934.00", "11134.88").replace("10984.00", "11184.88") for r in ROWS[1:]])
    assert "stops before" not in _txn_on(result, "2026-03-03").meta.get("note", "")
    assert not any("stop before" in str(n) for n in result.report.notes)
