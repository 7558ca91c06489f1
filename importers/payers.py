"""Who paid a gift, as the register-statement link compares it: the same donor, a masked
payer (张*) fitting the donor's name, or another payer.

The comparisons are `same_payer`, `other_donors` and `payer_rank`. `PayerIndex` keeps what
each entry's comparison needs (its names, its payer, its mask) computed once per run, and
finds the rows a gift's own payer wrote without scoring every row of the amount.

Why the index: a 一日捐 campaign is N workers giving 100.00 within a few days. Every
register row was scored against every statement row of 100.00 in the window, N × N
comparisons each normalising names again: 1,000 gifts took 15 s and 5,000 would take
minutes. The payer's own rows are found by name and donor id now; only the rows left
unlinked after them (masked payers, a relative paying) are scored one by one.
"""

from __future__ import annotations

import re

from beancount.core import data

from ledger.registry import UNIDENTIFIED_DONOR, norm_name


def mask_pattern(name: str) -> re.Pattern | None:
    """A masked name (张*, 王*明, *四) as a pattern, each run of stars one character or more; None unmasked."""
    name = name.replace("＊", "*")
    if "*" not in name or not name.strip("*"):
        return None
    return re.compile("".join(".+" if part.startswith("*") else re.escape(part) for part in re.split(r"(\*+)", name) if part))


def names(entry: data.Transaction, registry) -> set[str]:
    """The names `entry`'s payer goes by: its payee and, when it names a donor in the
    registry, the donor's name, display name and aliases (normalised as the registry compares)."""
    found = {norm_name(entry.payee)} if entry.payee else set()
    donor = registry.donors.get(str(entry.meta.get("donor") or "")) if registry is not None else None
    if donor is not None:
        found |= {norm_name(n) for n in (donor.name, donor.display, *donor.aliases) if n}
    return found - {""}


def same_payer(register: data.Transaction, statement: data.Transaction, registry) -> bool:
    """The statement's payer is the register's donor: the same donor id (a statement finds its
    donor by account number, name or alias), or the payer's name among the donor's names."""
    donor = str(register.meta.get("donor") or "")
    if donor and donor != UNIDENTIFIED_DONOR and donor == str(statement.meta.get("donor") or ""):
        return True
    payer = norm_name(statement.payee)
    return bool(payer) and payer in names(register, registry)


def other_donors(register: data.Transaction, statement: data.Transaction) -> bool:
    """Both rows name their donor, and not the same one: two gifts, never one.

    Why: the statement's row knows its donor when the payer's name or account is in the
    registry; the register's row names its donor (an id, or a new name relief proposes an id
    for). A register's 1,000.00 from 王小明 was linked to a statement's 1,000.00 from 史兴玉
    two days earlier, so 王小明's gift was never booked and the note told the officer to set
    史兴玉's entry to UNIDENTIFIED. Only a statement row that does not know who paid
    (UNIDENTIFIED, whatever name the bank shows: a relative or a company's accountant may
    pay for the donor) may be the register's gift of another name. Not linking is the safe
    side: the register's gift is then booked, and the statement's balance says whether the
    money came."""
    ours = str(register.meta.get("donor") or "")
    if not ours or ours == UNIDENTIFIED_DONOR:
        ours = str(register.meta.get("proposed_donor") or "")
    theirs = str(statement.meta.get("donor") or "")
    return bool(ours) and bool(theirs) and theirs != UNIDENTIFIED_DONOR and ours != theirs


def payer_rank(register: data.Transaction, statement: data.Transaction, registry) -> int:
    """0 the statement's payer is the register's donor (`same_payer`), 1 its name is masked
    (张*, 王*明) and fits one of the donor's names, 2 neither.

    Why: a bill masks its payers; two donors giving 200.00 the same minute by WeChat Pay were
    linked to the register's rows in the bill's order, and the notes told the officer to set
    张三 on 李*'s entry and 李四 on 张*'s: each donor's receipt for the other's money."""
    if same_payer(register, statement, registry):
        return 0
    pattern = mask_pattern(norm_name(statement.payee)) if statement.payee else None
    return 1 if pattern is not None and any(pattern.fullmatch(name) for name in names(register, registry)) else 2


