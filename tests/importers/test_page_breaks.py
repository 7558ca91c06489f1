"""Statements exported in pages: the page breaks (the column header again, the heading, page
numbers, page subtotals, carried totals) are skipped and listed; the transactions on every
page are imported as from the uncut statement; anything else between transactions is still
an error."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEADER = "交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额"
HEAD = "中国工商银行 企业网上银行 账户明细\n起止日期: 2026-03-01 至 2026-03-31\n" + HEADER + "\n"


def rows(n: int, start: int = 1) -> list[str]:
    """`n` donations of 100 yuan, one a day, with running balances from 1,000."""
    return [f"2026-03-{d:02d},ICBC2026030{d:02d},转账存入,捐赠人{d},100.00,,{1000 + 100 * d}.00" for d in range(start, start + n)]


def extract(books: Path, path: Path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def write(path: Path, lines: list[str]) -> Path:
    path.write_text(HEAD + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def amounts(result) -> list[Decimal]:
    return [e.postings[0].units.number for e in result.entries if isinstance(e, data.Transaction)]


def test_a_statement_in_pages_imports_as_the_whole_one(books, tmp_path):
    whole = extract(books, write(tmp_path / "whole.csv", rows(6)))
    page_break = ["本页合计,,,,300.00,0.00,", "过次页,,,,,,1300.00", "", "中国工商银行 企业网上银行 账户明细",
                  "第 2 页 / 共 2 页", HEADER, "承前页,,,,,,1300.00"]
    paged = extract(books, write(tmp_path / "paged.csv", rows(3) + page_break + rows(3, start=4)))
    assert whole.problem is None and paged.problem is None, (whole.problem, paged.problem)
    assert amounts(paged) == amounts(whole) == [Decimal("100.00")] * 6
    listed = {s.row: s.reason for s in paged.report.skipped}
    assert listed == {
        7: "a page break: the page's subtotal",
        8: "a page break: the total carried to the next page",
        10: "a page break: the statement's heading again",
        11: "a page break: the page number",
        12: "a page break: the column header again",
        13: "a page break: the total brought forward from the page before",
    }
    assert all(s.amount is None for s in paged.report.skipped)  # they move no money
    assert paged.conserved and [m.file_net for m in paged.money] == [m.file_net for m in whole.money] == [Decimal("600.00")]


def test_a_page_subtotal_alone_between_pages_is_skipped(books, tmp_path):
    result = extract(books, write(tmp_path / "s.csv", rows(2) + ["本页小计,,,,200.00,,"] + rows(2, start=3)))
    assert result.problem is None and len(amounts(result)) == 4
    assert [(s.row, s.reason) for s in result.report.skipped] == [(6, "a page break: the page's subtotal")]


@pytest.mark.parametrize("number", ["共2页 第1页", "第1页/总2页", "当前第1页 共2页", "页码：1/2", "1/2", "Page 1 of 2"])
def test_a_page_number_alone_between_pages_is_skipped(books, tmp_path, number):
    """Page numbers as banks' printouts write them; 共2页 第1页 was taken for a footer (共 as
    in 共 3 笔) and the next page's rows refused as rows after it."""
    result = extract(books, write(tmp_path / "s.csv", rows(2) + [number] + rows(2, start=3)))
    assert result.problem is None, result.problem
    assert len(amounts(result)) == 4
    assert [(s.row, s.reason) for s in result.report.skipped] == [(6, "a page break: the page number")]


def test_a_row_holding_money_in_a_page_break_is_an_error_not_a_skip(books, tmp_path):
    # a continuation row with an amount and no date: not a page break, even with the header repeated
    result = extract(books, write(tmp_path / "s.csv", rows(2) + [",,,续行,300.00,,", HEADER] + rows(2, start=3)))
    assert result.problem is not None and result.problem.row == 6 and "is not a date" in result.problem.message


