"""A register's days written without their year (3月5日) take the year its title states.

Why: a roster headed 2026年5月发放花名册 with 日期 5月5日, as offices keep them by hand, was
refused row by row ("a day without its year: relief does not guess the year"), though the
sheet states the year once above the header. The year is now taken from the title when it
names one year only; a row whose month is not the title's month (1月3日 under 2026年12月, a
January of the next year), or a title naming two years, is refused as before."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEAD = "日期,案例编号,类别,金额,基金,审批单号,发放方式\n"


def _import(books, path: Path, title: str, rows: str):
    path.write_text((title + "\n" if title else "") + HEAD + rows, encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


@pytest.mark.parametrize("title", ["2026年3月困难职工救助发放花名册", "2026年度发放花名册", "发放花名册（2026年）"])
def test_days_take_the_titles_year(books, tmp_path, title):
    result = _import(books, tmp_path / "花名册.csv", title,
                     "3月5日,C0001,生活救助,300,GENERAL,SP-1,现金\n3.6,C0002,生活救助,200,GENERAL,SP-2,现金\n")
    assert result.problem is None, result.problem
    days = sorted(e.date for e in result.new if isinstance(e, data.Transaction))
    assert days == [datetime.date(2026, 3, 5), datetime.date(2026, 3, 6)]
    assert any("2026" in n and "3月5日" in n and "title" in n for n in result.report.notes), result.report.notes


@pytest.mark.parametrize("title, rows", [
    ("", "3月5日,C0001,生活救助,300,GENERAL,SP-1,现金\n"),  # no year stated
    ("2026年12月发放花名册", "1月3日,C0001,生活救助,300,GENERAL,SP-1,现金\n"),  # another month: next year's?
    ("2025-2026年度发放花名册（2025年12月至2026年1月）", "1月3日,C0001,生活救助,300,GENERAL,SP-1,现金\n"),
    ("填报日期：2027年", "12月28日,C0001,生活救助,300,GENERAL,SP-1,现金\n"),  # the day it was filled in, not the rows'
])
def test_no_single_year_or_another_month_is_refused_as_before(books, tmp_path, title, rows):
    result = _import(books, tmp_path / "花名册.csv", title, rows)
    assert result.problem is not None, result.new
    assert "row" in str(result.problem) and "year" in str(result.problem), result.problem


def test_a_january_after_december_under_a_year_alone_is_refused(books, tmp_path):
    """2026年两节送温暖发放花名册 runs from December into the next January: 1月15日 after
    12月28日 is not taken for 2026-01-15."""
    result = _import(books, tmp_path / "花名册.csv", "2026年两节送温暖发放花名册",
                     "12月28日,C0001,生活救助,300,GENERAL,SP-1,现金\n1月15日,C0002,生活救助,200,GENERAL,SP-2,现金\n")
    assert result.problem is not None, [e.date for e in result.new if isinstance(e, data.Transaction)]
    message = str(result.problem)
    assert "row 4" in message and "1月15日" in message and "year" in message, message
    assert "row 3" not in message, message


@pytest.fixture(scope="module")
def loaded_books(tmp_path_factory, books_template):
    import shutil

    root = tmp_path_factory.mktemp("titled") / "books"
    shutil.copytree(books_template, root)
    return load_books(root)


def test_days_in_order_under_a_year_are_read_in_it_or_refused_by_row(loaded_books, tmp_path_factory):
    """Any days in order (from February: C0001 is enrolled on 2026-01-05) under a title stating 2026 alone: each row is booked on that day of
    2026, or (a day the month has not: 4月31日) refused naming its row; none in another year."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.tuples(st.integers(2, 12), st.integers(1, 31)), min_size=1, max_size=6).map(sorted))
    def check(days):
        path = tmp_path_factory.mktemp("p") / "花名册.csv"
        rows = "".join(f"{m}月{d}日,C0001,生活救助,{i + 1}00,GENERAL,SP-{i},现金\n" for i, (m, d) in enumerate(days))
        path.write_text("2026年度发放花名册\n" + HEAD + rows, encoding="utf-8")
        (result,) = extract_files(loaded_books, [path], load_importers(loaded_books.root))
        valid = []
        for m, d in days:
            try:
                valid.append(datetime.date(2026, m, d))
            except ValueError:
                valid.append(None)
        if None in valid:
            bad = [i + 3 for i, v in enumerate(valid) if v is None]
            assert result.problem is not None and all(f"row {n}" in str(result.problem) for n in bad), result.problem
        else:
            assert result.problem is None, (days, result.problem)
            booked = sorted(e.date for e in result.new if isinstance(e, data.Transaction))
            assert booked == sorted(valid)

    check()
