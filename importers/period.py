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

from importers.reading import Row

#: Labels that introduce a statement period in a preamble (compared case-insensitively).
LABELS = ("起止日期", "起止时间", "查询时间范围", "查询时间段", "查询日期", "查询期间", "查询区间", "日期范围", "时间范围",
          "交易期间", "交易日期范围", "起始日期", "起始时间", "开始日期", "账单周期", "账单期间", "对账期间", "明细期间",
          "statement period", "period", "date range", "from")

_DATE = re.compile(
    r"(?<!\d)(?:(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{4})(\d{2})(\d{2}))(?!\d)"
    r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def _dates_after(text: str) -> list[tuple[datetime.date, tuple[int, int, int] | None]]:
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


def stated_period(rows: Iterable[Row]) -> tuple[datetime.date, datetime.date] | None:
    """(first day, last day) the preamble states, both inclusive, or None when it states none.

    The first row with a period label followed by two dates wins. An end given as midnight
    after a start at midnight ('起始日期:[2019-08-01 00:00:00] 终止日期:[2019-10-01 00:00:00]')
    is exclusive, so the last day is the day before it.
    """
    for row in rows:
        text = row.text
        lower = text.lower()
        for label in LABELS:
            at = lower.find(label)
            if at < 0:
                continue
            dates = _dates_after(text[at + len(label):])
            if len(dates) < 2:
                continue
            (start, start_time), (end, end_time) = dates[0], dates[1]
            if start_time == (0, 0, 0) and end_time == (0, 0, 0) and end > start:
                end -= datetime.timedelta(days=1)
            if start <= end:
                return start, end
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
