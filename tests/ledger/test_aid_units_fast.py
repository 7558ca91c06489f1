"""AidUnits answers a case that stayed with one reporting union without a bisect per payment
(issue 15); its answer must be the rule's on every day, for every kind of case history."""

from __future__ import annotations

import bisect
import datetime
from types import SimpleNamespace

from ledger.registry import AidUnits

D = datetime.date


def _case(*events):
    return SimpleNamespace(events=[SimpleNamespace(date=d, meta=dict(meta)) for d, meta in events])


def _rule(case, day):
    """The rule as written out: the unit registered on `day`, else the first registered, else None."""
    if case is None:
        return None
    unit = first = None
    dates, units = [], []
    for ev in sorted(case.events, key=lambda e: e.date):
        if ev.meta.get("unit"):
            unit = ev.meta["unit"]
            first = unit if first is None else first
        dates.append(ev.date)
        units.append(unit)
    i = bisect.bisect_right(dates, day)
    found = units[i - 1] if i else None
    found = first if found is None else found
    return None if found is None else str(found)


CASES = {
    "one": _case((D(2026, 2, 1), {"unit": "一厂"})),
    "one-twice": _case((D(2026, 2, 1), {"unit": "一厂"}), (D(2026, 6, 1), {"unit": "一厂"})),
    "moved": _case((D(2026, 2, 1), {"unit": "一厂"}), (D(2026, 6, 1), {"unit": "二厂"})),
    "moved-back": _case((D(2026, 2, 1), {"unit": "一厂"}), (D(2026, 5, 1), {"unit": "二厂"}), (D(2026, 9, 1), {"unit": "一厂"})),
    "unit-later": _case((D(2026, 2, 1), {}), (D(2026, 6, 1), {"unit": "三厂"})),
    "no-unit": _case((D(2026, 2, 1), {})),
    "not-str": _case((D(2026, 2, 1), {"unit": 7})),
    "no-events": _case(),
}


def test_every_case_history_on_every_day_as_the_rule_says():
    units = AidUnits(CASES)
    days = [D(2026, 1, 1) + datetime.timedelta(days=n) for n in range(0, 365, 7)]
    for case_id in [*CASES, "unregistered"]:
        for day in days:
            assert units.of_case(case_id, day) == _rule(CASES.get(case_id), day), (case_id, day)
