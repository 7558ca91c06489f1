"""The period a bank statement says it covers, read from its preamble.

A statement's rows only show the days that had transactions; the days it covers are the
ones the bank states above the header: ICBC '起止日期: 2026-03-01 至 2026-03-31', SPDB
'日期范围 20251201-20251231', others '查询时间范围', '交易期间'. Reconciliation needs the
stated days (a quiet first or last day of the month is still covered), and the closing
balance is the balance at the start of the day after the stated end.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from importers.profiles import simplified
from importers.reading import Row

#: Labels that introduce a statement period in a preamble (compared case-insensitively).
LABELS = ("起止日期", "起止时间", "查询时间范围", "查询时间段", "查询日期", "查询期间", "查询区间", "日期范围", "时间范围",
          "交易期间", "交易日期范围", "起始日期", "起始时间", "开始日期", "账单周期", "账单期间", "对账期间", "明细期间",
          "statement period", "period", "date range", "from")

_DATE = re.compile(
    r"(?<!\d)(?:(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{4})(\d{2})(\d{2}))(?!\d)"
    r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


#: a date read from a preamble, with its time of day if one follows it
Stated = tuple[datetime.date, tuple[int, int, int] | None]


def _dates_after(text: str) -> list[Stated]:
    found = []
    for m in _DATE.finditer(text):
        y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
        try:
            day = datetime.date(int(y), int(mo), int(d))
        except ValueError:
            continue
        if not 1990 <= day.year <= 2100:
            continue
        time = (int(m.group(7)), int(m.group(8)), int(m.group(9) or 0)) if m.group(7) else None
        found.append((day, time))
    return found


#: the labels of a period's start and end written on lines of their own (兴业银行's 交易明细:
#: 起始日期 | 2024-01-01 on one line, 截止日期 | 2024-12-31 on the next)
START_LABELS = ("起始日期", "起始时间", "开始日期", "开始时间")
END_LABELS = ("截止日期", "终止日期", "结束日期", "截止时间", "终止时间", "结束时间")


def _period(start: Stated, end: Stated) -> tuple[datetime.date, datetime.date] | None:
    """The days from a stated start to a stated end, or None when the end is before the start.
    An end given as midnight after a start at midnight is exclusive."""
    (first, first_time), (last, last_time) = start, end
    if first_time == (0, 0, 0) and last_time == (0, 0, 0) and last > first:
        last -= datetime.timedelta(days=1)
    return (first, last) if first <= last else None


def _labelled_date(text: str, labels: tuple[str, ...]) -> Stated | None:
    """The one date after the first of `labels` a line starts with, or None."""
    label = next((x for x in labels if text.startswith(x)), None)
    dates = _dates_after(text[len(label):]) if label else []
    return dates[0] if len(dates) == 1 else None


def stated_period(rows: Iterable[Row]) -> tuple[datetime.date, datetime.date] | None:
    """(first day, last day) the preamble states, both inclusive, or None when it states none.

    The first row with a period label followed by two dates wins; else a start label with its
    date on one line and an end label with its date on the next. An end given as midnight
    after a start at midnight ('起始日期:[2019-08-01 00:00:00] 终止日期:[2019-10-01 00:00:00]')
    is exclusive, so the last day is the day before it.

    Why the second way: 兴业银行's 交易明细 states 起始日期 and 截止日期 on two lines, and a
    month's statement covered only the days of its first and last rows (its balance asserted
    the day after its last row, the month's quiet days left as gaps in the reconciliation).
    """
    rows = list(rows)
    for row in rows:
        text = simplified(row.text)  # 查詢時間範圍, as a Big5 statement writes it
        lower = text.lower()
        for label in LABELS:
            at = lower.find(label)
            if at < 0:
                continue
            dates = _dates_after(text[at + len(label):])
            if len(dates) < 2:
                continue
            if (period := _period(dates[0], dates[1])) is not None:
                return period
    texts = [simplified(row.text.strip()) for row in rows if not row.blank]
    for line, below in zip(texts, texts[1:], strict=False):
        start, end = _labelled_date(line, START_LABELS), _labelled_date(below, END_LABELS)
        if start is not None and end is not None:
            return _period(start, end)
    return None


_NAMED = re.compile(r"(?<!\d)(\d{8})[_\-~至到](\d{8})(?!\d)")


def period_in_name(name: str) -> tuple[datetime.date, datetime.date] | None:
    """The period a sheet's name states, as CCB's .xls export names its only sheet
    ('交易明细_1546_20250101_20250620'), or None."""
    m = _NAMED.search(name or "")
    if not m:
        return None
    try:
        start, end = (datetime.datetime.strptime(g, "%Y%m%d").date() for g in m.groups())
    except ValueError:
        return None
    if not (1990 <= start.year <= 2100 and start <= end):
        return None
    return start, end
