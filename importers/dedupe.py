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

import datetime
import math
import re
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

    def __init__(self, existing: Iterable[data.Directive]):
        self.by_ref: dict[tuple[str, str], data.Transaction] = {}
        self.fuzzy: dict[tuple[str, str, int, datetime.date], list[data.Transaction]] = defaultdict(list)
        self.balances: set[tuple[datetime.date, str, Decimal, str]] = set()
        self.proposal_names: set[str] = set()
        self.documents: set[tuple[str, str]] = set()
        #: aid transactions by (paying account, amount taken from it), for roster linking
        self.aid_payments: dict[tuple[str, Decimal, datetime.date], list[data.Transaction]] = defaultdict(list)
        for entry in existing or ():
            if isinstance(entry, data.Transaction):
                if entry.meta and entry.meta.get(DUPLICATE):
                    continue
                ref = entry.meta.get("source_ref") if entry.meta else None
                if ref:
                    for p in entry.postings:
                        if p.account.startswith(("Assets:", "Liabilities:")):
                            self.by_ref.setdefault((str(ref), p.account), entry)
                seen = set()
                aid = any(p.account.startswith("Expenses:Aid") for p in entry.postings)
                for p in entry.postings:
                    if p.units is None or p.units.number is None:
                        continue
                    key = (p.account, p.units.currency, _bucket(p.units.number), entry.date)
                    if key not in seen:
                        seen.add(key)
                        self.fuzzy[key].append(entry)
                    if aid and p.units.number < 0 and p.account.startswith("Assets:"):
                        self.aid_payments[(p.account, p.units.number, entry.date)].append(entry)
            elif isinstance(entry, data.Balance):
                self.balances.add((entry.date, entry.account, entry.amount.number, entry.amount.currency))
            elif isinstance(entry, data.Custom) and entry.type == PROPOSAL_TYPE:
                self.proposal_names.add(str(entry.meta.get("name", "")))
            elif isinstance(entry, data.Document):
                self.documents.add((entry.account, entry.filename))

    def candidates(self, entry: data.Transaction, window: datetime.timedelta) -> Iterable[data.Transaction]:
        seen: set[int] = set()
        days = [entry.date + datetime.timedelta(days=d) for d in range(-window.days, window.days + 1)]
        for p in entry.postings:
            if p.units is None or p.units.number is None:
                continue
            b = _bucket(p.units.number)
            for bb in (b - 1, b, b + 1):
                for day in days:
                    for cand in self.fuzzy.get((p.account, p.units.currency, bb, day), ()):
                        if id(cand) not in seen:
                            seen.add(id(cand))
                            yield cand


_INDEX: dict[tuple[int, int], ExistingIndex] = {}


def index_of(existing) -> ExistingIndex:
    """The index of a list of existing entries, built once per list (and per length)."""
    key = (id(existing), len(existing))
    index = _INDEX.get(key)
    if index is None:
        _INDEX.clear()
        index = _INDEX[key] = ExistingIndex(existing)
    return index


def _with_legacy(ref: str) -> tuple[str, ...]:
    """A qualified bank reference (`icbc:123`) and the bare one books written before
    references carried their source hold (`123`)."""
    source, _, bare = ref.partition(":")
    return (ref, bare) if bare and source.isalnum() and source.islower() and source.isascii() else (ref,)


def mark_duplicates(entries: list[data.Directive], existing,
                    compare: Callable[[data.Directive, data.Directive], bool],
                    window: datetime.timedelta = datetime.timedelta(days=2)) -> int:
    """Mark entries already in `existing`; returns how many were marked."""
    if not isinstance(existing, list):
        existing = list(existing or ())
    index = index_of(existing)
    marked = 0
    for entry in entries:
        meta = entry.meta
        if meta is None or meta.get(DUPLICATE):
            continue
        if isinstance(entry, data.Transaction):
            ref = meta.get("source_ref")
            own = _source_account(entry)
            hit = None
            refs = _with_legacy(str(ref)) if ref else ()
            for r in refs:
                for p in entry.postings:
                    if p.account.startswith(("Assets:", "Liabilities:")):
                        hit = index.by_ref.get((r, p.account))
                        if hit is not None:
                            break
                if hit is not None:
                    break
            if hit is None:
                for cand in index.candidates(entry, window):
                    cand_ref = cand.meta.get("source_ref")
                    if ref and cand_ref and str(cand_ref) not in refs and any(p.account == own for p in cand.postings):
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
    if not isinstance(existing, list):
        existing = list(existing or ())
    payments = index_of(existing).aid_payments
    if not payments:
        return 0
    linked = 0
    for entry in entries:
        if not isinstance(entry, data.Transaction) or entry.meta.get(DUPLICATE):
            continue
        first = entry.postings[0] if entry.postings else None
        if first is None or first.account != bank_account or first.units is None or first.units.number >= 0:
            continue
        payee = memo = case_id = None
        nearby = [aid for d in range(-window_days, window_days + 1)
                  for aid in payments.get((bank_account, first.units.number, entry.date + datetime.timedelta(days=d)), ())]
        for aid in nearby:
            if id(aid) in used:
                continue
            if payee is None:
                payee = "".join(str(entry.payee or "").split())
                own = re.fullmatch(r"(\S+)（帮扶对象）", payee)  # classify puts the case id there, not the name
                case_id = own.group(1) if own else (ctx.case_for_name(payee) if payee else None)
                memo = f"{entry.narration or ''}"
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
