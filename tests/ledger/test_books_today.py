""""Today", for closing and reconciling, is the books' day: China Standard Time (UTC+8).

`relief close 2026-03` on a server whose clock is set to UTC, at 01:00 on 1 April in
Beijing (17:00 UTC on 31 March), refused with "2026-03 has not ended yet (it ends on
2026-03-31)", and `relief reconcile` said March was still running, while the statements the
centre imports, dated in Beijing time, already close March. relief now takes the date in
the books' zone whatever the machine's, so the same command says the same thing everywhere.
"""

from __future__ import annotations

import datetime

from ledger import period as periods
from ledger.period import Period, books_today, not_ended

UTC = datetime.timezone.utc
BEIJING_1_APRIL_0100 = datetime.datetime(2026, 3, 31, 17, 0, tzinfo=UTC)


def test_today_is_the_day_in_china_standard_time():
    assert books_today(BEIJING_1_APRIL_0100) == datetime.date(2026, 4, 1)
    assert books_today(datetime.datetime(2026, 3, 31, 15, 59, tzinfo=UTC)) == datetime.date(2026, 3, 31)
    # a clock in another zone: the same instant, the same day
    new_york = datetime.timezone(datetime.timedelta(hours=-4))
    assert books_today(BEIJING_1_APRIL_0100.astimezone(new_york)) == datetime.date(2026, 4, 1)


def test_a_month_has_ended_once_it_has_in_beijing(monkeypatch):
    monkeypatch.setattr(periods, "_now", lambda: BEIJING_1_APRIL_0100)
    assert not_ended(Period.month(2026, 3)) is None
    assert not_ended(Period.month(2026, 4)) == "2026-04 has not ended yet (it ends on 2026-04-30)"
