"""Periods of the books: a month, a quarter, a year (or all of them), as one half-open range.

    2026-03   March 2026        2026-Q1   January to March 2026        2026   the year

A Period is the days [start, end): `end` is the first day AFTER the period. That is the
day a closing balance is asserted on (beancount checks a `balance` at the start of its
day), the `end` that fund movements and the site's reports take, and it makes a month, its
quarter and its year simple comparisons (`start <= day < end`). Reconciliation, closes and
publishing all use this one class; `last_day` and `label` give the inclusive form people
read ("2026-03-01 – 2026-03-31").
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ledger.errors import ReliefError
from ledger.said import said

ONE_DAY = datetime.timedelta(days=1)

#: the books' time zone: China Standard Time (UTC+8, no summer time), the zone the banks'
#: statements and the payment platforms' bills date their rows in
BOOKS_ZONE = datetime.timezone(datetime.timedelta(hours=8), "CST")


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def books_today(now: datetime.datetime | None = None) -> datetime.date:
    """Today as the books date it: the day in China Standard Time, whatever the machine's zone.

    Why: on a machine set to UTC, at 01:00 on 1 April in Beijing, `relief close 2026-03`
    refused March as not ended and `relief reconcile` called it running, though the
    statements dated in Beijing time closed it; a laptop in Beijing said otherwise."""
    return (now or _now()).astimezone(BOOKS_ZONE).date()

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")

_HOW = "write a period as 2024-03 (a month), 2024-Q1 (a quarter) or 2024 (a year)"
_HOW_ZH = "请写 2024-03（月）、2024-Q1（季）或 2024（年）这样的期间"


class PeriodError(ReliefError, ValueError):
    """A period string that is not YYYY-MM, YYYY-Qn or YYYY (the message says what to write).

    Its str() is the English; `zh` the same in Chinese, for the first half of a message
    (cli/reconcile_cmd.py period_option: reconcile and close said it in English alone)."""

    def __init__(self, en: str, zh: str = "") -> None:
        super().__init__(en)
        self.zh = zh


@dataclass(frozen=True, order=True)
class Period:
    """The days [start, end) with the name a finance officer writes for them.

    `key` is that name ("2026-03", "2026-Q1", "2026"; "all" for since the start) and
    `kind` says which of month, quarter, year or all it is. Ordered by start, then end.
    """

    start: datetime.date
    end: datetime.date
    key: str
    kind: str

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month `month` of `year` (PeriodError for 9999-12, whose `end` is no date)."""
        start = datetime.date(year, month, 1)
        try:
            end = _next_month(start)
        except ValueError:
            raise PeriodError(f"'{year:04d}-{month:02d}' ends on 9999-12-31, the last day relief can count (a year typed wrong?); {_HOW}",
                              f"'{year:04d}-{month:02d}' 结束于 9999-12-31，这是 relief 能计算的最后一天（年份打错了？）；{_HOW_ZH}") from None
        return cls(start, end, f"{year:04d}-{month:02d}", "month")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter 1 to 4 of `year` (Q1 is January to March)."""
        start = datetime.date(year, 3 * quarter - 2, 1)
        end = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
        return cls(start, end, f"{year:04d}-Q{quarter}", "quarter")

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year."""
        return cls(datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1), f"{year:04d}", "year")

    @property
    def last_day(self) -> datetime.date:
        """The period's last day (the day before `end`), for people and inclusive formats."""
        return self.end - ONE_DAY

    @property
    def days_label(self) -> str:
        """The days as people read them, both ends included: '2026-03-01 – 2026-03-31'."""
        return f"{self.start.isoformat()} – {self.last_day.isoformat()}"

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day < self.end

    def days(self) -> list[datetime.date]:
        """Every day of the period, in order."""
        return [self.start + datetime.timedelta(days=i) for i in range((self.end - self.start).days)]

    def __str__(self) -> str:
        return self.key


@dataclass(frozen=True, order=True)
class WholeBooks(Period):
    """All of the books: from `start` through `through`, their last transaction's day.

    `end` is the day after `through`, or None when `through` is 9999-12-31 (a year typed
    wrong: there is no day after it), and `last_day` is `through` either way. Why: Fava's
    view of all of the books, with no time filter, needs a period too (what the books hold
    at its end, ledger.reconcile.held), and a stand-in for one with no end was no Period."""

    through: datetime.date

    @classmethod
    def of(cls, start: datetime.date, through: datetime.date) -> WholeBooks:
        """The books from `start` through `through`."""
        end = None if through == datetime.date.max else through + ONE_DAY
        return cls(start, end, "all", "all", through)

    @property
    def last_day(self) -> datetime.date:
        """The books' last transaction's day (`end` may be None: see the class)."""
        return self.through


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + 1, 1, 1) if day.month == 12 else datetime.date(day.year, day.month + 1, 1)


def parse_period(text: str) -> Period:
    """Read '2026-03', '2026-Q1' or '2026' (what a finance officer types); PeriodError otherwise."""
    value = str(text).strip()
    if value[:4].isdigit() and int(value[:4]) < 1:
        raise PeriodError(f"{text!r}: there is no year 0; {_HOW}", f"{text!r}：没有 0 年；{_HOW_ZH}")
    try:
        return _parsed(text, value)
    except ValueError as exc:
        if isinstance(exc, PeriodError):
            raise
        # Why: a period's `end` is the day after it; for one ending on 9999-12-31 that day
        # cannot be a date, and reconcile and close stopped with an internal ValueError.
        raise PeriodError(f"{text!r} ends on 9999-12-31, the last day relief can count (a year typed wrong?); {_HOW}",
                          f"{text!r} 结束于 9999-12-31，这是 relief 能计算的最后一天（年份打错了？）；{_HOW_ZH}") from None


def _parsed(text: str, value: str) -> Period:
    m = _MONTH.match(value)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise PeriodError(f"{text!r}: month {month} does not exist; {_HOW}", f"{text!r}：没有 {month} 月；{_HOW_ZH}")
        return Period.month(year, month)
    m = _QUARTER.match(value)
    if m:
        return Period.quarter(int(m.group(1)), int(m.group(2)))
    m = _YEAR.match(value)
    if m:
        return Period.year(int(m.group(1)))
    raise PeriodError(f"{text!r} is not a period; write 2024-03 (a month), 2024-Q1 (a quarter) or 2024 (a year)",
                      f"{text!r} 不是期间；{_HOW_ZH}")


def not_ended(period: Period, today: datetime.date | None = None) -> str | None:
    """"2027-01 has not ended yet (it ends on 2027-01-31)" while `period` runs or lies ahead,
    else None: what `relief close` refuses with, and what `relief reconcile` says in place
    of "import the statement" (a statement of a month not over does not exist yet)."""
    today = today or books_today()
    if period.last_day >= today:
        return said(f"{period} 尚未结束（于 {period.last_day} 结束）", f"{period} has not ended yet (it ends on {period.last_day})")
    return None


def month_of(day: datetime.date) -> Period:
    """The month a day is in (the default period of a reconciliation)."""
    return Period.month(day.year, day.month)
