"""A register's date typed with a month or day the calendar has not (2026-13-01, 2026-02-30,
2026.3.32, 2026年13月1日) was refused as "a span of days, not a day", with advice about a
week's sum: the officer looked for a range where a digit was mistyped. The message now says
which part is not a month or not a day of that month."""

from __future__ import annotations

import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books


def _problem(books, tmp_path, day):
    path = tmp_path / "捐赠登记表.csv"
    path.write_text(f"日期,捐赠人,金额,收款方式\n2026-03-04,王小明,50,现金\n{day},王小明,100,现金\n", encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is not None and result.entries == []
    return result.problem


@pytest.mark.parametrize("day", ["2026-13-01", "2026.13.5", "2026年13月1日", "2026/0/12"])
def test_a_month_that_is_no_month_is_named(books, tmp_path, day):
    problem = _problem(books, tmp_path, day)
    assert (problem.row, problem.column) == (3, "日期"), problem
    assert "span of days" not in problem.message, problem.message
    month = int(day.replace("年", "-").replace("月", "-").replace(".", "-").replace("/", "-").split("-")[1])
    assert f"{month} is not a month" in problem.message, problem.message


@pytest.mark.parametrize(("day", "days"), [("2026-02-30", 28), ("2026.4.31", 30), ("2028-02-30", 29), ("2026-03-32", 31)])
def test_a_day_its_month_has_not_is_named(books, tmp_path, day, days):
    problem = _problem(books, tmp_path, day)
    assert (problem.row, problem.column) == (3, "日期"), problem
    assert "span of days" not in problem.message, problem.message
    assert f"has {days} days" in problem.message, problem.message


def test_a_span_of_days_is_still_called_one(books, tmp_path):
    problem = _problem(books, tmp_path, "2026.03.01-03.05")
    assert "span of days" in problem.message, problem.message
