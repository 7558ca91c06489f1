"""Corrections for the auditor: each entry with `correction:`, what it names, whether that is
found, and what it changes each fund's balance by.

Why: only `relief reconcile` listed them (a period at a time, in a terminal), so an auditor
in Fava could not see which entries put right an entry of a closed period, nor check that
each names something that exists. The rows come from ledger.closes.corrections, the rule
the public site's pages follow too.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from beancount.core import data

from ledger.closes.corrections import correction_changes, corrects
from ledger.closes.digest import is_close


@dataclass
class CorrectionLine:
    """One correction: its day, what its `correction:` names, and the entry found by it."""

    date: datetime.date
    corrects: str
    #: whether what it names was found: an entry (receipt, source_ref, approval, link or
    #: hash prefix) or a closed period (an entry missing from it)
    found: bool
    #: the day of the entry (or of the period's close) it names; None when not found
    found_date: datetime.date | None
    #: True when it names a closed period (an entry missing from it), not an entry
    names_period: bool
    #: fund id ("" for postings that name none) -> change to its balance, in the order of the entry's postings
    changes: dict[str, Decimal]
    entry: Any = field(repr=False, default=None)
    target: Any = field(repr=False, default=None)


def correction_lines(entries: list[data.Directive], root: str | None) -> list[CorrectionLine]:
    """Every correction in the books, in their order."""
    out = []
    for entry, changes, target in correction_changes(entries, root):
        out.append(CorrectionLine(
            entry.date, corrects(entry) or "", target is not None, None if target is None else target.date,
            target is not None and is_close(target), {fund or "": value for fund, value in changes.items()}, entry, target))
    return out