def test_text_between_transactions_without_a_header_is_still_an_error(books, tmp_path):
    result = extract(books, write(tmp_path / "s.csv", rows(2) + ["中国工商银行 企业网上银行 账户明细"] + rows(2, start=3)))
    assert result.problem is not None and result.problem.row == 6 and "is not a date" in result.problem.message


def test_transactions_after_the_totals_row_name_it(books, tmp_path):
    # before: "'2026-03-03' is not a date", about a row whose date is fine
    result = extract(books, write(tmp_path / "s.csv", rows(2) + ["合计,,,,200.00,0.00,"] + rows(2, start=3)))
    assert result.problem is not None and result.problem.row == 7
    assert "transaction rows follow the footer or totals row 6" in result.problem.message
    assert "not a date" not in result.problem.message


def test_the_last_transaction_after_a_footer_line_is_not_passed_over(books, tmp_path):
    # before: the one dated row after 温馨提示 was taken for footer, its 100.00 neither booked
    # nor listed as skipped, and the dry run's money line still added up
    for footer in ("温馨提示：以上明细仅供参考", "共 2 笔", "打印时间：2026-04-01 10:00:00"):
        result = extract(books, write(tmp_path / "s.csv", rows(2) + [footer + ",,,,,,"] + rows(1, start=3)))
        assert result.problem is not None, footer
        assert result.problem.row == 7 and "transaction rows follow the footer or totals row 6" in result.problem.message


def test_a_row_after_the_last_dated_one_that_moves_money_is_an_error(books, tmp_path):
    # a spreadsheet's date number left unformatted: the row used to be passed over as footer
    result = extract(books, write(tmp_path / "s.csv", rows(2) + ["46085,ICBC9,转账存入,张三,100.00,,1300.00"]))
    assert result.problem is not None and result.problem.row == 6
    assert "holds an amount but '46085' in its date column is not a date" in result.problem.message


def test_footer_and_totals_rows_after_the_last_dated_one_still_pass(books, tmp_path):
    result = extract(books, write(tmp_path / "s.csv", rows(2) + ["合计,,,,200.00,0.00,", "打印时间：2026-04-01 10:00:00", "第 1 页"]))
    assert result.problem is None and len(amounts(result)) == 2


def test_the_last_pages_subtotal_counts_its_own_rows(books, tmp_path):
    """A 本页小计 line stating the page's record count (共2笔) under the last page was read as
    the whole statement's count, and a statement printed in pages was refused as cut off
    (says it has 2 records but 5 were read). It counts the last page's rows, or the whole
    statement's; any other count is still refused."""
    first = ["本页小计,,,,300.00,0.00,,共3笔", "第 1 页 / 共 2 页", HEADER]
    for stated, ok in (("共2笔", True), ("共5笔", True), ("共4笔", False)):
        lines = rows(3) + first + rows(2, start=4) + [f"本页小计,,,,200.00,0.00,,{stated}", "第 2 页 / 共 2 页"]
        result = extract(books, write(tmp_path / f"paged-{stated}.csv", lines))
        if ok:
            assert result.problem is None, (stated, result.problem)
            assert amounts(result) == [Decimal("100.00")] * 5
        else:
            assert result.problem is not None and "says it has 4 records" in result.problem.message


def test_a_page_subtotal_between_pages_is_checked_against_its_page(books, tmp_path):
    """A 本页合计 between pages was skipped unread: a page that lost a row in the export (its
    subtotal 400.00 over three rows of 100.00) imported without a word. Now it is checked
    against the rows of its page, or, as some banks write it, every row so far; a count on it
    (共4笔) likewise."""
    def paged(first: str, second: str, name: str):
        lines = (rows(3) + [first, "第 1 页 / 共 2 页", HEADER] + rows(2, start=4) + [second, "第 2 页 / 共 2 页"])
        return extract(books, write(tmp_path / name, lines))

    for first, second in (("本页合计,,,,300.00,0.00,", "本页合计,,,,200.00,0.00,"),    # each page's own
                          ("本页合计,,,,300.00,0.00,", "本页合计,,,,500.00,0.00,")):  # carried on
        assert paged(first, second, "ok.csv").problem is None
    wrong = paged("本页合计,,,,400.00,0.00,", "本页合计,,,,200.00,0.00,", "wrong.csv")
    assert wrong.problem is not None and wrong.problem.row == 7, wrong.problem
    assert "the page's subtotal 400.00 disagrees with the rows of its page, which add up to 300.00" in wrong.problem.message
    counted = paged("本页合计,,,,300.00,0.00,共4笔", "本页合计,,,,200.00,0.00,", "count.csv")
    assert counted.problem is not None and "its page has 4 records (共4笔) but 3" in counted.problem.message


