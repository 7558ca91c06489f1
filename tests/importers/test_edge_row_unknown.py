"""A statement's first or last row with no amount and no balance: nothing after (or before)
it says whether money moved on it.

Such a row of a workbook (its money and balance cells cleared in a spreadsheet, or a row cut
short) was skipped as "amount is zero: no money moved, +0". Now the statement's own closing
balance or totals under the rows, when they agree with the other rows, settle it as +0;
without them the row is listed as one whose money is unknown (no amount, not +0), and a note
names its row.
"""

from __future__ import annotations

import openpyxl
import pytest

from importers.run import _money_lines, extract_files, load_importers
from ledger.books import load_books

HEAD = [["中国工商银行 企业网上银行 账户明细"], ["账号：6222000011112222", "户名：测试帮扶中心"],
        ["交易时间", "交易流水号", "对方单位名称", "对方账号", "借方发生额", "贷方发生额", "余额", "用途"]]
ROWS = [["2026-03-02 09:12:00", "ICBC1", "某某机械制造有限公司", "6222020000001234", None, 20000, 120000, "捐赠"],
        ["2026-03-08 15:00:00", "ICBC2", "市财政局", "3100000000000001", None, 50000, 170000, "专项拨款"],
        ["2026-03-09 10:00:00", "ICBC3", "某某办公用品公司", "3100000000000002", 1200, None, 168800, "办公用品"]]
BLANK_LAST = ["2026-03-10 11:00:00", "ICBC4", "王小明", "6222", None, None, None, "捐款"]
BLANK_FIRST = ["2026-03-01 11:00:00", "ICBC0", "王小明", "6222", None, None, None, "捐款"]


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


@pytest.mark.parametrize(("rows", "row"), [(ROWS + [BLANK_LAST], 7), ([BLANK_FIRST] + ROWS, 4)])
def test_an_edge_row_without_amount_or_balance_is_listed_as_unknown(books, tmp_path, rows, row):
    result = _import(books, tmp_path, rows)
    (skipped,) = result.report.skipped
    assert skipped.row == row and skipped.amount is None
    assert "the money of this row is unknown" in skipped.reason
    assert "资金不明" in skipped.reason.zh
    notes = [str(n) for n in result.report.notes]
    assert any(f"row {row} has no amount and no balance" in n for n in notes), notes
    # the file's money line says the row is in none of its figures, not in its +0.00 skipped
    (line,) = _money_lines(result)
    assert "skipped +0.00 (and 1 row whose money is unknown, in none of these figures" in line, line
    assert "跳过 +0.00（另有 1 行资金不明" in line, line


@pytest.mark.parametrize("footer", [["期末余额：168,800.00"], ["合计", None, None, None, 1200, 70000, None, None]])
def test_a_footer_that_agrees_settles_it_as_nothing_moved(books, tmp_path, footer):
    result = _import(books, tmp_path, ROWS + [BLANK_LAST, footer])
    (skipped,) = result.report.skipped
    assert skipped.row == 7 and skipped.amount == 0
    assert "no money moved, as row 8's closing balance or totals agree" in skipped.reason
    assert not any("has no amount and no balance" in str(n) for n in result.report.notes)
    assert "unknown" not in _money_lines(result)[0]


def test_a_row_between_two_that_chain_stays_nothing_moved(books, tmp_path):
    rows = ROWS[:2] + [["2026-03-08 16:00:00", "ICBCx", "查询", "", None, None, None, ""]] + ROWS[2:]
    result = _import(books, tmp_path, rows)
    (skipped,) = result.report.skipped
    assert skipped.reason == "amount is zero: no money moved" and skipped.amount == 0