class PayerIndex:
    """`payer_rank` and `other_donors` with each entry's names, payer and mask computed once,
    and the rows of a day a gift's own payer may have written (`own_rows`).

    Built for one run over one pool of rows that does not change (ExistingIndex's gift
    pools). Entries are remembered by id with the entry kept beside it, so an id reused by
    another object is never taken for the first."""

    def __init__(self, registry):
        self.registry = registry
        self._names: dict[int, tuple[data.Transaction, frozenset[str]]] = {}
        self._masks: dict[int, tuple[data.Transaction, re.Pattern | None]] = {}
        self._by_payer: dict[int, tuple[list, dict[tuple[str, str], list[int]], list[int]]] = {}

    def names(self, entry: data.Transaction) -> frozenset[str]:
        """`names(entry, registry)`, computed once for each entry."""
        kept = self._names.get(id(entry))
        if kept is None or kept[0] is not entry:
            kept = self._names[id(entry)] = (entry, frozenset(names(entry, self.registry)))
        return kept[1]

    def _mask(self, entry: data.Transaction) -> re.Pattern | None:
        kept = self._masks.get(id(entry))
        if kept is None or kept[0] is not entry:
            kept = self._masks[id(entry)] = (entry, mask_pattern(norm_name(entry.payee)) if entry.payee else None)
        return kept[1]

    def rank(self, register: data.Transaction, statement: data.Transaction) -> int:
        """`payer_rank(register, statement, registry)`."""
        donor = str(register.meta.get("donor") or "")
        if donor and donor != UNIDENTIFIED_DONOR and donor == str(statement.meta.get("donor") or ""):
            return 0
        theirs = self.names(register)
        payer = norm_name(statement.payee) if statement.payee else ""
        if payer and payer in theirs:
            return 0
        pattern = self._mask(statement)
        return 1 if pattern is not None and any(pattern.fullmatch(name) for name in theirs) else 2

    def _keys(self, entry: data.Transaction) -> set[tuple[str, str]]:
        """What a payer's own rows share with `entry`, either way round: a donor id or a name."""
        keys = {("name", name) for name in self.names(entry)}
        donor = str(entry.meta.get("donor") or "")
        if donor and donor != UNIDENTIFIED_DONOR:
            keys.add(("donor", donor))
        return keys

    def near_rows(self, entry: data.Transaction, day_rows: list[data.Transaction], register: bool) -> list[data.Transaction]:
        """The rows of `day_rows` that may rank 0 or 1 with `entry` (a register's row when
        `register`, else a statement's), in `day_rows`' order: its own rows (`own_rows`) and,
        as rank 1 is a statement's masked payer, the masked rows beside a register's gift, or
        every row beside a statement's masked one. A superset: the caller still ranks each."""
        if not day_rows:
            return []
        if not register:
            return day_rows if self._mask(entry) is not None else self.own_rows(entry, day_rows)
        by_key, masked = self._day(day_rows)
        found = sorted({n for key in self._keys(entry) for n in by_key.get(key, ())} | set(masked))
        return [day_rows[n] for n in found]

    def own_rows(self, entry: data.Transaction, day_rows: list[data.Transaction]) -> list[data.Transaction]:
        """The rows of `day_rows` (one day's rows of one amount) that may rank 0 with `entry`,
        in `day_rows`' order: every row sharing a donor id or a name with it. A superset:
        the caller still ranks each. Why complete: rank 0 is the register's donor id on the
        statement's row (both rows carry it) or the statement's payee among the register's
        names (the payee is among the statement's own names)."""
        if not day_rows:
            return []
        by_key, _ = self._day(day_rows)
        found = sorted({n for key in self._keys(entry) for n in by_key.get(key, ())})
        return [day_rows[n] for n in found]

    def _day(self, day_rows: list[data.Transaction]) -> tuple[dict[tuple[str, str], list[int]], list[int]]:
        """One day's rows by donor id and name (positions), and the positions of its masked rows."""
        kept = self._by_payer.get(id(day_rows))
        if kept is None or kept[0] is not day_rows:
            by_key: dict[tuple[str, str], list[int]] = {}
            for n, row in enumerate(day_rows):
                for key in self._keys(row):
                    by_key.setdefault(key, []).append(n)
            masked = [n for n, row in enumerate(day_rows) if self._mask(row) is not None]
            kept = self._by_payer[id(day_rows)] = (day_rows, by_key, masked)
        return kept[1], kept[2]
