"""A register's running total under its rows: 累计 (all rows so far), 本年累计 (the year so
far, months on earlier sheets included), as union offices write them under 本页合计.

累计 was refused as "'累计' is not a date", though it is a totals row: it is listed as
skipped, checked against the rows above it when it agrees; one that counts rows before
this register (a year so far) cannot be checked, and the dry run says so with both figures.
"""

from __future__ import annotations

from decimal import Decimal

from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEAD = "日期,捐赠人,金额,收款方式\n"
ROWS = ("2026-03-05,张三,1000,现金\n2026-03-05,李四,500,现金\n本页合计,,1500,\n"
        "2026-03-06,王五,200,现金\n本页合计,,200,\n")


def _import(books, path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def test_a_running_total_under_page_totals_is_a_checked_totals_row(books, tmp_path):
    path = tmp_path / "捐赠登记表.csv"
    path.write_text(HEAD + ROWS + "累计,,1700,\n", encoding="utf-8")
    result = _import(books, path)
    assert result.problem is None, result.problem
    assert [e.postings[0].units.number for e in result.new if isinstance(e, data.Transaction)] == [
        Decimal(1000), Decimal(500), Decimal(200)]
    skipped = {s.row: s.reason for s in result.report.skipped}
    assert "agrees with the rows above: 金额 1,700" in skipped[7], skipped


def test_a_running_total_that_disagrees_is_refused(books, tmp_path):
    path = tmp_path / "捐赠登记表.csv"
    path.write_text(HEAD + ROWS + "累计,,1800,\n", encoding="utf-8")
    result = _import(books, path)
    assert result.problem is not None
    assert "row 7" in str(result.problem) and "1800" in str(result.problem), result.problem


def test_the_year_so_far_is_listed_and_not_checked(books, tmp_path):
    """本年累计 counts January's and February's gifts too (their sheets are other files)."""
    path = tmp_path / "捐赠登记表.csv"
    path.write_text(HEAD + ROWS + "本年累计,,9700,\n", encoding="utf-8")
    result = _import(books, path)
    assert result.problem is None, result.problem
    assert sum(e.postings[0].units.number for e in result.new if isinstance(e, data.Transaction)) == 1700
    skipped = {s.row: s.reason for s in result.report.skipped}
    assert "the year so far" in skipped[7] and "9700" in skipped[7] and "1,700" in skipped[7], skipped
