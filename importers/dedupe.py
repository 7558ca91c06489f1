"""Marking what is already in the books, so importing twice adds nothing.

Three checks, in order, each marking an entry the beangulp way (`__duplicate__` metadata
pointing at the entry it duplicates):

1. the source's own transaction id: the same `source_ref` from the same source account;
2. beangulp's fuzzy match (`similar.heuristic_comparator`: dates within a window, a common
   account with a close amount, one set of accounts inside the other), except between two
   entries of one source that carry different ids: those are two real payments of the
   same amount, not one;
3. bank debits that pay roster aid already in the books (amount, payee or approval number,
   a few days' window) are linked to it rather than imported a second time.

The fuzzy match runs over an index of the existing entries by (account, currency, size of
the amount), so a 100 000-row statement against 100 000 entries stays fast; the comparator
itself is beangulp's.
"""

from __future__ import annotations

import bisect
import datetime
import math
from collections import defaultdict
from decimal import Decimal
from typing import Callable, Iterable

from beancount.core import data

from importers.context import PROPOSAL_TYPE, BooksContext

DUPLICATE = "__duplicate__"
LINKED = "__linked__"
_LOG = math.log(1.05)


def _bucket(number: Decimal) -> int:
    value = abs(float(number))
    return -10**6 if value < 0.005 else int(math.floor(math.log(value) / _LOG))


def _source_account(entry: data.Transaction) -> str:
    return entry.postings[0].account if entry.postings else ""


class ExistingIndex:
    """The books' entries indexed for de-duplication (built once per extract)."""

    def __init__(self, existing: Iterable[data.Directive], start: datetime.date | None = None,
                 end: datetime.date | None = None):
        self.by_ref: dict[tuple[str, str], data.Transaction] = {}
        self.fuzzy: dict[tuple[str, str, int], list[tuple[datetime.date, data.Transaction]]] = defaultdict(list)
        self.balances: set[tuple[datetime.date, str, Decimal, str]] = set()
        self.proposal_names: set[str] = set()
        self.documents: set[tuple[str, str]] = set()
        self.by_account_amount: dict[tuple[str, Decimal], list[data.Transaction]] = defaultdict(list)
        for entry in existing or ():
            if isinstance(entry, data.Transaction):
                if entry.meta and entry.meta.get(DUPLICATE):
                    continue
                ref = entry.meta.get("source_ref") if entry.meta else None
                if ref:
                    for p in entry.postings:
                        if p.account.startswith(("Assets:", "Liabilities:")):
                            self.by_ref.setdefault((str(ref), p.account), entry)
                if start is not None and not (start <= entry.date <= end):
                    continue
                seen = set()
                for p in entry.postings:
                    if p.units is None or p.units.number is None:
                        continue
                    key = (p.account, p.units.currency, _bucket(p.units.number))
                    if key not in seen:
                        seen.add(key)
                        self.fuzzy[key].append((entry.date, entry))
                    if p.units.number < 0:
                        self.by_account_amount[(p.account, p.units.number)].append(entry)
            elif isinstance(entry, data.Balance):
                self.balances.add((entry.date, entry.account, entry.amount.number, entry.amount.currency))
            elif isinstance(entry, data.Custom) and entry.type == PROPOSAL_TYPE:
                self.proposal_names.add(str(entry.meta.get("name", "")))
            elif isinstance(entry, data.Document):
                self.documents.add((entry.account, entry.filename))

    def candidates(self, entry: data.Transaction, window: datetime.timedelta) -> Iterable[data.Transaction]:
        seen: set[int] = set()
        for p in entry.postings:
            if p.units is None or p.units.number is None:
                continue
            b = _bucket(p.units.number)
            for bb in (b - 1, b, b + 1):
                for day, cand in self.fuzzy.get((p.account, p.units.currency, bb), ()):
                    if abs(day - entry.date) <= window and id(cand) not in seen:
                        seen.add(id(cand))
                        yield cand


