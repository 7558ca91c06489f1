"""Closed and provisional periods, and the corrections made after a close, for the site.

A month is *closed* when a `custom "period-close"` in the books covers it (`relief close`,
docs/closing.md); a quarter or year is closed when all its months are. Figures of a period
that is not closed are *provisional*. A correction (an entry with `correction:` metadata)
is published only as its date, fund, effect on the fund's balance and the month of the
entry it corrects: never its narration, payee, case or the reference it names.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from beancount.core import data

from ledger.closes.corrections import correction_changes as correction_changes_of
from ledger.closes.digest import books_root
from ledger.closes.records import parse_closes

Month = tuple[int, int]


def closed_months(entries: Iterable[data.Directive]) -> frozenset[Month]:
    """Every month inside a period closed with `relief close` (its report is final, not provisional)."""
    months: set[Month] = set()
    closes, _problems = parse_closes([e for e in entries if isinstance(e, data.Custom)])  # the few customs, not every entry
    for close in closes:
        y, m = close.period.start.year, close.period.start.month
        while (y, m) <= (close.period.last_day.year, close.period.last_day.month):
            months.add((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return frozenset(months)


def correction_changes(entries: list[data.Directive], options: dict,
                       ) -> list[tuple[data.Transaction, dict[str | None, Decimal], Month | None]]:
    """(entry, change to each fund's balance it moves, month of the corrected entry) per
    correction (ledger.closes.corrections, what the auditors' view reads too)."""
    return [(entry, changes, (target.date.year, target.date.month) if target is not None else None)
            for entry, changes, target in correction_changes_of(entries, books_root(options))]


def correction_facts(entries: list[data.Directive], options: dict,
                     by_fund: bool = False) -> list[tuple[data.Transaction, str | None, Decimal, Month | None]]:
    """(entry, fund, change to the fund's balance, month of the corrected entry) per correction.

    With `by_fund`, one fact per fund the correction moves, each with its own change: a
    transfer that moves a gift booked to the wrong fund is -X for one fund and +X for the
    other (the site's and the annual report's tables). Without it, one fact per entry, under
    its first fund, with the changes summed (0.00 for a transfer): the public log's form,
    which the log, being append-only, keeps for the corrections it already holds."""
    out = []
    for entry, changes, month in correction_changes(entries, options):
        if by_fund:
            out.extend((entry, fund, change, month) for fund, change in changes.items())
        else:
            out.append((entry, next((f for f in changes if f), None), sum(changes.values(), Decimal(0)), month))
    return out
