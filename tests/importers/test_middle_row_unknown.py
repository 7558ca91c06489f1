"""A row in the middle of a statement with no amount and no balance, in a file whose balances
do not chain: nothing says whether money moved on it.

Where every other pair of rows chains, the pair around such a row says what moved on it
(test_still_rows, `_refuse_gap_across`). In a file whose balances do not chain elsewhere (an
anonymised sample's scrambled balances, a missing row) that check stands back, and the row was
skipped as "amount is zero: no money moved, +0" without a word. Now it is listed as a row
whose money is unknown, like a first or last such row (test_edge_row_unknown), unless the
balances on either side of it chain (nothing moved between them) or the statement's totals
agree with the other rows.
"""

from __future__ import annotations

import openpyxl

from importers.run import _money_lines, extract_files, load_importers
from ledger.books import load_books

HEAD = [["中国工商银行 企业网上银行 账户明细"], ["账号：6222000011112222", "户名：测试帮扶中心"],
        ["交易时间", "交易流水号", "对方单位名称", "对方账号", "借方发生额", "贷方发生额", "余额", "用途"]]
#: row 4's balance does not lead to row 5's: the file's balances do not chain
FIRST = [["2026-03-02 09:12:00", "ICBC1", "某某机械制造有限公司", "6222020000001234", None, 20000, 99999, "捐赠"],
         ["2026-03-08 15:00:00", "ICBC2", "市财政局", "3100000000000001", None, 50000, 170000, "专项拨款"]]
BLANK = ["2026-03-08 16:00:00", "ICBCx", "王小明", "6222", None, None, None, "捐款"]


def _after(balance: int) -> list[list]:
    """The rows after the blank one, the first of them at `balance` after its 1,200.00 out."""
    return [["2026-03-09 10:00:00", "ICBC3", "某某办公用品公司", "3100000000000002", 1200, None, balance, "办公用品"],
            ["2026-03-10 10:00:00", "ICBC4", "某某办公用品公司", "3100000000000002", 100, None, balance - 100, "办公用品"]]


def _import(books, tmp_path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "账户明细"
    for r in HEAD + rows:
        ws.append(r)
    path = tmp_path / "icbc-corporate.xlsx"
    wb.save(path)
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root), account="Assets:Bank:Basic", balance=False)
    assert result.problem is None, result.problem
    return result


def test_a_middle_row_between_balances_that_do_not_chain_is_listed_as_unknown(books, tmp_path):
    # 170,000.00 then 170,300.00 after 1,200.00 out: 1,500.00 came in somewhere, perhaps on row 6
    result = _import(books, tmp_path, FIRST + [BLANK] + _after(170300))
    (skipped,) = result.report.skipped
    assert skipped.row == 6 and skipped.amount is None
    assert "the money of this row is unknown" in skipped.reason and "资金不明" in skipped.reason.zh
    notes = [str(n) for n in result.report.notes]
    assert any("row 6 has no amount and no balance" in n for n in notes), notes
    (line,) = _money_lines(result)
    assert "(and 1 row whose money is unknown, in none of these figures" in line, line


def test_a_middle_row_between_balances_that_chain_moved_nothing(books, tmp_path):
    # 170,000.00 then 168,800.00 after 1,200.00 out: nothing moved between them
    result = _import(books, tmp_path, FIRST + [BLANK] + _after(168800))
    (skipped,) = result.report.skipped
    assert skipped.row == 6 and skipped.amount == 0 and skipped.reason == "amount is zero: no money moved"
    assert not any("has no amount and no balance" in str(n) for n in result.report.notes)


def test_totals_that_agree_with_the_other_rows_settle_it(books, tmp_path):
    totals = ["合计", None, None, None, 1300, 70000, None, None]
    result = _import(books, tmp_path, FIRST + [BLANK] + _after(170300) + [totals])
    (skipped,) = result.report.skipped
    assert skipped.row == 6 and skipped.amount == 0
    assert "as row 9's closing balance or totals agree" in skipped.reason


def test_a_row_with_no_money_in_a_statement_with_no_balances_is_listed_as_unknown(books, tmp_path):
    """No row states a balance: nothing checks the empty row, so nothing says it moved nothing.
    It was skipped as "amount is zero: no money moved, +0"; a signed statement's such row is
    refused (test_signed_row_without_money), an in / out one's is listed as unknown."""
    rows = [[*r[:6], None, r[7]] for r in FIRST + [BLANK] + _after(170300)]
    result = _import(books, tmp_path, rows)
    (skipped,) = result.report.skipped
    assert skipped.row == 6 and skipped.amount is None and skipped.unknown
    assert "资金不明" in skipped.reason.zh and "the money of this row is unknown" in skipped.reason
    notes = [str(n) for n in result.report.notes]
    assert any("row 6 has no amount and no balance" in n and "states no balance" in n for n in notes), notes
    (line,) = _money_lines(result)
    assert "(and 1 row whose money is unknown, in none of these figures" in line, line