def test_a_page_break_repeating_a_heading_line_that_states_figures_is_skipped(books, tmp_path):
    """Each page repeats the statement's whole heading, its line of figures too (交通银行's
    查询表: 本次查询时间段 … 总收入 … 总支出 in a cell over the money columns). That line was
    taken for a row moving money, so the block was no page break, and the file was refused
    at the title: "'…明细查询表' is not a date; fix the cell". A line repeating one of the
    heading's cell for cell is the heading again: the pages import as the uncut statement."""
    heading = ["单位账户交易明细查询表,,,,,,", "客户名称：某某帮扶中心,,,,本次查询时间段：2026/03/01 至 2026/03/31 总收入：600.00元 总支出：0.00元,,"]
    path = tmp_path / "paged.csv"
    path.write_text("\n".join(heading + [HEADER] + rows(3) + heading + [HEADER] + rows(3, start=4)) + "\n", encoding="utf-8")
    paged = extract(books, path)
    assert paged.problem is None, paged.problem
    assert amounts(paged) == [Decimal("100.00")] * 6
    assert {s.row: s.reason for s in paged.report.skipped} == {
        7: "a page break: the statement's heading again", 8: "a page break: the statement's heading again",
        9: "a page break: the column header again"}
    assert paged.conserved


def test_a_heading_line_of_other_figures_between_pages_is_still_an_error(books, tmp_path):
    """A line like the heading's but not the same (other figures): not skipped as a page break."""
    heading = ["单位账户交易明细查询表,,,,,,", "客户名称：某某帮扶中心,,,,本次查询时间段：2026/03/01 至 2026/03/31 总收入：600.00元 总支出：0.00元,,"]
    other = heading[1].replace("600.00", "900.00")
    path = tmp_path / "paged.csv"
    path.write_text("\n".join(heading + [HEADER] + rows(3) + [heading[0], other, HEADER] + rows(3, start=4)) + "\n", encoding="utf-8")
    assert extract(books, path).problem is not None


def test_the_real_bocom_query_paged_with_its_heading_imports_as_downloaded(tmp_path):
    """交通银行's real 查询表 (tests/importers/real/bocom-query/) cut into two pages, each under
    its whole heading (title, the 银行卡号 line with 总收入 / 总支出, the header): the same money
    as the file as downloaded, the repeated lines listed as a page break."""
    from ledger.init_books import init_books

    root = tmp_path / "books"
    init_books(root, name_zh="测试帮扶中心", name_en="Test centre", year=2017)
    loaded = load_books(root)
    real = Path(__file__).parent / "real" / "bocom-query" / "bocom-query.csv"
    lines = real.read_bytes().split(b"\n")
    paged = tmp_path / "bocom-query.csv"
    paged.write_bytes(b"\n".join(lines[:8] + lines[:3] + lines[8:]))

    def run(path):
        (result,) = extract_files(loaded, [path], load_importers(root), account="Assets:Bank:Basic")
        assert result.problem is None, result.problem
        return result

    whole, cut = run(real), run(paged)
    assert [(m.file_in, m.file_out) for m in cut.money] == [(m.file_in, m.file_out) for m in whole.money]
    assert amounts(cut) == amounts(whole) and cut.conserved
    assert [s.row for s in cut.report.skipped if s.reason.startswith("a page break")] == [9, 10, 11]
