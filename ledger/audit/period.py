"""Periods are half-open date ranges [start, end), as in Fava's time filter and ledger.funds."""

from __future__ import annotations

import datetime


def in_period(day: datetime.date, start: datetime.date | None, end: datetime.date | None) -> bool:
    """Whether `day` falls in [start, end); a None bound leaves that side open."""
    return (start is None or day >= start) and (end is None or day < end)


def years_of(start: datetime.date | None, end: datetime.date | None, known: set[int]) -> set[int]:
    """The calendar years among `known` that the period touches."""
    return {y for y in known if (start is None or y >= start.year) and (end is None or datetime.date(y, 1, 1) < end)}
