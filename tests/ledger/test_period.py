"""The books' one Period: the days [start, end), named as a finance officer writes them."""

import datetime

import pytest

from ledger.period import Period, PeriodError, month_of, parse_period

D = datetime.date


@pytest.mark.parametrize(
    "text, start, last, name",
    [
        ("2024-03", (2024, 3, 1), (2024, 3, 31), "2024-03"),
        ("2024-02", (2024, 2, 1), (2024, 2, 29), "2024-02"),
        ("2023-02", (2023, 2, 1), (2023, 2, 28), "2023-02"),
        ("2024-Q1", (2024, 1, 1), (2024, 3, 31), "2024-Q1"),
        ("2024-q4", (2024, 10, 1), (2024, 12, 31), "2024-Q4"),
        (" 2024 ", (2024, 1, 1), (2024, 12, 31), "2024"),
        ("2024-3", (2024, 3, 1), (2024, 3, 31), "2024-03"),
        ("2024-12", (2024, 12, 1), (2024, 12, 31), "2024-12"),
    ],
)
def test_parse(text, start, last, name):
    p = parse_period(text)
    assert (p.start, p.last_day, str(p)) == (D(*start), D(*last), name)
    assert p.end == p.last_day + datetime.timedelta(days=1)
    assert len(p.days()) == (p.end - p.start).days
    assert p.days()[0] == p.start and p.days()[-1] == p.last_day


@pytest.mark.parametrize("text", ["2024-13", "2024-00", "2024-Q5", "March", "2024/03", "24-03", "0000", "", "2024-003", "2024-Q0"])
def test_bad_period_says_what_to_write(text):
    with pytest.raises(PeriodError, match="2024-03"):
        parse_period(text)


def test_contains_the_start_but_not_the_end():
    march = Period.month(2026, 3)
    assert D(2026, 3, 1) in march and D(2026, 3, 31) in march
    assert D(2026, 4, 1) not in march and D(2026, 2, 28) not in march
    assert march.end == D(2026, 4, 1)


def test_constructors_and_their_names():
    assert Period.month(2026, 12) == Period(D(2026, 12, 1), D(2027, 1, 1), "2026-12", "month")
    assert Period.quarter(2026, 1) == Period(D(2026, 1, 1), D(2026, 4, 1), "2026-Q1", "quarter")
    assert Period.quarter(2026, 4) == Period(D(2026, 10, 1), D(2027, 1, 1), "2026-Q4", "quarter")
    assert Period.year(2026) == Period(D(2026, 1, 1), D(2027, 1, 1), "2026", "year")
    assert parse_period("2026-03") == Period.month(2026, 3)
    assert parse_period("2026-Q1") == Period.quarter(2026, 1)
    assert parse_period("2026") == Period.year(2026)
    assert month_of(D(2024, 2, 29)) == Period.month(2024, 2)


def test_a_month_its_quarter_and_year_nest():
    month, quarter, year = Period.month(2026, 3), Period.quarter(2026, 1), Period.year(2026)
    assert quarter.start <= month.start and month.end == quarter.end
    assert year.start == quarter.start and set(month.days()) < set(quarter.days()) < set(year.days())
    assert len(year.days()) == 365 and len(Period.year(2024).days()) == 366


def test_days_label_shows_the_last_day():
    assert Period.month(2026, 3).days_label == "2026-03-01 – 2026-03-31"
    assert parse_period("2026-Q1").days_label == "2026-01-01 – 2026-03-31"
    assert parse_period("2026").days_label == "2026-01-01 – 2026-12-31"


def test_periods_sort_by_start():
    assert sorted([Period.month(2026, 2), Period.year(2025), Period.month(2026, 1)]) == [
        Period.year(2025), Period.month(2026, 1), Period.month(2026, 2)]


@pytest.mark.parametrize("text", ["9999", "9999-Q4", "9999-12"])
def test_a_period_ending_after_the_last_day_a_date_can_hold_is_refused(text):
    """Why: a period whose day after is in year 10000 stopped reconcile and close with an
    internal error (ValueError: year 10000 is out of range)."""
    with pytest.raises(PeriodError, match="ends on 9999-12-31, the last day relief can count"):
        parse_period(text)
    assert str(parse_period("9999-11")) == "9999-11"
