"""A statement whose column header is written over two rows, as printouts saved as
spreadsheets and web banking's "Excel" pages have it, imports as the same statement with a
one-row header: 交易 above 日期 (the two joined), or 发生额 spanning 贷方金额 / 借方金额
(the lower row's). It used to be taken for a donation register (its lower row holds 日期
and 金额), refused in that register's words, or, as a web page, not recognised at all."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books

UPPER = ["交易", "交易", "摘要", "对方户名", "收入", "支出", "余额"]
LOWER = ["日期", "流水号", "", "", "金额", "金额", ""]
ROWS = [[datetime.date(2026, 3, 5), "T1", "转账", "王小明", 100, None, 1100],
        [datetime.date(2026, 3, 6), "T2", "付款", "某超市", None, 30, 1070]]
BOOKED = [(datetime.date(2026, 3, 5), Decimal("100.00")), (datetime.date(2026, 3, 6), Decimal("-30.00"))]


def extract(books: Path, path: Path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def booked(result) -> list[tuple[datetime.date, Decimal]]:
    assert result.problem is None, result.problem
    assert result.conserved
    return [(e.date, e.postings[0].units.number) for e in result.new if isinstance(e, data.Transaction)]


def xlsx(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_a_header_split_over_two_rows_is_read_as_one(books, tmp_path):
    result = extract(books, xlsx(tmp_path / "明细.xlsx", [UPPER, LOWER, *ROWS]))
    assert result.importer.name == "relief.bank.icbc-corporate"
    assert booked(result) == BOOKED
    (balance,) = [e for e in result.new if isinstance(e, data.Balance)]
    assert balance.amount.number == Decimal("1070.00")


def test_a_title_spanning_two_columns_over_their_headers(books, tmp_path):
    cells = lambda row: "".join(f"<td>{c}</td>" for c in row)  # noqa: E731
    page = ("<html><head><meta charset='utf-8'></head><body><table>"
            "<tr><td rowspan=2>交易日期</td><td rowspan=2>交易流水号</td><td rowspan=2>摘要</td><td rowspan=2>对方户名</td>"
            "<td colspan=2>发生额</td><td rowspan=2>余额</td></tr><tr><td>贷方金额</td><td>借方金额</td></tr>"
            f"<tr>{cells(['2026-03-05', 'T1', '转账', '王小明', '100.00', '', '1,100.00'])}</tr>"
            f"<tr>{cells(['2026-03-06', 'T2', '付款', '某超市', '', '30.00', '1,070.00'])}</tr></table></body></html>")
    path = tmp_path / "明细.xls"
    path.write_text(page, encoding="utf-8")
    assert booked(extract(books, path)) == BOOKED


def test_the_two_header_rows_repeated_at_a_page_break_are_skipped_and_listed(books, tmp_path):
    rows = [["账户明细"], UPPER, LOWER, *ROWS, ["本页合计", None, None, None, 100, 30], UPPER, LOWER,
            [datetime.date(2026, 3, 7), "T3", "转账", "李四", 50, None, 1120], ["合计", None, None, None, 150, 30]]
    result = extract(books, xlsx(tmp_path / "明细.xlsx", rows))
    assert booked(result) == [*BOOKED, (datetime.date(2026, 3, 7), Decimal("50.00"))]
    assert {s.row: s.reason for s in result.report.skipped} == {
        6: "a page break: the page's subtotal", 7: "a page break: the column header again", 8: "a page break: the column header again"}


def test_a_title_over_some_columns_beside_columns_written_over_both_rows(books, tmp_path):
    """交易 above 日期 (joined) and 对方信息 above 对方户名 / 对方账号 (the lower row's) in one
    header: every column is read, the payer's name included."""
    upper = ["交易", "交易", "摘要", "对方信息", "", "收入", "支出", "余额"]
    lower = ["日期", "流水号", "", "对方户名", "对方账号", "金额", "金额", ""]
    rows = [[datetime.date(2026, 3, 5), "T1", "转账", "王小明", "6222000000001111", 100, None, 1100],
            [datetime.date(2026, 3, 6), "T2", "付款", "某超市", "", None, 30, 1070]]
    result = extract(books, xlsx(tmp_path / "明细.xlsx", [upper, lower, *rows]))
    assert booked(result) == BOOKED
    payees = [e.payee for e in result.new if isinstance(e, data.Transaction)]
    assert payees == ["王小明", "某超市"]


def test_a_title_over_jie_and_dai_names_both_columns(books, tmp_path):
    """发生额 merged over 借方 and 贷方 (a printout's layout): read as 借方发生额 and 贷方发生额,
    not an unknown layout whose draft profile took 发生额 for one signed amount column."""
    upper = ["交易日期", "交易流水号", "摘要", "对方户名", "发生额", None, "余额"]
    lower = [None, None, None, None, "贷方", "借方", None]
    rows = [[datetime.date(2026, 3, 5), "T1", "转账", "王小明", 100, None, 1100],
            [datetime.date(2026, 3, 6), "T2", "付款", "某超市", None, 30, 1070]]
    result = extract(books, xlsx(tmp_path / "明细.xlsx", [["账户明细"], upper, lower, *rows]))
    assert booked(result) == BOOKED


def test_a_column_merged_over_both_header_rows_beside_a_lower_row_that_is_a_header(books, tmp_path):
    """余额 merged down over both rows (written once, in the upper) beside 发生额 over 借方发生额
    / 贷方发生额, whose lower row alone is a header: that row was taken alone, without 余额,
    and the statement imported as one whose balances were "missing or masked" (no assertion)."""
    upper = ["交易信息", None, None, "发生额", None, "余额", "对方信息"]
    lower = ["交易日期", "交易流水号", "摘要", "贷方发生额", "借方发生额", None, "对方户名"]
    rows = [[datetime.date(2026, 3, 5), "T1", "转账", 100, None, 1100, "王小明"],
            [datetime.date(2026, 3, 6), "T2", "付款", None, 30, 1070, "某超市"]]
    result = extract(books, xlsx(tmp_path / "明细.xlsx", [["账户明细"], upper, lower, *rows]))
    assert booked(result) == BOOKED
    (balance,) = [e for e in result.new if isinstance(e, data.Balance)]
    assert balance.amount.number == Decimal("1070.00")
    assert not any("missing or masked" in n for n in result.report.notes)


QUERY_HEAD = "记账日期,交易时间,交易地点,交易方式,支出金额,收入金额,余额,对方户名,对方账户,对方开户行,摘要"
QUERY_ROWS = ("2026-03-05,2026-03-05 14:06:00,手机银行,转账,800,--,13200.00,李大伟,6222000000005555,交通银行某支行,医疗救助\n"
              "2026-03-02,2026-03-02 09:15:00,企业网银,跨行汇款,--,3000,14000.00,某某机械制造有限公司,6222020000001234,工商银行某支行,捐赠\n")


@pytest.mark.parametrize("line", ["银行卡号：6222000011112222 姓名：帮扶中心 本次查询时间段：2026/03/01 至 2026/03/31",
                                  "银行卡号 6222000011112222", "6222000011112222", "姓名 帮扶中心"])
def test_a_preamble_line_above_the_header_is_no_upper_half_of_it(books, tmp_path, line):
    """BOCOM's 查询表 with its card and period on one line in its first cell (银行卡号：… 姓名：…,
    as the real one writes them over two cells) was read as 工商银行企业账户明细: that line was
    joined to the header as its upper half (银行卡号：…记账日期), which hid the 记账日期 that
    tells the layouts apart. Imported after the same statement as downloaded, its 2,200.00 was
    booked a second time (ids of another layout, none 'already in the books'). So was it with
    the card's number alone on that line, or a name after its label without a colon."""
    line += "," * 10
    for name, text in (("downloaded.csv", f"交通银行银行卡交易明细查询表{',' * 10}\n{line}\n"),
                       ("one-line.csv", f"{line}\n")):
        path = tmp_path / name
        path.write_text(text + QUERY_HEAD + "\n" + QUERY_ROWS, encoding="utf-8")
        result = extract(books, path)
        assert result.importer.name == "relief.bank.bocom-query", f"{name} was read by {result.importer.name}"
        assert booked(result) == [(datetime.date(2026, 3, 2), Decimal("3000.00")), (datetime.date(2026, 3, 5), Decimal("-800.00"))]


def test_a_header_row_with_a_title_over_columns_named_in_the_row_below(books, tmp_path):
    """广发's 单位账户交易明细 (.xlsx): the header row holds every column but 对方信息, a title
    merged over two columns whose names, 户名 and 账号, stand in the row below it. Why: that row
    was read as a transaction and the file refused as "'' is not a date", with a hint to fix a
    date cell that is part of the header."""
    upper = ["交易日期", "摘要", "借方发生额", "贷方发生额", "余额", "对方信息", None, "流水号"]
    lower = [None, None, None, None, None, "户名", "账号", None]
    rows = [[datetime.date(2026, 3, 5), "转账", None, 100, 1100, "王小明", "6222000000001111", "T1"],
            [datetime.date(2026, 3, 6), "付款", 30, None, 1070, "某超市", "", "T2"]]
    result = extract(books, xlsx(tmp_path / "明细.xlsx", [["账户明细"], upper, lower, *rows, ["合计", None, 30, 100]]))
    assert booked(result) == BOOKED
    assert [e.payee for e in result.new if isinstance(e, data.Transaction)] == ["王小明", "某超市"]
