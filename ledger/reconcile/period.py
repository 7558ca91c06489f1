"""Accounting periods as the finance officer names them: a month, a quarter or a year.

    2024-03   March 2024        2024-Q1   January to March 2024        2024   the year

A Period is a closed range of days [start, end]; `after` is the day after the end, which is
the date of the balance assertion that states the period's closing balance (beancount checks
a `balance` at the start of its day).
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from ledger.errors import ReliefError

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")

ONE_DAY = datetime.timedelta(days=1)


class PeriodError(ReliefError, ValueError):
    """A period string that is not YYYY-MM, YYYY-Qn or YYYY (message says what to write)."""


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date
    name: str

    @property
    def after(self) -> datetime.date:
        """The first day after the period (a closing balance assertion is dated here)."""
        return self.end + ONE_DAY

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def days(self) -> list[datetime.date]:
        return [self.start + datetime.timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def __str__(self) -> str:
        return self.name


def parse_period(text: str) -> Period:
    """Parse '2024-03', '2024-Q1' or '2024' into a Period; PeriodError otherwise."""
    value = str(text).strip()
    if value[:4].isdigit() and int(value[:4]) < 1:
        raise PeriodError(f"{text!r}: there is no year 0; write a period as 2024-03, 2024-Q1 or 2024")
    m = _MONTH.match(value)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise PeriodError(f"{text!r}: month {month} does not exist; write a period as 2024-03 (a month), 2024-Q1 (a quarter) or 2024 (a year)")
        last = calendar.monthrange(year, month)[1]
        return Period(datetime.date(year, month, 1), datetime.date(year, month, last), f"{year:04d}-{month:02d}")
    m = _QUARTER.match(value)
    if m:
        year, quarter = int(m.group(1)), int(m.group(2))
        first = 3 * (quarter - 1) + 1
        last = calendar.monthrange(year, first + 2)[1]
        return Period(datetime.date(year, first, 1), datetime.date(year, first + 2, last), f"{year:04d}-Q{quarter}")
    m = _YEAR.match(value)
    if m:
        year = int(m.group(1))
        return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"{year:04d}")
    raise PeriodError(f"{text!r} is not a period; write 2024-03 (a month), 2024-Q1 (a quarter) or 2024 (a year)")


def month_of(day: datetime.date) -> Period:
    return parse_period(f"{day.year:04d}-{day.month:02d}")
