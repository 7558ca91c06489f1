"""Spreadsheet exports as banks and finance officers leave them book every row's money,
or list the row as skipped, never a refusal that sends the user to export again for nothing.

A spreadsheet stores no empty cells at the end of a row, so a row of money in whose money
out and balance cells are empty is shorter than its header; a totals row may carry a date
in the date column. Each statement here is the same three rows (1,200.00 received from
王小明, 30.00 paid to 某超市, a 5.50 fee), written another way.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import xlwt
from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEAD = ["交易日期", "交易流水号", "摘要", "对方户名", "收入金额", "支出金额", "余额"]  # icbc-corporate
PREAMBLE = [["中国工商银行 企业网上银行 账户明细"], ["起止日期: 2026-03-01 至 2026-03-31"]]
CLEAN = [(datetime.date(2026, 3, 5), Decimal("1200.00")), (datetime.date(2026, 3, 6), Decimal("-30.00")),
         (datetime.date(2026, 3, 7), Decimal("-5.50"))]


def _rows(balances: bool = True) -> list[list[str]]:
    """The three rows under the header; without balances a row of money in ends at its amount."""
    rows = [["2026-03-05", "T1", "转账存入", "王小明", "1,200.00", "", "2200.00"],
            ["2026-03-06", "T2", "付款", "某超市", "", "30.00", "2170.00"],
            ["2026-03-07", "T3", "手续费", "", "", "5.50", "2164.50"]]
    if not balances:
        rows = [[c for c in r[:6]] for r in rows]
        rows[0] = rows[0][:5]
    return rows


def _xlsx(path: Path, rows: list[list]) -> Path:
    """`rows` saved as an XLSX workbook's only sheet (empty strings are not written, as Excel does)."""
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append([c if c != "" else None for c in row])
    wb.save(path)
    return path


def _xls(path: Path, rows: list[list]) -> Path:
    """`rows` saved as an Excel 97 workbook's only sheet, empty cells not written."""
    wb = xlwt.Workbook()
    sheet = wb.add_sheet("Sheet1")
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            if cell != "":
                sheet.write(i, j, cell)
    wb.save(str(path))
    return path


