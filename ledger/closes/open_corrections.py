"""Corrections that name an entry of a period not closed.

A correction (`correction:` metadata, docs/closing.md) puts right an entry of a *closed*
period, which cannot be edited. An entry of an open period is simply edited: a correction
entry for it leaves the mistake in the books beside its fix, and the site used to list it
among "corrections of closed periods". `relief check` warns about each such correction (it
names the corrected entry and says what to do), and the site leaves it out of its tables of
corrections (publish/model_builder.py): it is an ordinary entry of its period, counted in its
figures like any other, until the corrected period is closed. A correction that names nothing in
the books (a reference typed wrong, a period not closed) is warned about too.
"""

from __future__ import annotations

from beancount.core import data

from ledger.closes.corrections import CORRECTION_KEY, CorrectionIndex, corrects
from ledger.closes.digest import books_root
from ledger.closes.records import parse_closes, where
from ledger.errors import RuleWarning, bilingual


def open_period_corrections(entries: list[data.Directive], options: dict) -> list[tuple[data.Transaction, data.Directive | None]]:
    """(correction, corrected entry) for each correction whose corrected entry lies in no closed
    period, and (correction, None) for each that names nothing in the books (a reference typed
    wrong, or a period not closed: `correction: "2026-07"` while July is open).

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
        if target is None or not any(target.date in p for p in periods):
            out.append((entry, target))
    return out


def open_period_warnings(entries: list[data.Directive], options: dict) -> list[RuleWarning]:
    """A warning on each correction of an entry in an open period, or of nothing in the books, saying what to do."""
    return [
        RuleWarning(entry.meta, bilingual(
            f"警告：更正分录（correction: {corrects(entry)}）所指的在账簿中找不到：请写明所更正分录的收据号、"
            "source_ref、审批单号、链接或结账清单中的哈希前缀，或者它所缺失的已结账期间（docs/closing.md）",
            f"Warning: this correction (correction: {corrects(entry)}) names nothing in the books: write the receipt, "
            "source_ref, approval, link or hash prefix (closes/PERIOD.sha256) of the entry it corrects, or the closed "
            "period an entry is missing from (docs/closing.md)") if target is None else bilingual(
            f"警告：更正分录（correction: {corrects(entry)}）所更正的分录在未结账的期间（{target.date}，{where(target)}）："
            "未结账的期间可直接改正原分录，请改正原分录并删去这笔更正；网站不会把它列为对已结账期间的更正",
            f"Warning: this correction (correction: {corrects(entry)}) names an entry of a period that is not closed "
            f"({target.date}, {where(target)}): an open period is corrected by editing that entry; edit it and remove "
            "this correction (the site does not list it as a correction of a closed period)"), entry)
        for entry, target in open_period_corrections(entries, options)
    ]