def mark_duplicates(entries: list[data.Directive], existing: Iterable[data.Directive],
                    compare: Callable[[data.Directive, data.Directive], bool],
                    window: datetime.timedelta = datetime.timedelta(days=2)) -> int:
    """Mark entries already in `existing`; returns how many were marked."""
    dates = [e.date for e in entries if isinstance(e, data.Transaction)]
    if not dates:
        start = end = None
    else:
        start, end = min(dates) - window, max(dates) + window
    index = ExistingIndex(existing, start, end)
    marked = 0
    for entry in entries:
        meta = entry.meta
        if meta is None or meta.get(DUPLICATE):
            continue
        if isinstance(entry, data.Transaction):
            ref = meta.get("source_ref")
            own = _source_account(entry)
            hit = index.by_ref.get((str(ref), own)) if ref else None
            if hit is None:
                for cand in index.candidates(entry, window):
                    cand_ref = cand.meta.get("source_ref")
                    if ref and cand_ref and cand_ref != ref and any(p.account == own for p in cand.postings):
                        continue  # two payments from one source with their own ids
                    if compare(entry, cand):
                        hit = cand
                        break
            if hit is not None:
                meta[DUPLICATE] = hit
                marked += 1
        elif isinstance(entry, data.Balance):
            if (entry.date, entry.account, entry.amount.number, entry.amount.currency) in index.balances:
                meta[DUPLICATE] = True
                marked += 1
        elif isinstance(entry, data.Custom) and entry.type == PROPOSAL_TYPE:
            if str(meta.get("name", "")) in index.proposal_names:
                meta[DUPLICATE] = True
                marked += 1
    return marked


def link_roster_aid(entries: list[data.Directive], existing: Iterable[data.Directive], ctx: BooksContext,
                    bank_account: str, window_days: int = 5, used: set[int] | None = None) -> int:
    """Mark bank debits that pay aid already in the books as linked to that aid entry.

    A debit matches an aid transaction that takes the same amount from the same bank
    account within `window_days`, when the payee maps (through private/cases.csv) to a case
    of that aid, or the bank's memo names its approval number, or the payee is the same.
    Each aid entry takes one debit at most.
    """
    used = used if used is not None else set()
    by_amount: dict[Decimal, list[data.Transaction]] = defaultdict(list)
    for e in existing or ():
        if isinstance(e, data.Transaction) and not (e.meta or {}).get(DUPLICATE) and any(p.account.startswith("Expenses:Aid") for p in e.postings):
            for p in e.postings:
                if p.account == bank_account and p.units is not None and p.units.number is not None and p.units.number < 0:
                    by_amount[p.units.number].append(e)
    if not by_amount:
        return 0
    window = datetime.timedelta(days=window_days)
    linked = 0
    for entry in entries:
        if not isinstance(entry, data.Transaction) or entry.meta.get(DUPLICATE):
            continue
        first = entry.postings[0] if entry.postings else None
        if first is None or first.account != bank_account or first.units is None or first.units.number >= 0:
            continue
        payee = "".join(str(entry.payee or "").split())
        case_id = ctx.case_for_name(payee) if payee else None
        memo = f"{entry.narration or ''}"
        for aid in by_amount.get(first.units.number, ()):
            if id(aid) in used or abs(aid.date - entry.date) > window:
                continue
            cases = {str(p.meta.get("case")) for p in aid.postings if p.meta and p.meta.get("case")}
            if aid.meta.get("case"):
                cases.add(str(aid.meta["case"]))
            approval = str(aid.meta.get("approval") or "")
            if (case_id and case_id in cases) or (approval and approval in memo) or (payee and payee == "".join(str(aid.payee or "").split())):
                used.add(id(aid))
                entry.meta[DUPLICATE] = aid
                entry.meta[LINKED] = True
                linked += 1
                break
    return linked
