"""Corrections: new entries in an open period that name what they correct.

    2026-04-03 * "更正：3月10日困难救助多付"
      correction: "SP-2026-0001"     ; receipt, source_ref, approval, a link, or a hash prefix;
                                     ; or a closed period ("2026-02") an entry is missing from

`CorrectionIndex.find(target, entry)` returns the corrected entry (never the correction
itself), so reconcile can warn about a correction that names nothing and the public site
can say which period a correction belongs to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from beancount.core import data

from ledger.accounts import is_fund_account
from ledger.closes.digest import VERSIONS, entry_hash, is_close
from ledger.funds import posting_fund, posting_value
from ledger.period import Period, PeriodError, parse_period

CORRECTION_KEY = "correction"
_KEYS = ("receipt", "source_ref", "approval")
_HEX = frozenset("0123456789abcdef")


def corrects(entry: data.Directive) -> str | None:
    """What an entry says it corrects, or None."""
    value = (entry.meta or {}).get(CORRECTION_KEY)
    text = str(value).strip() if value is not None else ""
    return text or None


class CorrectionIndex:
    """The books' entries by what a correction may name (receipt, source_ref, approval or entry hash), built once and asked per correction."""
    def __init__(self, entries: Iterable[data.Directive], root: str | None = None):
        self.entries = list(entries)
        self.root = root
        self.by_ref: dict[str, list[data.Directive]] = defaultdict(list)
        #: (period, close directive) of each close, for a correction naming a month of a closed quarter or year
        self.closed: list[tuple[Period, data.Directive]] = []
        for entry in self.entries:
            if is_close(entry) and entry.values and isinstance(entry.values[0].value, str):
                # a correction naming a closed period (correction: "2026-02") books what is
                # missing from it: an entry found after the close (a register imported late)
                self.by_ref[entry.values[0].value.strip()].append(entry)
                try:
                    self.closed.append((parse_period(entry.values[0].value), entry))
                except PeriodError:
                    pass  # a malformed close: the rule closed_period reports it
                continue
            if not isinstance(entry, data.Transaction):
                continue
            meta = entry.meta or {}
            for key in _KEYS:
                if meta.get(key):
                    self.by_ref[str(meta[key])].append(entry)
            for link in entry.links or ():
                self.by_ref["^" + link].append(entry)
                self.by_ref[link].append(entry)
        self._hashes: list[tuple[str, data.Directive]] | None = None

    def find(self, target: str, correction: data.Directive | None = None) -> data.Directive | None:
        """The entry `target` names (the earliest, if several), other than `correction`."""
        for entry in self.by_ref.get(target, ()):
            if entry is not correction and corrects(entry) is None:
                return entry
        for entry in self.by_ref.get(target, ()):
            if entry is not correction:
                return entry
        within = self._closed_within(target)
        if within is not None:
            return within
        prefix = target.lower()
        if len(prefix) >= 8 and set(prefix) <= _HEX:
            if self._hashes is None:  # only when a correction names a hash: hashing is O(n)
                # in every form a close may have used: the hash is copied from a side file,
                # v1 for a close made before v2 (ledger.closes.digest)
                self._hashes = [(entry_hash(e, self.root, version), e) for version in reversed(VERSIONS) for e in self.entries]
            return next((e for h, e in self._hashes if h.startswith(prefix) and e is not correction), None)
        return None

    def _closed_within(self, target: str) -> data.Directive | None:
        """The close of a period that holds the period `target` names (correction: "2026-02",
        with 2026-Q1 closed as a whole): the month is closed, so an entry missing from it is
        booked as docs/closing.md says, though no close names the month itself."""
        if not self.closed or not target[:4].isdigit():
            return None
        try:
            named = parse_period(target)
        except PeriodError:
            return None
        return next((close for period, close in self.closed if period.start <= named.start and named.end <= period.end), None)


def fund_changes(entry: data.Transaction) -> dict[str | None, Decimal]:
    """What `entry` changes each fund's balance by (None: postings that name no fund), in the
    books' order of its postings: a correction moving a gift between funds is -X for one and
    +X for the other, where its sides summed say 0.00."""
    changes: dict[str | None, Decimal] = {}
    for posting in entry.postings:
        if is_fund_account(posting.account):
            fund = posting_fund(entry, posting)
            changes[fund] = changes.get(fund, Decimal(0)) - posting_value(posting)
    return changes


def correction_changes(entries: list[data.Directive], root: str | None,
                       ) -> list[tuple[data.Transaction, dict[str | None, Decimal], data.Directive | None]]:
    """(entry, change to each fund's balance it moves, the entry it corrects or None) per
    correction in the books, in their order: what the site's pages and the auditors' Fava
    view both say of each (the index is built only when the books hold a correction)."""
    Transaction = data.Transaction
    found = [e for e in entries if isinstance(e, Transaction) and e.meta and CORRECTION_KEY in e.meta and corrects(e)]
    if not found:
        return []
    index = CorrectionIndex(entries, root)
    return [(entry, fund_changes(entry), index.find(corrects(entry), entry)) for entry in found]