def _result(books: Path, path: Path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def _booked(result) -> list[tuple[datetime.date, Decimal]]:
    """(day, amount) of the transactions proposed, after checking the money line holds."""
    assert result.problem is None, result.problem
    assert result.conserved, [(m.account, m.file_net) for m in result.money]
    return sorted((e.date, e.postings[0].units.number) for e in result.new if isinstance(e, data.Transaction))


def test_spreadsheet_row_with_empty_trailing_cells_is_read(books, tmp_path):
    """A row of money in with no balance, last in the sheet, was refused as "the row stops
    short — the file looks cut off": a spreadsheet row cannot be cut off, its empty cells
    at the end are simply not stored, and exporting again gave the same refusal."""
    rows = PREAMBLE + [HEAD] + _rows(balances=False)[1:] + _rows(balances=False)[:1]
    for path in (_xlsx(tmp_path / "statement.xlsx", rows), _xls(tmp_path / "statement.xls", rows)):
        assert _booked(_result(books, path)) == CLEAN, path.name


def test_totals_row_dated_with_the_periods_last_day_is_not_booked(books, tmp_path):
    """A totals row that carries a date (合计, 本月合计 or 支出合计 in the memo column, the
    period's last day in the date column) was booked as one more transaction: the month's
    money twice over, with a money line that held. It is the totals row, checked against
    the rows above it."""
    for label, money_in, money_out in [("合计", "1,200.00", "35.50"), ("本月合计", "", "35.50"), ("收入合计", "1200.00", ""),
                                       ("合计笔数:3", "1,200.00", "35.50")]:
        totals = ["2026-03-31", "", label, "", money_in, money_out, ""]
        path = _xlsx(tmp_path / f"statement-{len(label)}-{bool(money_in)}.xlsx", PREAMBLE + [HEAD] + _rows() + [totals])
        assert _booked(_result(books, path)) == CLEAN, label


def test_dated_totals_row_that_disagrees_is_refused_naming_it(books, tmp_path):
    """Read as the totals row, a dated total is checked: one that does not match its rows stops the import at its row."""
    totals = ["2026-03-31", "", "合计", "", "1,300.00", "35.50", ""]
    result = _result(books, _xlsx(tmp_path / "statement.xlsx", PREAMBLE + [HEAD] + _rows() + [totals]))
    assert result.problem is not None and result.problem.row == 7
    assert "disagrees with its rows" in result.problem.message


DONATIONS = ["日期", "捐赠人", "捐赠人类型", "金额", "收款方式", "凭证号"]
ROSTER = ["日期", "案例编号", "类别", "金额", "基金", "审批单号", "发放方式"]


def test_register_totals_row_with_a_date_is_not_an_entry(books, tmp_path):
    """A register's totals row dated the month's last day, 合计 in the donor's or the case's
    column, was read as one more entry: a 1,230.00 donation from a donor named 合计 (with a
    donor proposal for it), or the roster's total paid again. It is the totals row, checked
    against the rows above and listed as skipped."""
    donations = [DONATIONS, ["2026-03-05", "王小明", "个人", "1,200.00", "银行", "V1"], ["2026-03-06", "李四", "个人", "30", "银行", "V2"],
                 ["2026-03-31", "合  计", "", "1230", "", ""]]
    roster = [ROSTER, ["2026-03-10", "C0001", "医疗救助", "800", "GENERAL", "SP-2026-0010", "银行"],
              ["2026-03-10", "C0002", "特困救助", "500", "", "SP-2026-0010", "现金"], ["2026-03-31", "合计", "", "1300"]]
    for name, rows, amounts in [("捐赠登记表.xlsx", donations, [Decimal("30.00"), Decimal("1200.00")]),
                                ("发放花名册.xlsx", roster, [Decimal("500.00"), Decimal("800.00")])]:
        result = _result(books, _xlsx(tmp_path / name, rows))
        assert result.problem is None, result.problem
        assert result.conserved
        booked = [e for e in result.new if isinstance(e, data.Transaction)]
        assert sorted(max(p.units.number for p in e.postings) for e in booked) == amounts, name
        assert [(s.row, s.amount) for s in result.report.skipped] == [(4, Decimal(0))], name
        assert "agrees with the rows above" in result.report.skipped[0].reason


def test_register_header_repeated_at_a_page_break_is_skipped(books, tmp_path):
    """A register saved in pages repeats its title and column header at each page break;
    the header row was read as an entry and the file refused with a message per cell ('日期'
    is not a date, goods item '物资' is not declared in the books), none naming the row for
    what it is. It is listed as skipped, and the entries of every page are booked."""
    title = ["发放花名册（2026年3月）"]
    rows = [title, ROSTER, ["2026-03-10", "C0001", "医疗救助", "800", "GENERAL", "SP-2026-0010", "银行"],
            title, [f"{c} " for c in ROSTER], ["2026-03-10", "C0002", "特困救助", "500", "", "SP-2026-0010", "现金"]]
    result = _result(books, _xlsx(tmp_path / "发放花名册.xlsx", rows))
    assert result.problem is None, result.problem
    assert result.conserved
    booked = [e for e in result.new if isinstance(e, data.Transaction)]
    assert sorted(max(p.units.number for p in e.postings) for e in booked) == [Decimal("500.00"), Decimal("800.00")]
    assert any(s.row == 5 and "column header again" in s.reason for s in result.report.skipped)


def test_register_sum_row_without_a_label_is_its_total(books, tmp_path):
    """A =SUM row under a roster's 金额 that nobody labelled 合计 was refused as an entry
    with no date, case, category or approval: four messages asking to fill in a row that
    should not be there. A row holding only the sum of the rows above is their total; one
    that is not their sum is still an entry whose empty cells are named."""
    rows = [ROSTER, ["2026-03-10", "C0001", "医疗救助", "800", "GENERAL", "SP-2026-0010", "银行"],
            ["2026-03-10", "C0002", "特困救助", "500", "", "SP-2026-0010", "现金"]]
    result = _result(books, _xlsx(tmp_path / "发放花名册.xlsx", rows + [["", "", "", 1300]]))
    assert result.problem is None, result.problem
    assert result.conserved
    assert len([e for e in result.new if isinstance(e, data.Transaction)]) == 2
    assert [(s.row, s.amount) for s in result.report.skipped] == [(4, Decimal(0))]
    wrong = _result(books, _xlsx(tmp_path / "发放花名册-2.xlsx", rows + [["", "", "", 1200]]))
    assert wrong.problem is not None and "row 4, column '日期'" in str(wrong.problem)


def test_statement_sum_row_without_a_label_is_its_total(books, tmp_path):
    """A =SUM row under a statement's money columns, with no 合计 beside it, was refused as a
    transaction whose date cell is empty, with a hint about dates merged over rows. A row
    holding only its columns' totals is the totals row; one that is not is still refused."""
    statement = PREAMBLE + [HEAD] + _rows()
    assert _booked(_result(books, _xlsx(tmp_path / "statement.xlsx", statement + [["", "", "", "", 1200, 35.5]]))) == CLEAN
    wrong = _result(books, _xlsx(tmp_path / "statement-2.xlsx", statement + [["", "", "", "", 1200, 30]]))
    assert wrong.problem is not None and wrong.problem.row == 7 and "date cell is empty" in wrong.problem.message


def test_wechat_bill_row_with_empty_trailing_cells_is_read(books, tmp_path):
    """A WeChat Pay bill saved as a spreadsheet whose last row leaves 交易单号, 商户单号 and
    备注 empty: not refused as "the row stops short: the file looks cut off"."""
    rows = [["微信支付账单明细"], ["共2笔记录"],
            ["交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "支付方式", "当前状态", "交易单号", "商户单号", "备注"],
            ["2026-04-01 10:00:00", "赞赏码", "王小明", "/", "收入", "¥66.00", "/", "已到账", "4200101", "/", "/"],
            ["2026-04-02 10:00:00", "商户消费", "某某文具店", "笔记本", "支出", "¥12.50", "零钱", "支付成功", "", "", ""]]
    result = _result(books, _xlsx(tmp_path / "bill.xlsx", rows))
    assert _booked(result) == [(datetime.date(2026, 4, 1), Decimal("66.00")), (datetime.date(2026, 4, 2), Decimal("-12.50"))]
