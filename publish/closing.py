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

from ledger.accounts import is_fund_account
from ledger.closes.corrections import CORRECTION_KEY, CorrectionIndex, corrects
from ledger.closes.digest import books_root
from ledger.closes.records import parse_closes
from ledger.funds import posting_fund, posting_value

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


def correction_facts(entries: list[data.Directive], options: dict) -> list[tuple[data.Transaction, str | None, Decimal, Month | None]]:
    """(entry, fund, change to the fund's balance, month of the corrected entry) per correction."""
    Transaction = data.Transaction
    found = [e for e in entries if isinstance(e, Transaction) and e.meta and CORRECTION_KEY in e.meta and corrects(e)]
    if not found:
        return []
    index = CorrectionIndex(entries, books_root(options))
    out = []
    for entry in found:
        fund, change = None, Decimal(0)
        for posting in entry.postings:
            if is_fund_account(posting.account):
                fund = fund or posting_fund(entry, posting)
                change -= posting_value(posting)
        target = index.find(corrects(entry), entry)
        out.append((entry, fund, change, (target.date.year, target.date.month) if target is not None else None))
    return out
