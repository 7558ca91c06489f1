"""A page's carry line (过次页 / 承前页 / 本页合计 with its amounts) whose label an office wrote
in the memo column after the amounts, not in the first column.

Why: the real CMB statement (tests/importers/real/cmb-debit/cmb-debit.csv) printed in two
pages, with `,,234.00,271.66,过次页,,` at the break, was refused at that row as a row whose
date cell is empty, with the advice to unmerge a date merged over several rows: nothing of
the kind was in the file. Now the line is a page break when its amounts are the running
totals (its balance the row before's, its amount the rows' so far or its page's) and is
listed as skipped; when they are not, the import stops naming it as the page's carry line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books
from ledger.init_books import init_books

REAL = Path(__file__).parent / "real" / "cmb-debit" / "cmb-debit.csv"
LINES = REAL.read_text(encoding="utf-8").splitlines()  # the header, then 5 rows; rows 1-2 net +234.00 to 271.66


@pytest.fixture
def books(tmp_path):
    """New books that open in 2023, before the statement's 2024 rows."""
    root = tmp_path / "books"
    init_books(root, name_zh="测试帮扶中心", name_en="Test centre", year=2023)
    return root


def extract(books: Path, path: Path, **options):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root), account="Assets:Bank:Basic", **options)
    return result


def paged(tmp_path: Path, carried: str, brought: str, name: str = "cmb.csv") -> Path:
    """The real statement cut after its second row: the carry line, the header again, the line brought forward."""
    path = tmp_path / name
    path.write_text("\n".join(LINES[:3] + [carried, LINES[0], brought] + LINES[3:]) + "\n", encoding="utf-8")
    return path


def amounts(result) -> list[Decimal]:
    return [e.postings[0].units.number for e in result.entries if isinstance(e, data.Transaction)]


def test_carry_lines_labelled_in_the_memo_column_are_page_breaks(books, tmp_path):
    whole = tmp_path / "whole.csv"
    whole.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    expected = amounts(extract(books, whole, verify_summary=False))
    for carried, brought in ((",,234.00,271.66,过次页,,", ",,234.00,271.66,承前页,,"),   # the running totals
                             (",,,271.66,过次页,,", ",,,271.66,承前页,,")):            # the balance alone
        result = extract(books, paged(tmp_path, carried, brought), verify_summary=False)
        assert result.problem is None, (carried, result.problem)
        assert amounts(result) == expected
        assert [(s.row, s.reason) for s in result.report.skipped] == [
            (4, "a page break: the total carried to the next page"),
            (5, "a page break: the column header again"),
            (6, "a page break: the total brought forward from the page before"),
        ]


def test_a_carry_line_that_is_not_the_running_totals_is_named_not_skipped(books, tmp_path):
    # a row lost at the break (the carry says 1,234.00 but the rows so far net 234.00), or a
    # balance that is not the row before's: never a merged date, never passed over
    for carried, column in ((",,1234.00,271.66,过次页,,", "交易金额"), (",,234.00,1271.66,过次页,,", "联机余额")):
        result = extract(books, paged(tmp_path, carried, ",,,,承前页,,"), verify_summary=False)
        assert result.problem is not None and result.problem.row == 4, (carried, result.problem)
        message = str(result.problem)
        assert "page-break line: the total carried to the next page (过次页)" in message and column in message, message
        assert "merged" not in message


def test_a_memo_labelled_page_line_elsewhere_is_named_as_one(books, tmp_path):
    # under the last row, or beside other text at the break: refused, named for what it says it is
    for lines in (LINES + [",,-767.14,1218.24,本页合计,,"], LINES[:3] + [",,234.00,271.66,过次页,,", ",,,,某备注,,"] + LINES[3:]):
        path = tmp_path / "odd.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = extract(books, path, verify_summary=False)
        assert result.problem is not None, lines
        assert "the row is a page-break line" in str(result.problem) and "merged" not in str(result.problem), result.problem


def test_an_in_out_printout_with_its_page_lines_in_the_memo_column(tmp_path):
    """中国银行's corporate printout (its 摘要 last) retyped with 本页合计 and 承前页余额 in 摘要:
    the page's subtotal is checked against the rows before it, the balance brought forward too."""
    from tests.importers.test_corporate_layouts import _extract, _xlsx

    root = tmp_path / "books"
    init_books(root, name_zh="测试帮扶中心", name_en="Test centre", year=2026)
    header = ["交易日期", "业务类型", "凭证号", "借方发生额", "贷方发生额", "余额", "对方账号", "对方户名", "摘要"]

    def printout(subtotal: str, brought: str):
        rows = [header,
                ["20260302", "转账", "V001", "", "20,000.00", "120,000.00", "6222020000001234", "某某机械制造有限公司", "捐赠"],
                ["20260309", "转账", "V002", "1,200.00", "", "118,800.00", "3100000000000002", "某某办公用品公司", "办公用品"],
                ["", "", "", subtotal, "20,000.00", "", "", "", "本页合计"], ["第1页 共2页"], header,
                ["", "", "", "", "", brought, "", "", "承前页余额"],
                ["20260310", "转账", "V003", "", "3,000.00", "121,800.00", "6222020000001234", "某某机械制造有限公司", "捐款"]]
        return _extract(root, _xlsx(tmp_path / "boc.xlsx", rows))

    ok = printout("1,200.00", "118,800.00")
    assert ok.problem is None, ok.problem
    assert [s.reason for s in ok.report.skipped if s.row in (4, 7)] == [
        "a page break: the page's subtotal", "a page break: the total brought forward from the page before"]
    for subtotal, brought, row in (("1,500.00", "118,800.00", 4), ("1,200.00", "119,800.00", 7)):
        wrong = printout(subtotal, brought)
        assert wrong.problem is not None and wrong.problem.row == row, wrong.problem
        assert "page-break line" in str(wrong.problem), wrong.problem


def test_a_carry_line_whose_label_leads_the_row_is_checked_too(books, tmp_path):
    """过次页 / 承前页 / 本页合计 first in the row, as most banks print them: their balance and
    amounts were skipped unread, so a page break that lost a row (the carry's balance 1,271.66
    where the row before reaches 271.66) imported without a word. Now checked as the memo
    ones are, and refused naming the row unless --ignore-summary is given."""
    ok = extract(books, paged(tmp_path, "过次页,,234.00,271.66,,,", "承前页,,234.00,271.66,,,"))
    assert ok.problem is None, ok.problem
    assert [s.row for s in ok.report.skipped] == [4, 5, 6]
    for carried, brought, row, column in (("过次页,,234.00,1271.66,,,", "承前页,,,,,,", 4, "联机余额"),
                                          ("过次页,,1234.00,271.66,,,", "承前页,,,,,,", 4, "交易金额"),
                                          ("过次页,,,,,,", "承前页,,,1271.66,,,", 6, "联机余额"),
                                          ("本页合计,,234.00,1271.66,,,", "承前页,,,271.66,,,", 4, "联机余额")):
        wrong = extract(books, paged(tmp_path, carried, brought))
        assert wrong.problem is not None and wrong.problem.row == row, (carried, brought, wrong.problem)
        message = str(wrong.problem)
        assert "page-break line" in message and column in message and "--ignore-summary" in message, message
        anyway = extract(books, paged(tmp_path, carried, brought), verify_summary=False)
        assert anyway.problem is None and [s.row for s in anyway.report.skipped] == [4, 5, 6], anyway.problem
