"""Corrections that name an entry of a period not closed.

A correction (`correction:` metadata, docs/closing.md) puts right an entry of a *closed*
period, which cannot be edited. An entry of an open period is simply edited: a correction
entry for it leaves the mistake in the books beside its fix, and the site used to list it
among "corrections of closed periods". `relief check` warns about each such correction (it
names the corrected entry and says what to do), and the site leaves it out of its tables of
corrections (publish/model_builder.py): it is an ordinary entry of its period, counted in its
figures like any other, until the corrected period is closed.
"""

from __future__ import annotations

from beancount.core import data

from ledger.closes.corrections import CORRECTION_KEY, CorrectionIndex, corrects
from ledger.closes.digest import books_root
from ledger.closes.records import parse_closes, where
from ledger.errors import RuleWarning, bilingual


def open_period_corrections(entries: list[data.Directive], options: dict) -> list[tuple[data.Transaction, data.Directive]]:
    """(correction, corrected entry) for each correction whose corrected entry lies in no closed period.

    Reads every entry's metadata once; builds the index only when the books hold a correction."""
    found = [e for e in entries if isinstance(e, data.Transaction) and e.meta and CORRECTION_KEY in e.meta and corrects(e)]
    if not found:
        return []
    closes, _problems = parse_closes([e for e in entries if isinstance(e, data.Custom)])
    periods = [c.period for c in closes]
    index = CorrectionIndex(entries, books_root(options))
    out = []
    for entry in found:
        target = index.find(corrects(entry), entry)
        if target is not None and not any(target.date in p for p in periods):
            out.append((entry, target))
    return out


def open_period_warnings(entries: list[data.Directive], options: dict) -> list[RuleWarning]:
    """A warning on each correction of an entry in an open period, saying what to do instead."""
    return [
        RuleWarning(entry.meta, bilingual(
            f"警告：更正分录（correction: {corrects(entry)}）所更正的分录在未结账的期间（{target.date}，{where(target)}）："
            "未结账的期间可直接改正原分录，请改正原分录并删去这笔更正；网站不会把它列为对已结账期间的更正",
            f"Warning: this correction (correction: {corrects(entry)}) names an entry of a period that is not closed "
            f"({target.date}, {where(target)}): an open period is corrected by editing that entry; edit it and remove "
            "this correction (the site does not list it as a correction of a closed period)"), entry)
        for entry, target in open_period_corrections(entries, options)
    ]
