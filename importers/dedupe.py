"""Marking what is already in the books, so importing twice adds nothing.

Four checks, in order, each marking an entry the beangulp way (`__duplicate__` metadata
pointing at the entry it duplicates). Matching stays within one source: entries of two
sources (a WeChat bill and an Alipay bill, a bill and a bank statement) are never taken for
each other, and never through an account they share (`Liabilities:Payable`, an expense).

1. the source's own transaction id: the same qualified `source_ref` (`wechat:4200…`,
   importers.records.qualified_ref); a bare id written by older books matches the
   qualified id of the same source when it sits on the same source account. The id is
   evidence of the same transaction only on the same day, or within a few days with the
   same amount: banks reuse some numbers (a corporate statement's 凭证号 starts again each
   month), and an entry of another day and amount under the same id is a new one, imported
   with a note (`ref_notes`) instead of being dropped as already in the books;
   A row told by a fingerprint of its cells (no bank id: importers.records) whose
   fingerprint the books do not hold is also the entry of the same bank on the same
   account, day and amount with the same payee (one to one, `other_layout_pairs`): the
   same month downloaded in another layout (ICBC's v2 adds 交易详情 and 对方账户) has
   other fingerprints;
2. beangulp's fuzzy match (`similar.heuristic_comparator`: dates within a window, a common
   account with a close amount, one set of accounts inside the other), only against
   entries typed by hand (no `source_ref`) that move the new entry's own source account by
   a close amount; an entry with an id of its own is never a fuzzy duplicate;
3. bank debits that pay roster aid already in the books (amount, payee or approval number,
   a few days' window) are linked to it rather than imported a second time;
4. a payment bill's row paid by a card (its posting carries `funding` metadata) and the
   card's statement row for the same money — same account, same amount, within the link
   window — are linked: whichever comes second is shown as linked, not imported again;
5. a donation register's money row (捐赠登记表, received by bank, WeChat or Alipay) and the
   statement or bill row for the same gift — same account, same amount, within the link
   window, one to one, a payer-name match preferred — are linked the same way, so a gift
   is booked once (`link_gift`).

The fuzzy match runs over an index of the existing entries by (account, currency, size of
the amount), so a 100 000-row statement against 100 000 entries stays fast; the comparator
itself is beangulp's.
"""

from __future__ import annotations

import datetime
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount.core import data

from importers.context import PROPOSAL_TYPE, BooksContext
from importers.errors import entry_row, entry_row_zh, said
from importers.payers import PayerIndex
from importers.payers import mask_pattern as _mask_pattern
from importers.payers import other_donors as _other_donors
from importers.payers import same_payer as _same_payer
from importers.records import split_ref
from ledger.accounts import AID_ROOT, DONATION_ROOT, EXPENSES, is_asset, is_balance_sheet, is_bank, is_online, is_under
from ledger.script import simplified

DUPLICATE = "__duplicate__"
#: on a new entry whose id an entry of another day and amount already has (never printed)
SAME_REF = "__same_ref__"
#: how far apart two rows with one id and one amount may be dated and still be one
#: transaction (a statement's 交易日期 beside the 记账日期 of another export of it)
REF_DAYS = 5
LINKED = "__linked__"
#: on a new entry whose id names an entry in the books that another new entry is taken for:
#: (that entry, the other new entry) (never printed)
SAME_REF_TAKEN = "__same_ref_taken__"
#: the importer's own account of a new entry (never printed: keys starting with __ are not)
SOURCE_ACCOUNT = "__source_account__"
#: the id older relief versions gave a row without an id of its own, when it differs from
#: `source_ref` (records.Record.legacy_ref); never printed
LEGACY_REF = "__legacy_ref__"
#: on a new entry taken for an entry of another layout of its statement (never printed)
OTHER_LAYOUT = "__other_layout__"
#: on a new entry taken for an entry typed by hand (never printed)
BY_HAND = "__by_hand__"
#: on a new entry whose payee is the case a masked name fits (李* for C0001): the name as the
#: file wrote it, by which `other_layout_pairs` still finds the row under that name (never printed)
BANK_PAYEE = "__bank_payee__"
#: a fingerprint id (importers.records.assign_fingerprints): `icbc:icbc-debit-<16 hex>`, `…#2`
_FINGERPRINT = re.compile(r"^[a-z][a-z0-9_.-]*:[a-z0-9_.-]+-[0-9a-f]{16}(?:#\d+)?$")
#: LINKED values: what the link is
LINK_AID = "aid"
LINK_FUNDING = "funding"
LINK_GIFT = "gift"
ZERO = Decimal(0)
_LOG = math.log(1.05)


def _bucket(number: Decimal) -> int:
    value = abs(float(number))
    return -10**6 if value < 0.005 else int(math.floor(math.log(value) / _LOG))


def _source_account(entry: data.Transaction) -> str:
    own = entry.meta.get(SOURCE_ACCOUNT) if entry.meta else None
    if own:
        return str(own)
    return entry.postings[0].account if entry.postings else ""


def _bare(ref: str) -> str:
    return split_ref(ref)[1]


def _source_of(ref: str) -> str:
    return split_ref(ref)[0]


class ExistingIndex:
    """The books' entries indexed for de-duplication (built once per extract)."""

    def __init__(self, existing: Iterable[data.Directive]):
        #: qualified ids as written; bare ids (older books) by (id, account): every entry with
        #: the id, as an id may be reused (find_by_ref picks the one that is the same transaction)
        self.by_ref: dict[str, list[data.Transaction]] = defaultdict(list)
        self.by_bare: dict[tuple[str, str], list[data.Transaction]] = defaultdict(list)
        #: postings a payment bill paid from a card: (account, amount, date) -> entries
        self.funded: dict[tuple[str, Decimal, datetime.date], list[data.Transaction]] = defaultdict(list)
        #: every Assets/Liabilities posting: (account, amount, date) -> entries (for the link)
        self.moves: dict[tuple[str, Decimal, datetime.date], list[data.Transaction]] = defaultdict(list)
        #: entries already linked to once (each takes one link at most)
        self.linked_to: set[int] = set()
        #: entries typed by hand (no source_ref), the only ones the fuzzy match looks at
        #: (`typed_by_hand`), by (account, currency, size of the amount, date). Why by hand
        #: only: with every imported row in it, each new row of a 一日捐's N gifts of 100.00
        #: walked the other N rows of the week to skip them, N × N
        self.fuzzy: dict[tuple[str, str, int, datetime.date], list[data.Transaction]] = defaultdict(list)
        #: balance assertions by (date, account, number, currency): the first of each
        self.balances: dict[tuple[datetime.date, str, Decimal, str], data.Balance] = {}
        self.proposal_names: set[str] = set()
        self.documents: set[tuple[str, str]] = set()
        #: aid transactions by (paying account, amount taken from it), for roster linking
        self.aid_payments: dict[tuple[str, Decimal, datetime.date], list[data.Transaction]] = defaultdict(list)
        #: donations of money without a fee, by (account, amount, date): a register's rows and
        #: a statement's (or bill's) rows, for the register-statement link
        self.register_gifts: dict[tuple[str, Decimal, datetime.date], list[data.Transaction]] = defaultdict(list)
        self.statement_gifts: dict[tuple[str, Decimal, datetime.date], list[data.Transaction]] = defaultdict(list)
        for entry in existing or ():
            if isinstance(entry, data.Transaction):
                if entry.meta and entry.meta.get(DUPLICATE):
                    if entry.meta.get(LINKED) and isinstance(entry.meta[DUPLICATE], data.Transaction):
                        self.linked_to.add(id(entry.meta[DUPLICATE]))
                    continue
                ref = entry.meta.get("source_ref") if entry.meta else None
                postings = entry.postings
                if ref:
                    ref = str(ref)
                    self.by_ref[ref].append(entry)
                    if ref.startswith(_ALSO_KNOWN):  # one test for the bank's and platforms' rows
                        also = voucher_without_zeros(ref) or aid_payment_key(entry)
                        if also:
                            self.by_ref[also].append(entry)
                    for account in {p.account for p in postings}:
                        self.by_bare[(ref, account)].append(entry)
                    gift = _gift(entry)
                    if gift is not None:
                        pool = self.register_gifts if is_register_ref(ref) else self.statement_gifts
                        pool[(*gift, entry.date)].append(entry)
                # one walk of the postings for the moves and whether the entry is aid (every
                # entry of the books passes here: 100,000 transactions and more)
                aid = False
                for p in postings:
                    account = p.account
                    if not aid and account.startswith(AID_ROOT):
                        aid = True
                    units = p.units
                    if units is None or units.number is None or not is_balance_sheet(account):
                        continue
                    key = (account, units.number, entry.date)
                    if p.meta and p.meta.get("funding") is not None:
                        self.funded[key].append(entry)
                    else:
                        self.moves[key].append(entry)
                if ref and not aid:
                    continue  # the usual imported entry: neither typed by hand nor aid
                seen = set()
                for p in postings:
                    if p.units is None or p.units.number is None:
                        continue
                    if not ref:
                        key = (p.account, p.units.currency, _bucket(p.units.number), entry.date)
                        if key not in seen:
                            seen.add(key)
                            self.fuzzy[key].append(entry)
                    if aid and p.units.number < 0 and is_asset(p.account):
                        self.aid_payments[(p.account, p.units.number, entry.date)].append(entry)
            elif isinstance(entry, data.Balance):
                self.balances.setdefault((entry.date, entry.account, entry.amount.number, entry.amount.currency), entry)
            elif isinstance(entry, data.Custom) and entry.type == PROPOSAL_TYPE:
                self.proposal_names.add(str(entry.meta.get("name", "")))
            elif isinstance(entry, data.Document):
                self.documents.add((entry.account, entry.filename))

    def link(self, entry: data.Transaction, cand: data.Transaction, how: str) -> bool:
        """Mark `entry` as the row of `cand`, already in the books (`how`: LINK_*); `cand`
        takes no other link. True, for the linkers' return."""
        self.linked_to.add(id(cand))
        entry.meta[DUPLICATE] = cand
        entry.meta[LINKED] = how
        return True

    def candidates(self, entry: data.Transaction, window: datetime.timedelta) -> Iterable[data.Transaction]:
        """Existing transactions that may be `entry` again: a posting of about the same amount on the same account within `window` days."""
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


#: the last list indexed, with its length, and its index. The list itself is kept: an id
#: alone could be a freed list's, reused by a new list of the same length (it was: a stale
#: index answered for other entries).
_INDEX: list[tuple[Any, int, ExistingIndex]] = []


def index_of(existing) -> ExistingIndex:
    """The index of a list of existing entries, built once per list (and per length)."""
    if _INDEX and _INDEX[0][0] is existing and _INDEX[0][1] == len(existing):
        return _INDEX[0][2]
    index = ExistingIndex(existing)
    _INDEX[:] = [(existing, len(existing), index)]
    return index


def _ref_matches(entry: data.Transaction, index: ExistingIndex) -> tuple[list[data.Transaction], list[data.Transaction]]:
    """(the entries in the books holding the new entry's id, those of them that are the same transaction)."""
    ref = str(entry.meta.get("source_ref") or "")
    if not ref:
        return [], []
    own = _source_account(entry)
    found = _find_ref(ref, own, index)
    legacy = entry.meta.get(LEGACY_REF)
    for other in (legacy if isinstance(legacy, tuple) else (legacy,) if legacy else ()):
        found = found + [c for c in _find_ref(str(other), own, index) if c not in found]
    same = [cand for cand in found if _same_transaction(entry, cand)]
    if not same and len(found) > 1:
        same = _split_parts(entry, found)
    return found, same


def _split_parts(entry: data.Transaction, found: list[data.Transaction]) -> list[data.Transaction]:
    """[the first of them] when entries of the row's day holding its id, of its payee, move the
    row's account by the row's sum together (one entry split by hand into several), else [].

    Why: a gift booked from a statement (1,000.00) that the officer split by copying the entry
    (600.00 and 400.00 to two funds, each keeping the id) was proposed again when the statement
    was imported again: each part moves the account by another sum than the row, so neither
    was the row, and 1,000.00 was counted twice. Parts of other payees under one id (two
    registers numbering their vouchers alike) are not one entry split."""
    first = entry.postings[0] if entry.postings else None
    if first is None or first.units is None or first.units.number is None:
        return []
    payee = _payee(entry)
    parts = [cand for cand in found if cand.date == entry.date and _payee(cand) == payee]
    moved = [p.units.number for cand in parts for p in cand.postings
             if p.account == first.account and p.units is not None and p.units.currency == first.units.currency
             and isinstance(p.units.number, Decimal)]
    return parts[:1] if len(parts) > 1 and sum(moved, ZERO) == first.units.number else []


def _nearness(entry: data.Transaction, cand: data.Transaction) -> int:
    """0 the same payee and narration, 1 the same payee, 2 another payee."""
    if "".join(str(cand.payee or "").split()) != "".join(str(entry.payee or "").split()):
        return 2
    return 0 if cand.narration == entry.narration else 1


class RefClaims(dict):
    """Entry in the books (by id()) -> the new entry taken for it (`claim_refs`); `matches`
    keeps what each new entry's id found, so it is looked up once."""

    def __init__(self) -> None:
        super().__init__()
        self.matches: dict[int, tuple[list[data.Transaction], list[data.Transaction]]] = {}
        #: whether two new entries share an id at all (else each finds its own, as before)
        self.contested = False


def claim_refs(entries: list[data.Directive], index: ExistingIndex) -> RefClaims:
    """Which new entry each entry in the books found by id is taken for, one to one, the
    nearest pairs first (`_nearness`, then the file's order). Entries already marked
    (linked, or found by id before) keep theirs.

    Why: a batch paid under one number (代发, two households paid 500.00 each under 凭证号
    PZ0001), the books holding the first, had the second shown as already in the books as
    that same entry: 500.00 dropped."""
    claims = RefClaims()
    # only new entries sharing an id (or an older form of it) can want the same entry in the
    # books: the others are left to find_by_ref, as before (a 100 000-row statement pays
    # for no second lookup)
    sharing: dict[str, list[int]] = defaultdict(list)
    for n, entry in enumerate(entries):
        if not isinstance(entry, data.Transaction) or entry.meta is None:
            continue
        if entry.meta.get(DUPLICATE):
            if isinstance(entry.meta[DUPLICATE], data.Transaction):
                claims.setdefault(id(entry.meta[DUPLICATE]), entry)
            continue
        ref = entry.meta.get("source_ref")
        if ref:
            sharing[ref].append(n)
            legacy = entry.meta.get(LEGACY_REF)
            for key in legacy if isinstance(legacy, tuple) else (legacy,) if legacy else ():
                if key != ref:
                    sharing[key].append(n)
    contested = sorted({n for ns in sharing.values() if len(ns) > 1 for n in ns})
    claims.contested = bool(contested)
    pairs = []
    for n in contested:
        entry = entries[n]
        found, same = claims.matches[id(entry)] = _ref_matches(entry, index)
        pairs.extend((_nearness(entry, cand), n, cand) for cand in same)
    pairs.sort(key=lambda x: (x[0], x[1]))
    done: set[int] = set()
    for _, n, cand in pairs:
        if n not in done and id(cand) not in claims:
            claims[id(cand)] = entries[n]
            done.add(n)
    return claims


def find_by_ref(entry: data.Transaction, index: ExistingIndex, claims: RefClaims | None = None) -> data.Transaction | None:
    """The entry in the books with the same id from the same source (or with the id older
    relief versions gave the same row) that is the same transaction: dated the same day, or
    within REF_DAYS with the same amount. An entry holding the id that is none of these is
    left on the new entry under SAME_REF, for its note.

    With `claims` (`claim_refs`), an entry in the books is one new entry's only: a new entry
    whose every match is another's is imported, with a note (SAME_REF_TAKEN)."""
    known = claims.matches.get(id(entry)) if claims is not None else None
    found, same = known if known is not None else _ref_matches(entry, index)
    if claims is None or not claims.contested:
        if same:
            return same[0]
    else:
        if len(same) == 1 and id(same[0]) not in claims:  # the usual case: one entry holds the id
            claims[id(same[0])] = entry
            return same[0]
        mine = [cand for cand in same if claims.get(id(cand)) is entry]
        if mine:
            return mine[0]
        free = [cand for cand in same if id(cand) not in claims]
        if free:
            best = min(free, key=lambda cand: _nearness(entry, cand))
            claims[id(best)] = entry
            return best
        if same:
            entry.meta[SAME_REF_TAKEN] = (same[0], claims[id(same[0])])
            return None
    if found:
        entry.meta[SAME_REF] = found[0]
    return None


#: sources whose ids name one transaction for ever (a payment platform's 交易单号 / 交易号):
#: on the same day the entry holding the id is the row whatever it now moves
UNIQUE_ID_SOURCES = frozenset({"wechat", "alipay"})


def _same_transaction(new: data.Transaction, old: data.Transaction) -> bool:
    if new.date == old.date:
        # an entry edited by hand since (its amount split, a fee added) is still it; an id a
        # bank or a register may give again (a 凭证号, a voucher number) only while that entry
        # does not move the new entry's own account by another sum. A platform's id is never
        # given again: its entry is the row even with another sum (books that netted a
        # refunded payment, as relief did before 4 December, do not get it a second time)
        if _source_of(str(new.meta.get("source_ref") or "")) in UNIQUE_ID_SOURCES:
            return True
        return not _moves_otherwise(new, old)
    if abs((new.date - old.date).days) > REF_DAYS or not new.postings:
        return False
    first = new.postings[0]
    if first.units is None or first.units.number is None:
        return False
    return any(p.units is not None and p.units.number == first.units.number and p.account == first.account
               for p in old.postings)


def _moves_otherwise(new: data.Transaction, old: data.Transaction) -> bool:
    """Whether `old` moves the account of `new`'s first posting by another sum than `new` does,
    or, not posting to it at all, is not that row moved to another account by hand.

    Ids typed by people are reused: two donation registers each numbering their vouchers from
    V001 give two gifts of one day the same id. Taken for the entry in the books whatever its
    amount, the second gift (200.00 from another donor) was shown as already in the books and
    never booked. An entry that does not post to that account is the row moved by hand only
    when it moves one of the centre's accounts by the row's amount, with the row's payee: two
    accounts at one bank number their statements alike (an ICBC corporate 凭证号 starts again
    each month for each account), and the special account's 2,000.00 was taken for the basic
    account's 500.00 of the same day under 0001, and never booked."""
    if not new.postings or new.postings[0].units is None or new.postings[0].units.number is None:
        return False
    first = new.postings[0]
    theirs = [p.units.number for p in old.postings
              if p.account == first.account and p.units is not None and p.units.number is not None
              and p.units.currency == first.units.currency]
    if theirs:
        return sum(theirs) != first.units.number
    moved = any(is_balance_sheet(p.account) and p.units is not None and p.units.number == first.units.number
                and p.units.currency == first.units.currency for p in old.postings)
    return not (moved and _payee(old) == _payee(new))


def _find_ref(ref: str, own: str | None, index: ExistingIndex) -> list[data.Transaction]:
    if _source_of(ref):
        hits = index.by_ref.get(ref)
        if hits:
            return hits
        # older books wrote the bare id: it counts on the same source account only
        return [old for old in index.by_bare.get((_bare(ref), own), ())
                if not _source_of(str(old.meta.get("source_ref") or ""))]
    return list(index.by_bare.get((ref, own), ()))


def _payee(entry: data.Transaction) -> str:
    return "".join(str(entry.payee or "").split())


def other_layout_pairs(entries: list[data.Transaction], index: ExistingIndex, held: set[int]) -> dict[int, data.Transaction]:
    """New entry (by id) -> the entry in the books it is, found by what the row says rather than
    its id: the same bank (the ids' source), the same account moved by the same amount on
    the same day, the same payee; one to one, in the file's order, an entry in the books
    found by id (`held`) taken for nothing else. One of the two must be told by a fingerprint:
    two different bank ids are two transactions.

    Why: a row without a bank id is told by a fingerprint of its cells, and another layout of
    the same download (ICBC's v2 adds 交易详情 and 对方账户) gives it another: the same month
    imported as v1 and as v2 had every row booked twice, each gift with a receipt. Only
    within one bank: a row of another source (a WeChat bill, another bank's statement on
    the account) is never taken for it. A bill's row paid by a card is looked for among the
    entries so paid too (their postings carry `funding`): a WeChat Pay or Alipay bill saved
    again by Excel, its ids rounded (4.20000123456789E+27), had every card-paid row booked a
    second time. Two dict lookups a row: 20,000 rows against 100,000 entries pay nothing
    measurable.

    A payee masked in one of the two (张*, *四: the bank's app masks names, its website does
    not) is the payee whose name it fits (`_names_fit`), after the rows of the same payee have
    been paired: the same month downloaded from both had 张三's gift proposed again as one from
    an unidentified payer, counted twice."""
    taken: dict[int, data.Transaction] = {}
    masked: list[data.Transaction] = []  # rows left unpaired beside an entry of a masked payee, or masked themselves
    for entry in entries:
        if not _pair_layout(entry, index, held, taken, _same_payee):
            masked.append(entry)
    for entry in masked:
        _pair_layout(entry, index, held, taken, _names_fit)
    return taken


def _same_payee(ours: str, theirs: str) -> bool:
    return ours == theirs


def _names_fit(ours: str, theirs: str) -> bool:
    """Whether two payees may be one, one of them masked (张* and 张三), or both masked
    alike at both ends (张* and 张**); a name masked to nothing but stars fits nothing."""
    if ours == theirs:
        return True
    mine, other = _mask_pattern(ours), _mask_pattern(theirs)
    if mine is None and other is None:
        return False
    if mine is not None and other is not None:
        a, b = ours.replace("＊", "*"), theirs.replace("＊", "*")
        heads, tails = (a.split("*")[0], b.split("*")[0]), (a.split("*")[-1], b.split("*")[-1])
        return (heads[0].startswith(heads[1]) or heads[1].startswith(heads[0])) and \
            (tails[0].endswith(tails[1]) or tails[1].endswith(tails[0]))
    return bool((mine or other).fullmatch(theirs if mine is not None else ours))


def _pair_layout(entry: data.Transaction, index: ExistingIndex, held: set[int], taken: dict[int, data.Transaction],
                 payees: Callable[[str, str], bool]) -> bool:
    """Pair `entry` with the entry in the books it is (`other_layout_pairs`), the payees
    compared by `payees`; False when it has none and an entry of the key has, or this row
    has, a masked payee (the pair `_names_fit` may find)."""
    ref = str(entry.meta.get("source_ref") or "")
    source = _source_of(ref)
    if not source or not entry.postings:
        return True
    own = _source_account(entry)
    # a bill's row paid by a card moves the card's account (or the platform's clearing
    # account) instead of the bill's own: its posting carries `funding`
    mine = ([p for p in entry.postings if p.account == own and p.units is not None and p.units.number is not None]
            or [p for p in entry.postings if p.meta and p.meta.get("funding") is not None
                and p.units is not None and p.units.number is not None])
    if not mine:
        return True
    own = mine[0].account
    printed = _FINGERPRINT.match(ref) is not None
    payee = _payee(entry)
    # a masked name the importer took for a case's (李* for C0001) may be another person's
    written = "".join(str(entry.meta.get(BANK_PAYEE) or "").split())
    key = (own, mine[0].units.number, entry.date)
    masked = False  # an entry in the books that this row may be but for a masked payee
    for cand in (*index.moves.get(key, ()), *index.funded.get(key, ())):
        theirs = str(cand.meta.get("source_ref") or "")
        if (id(cand) in held or _source_of(theirs) != source or theirs == ref
                or not (printed or _FINGERPRINT.match(theirs))
                or any(p.account == own and p.units is not None and p.units.currency != mine[0].units.currency
                       for p in cand.postings)):
            continue
        if not payees(payee, _payee(cand)) and not (written and payees(written, _payee(cand))):
            masked = masked or bool(written) or _mask_pattern(payee) is not None or _mask_pattern(_payee(cand)) is not None
            continue
        if payees is not _same_payee and _other_donors(cand, entry):
            continue  # a masked name fitting the entry's, from another known donor (by account number)
        taken[id(entry)] = cand
        held.add(id(cand))
        return True
    return not masked


def layout_notes(entries: Iterable[data.Directive]) -> list[str]:
    """One note for the rows taken for entries of another layout of the statement."""
    rows = [e for e in entries if isinstance(e, data.Transaction) and e.meta and e.meta.get(OTHER_LAYOUT)]
    if not rows:
        return []
    first = rows[0].meta[DUPLICATE]
    # a payment platform's bill (its ids rounded by a spreadsheet program), else a bank's statement
    bill = _source_of(str(rows[0].meta.get("source_ref") or "")) in UNIQUE_ID_SOURCES
    why = ("payee from the same platform's bill, as the same bill saved again by a spreadsheet program gives them "
           "(its ids rounded)" if bill else
           "payee from the same bank, as another layout of the same download gives them (ICBC's with 交易详情 and "
           "对方账户, or names masked by the bank's app)")
    why_zh = ("来自同一平台账单的收付款人，正如同一账单被电子表格程序重新保存后那样（其编号被四舍五入）" if bill else
              "来自同一银行的收付款人，正如同一下载的另一种格式那样（工商银行带 交易详情 和 对方账户 的格式，或被银行 App 遮盖的姓名）")
    return [said(f"{len(rows)} 行（第一行：{entry_row_zh(rows[0])}，{rows[0].postings[0].units}）是账中已有、编号不同的分录"
                 f"（第一条：{entry_where(first)}）：同一天、同一账户、同一金额和{why_zh}：显示为已在账中，不再记账",
                 f"{len(rows)} row(s) (first: {entry_row(rows[0])}, {rows[0].postings[0].units}) are entries "
            f"already in the books under other ids (first: {entry_where(first)}): the same day, account, amount and "
            f"{why}: shown as already in the books, not booked again")]


def entry_where(entry: data.Directive) -> str:
    """An entry's place as a note names it: its file's name and line (`inbox.beancount:6`)."""
    return f"{Path(str(entry.meta.get('filename', '?'))).name}:{entry.meta.get('lineno', '?')}"


def ref_notes(entries: Iterable[data.Directive]) -> list[str]:
    """A note for each new entry whose id an entry of another day, amount or account already has."""
    notes = []
    for e in entries:
        taken = e.meta.get(SAME_REF_TAKEN) if isinstance(e, data.Transaction) and e.meta else None
        if taken is not None and not e.meta.get(DUPLICATE):
            other, rival = taken
            units = other.postings[0].units if other.postings else '?'
            notes.append(said(f"{entry_row_zh(e)}：它的编号 {e.meta.get('source_ref')} 也是 {entry_where(other)}（{other.date}，{units}）的，"
                              f"而那条被认作本文件的{entry_row_zh(rival)}：作为新交易导入（用一个编号支付的批量，代发）；"
                              "如果它已在账中，请编辑文件",
                              f"{entry_row(e)}: its id {e.meta.get('source_ref')} is also that of {entry_where(other)} "
                              f"({other.date}, {units}), which "
                              f"{entry_row(rival)} of this file is taken for: imported as a new transaction (a batch "
                              "paid under one number, 代发); if it is already in the books, edit the file"))
            continue
        other = e.meta.get(SAME_REF) if isinstance(e, data.Transaction) and e.meta else None
        if other is None or e.meta.get(DUPLICATE):
            continue
        where = entry_where(other)
        amount = other.postings[0].units if other.postings else "?"
        notes.append(said(f"{entry_row_zh(e)}：它的编号 {e.meta.get('source_ref')} 也是 {where}（{other.date}，{amount}）的，"
                          "那条的日期、金额或账户不同：作为新交易导入（银行会重复使用一些编号，例如每个账户每月重新开始的 凭证号）；"
                          "如果就是那条分录，请编辑文件",
                          f"{entry_row(e)}: its id {e.meta.get('source_ref')} is also that of {where} "
                          f"({other.date}, {amount}), another day, amount or account: imported as a new transaction (banks "
                          "reuse some numbers, such as a 凭证号 that starts again each month, for each account); if it is that "
                          "entry, edit the file"))
    return notes


def by_hand_notes(entries: Iterable[data.Directive]) -> list[str]:
    """A note for each row taken for an entry typed by hand that moves the row's account by
    another amount (beangulp's fuzzy match takes an amount within 5 %).

    Why: a bank charge typed from the paper slip as 5.50, which the statement gives as 5.51,
    hid the row as already in the books; the dry run's money line counted the row's 5.51 as
    in the books, and the books stayed 0.01 from the statement with nothing naming the entry
    (the balance assertion said only that the books held 0.01 more)."""
    notes = []
    for e in entries:
        if not (isinstance(e, data.Transaction) and e.meta and e.meta.get(BY_HAND)):
            continue
        typed = e.meta[DUPLICATE]
        own = _source_account(e)
        row = sum((p.units.number for p in e.postings if p.account == own and p.units is not None
                   and p.units.number is not None), ZERO)
        held = sum((p.units.number for p in typed.postings if p.account == own and p.units is not None
                    and isinstance(p.units.number, Decimal)), ZERO)
        if row == held:
            continue
        currency = next((p.units.currency for p in e.postings if p.account == own and p.units is not None), "")
        notes.append(said(f"{entry_row_zh(e)}（{row:,.2f} {currency}，{e.date}）被认作 {entry_where(typed)}（{typed.date}）手工录入的分录，"
                          f"那条使 {own} 变动 {held:,.2f}：相差 {abs(row - held):,.2f}；如果是那笔交易，请把那条分录的金额改成文件中的，"
                          "否则请手工添加该行",
                          f"{entry_row(e)} ({row:,.2f} {currency}, {e.date}) is taken for the entry typed by hand at "
                          f"{entry_where(typed)} ({typed.date}), which moves {own} by {held:,.2f}: {abs(row - held):,.2f} apart; "
                          "if it is that transaction, correct that entry's amount to the file's, else add the row by hand"))
    return notes


def typed_by_hand(entry: data.Transaction, index: ExistingIndex,
                  compare: Callable[[data.Directive, data.Directive], bool],
                  window: datetime.timedelta, registry=None) -> Iterable[tuple[tuple[int, int, int], data.Transaction]]:
    """beangulp's fuzzy match, only against hand-typed entries moving our own account alike:
    each such entry with how near it is, (0 the same payer (`_same_payer`: the donor, or the
    payee among the entry's names), 1 another; 0 the same amount on the same day, 1 the same
    amount, 2 a close amount; then the days apart). An entry naming another known donor than
    the row's is never one (`_other_donors`).

    Why the payer: a hand-typed gift of 100.00 from 王小明 was taken for 李四's 100.00 of its
    day, and 王小明's own row of the next day booked as a second gift from him (two receipts,
    李四's gift nowhere); or for a known donor's row: another donor's gift hidden."""
    own = _source_account(entry)
    mine = [p for p in entry.postings if p.account == own and p.units is not None and p.units.number is not None]
    if not mine:
        return
    for cand in index.candidates(entry, window):
        if cand.meta.get("source_ref"):
            continue  # an entry with its own id is matched by id only (never across sources)
        theirs = [p for p in cand.postings if p.account == own and p.units is not None and p.units.number is not None]
        if not any(a.units.currency == b.units.currency and _close(a.units.number, b.units.number)
                   for a in mine for b in theirs):
            continue  # a common Liabilities:Payable or expense account is no evidence
        if compare(entry, cand) and not _other_donors(cand, entry):
            same = any(a.units == b.units for a in mine for b in theirs)
            days = abs((entry.date - cand.date).days)
            yield (0 if _same_payer(cand, entry, registry) else 1, (0 if same and days == 0 else 1 if same else 2), days), cand


def find_typed_by_hand(entry: data.Transaction, index: ExistingIndex,
                       compare: Callable[[data.Directive, data.Directive], bool],
                       window: datetime.timedelta) -> data.Transaction | None:
    """The first hand-typed entry beangulp's fuzzy match takes for `entry` (see `typed_by_hand`)."""
    return next((cand for _, cand in typed_by_hand(entry, index, compare, window)), None)


def _typed_by_hand_pairs(entries: list[data.Transaction], index: ExistingIndex,
                         compare: Callable[[data.Directive, data.Directive], bool],
                         window: datetime.timedelta, registry=None) -> dict[int, data.Transaction]:
    """New entry (by id) -> the hand-typed entry it is, one to one, the nearest pairs first.

    Why: one hand-typed gift of 50.00 was taken for every statement row near it (50.00 on its
    day, 50.00 from another payer the next day, 49.00 two days later): all three were shown as
    already in the books, 99.00 dropped, and without a balance to assert nothing said so. An
    entry in the books is one transaction: it stands for one row, the nearest (the same amount
    on the same day before a close amount days away); the others are new."""
    pairs = []
    for n, entry in enumerate(entries):
        if not isinstance(entry, data.Transaction) or entry.meta is None or entry.meta.get(DUPLICATE):
            continue
        pairs.extend((near, n, cand) for near, cand in typed_by_hand(entry, index, compare, window, registry))
    pairs.sort(key=lambda x: (x[0], x[1]))
    taken: dict[int, data.Transaction] = {}
    held: set[int] = set()
    for _, n, cand in pairs:
        key = id(entries[n])
        if key in taken or id(cand) in held:
            continue
        taken[key] = cand
        held.add(id(cand))
    return taken


def _close(a: Decimal, b: Decimal) -> bool:
    if (a < 0) != (b < 0):
        return False
    big = max(abs(a), abs(b))
    return big == 0 or abs(a - b) <= big * Decimal("0.05")


#: words a bank writes on its row for money a payment platform took from the card (the
#: counterparty 财付通支付科技有限公司, 支付宝（中国）网络技术有限公司; memos 财付通-…, 微信支付-…)
PLATFORM_WORDS = ("财付通", "微信", "支付宝", "tenpay", "alipay", "快捷支付")


def _funding_candidates(entry: data.Transaction, index: ExistingIndex, window_days: int):
    """(days apart, whether `entry` is the bill's row, the entry in the books) for each entry
    a card payment and the card's statement row may pair, the nearest days first."""
    ref = str(entry.meta.get("source_ref") or "")
    source = _source_of(ref)
    for p in entry.postings:
        if p.units is None or p.units.number is None or not is_balance_sheet(p.account):
            continue
        funded_here = bool(p.meta and p.meta.get("funding") is not None)
        if not funded_here and p.account != entry.meta.get(SOURCE_ACCOUNT):
            continue  # only a statement's row on its own account (not a register's or roster's entry)
        pool = index.moves if funded_here else index.funded
        if not pool:
            continue  # books without card payments from a bill (or no moves at all): nothing to pair
        for d in range(window_days + 1):
            for day in {entry.date - datetime.timedelta(days=d), entry.date + datetime.timedelta(days=d)}:
                for cand in pool.get((p.account, p.units.number, day), ()):
                    if cand is entry:
                        continue
                    if funded_here and cand.postings[0].account != p.account:
                        continue  # only a statement row of that account (its first posting)
                    cref = str(cand.meta.get("source_ref") or "")
                    if source and _source_of(cref) == source:
                        continue  # the same source is matched by its ids, never linked
                    yield d, funded_here, cand


def _platform_rank(entry: data.Transaction) -> int:
    """How likely a statement row is the card's side of a platform payment: 0 it names the
    platform, 1 it names no one else, 2 it pays a case (its payee the case id). Read in
    simplified characters: a statement in traditional ones names 財付通 and 支付寶."""
    text = simplified(f"{entry.payee or ''} {entry.narration or ''}").lower()
    if any(w in text for w in PLATFORM_WORDS):
        return 0
    return 2 if str(entry.payee or "").endswith("（帮扶对象）") else 1


def funding_pairs(entries: list[data.Transaction], index: ExistingIndex, window_days: int) -> dict[int, data.Transaction]:
    """Statement row (by id()) -> the bill's card payment in the books it is, one to one: the
    rows naming the platform (财付通, 支付宝) first, then the nearest days, then the file's order.

    Why: each row took the first card payment of its amount within the window, in the file's
    order, so a debit of 88.00 paying a case on 3 March was taken for the stationery bought
    through WeChat Pay by card on 5 March: the aid was hidden as that purchase, and the
    statement's 财付通 row of 88.00 booked as a payment of its own."""
    pairs = []
    for n, entry in enumerate(entries):
        if not isinstance(entry, data.Transaction) or entry.meta is None or entry.meta.get(DUPLICATE):
            continue
        for d, funded_here, cand in _funding_candidates(entry, index, window_days):
            if funded_here:
                break  # a bill's row takes the nearest statement row in the books, as before
            if id(cand) not in index.linked_to:
                pairs.append((_platform_rank(entry), d, n, cand))
    pairs.sort(key=lambda x: x[:3])
    taken: dict[int, data.Transaction] = {}
    held: set[int] = set()
    for _, _, n, cand in pairs:
        if id(entries[n]) not in taken and id(cand) not in held:
            taken[id(entries[n])] = cand
            held.add(id(cand))
    return taken


def link_funding(entry: data.Transaction, index: ExistingIndex, window_days: int,
                 pairs: dict[int, data.Transaction] | None = None) -> bool:
    """A card payment in a bill and the card's own statement row: link the second to the first
    (a statement row to the card payment `pairs` gives it, when given: `funding_pairs`; a
    bill's row to the statement row in the books naming the platform first, then the nearest).

    Why the platform first for a bill's row too: imported after the statement, a purchase
    paid by card on 4 March took the debit of its amount to a person that day rather than the
    bank's 财付通 row of the 5th: shown as linked, the purchase was never booked and the
    财付通 row stood flagged as a payment of its own."""
    best = None
    for d, funded_here, cand in _funding_candidates(entry, index, window_days):
        if id(cand) in index.linked_to:
            continue
        if funded_here:
            rank = (_platform_rank(cand), d)
            if best is None or rank < best[0]:
                best = (rank, cand)
            continue
        if pairs is not None and pairs.get(id(entry)) is not cand:
            continue
        best = best or ((), cand)  # a statement's row: the card payment funding_pairs gave it
        break
    if best is None:
        return False
    return index.link(entry, best[1], LINK_FUNDING)


def funding_notes(entries: Iterable[data.Directive]) -> list[str]:
    """A note for each bill row linked to the card's statement row in the books when that
    row was booked as something else than this money's move (the statement came first).

    Why: the 零钱提现 of a bill imported after the card's statement was linked to the
    statement's 财付通 credit, booked as a gift from an unknown payer with a receipt number;
    the dry run said only "linked", its money line counted the withdrawal as already in the
    books, and the balance stayed 500.00 too high with the gift standing (docs/importing.md
    asks to change that entry by hand, but nothing said which entry or how)."""
    notes = []
    for e in entries:
        if not (isinstance(e, data.Transaction) and e.meta and e.meta.get(LINKED) == LINK_FUNDING):
            continue
        statement = e.meta.get(DUPLICATE)
        funded = [p for p in e.postings if p.meta and p.meta.get("funding") is not None]
        if not isinstance(statement, data.Transaction) or not funded:
            continue  # a statement's row linked to a bill's entry in the books: that entry has both sides
        own = [p for p in e.postings if p not in funded and is_balance_sheet(p.account)]
        moved = [q for q in statement.postings if q.account in {p.account for p in own}]
        if not own or (moved and all(q.units in {p.units for p in own} for q in moved)):
            continue  # the statement's row moves this money already (a 提现 from the balance: bank_credits)
        booked = ", ".join(sorted({q.account for q in statement.postings if q.account != funded[0].account}))
        # what the statement's entry moves the bill's account by already (a transfer from the
        # balance of the net, 499.50 of a 500.00 withdrawal): the balance is off by the rest only
        held = sum((q.units.number for q in statement.postings if q.account == own[0].account and q.units is not None
                    and isinstance(q.units.number, Decimal)), ZERO)
        receipt = statement.meta.get("receipt")
        legs = "; ".join(f"{p.account} {p.units.number:,.2f}" for p in e.postings if p not in funded and p.units is not None)
        notes.append(said(f"{entry_row_zh(e)}（{e.narration}，{own[0].units}）关联到该卡对账单在 {entry_where(statement)} 的行"
                          f"（{statement.date}，{statement.postings[0].units}），那一行的对方科目是 {booked or '无'}：对账单先导入了。"
                          f"请手工修改那条分录，让它改为动用这笔钱（{legs}）"
                          + (f"，作废它的收据 {receipt}（custom \"receipt-void\"）并去掉它的捐赠人提议" if receipt else "")
                          + f"，否则 {own[0].account} 会一直差 {abs(own[0].units.number - held):,.2f}（relief reconcile 会显示）",
                          f"{entry_row(e)} ({e.narration}, {own[0].units}) is linked to the card's statement row at "
                          f"{entry_where(statement)} ({statement.date}, {statement.postings[0].units}), which is booked against "
                          f"{booked or 'nothing'}: the statement was imported first. Change that entry by hand so it moves this "
                          f"money ({legs}) instead"
                          + (f", void its receipt {receipt} (custom \"receipt-void\") and drop its donor proposal" if receipt else "")
                          + f", or {own[0].account} stays {abs(own[0].units.number - held):,.2f} off (relief reconcile shows it)"))
    return notes


#: a register's voucher number that starts with a zero (`donations:0012`)
_VOUCHER_WITH_ZERO = "donations:0"


def voucher_without_zeros(ref: str) -> str:
    """`donations:12` for a register's all-digit voucher number written with leading zeros
    (`donations:0012`), else "": the id by which the books also know the voucher.

    Why: Excel reads 凭证号 0012 as the number 12 and saves the register so; imported again,
    each of its rows was proposed as a new gift with a new receipt number (counted twice)."""
    if not ref.startswith(_VOUCHER_WITH_ZERO):
        return ""
    digits = ref[len("donations:"):]
    return f"donations:{digits.lstrip('0') or '0'}" if digits.isdigit() else ""


#: the fingerprint ids of a roster's and a goods register's rows
_AID_ROWS = ("roster-", "goods-")
#: the ids under which the books also know an entry (ExistingIndex)
_ALSO_KNOWN = (_VOUCHER_WITH_ZERO, *_AID_ROWS)


def aid_payment_key(entry: data.Transaction) -> str:
    """An id of a roster's aid payment, or a goods register's hand-out, made of what it gives
    (day, case, approval number without leading zeros, first posting's account and amount or
    quantity), by which the file saved again finds it; "" for an entry that is not one.

    Why: these rows have no id of their own and are known by a fingerprint of the row as
    written; Excel writes 审批单号 0034 as 34, and each payment of the roster (or hand-out of the
    goods register) saved again was proposed as new: the cases paid twice. Both files refuse
    two rows alike in all of these."""
    meta = entry.meta or {}
    approval, case = meta.get("approval"), meta.get("case")
    if not isinstance(approval, str) or not isinstance(case, str) or not entry.postings:
        return ""
    first = entry.postings[0]
    if first.units is None or first.units.number is None:
        return ""
    approval = (approval.lstrip("0") or "0") if approval.isdigit() else approval
    return f"aid-payment:{entry.date}\x1f{case}\x1f{approval}\x1f{first.account}\x1f{first.units}"


def is_register_ref(ref: str) -> bool:
    """A donation register's row (`donations:<voucher>` or its fingerprint `donations-…`)."""
    return ref.startswith(("donations:", "donations-"))


def _gift_parts(entry: data.Transaction) -> tuple[data.Posting, data.Posting, data.Posting | None] | None:
    """(money posting, income posting, fee posting or None) of a gift of money: one Assets
    posting and one Income:Donation posting that balance it, or that balance it with one
    Expenses posting beside them, the charge a platform kept (a WeChat Pay bill's 服务费:
    the income is the gross, the account gets the net). Goods, held at a cost, are never gifts here."""
    postings = entry.postings
    if len(postings) not in (2, 3):  # most entries of large books: answered at once (imports run this on every one)
        return None
    money = income = other = None
    for p in postings:
        if p.account.startswith(DONATION_ROOT):
            if income is not None:
                return None
            income = p
        elif p.cost is None and is_asset(p.account):
            if money is not None:
                return None
            money = p
        elif other is not None:
            return None
        else:
            other = p
    if money is None or income is None:
        return None
    if other is not None and (not is_under(other.account, EXPENSES) or is_under(other.account, AID_ROOT)):
        return None
    parts = [money.units, income.units, *((other.units,) if other is not None else ())]
    if any(u is None or not isinstance(u.number, Decimal) or u.currency != parts[0].currency for u in parts):
        return None
    fee = parts[2].number if other is not None else ZERO
    if parts[0].number <= 0 or fee < 0 or parts[0].number + fee != -parts[1].number:
        return None
    return money, income, other


def _gift(entry: data.Transaction) -> tuple[str, Decimal] | None:
    """(account, amount given) of a gift of money: the gross, whatever a platform kept of it.
    Why the gross: a donation register holds what the donor gave (1,000.00), and a WeChat Pay
    bill that took a 服务费 books 994.00 on the account; matched on the account's 994.00, the
    two were never linked and the gift was booked twice."""
    parts = _gift_parts(entry)
    if parts is None:
        return None
    return parts[0].account, -parts[1].units.number


def split_linked_fees(entries: list[data.Directive], index: ExistingIndex) -> None:
    """A statement's (bill's) gift with a fee, linked to the register's gift already in the
    books, becomes the gift as the register booked it (the gross, linked, not written) and
    the fee as an entry of its own (`<id>:fee`), proposed unless the books hold it.
    Why: linked whole, the fee went with it: the books held the register's 1,000.00 on the
    account, which had received 994.00, and the 6.00 charge was nowhere."""
    for i in range(len(entries) - 1, -1, -1):
        e = entries[i]
        if not isinstance(e, data.Transaction) or e.meta.get(LINKED) != LINK_GIFT:
            continue
        ref = str(e.meta.get("source_ref") or "")
        parts = _gift_parts(e)
        if is_register_ref(ref) or parts is None or parts[2] is None:
            continue
        money, income, fee = parts
        gross = money._replace(units=money.units._replace(number=-income.units.number))
        entries[i] = e._replace(postings=[gross, income])
        # the fund the bill's entry gave its fee (the gift's), as when the bill books the two together
        meta = {k: e.meta[k] for k in ("filename", "lineno", "fund") if k in e.meta}
        meta["source_ref"] = f"{ref}:fee" if ref else ""
        paid = money._replace(units=money.units._replace(number=-fee.units.number))
        charge = data.Transaction(meta, e.date, "*", None, "服务费", data.EMPTY_SET, data.EMPTY_SET, [paid, fee])
        held = index.by_ref.get(meta["source_ref"]) if ref else None
        if held:
            meta[DUPLICATE] = held[0]
        entries.insert(i + 1, charge)


#: why a register's gift of a bill's net is not linked to the bill's gift (docs/importing.md quotes it)
NOT_LINKED = "not linked, as a register holds the amount given"
NOT_LINKED_ZH = "没有关联，因为登记表记的是捐赠的金额"


def fee_net_notes(entries: Iterable[data.Directive], existing, registry, window_days: int) -> list[str]:
    """A note for each register gift that is the net of a bill's gift with a fee (or a bill's
    gift whose net a register holds), the same account and payer within the window. They are
    not linked: a register holds the amount given, and which gift it is would be a guess; the
    officer is told to write the gross in the register, so both are booked once."""
    def fee_gifts(pool):
        out = []
        for e in pool:
            # a gift with a fee has three postings: the test first, as this runs on the whole books
            if isinstance(e, data.Transaction) and len(e.postings) == 3 and not e.meta.get(DUPLICATE):
                parts = _gift_parts(e)
                if parts and parts[2] is not None and not is_register_ref(str(e.meta.get("source_ref") or "")):
                    out.append((e, parts))
        return out

    def register_gifts(pool):
        out = []
        for e in pool:
            if isinstance(e, data.Transaction) and not e.meta.get(DUPLICATE) and is_register_ref(str(e.meta.get("source_ref") or "")):
                gift = _gift(e)
                if gift is not None:
                    out.append((gift, e))
        return out

    entries = [e for e in entries if isinstance(e, data.Transaction) and not e.meta.get(DUPLICATE)]
    new_bills, new_registers = fee_gifts(entries), register_gifts(entries)
    if not new_bills and not new_registers:
        return []  # a pair needs a new side: the books alone are not read (a bank statement's import)
    existing = existing if isinstance(existing, list) else list(existing or ())
    # the books' bills matter only beside new register gifts, and their register gifts beside new bills
    bills = (fee_gifts(existing) if new_registers else []) + new_bills
    registers: dict[tuple[str, Decimal], list[data.Transaction]] = defaultdict(list)
    for gift, e in (register_gifts(existing) if new_bills else []) + new_registers:
        registers[gift].append(e)
    notes = []
    new = {id(e) for e in entries}
    for bill, (money, income, fee) in bills:
        for reg in registers.get((money.account, money.units.number), ()):
            if id(bill) not in new and id(reg) not in new:
                continue
            amount = money.units.number
            if abs((reg.date - bill.date).days) > window_days or not _same_payer(reg, bill, registry):
                continue
            gross = -income.units.number
            what = (f"write {gross:.2f} in the register's 金额 and import it again (the two are then linked, the fee "
                    "booked as a fee); booked both, it is counted twice")
            what_zh = f"请在登记表的 金额 中写 {gross:.2f} 再导入（两者于是关联，服务费记为费用）；两笔都记，就算了两次"
            if id(reg) in new:
                notes.append(said(f"{entry_row_zh(reg)}：登记表 {reg.date} 来自 {bill.payee or reg.payee} 的捐赠 {amount:,.2f}，"
                                  f"正是账单的捐赠 {gross:,.2f}（{entry_where(bill)}，{bill.date}）扣除 服务费 {fee.units.number:,.2f} "
                                  f"后的余额：{NOT_LINKED_ZH}；如果是同一笔捐赠，{what_zh}",
                                  f"{entry_row(reg)}: the register's gift of {amount:,.2f} from {bill.payee or reg.payee} "
                                  f"on {reg.date} is what the bill's gift of {gross:,.2f} ({entry_where(bill)}, {bill.date}) left "
                                  f"after its 服务费 of {fee.units.number:,.2f}: {NOT_LINKED}; if it is that gift, {what}"))
            else:
                notes.append(said(f"{entry_row_zh(bill)}：{bill.date} 来自 {bill.payee or reg.payee} 的捐赠 {gross:,.2f} 扣除 服务费 "
                                  f"{fee.units.number:,.2f} 后余 {amount:,.2f}，正是登记表捐赠（{entry_where(reg)}，{reg.date}）的金额："
                                  f"{NOT_LINKED_ZH}；如果是同一笔捐赠，请手工把登记表的分录改为 {gross:.2f}，"
                                  "然后重新导入本账单；两笔都记，就算了两次",
                                  f"{entry_row(bill)}: the gift of {gross:,.2f} from {bill.payee or reg.payee} on "
                                  f"{bill.date} left {amount:,.2f} after its 服务费 of {fee.units.number:,.2f}, the amount of "
                                  f"the register's gift ({entry_where(reg)}, {reg.date}): {NOT_LINKED}; if it is that gift, "
                                  f"correct the register's entry to {gross:.2f} by hand, "
                                  "then import this bill again; booked both, it is counted twice"))
    return notes


def cash_twin_notes(entries: Iterable[data.Directive], existing, registry, window_days: int, cash_account: str) -> list[str]:
    """A note for each new gift that may be one already in the books on another account: a
    register's gift booked as cash (its 收款方式 left empty, or 现金) beside a bank statement's
    gift of the same amount from the same payer within the window, either way round.

    Why: a register without a 收款方式 column books every gift as cash; the gift that came by
    bank was then in the books twice, once as cash from the register and once from the
    statement, each with a receipt, and no link (the link asks for the same account) or
    note said so. It is a note: two gifts of one amount from one donor, one in cash and one
    by bank, are possible."""
    if not isinstance(existing, list):
        existing = list(existing or ())
    index = index_of(existing)
    banks = sorted({key[0] for key in index.statement_gifts if is_bank(key[0])})
    payers = PayerIndex(registry)
    notes = []
    for e in entries:
        if not isinstance(e, data.Transaction) or e.meta.get(DUPLICATE):
            continue
        gift = _gift(e)
        if gift is None:
            continue
        register = is_register_ref(str(e.meta.get("source_ref") or ""))
        if register and gift[0] != cash_account or not register and not is_bank(gift[0]):
            continue
        pool, accounts = (index.statement_gifts, banks) if register else (index.register_gifts, [cash_account])
        if not pool:
            continue  # no gift of the other kind in the books (a statement's gifts, books without a register's)
        twin = None
        for d in sorted(range(-window_days, window_days + 1), key=abs):
            for account in accounts:
                for cand in payers.near_rows(e, pool.get((account, gift[1], e.date + datetime.timedelta(days=d)), []), register):
                    if cand is not e and (payers.rank(e, cand) if register else payers.rank(cand, e)) <= 1:
                        twin = cand
                        break
                if twin is not None:
                    break
            if twin is not None:
                break
        if twin is None:
            continue
        if register:
            mine, theirs = "as cash", f"from the bank statement ({entry_where(twin)}, {twin.date}, on {twin.postings[0].account})"
            mine_zh, theirs_zh = "按现金", f"来自银行对账单（{entry_where(twin)}，{twin.date}，记在 {twin.postings[0].account}）"
        else:
            mine, theirs = f"on {gift[0]}", f"as cash from the donation register ({entry_where(twin)}, {twin.date})"
            mine_zh, theirs_zh = f"记在 {gift[0]}", f"按现金来自捐赠登记表（{entry_where(twin)}，{twin.date}）"
        notes.append(said(f"{entry_row_zh(e)}：{e.date} 来自 {e.payee or twin.payee} 的捐赠 {gift[1]:,.2f} {mine_zh}记账，"
                          f"而账中有同一付款人同样金额的捐赠，{theirs_zh}：如果是经银行来的同一笔捐赠，请在登记表的 收款方式 写 银行"
                          "（登记表的行与对账单的行随后关联，只记一次）；两笔都记，就算了两次",
                          f"{entry_row(e)}: the gift of {gift[1]:,.2f} from {e.payee or twin.payee} on {e.date} is booked {mine}, "
                          f"and the books hold a gift of that amount from the same payer {theirs}: if it is one gift that came by "
                          "bank, write 银行 in the register's 收款方式 (the register's row and the statement's are then linked, "
                          "and it is booked once); booked both, it is counted twice"))
    return notes


def near_twin_notes(entries: Iterable[data.Directive], existing, registry,
                    window_days: int) -> list[str]:
    """A note for each new gift that may be one already in the books under another amount: a
    register's gift and a statement's (or bill's) on the same account, from the same payer (or a
    payer the bill masks whose name fits the donor's, `payer_rank`: a masked payer was no payer,
    and 张三's 1,000.01 beside 张*'s 1,000.00 was booked twice without a word), within the
    window, not linked because their amounts differ, either way round.

    Why (found by fuzzing, fuzzH): a register's 金额 with one digit changed (1,000.01 for the
    statement's 1,000.00) was booked beside the statement's gift without a word, the gift
    counted twice; the statement's balance assertion stopped the write, but with --no-balance,
    or a masked balance, nothing did. It is a note: one donor may give twice within days. A
    gift with a fee is left to fee_net_notes (a register holding the net)."""
    if not isinstance(existing, list):
        existing = list(existing or ())
    index = index_of(existing)
    days: dict[tuple[bool, str, datetime.date], list[data.Transaction]] = defaultdict(list)
    for register, pool in ((True, index.register_gifts), (False, index.statement_gifts)):
        for (account, _, day), found in pool.items():
            days[(register, account, day)].extend(e for e in found if id(e) not in index.linked_to)
    sides = {register for register, _, _ in days}  # whether the books hold a register's gifts, a statement's
    payers = PayerIndex(registry)
    notes = []
    for e in entries:
        if not isinstance(e, data.Transaction) or e.meta.get(DUPLICATE):
            continue
        parts = _gift_parts(e)
        if parts is None or parts[2] is not None:
            continue
        account, amount = parts[0].account, -parts[1].units.number
        register = is_register_ref(str(e.meta.get("source_ref") or ""))
        if (not register) not in sides:
            continue  # no gift of the other kind in the books: no twin to look for
        twin = None
        for d in sorted(range(-window_days, window_days + 1), key=abs):
            for cand in payers.near_rows(e, days.get((not register, account, e.date + datetime.timedelta(days=d)), []), register):
                theirs = _gift_parts(cand)
                if (cand is not e and theirs is not None and theirs[2] is None
                        and -theirs[1].units.number != amount
                        and payers.rank(*((e, cand) if register else (cand, e))) <= 1):
                    twin = cand
                    break
            if twin is not None:
                break
        if twin is None:
            continue
        other = -_gift_parts(twin)[1].units.number
        which = "the statement's row" if register else "the register's 金额"
        which_zh = "对账单的行" if register else "登记表的 金额"
        payer = e.payee or twin.payee
        notes.append(said(f"{entry_row_zh(e)}：{e.date} 来自 {payer} 的捐赠 {amount:,.2f} 没有与同一付款人在 {account} 的捐赠 "
                          f"{other:,.2f}（{entry_where(twin)}，{twin.date}）关联，因为金额不同：如果是同一笔捐赠，其中一个金额打错了："
                          f"请改正它（{which_zh}或本文件的）再导入；两笔都记，就算了两次",
                          f"{entry_row(e)}: the gift of {amount:,.2f} from {payer} on "
                          f"{e.date} is not linked to the gift of {other:,.2f} from the same payer "
                          f"on {account} ({entry_where(twin)}, {twin.date}), as the amounts differ: "
                          f"if it is one gift, one amount is mistyped: correct it ({which} or this "
                          "file's) and import again; booked both, it is counted twice"))
    return notes


def corrected_row_notes(entries: Iterable[data.Directive], existing) -> list[str]:
    """A note for each new gift of a donation register that the books hold from the same donor,
    on the same day and account, under another amount, from a register row this run no longer
    finds: the row was likely corrected after it was imported.

    Why: a register imported with 5,000.00 where 500.00 was given, corrected in Excel and
    imported again, proposed the 500.00 as a new gift with its own receipt, and the 5,000.00
    stayed booked without a word: 5,500.00 of gifts where 500.00 came; with the entry then
    corrected by hand to 500.00, the row was proposed again all the same. It is a note: one
    donor may give twice in a day, in two registers."""
    from importers.context import _norm
    from ledger.registry import DONATION_BOX_DONOR, UNIDENTIFIED_DONOR

    new = [e for e in entries if isinstance(e, data.Transaction) and not e.meta.get(DUPLICATE)
           and is_register_ref(str(e.meta.get("source_ref") or ""))]
    if not new:
        return []
    claimed = {id(e.meta[DUPLICATE]) for e in entries
               if isinstance(e, data.Transaction) and isinstance(e.meta.get(DUPLICATE), data.Transaction)}
    by_day: dict[tuple[str, datetime.date], list[data.Transaction]] = defaultdict(list)
    for (account, _, day), found in index_of(existing if isinstance(existing, list) else list(existing or ())).register_gifts.items():
        by_day[(account, day)].extend(e for e in found if id(e) not in claimed)

    def who(e: data.Transaction) -> str:
        donor = str(e.meta.get("donor") or "")
        if donor == DONATION_BOX_DONOR:
            return ""  # two donation boxes opened the same day are two gifts
        return donor if donor and donor != UNIDENTIFIED_DONOR else "name:" + _norm(e.payee)

    notes = []
    for e in new:
        parts = _gift_parts(e)
        if parts is None or parts[2] is not None or not who(e):
            continue
        amount = -parts[1].units.number
        for cand in by_day.get((parts[0].account, e.date), ()):
            theirs = _gift_parts(cand)
            if theirs is None or theirs[2] is not None or who(cand) != who(e):
                continue
            booked = -theirs[1].units.number
            head = f"{entry_row(e)}: the gift of {amount:,.2f} from {e.payee or cand.payee} on {e.date} is new, and the books hold"
            head_zh = f"{entry_row_zh(e)}：{e.date} 来自 {e.payee or cand.payee} 的捐赠 {amount:,.2f} 是新的，而账中有"
            if booked == amount:  # the entry corrected by hand after the import: its source_ref is the old row's
                notes.append(said(f"{head_zh}同一捐赠人当天同样金额的一笔登记表捐赠（{entry_where(cand)}），本文件没有哪一行给出它"
                                  "（导入后手工改过？）：如果它就是这一行的捐赠，它已经记账了：请不要导入这一行；两笔都记，就算了两次",
                                  f"{head} a register's gift of that amount from the same donor that day ({entry_where(cand)}) that no "
                                  "row of this file gives (corrected by hand after an import?): if it is this row's gift, it is booked "
                                  "already: leave this row out; booked both, it is counted twice"))
            else:
                notes.append(said(f"{head_zh}同一捐赠人当天 {booked:,.2f} 的一笔登记表捐赠（{entry_where(cand)}），本文件已没有哪一行给出它："
                                  "如果登记表的行改过，请在账中手工改正那条分录的金额（在已结账的期间，记一笔更正：docs/closing.md），"
                                  "并且不要导入这一行；两笔都记，就算了两次",
                                  f"{head} a register's gift of {booked:,.2f} from the same donor that day ({entry_where(cand)}) that "
                                  "no row of this file gives any more: if the register's row was corrected, correct that entry's amount "
                                  "in the books by hand (in a closed period, record a correction: docs/closing.md) and leave this row "
                                  "out; booked both, it is counted twice"))
            break
    return notes


def link_gift(entry: data.Transaction, index: ExistingIndex, window_days: int, registry=None,
              tier: int = 2, chosen: data.Transaction | None = None) -> bool:
    """A register's gift of money and the statement (or bill) row of the same money: link the
    second to the first. Same account, same amount, within `window_days`; each entry takes
    one link at most; among several candidates the payer's match wins, then a masked payer
    fitting the donor's name (`payer_rank`), then the nearest day, then the first row
    (`tier`: the worst rank taken, mark_duplicates' passes 0, 1, 2). `chosen`: the candidate
    `link_gifts` matched it with."""
    if chosen is not None:
        return index.link(entry, chosen, LINK_GIFT)
    found = gift_candidates(entry, index, window_days, registry, tier)
    return bool(found) and index.link(entry, found[0][1], LINK_GIFT)


def gift_candidates(entry: data.Transaction, index: ExistingIndex, window_days: int, registry=None,
                    tier: int = 2, payers: PayerIndex | None = None) -> list[tuple[tuple, data.Transaction]]:
    """The rows `entry` (a gift) may be linked to, as (score, candidate), the best first.
    `payers`: the run's PayerIndex (one is made if not given); at tier 0 only the rows of the
    gift's own payer are looked at (`PayerIndex.own_rows`), not every row of the amount."""
    gift = _gift(entry)
    ref = str(entry.meta.get("source_ref") or "")
    if gift is None or not ref:
        return []
    if payers is None:
        payers = PayerIndex(registry)
    register = is_register_ref(ref)
    pool = index.statement_gifts if register else index.register_gifts
    if not pool:
        return []  # a statement's gift and books without a register's gifts (or the other way round)
    found = []
    for d in range(-window_days, window_days + 1):
        rows = pool.get((*gift, entry.date + datetime.timedelta(days=d)), ())
        if tier == 0 and rows:
            rows = payers.own_rows(entry, rows)
        for cand in rows:
            if id(cand) in index.linked_to or cand is entry:
                continue
            pair = (entry, cand) if register else (cand, entry)
            if _other_donors(*pair):
                continue
            score = (payers.rank(*pair), abs(d), cand.meta.get("lineno") or 0)
            if score[0] > tier:
                continue
            found.append((score, cand))
    found.sort(key=lambda f: f[0])
    return found


def link_gifts(gifts: list[data.Transaction], index: ExistingIndex, window_days: int, registry=None,
               tier: int = 2, payers: PayerIndex | None = None) -> int:
    """Link as many of `gifts` as can be to rows of the same money (link_gift), each row once:
    a matching found by augmenting paths, the gifts whose best row is nearest tried first, each
    trying its rows nearest first. How many were linked.

    Why: row by row, the register's gift of 03-04 took the statement's row of 03-03, the nearest,
    and the register's third gift of 03-01 then found no row within the window (03-02, 03-02 taken,
    03-07 too far): it was booked again as new beside the statement's row, which the gift of 03-04
    could have left it for 03-07."""
    if payers is None:
        payers = PayerIndex(registry)
    options: dict[int, list[tuple[tuple, data.Transaction]]] = {}
    for n, entry in enumerate(gifts):
        if not entry.meta.get(DUPLICATE):
            found = gift_candidates(entry, index, window_days, registry, tier, payers)
            if found:
                options[n] = found
    holder: dict[int, int] = {}  # id(candidate) -> the gift matched with it
    chosen: dict[int, data.Transaction] = {}

    def place(n: int, seen: set[int], depth: int) -> bool:
        for _, cand in options[n]:
            if id(cand) in seen:
                continue
            seen.add(id(cand))
            other = holder.get(id(cand))
            # a chain of gifts moved along is short in any register (a few of one amount in a
            # week); past 200 the gift keeps what is free, as the row-by-row linking did
            if other is None or (depth < 200 and place(other, seen, depth + 1)):
                holder[id(cand)], chosen[n] = n, cand
                return True
        return False

    for n in sorted(options, key=lambda n: (options[n][0][0][:2], n)):
        place(n, set(), 0)
    linked = 0
    for n in sorted(chosen):
        if link_gift(gifts[n], index, window_days, registry, tier, chosen[n]):
            linked += 1
    return linked


def gift_notes(entries: Iterable[data.Directive]) -> list[str]:
    """What the officer must carry over by hand when a register row is linked to a statement's
    entry already in the books that says less (donor UNIDENTIFIED, another fund): the
    importers never rewrite the books."""
    notes = []
    for e in entries:
        if not isinstance(e, data.Transaction) or e.meta.get(LINKED) != LINK_GIFT:
            continue
        booked = e.meta.get(DUPLICATE)
        if not is_register_ref(str(e.meta.get("source_ref") or "")) or not isinstance(booked, data.Transaction):
            continue
        from ledger.registry import UNIDENTIFIED_DONOR

        differ_zh = [f"{key} {e.meta.get(key)}（它写的是 {booked.meta.get(key) or '无'}）"
                     for key in ("donor", "fund", "letter") if e.meta.get(key) and e.meta.get(key) != booked.meta.get(key)
                     and not (key == "donor" and e.meta.get(key) == UNIDENTIFIED_DONOR)]
        differ = [f"{key} {e.meta.get(key)} (it says {booked.meta.get(key) or 'nothing'})"
                  for key in ("donor", "fund", "letter") if e.meta.get(key) and e.meta.get(key) != booked.meta.get(key)
                  and not (key == "donor" and e.meta.get(key) == UNIDENTIFIED_DONOR)]  # never "forget who gave"
        proposed = e.meta.get("proposed_donor")
        if proposed and booked.meta.get("donor") in (None, UNIDENTIFIED_DONOR):
            # a name the registry does not hold yet: its proposal is not written with a linked row
            differ_zh.insert(0, f"donor {proposed}（它写的是 {booked.meta.get('donor') or '无'}；登记表写的是 {e.payee}，"
                                f"还不在登记册中：请先把他们作为 {proposed} 加到 registry/donors.beancount）")
            differ.insert(0, f"donor {proposed} (it says {booked.meta.get('donor') or 'nothing'}; the register names "
                             f"{e.payee}, not in the registry yet: add them to registry/donors.beancount as {proposed} first)")
        if not differ and booked.flag != "!":
            continue
        where = f"{booked.meta.get('filename')}:{booked.meta.get('lineno')}"
        who = f" ({e.payee})" if e.payee else ""
        what = ("set " + ", ".join(differ) + " on it by hand" if differ else "check it") + (" and mark it * once checked" if booked.flag == "!" else "")
        what_zh = (("请在它上面手工写上 " + "，".join(differ_zh)) if differ_zh else "请核对它") + ("，核对后标记为 *" if booked.flag == "!" else "")
        notes.append(said(f"{entry_row_zh(e)}：{e.date} 的捐赠 {e.postings[0].units}{f'（{e.payee}）' if e.payee else ''}已从对账单记账（{where}）；"
                          f"登记表的分录不再添加：{what_zh}",
                          f"{entry_row(e)}: the gift of {e.postings[0].units} on {e.date}{who} is booked "
                          f"from the statement ({where}); the register's entry is not added again: {what}"))
    return notes


def _roster_payment(entry: data.Transaction) -> data.Posting | None:
    """A roster's aid entry (`roster:` / `roster-` id) paid from a bank account or a WeChat Pay /
    Alipay balance (微信转账, whose bill's row pays it as a statement's debit does): its posting there."""
    if not str(entry.meta.get("source_ref") or "").startswith(("roster:", "roster-")):
        return None
    if not any(p.account.startswith(AID_ROOT) for p in entry.postings):
        return None
    return next((p for p in entry.postings if (is_bank(p.account) or is_online(p.account)) and p.units is not None
                 and p.units.number is not None and p.units.number < 0), None)


def gives_back(entry) -> bool:
    """Whether a bill's entry is a refund: naming the payment it gives back (`refund_of`), or a
    WeChat Pay / Alipay row the bill calls a refund (its narration `退款 …`, its payment not found):
    money back to a donor or from a shop, never a payment of aid. Why: a gift given back to a
    donor the bill masked (李*) fitted a case's name (李大伟) and was taken for that case's roster
    aid of the same amount: the refund was never booked, and the transfer that paid the aid was
    booked again on Liabilities:Payable."""
    meta = getattr(entry, "meta", None)
    if not meta:
        return False
    return bool(meta.get("refund_of")) or (str(entry.narration or "").startswith("退款")
                                           and _source_of(str(meta.get("source_ref") or "")) in ("wechat", "alipay"))


def link_paid_aid(entry: data.Transaction, index: ExistingIndex, window_days: int) -> bool:
    """A roster's aid row paid by bank, and the bank statement's debit for it already in the
    books (the statement imported before the roster): link the row to that debit, as a bank
    debit is linked to aid already in the books (`link_roster_aid`), the other way round.

    The debit: a bank's row (not a roster's or register's) on the same bank account, the same
    amount, within `window_days`, its payee the case (`C0001（帮扶对象）`, as the statement
    writes a beneficiary) or its memo naming the approval number, or carrying the row's case or
    approval (set by hand as the note says, so a roster imported again still finds it). Why: the
    roster booked the aid from the bank again, and the money was paid out twice in the books."""
    paid = _roster_payment(entry)
    if paid is None:
        return False
    case, approval = str(entry.meta.get("case") or ""), str(entry.meta.get("approval") or "")
    for d in sorted(range(-window_days, window_days + 1), key=abs):
        for cand in index.moves.get((paid.account, paid.units.number, entry.date + datetime.timedelta(days=d)), ()):
            if (id(cand) in index.linked_to or cand is entry or not cand.postings or cand.postings[0].account != paid.account
                    or gives_back(cand)):
                continue
            ref = str(cand.meta.get("source_ref") or "")
            if not ref or is_register_ref(ref) or _roster_payment(cand) is not None:
                continue
            # the debit as the statement booked it, or as the officer booked it to this aid by
            # hand since (the note says to): the roster imported again must find it still
            payee = "".join(str(cand.payee or "").split())
            if ((case and (payee == f"{case}（帮扶对象）" or str(cand.meta.get("case") or "") == case))
                    or (approval and (approval in str(cand.narration or "") or str(cand.meta.get("approval") or "") == approval))):
                return index.link(entry, cand, LINK_AID)
    return False


#: on a roster row linked with others to one batch debit already in the books: their rows
BATCH_ROWS = "__batch_rows__"


def link_paid_batch(entries: list[data.Transaction], index: ExistingIndex, window_days: int) -> int:
    """Roster rows paid by bank that one debit already in the books paid together (代发: the
    statement imported before the roster lists the batch as one debit of its total): the rows
    of one approval number the debit's memo names, or of one day when the memo says it is a
    batch (代发, 批量, 代付), adding up to the debit to the fen, none linked yet. Each is linked
    to that debit, as `link_paid_aid` links a row to its own. Why: each row looked for a debit
    of its own amount, found none, and the roster paid the aid from the bank a second time."""
    rows = [e for e in entries if isinstance(e, data.Transaction) and not e.meta.get(DUPLICATE) and _roster_payment(e) is not None]
    by_approval: dict[tuple[str, str], list[data.Transaction]] = defaultdict(list)
    by_day: dict[tuple[str, datetime.date], list[data.Transaction]] = defaultdict(list)
    for e in rows:
        paid = _roster_payment(e)
        if e.meta.get("approval"):
            by_approval[(paid.account, str(e.meta["approval"]))].append(e)
        by_day[(paid.account, e.date)].append(e)
    marked = 0
    groups = [(account, approval, group) for (account, approval), group in by_approval.items()]
    groups += [(account, "", group) for (account, _), group in by_day.items()]
    for account, approval, group in groups:
        group = [e for e in group if not e.meta.get(DUPLICATE)]
        if len(group) < 2:
            continue
        total = sum((_roster_payment(e).units.number for e in group), Decimal(0))
        first = min(e.date for e in group)
        debit = None
        for d in sorted(range(-window_days, window_days + 1), key=abs):
            for cand in index.moves.get((account, total, first + datetime.timedelta(days=d)), ()):
                ref = str(cand.meta.get("source_ref") or "")
                if (id(cand) in index.linked_to or not cand.postings or cand.postings[0].account != account or not ref
                        or is_register_ref(ref) or _roster_payment(cand) is not None):
                    continue
                memo = f"{cand.narration or ''} {cand.payee or ''}"
                if (approval and approval in memo) or (not approval and any(w in memo for w in BATCH_WORDS)):
                    debit = cand
                    break
            if debit is not None:
                break
        if debit is None:
            continue
        index.linked_to.add(id(debit))
        numbers = tuple(e.meta.get("lineno") for e in group)
        for e in group:
            e.meta[DUPLICATE] = debit
            e.meta[LINKED] = LINK_AID
            e.meta[BATCH_ROWS] = numbers
            marked += 1
    return marked


def aid_notes(entries: Iterable[data.Directive]) -> list[str]:
    """What the officer must do by hand when a roster's row is linked to the statement's debit
    already in the books: book that debit to the aid (the importers never rewrite the books)."""
    notes = []
    for e in entries:
        booked = e.meta.get(DUPLICATE) if isinstance(e, data.Transaction) else None
        if e.meta.get(LINKED) != LINK_AID or _roster_payment(e) is None or not isinstance(booked, data.Transaction):
            continue
        if booked.flag != "!" and any(p.account.startswith(AID_ROOT) for p in booked.postings):
            continue  # booked to the aid by hand already, and checked
        aid = next(p for p in e.postings if p.account.startswith(AID_ROOT))
        keys = ", ".join(f"{k} {e.meta.get(k)}" for k in ("case", "approval", "fund") if e.meta.get(k))
        batch = e.meta.get(BATCH_ROWS)
        together = (f" with rows {', '.join(str(n) for n in batch if n != e.meta.get('lineno'))} (a batch, 代发: split that "
                    "entry into one aid posting a row)") if batch else ""
        paid_by = "the bill's row" if is_online(_roster_payment(e).account) else "the statement's debit"
        paid_by_zh = "账单的行" if is_online(_roster_payment(e).account) else "对账单的支出"
        together_zh = (f"，与第 {'、'.join(str(n) for n in batch if n != e.meta.get('lineno'))} 行一起（批量代发：请把那条分录"
                       "拆成每行一个帮扶分项）") if batch else ""
        others = ', '.join(p.account for p in booked.postings[1:])
        notes.append(said(f"{entry_row_zh(e)}：{e.date} 的帮扶 {aid.units}（{keys}）已由账中{paid_by_zh}付出"
                          f"（{entry_where(booked)}，{booked.date}）{together_zh}；花名册的分录不再添加：请在那条分录上把钱记到 "
                          f"{aid.account}，而不是 {others or '它的另一个账户'}，手工写上 {keys}，核对后标记为 *",
                          f"{entry_row(e)}: the aid of {aid.units} on {e.date} ({keys}) was paid by {paid_by} "
                          f"already in the books ({entry_where(booked)}, {booked.date}){together}; the roster's entry is not added "
                          f"again: on that entry, book the money to {aid.account} instead of "
                          f"{others or 'its other account'}, set {keys} on it by "
                          "hand and mark it * once checked"))
    return notes


def mark_duplicates(entries: list[data.Directive], existing,
                    compare: Callable[[data.Directive, data.Directive], bool],
                    window: datetime.timedelta = datetime.timedelta(days=2), link_window: int = 5,
                    registry=None) -> int:
    """Mark entries already in `existing`; returns how many were marked.

    In steps, each over the entries the steps before left: the same id (`find_by_ref`, one
    new entry to one entry in the books), then the same row under another layout's
    fingerprint (`other_layout_pairs`), then an entry typed by hand (one to one, the
    nearest first), then a card payment's other side (`funding_pairs`), aid paid by a debit
    and, last, the same gift in a register and a statement."""
    if not isinstance(existing, list):
        existing = list(existing or ())
    index = index_of(existing)
    marked = 0
    claims = claim_refs(entries, index)
    rest: list[data.Transaction] = []
    held: set[int] = set()  # entries in the books found by id
    for entry in entries:
        meta = entry.meta
        if meta is None or meta.get(DUPLICATE):
            continue
        if isinstance(entry, data.Transaction):
            hit = find_by_ref(entry, index, claims)
            if hit is not None:
                meta[DUPLICATE] = hit
                held.add(id(hit))
                marked += 1
            else:
                rest.append(entry)
        elif isinstance(entry, data.Balance):
            held_balance = index.balances.get((entry.date, entry.account, entry.amount.number, entry.amount.currency))
            if held_balance is not None:
                meta[DUPLICATE] = held_balance
                marked += 1
        elif isinstance(entry, data.Custom) and entry.type == PROPOSAL_TYPE:
            if str(meta.get("name", "")) in index.proposal_names:
                meta[DUPLICATE] = True
                marked += 1
    layouts = other_layout_pairs(rest, index, held)
    for entry in rest:
        if id(entry) in layouts:
            entry.meta[DUPLICATE] = layouts[id(entry)]
            entry.meta[OTHER_LAYOUT] = True
            marked += 1
    rest = [entry for entry in rest if not entry.meta.get(DUPLICATE)]
    by_hand = _typed_by_hand_pairs(rest, index, compare, window, registry)
    for entry in rest:
        if id(entry) in by_hand:
            entry.meta[DUPLICATE] = by_hand[id(entry)]
            entry.meta[BY_HAND] = True
            marked += 1
    rest = [entry for entry in rest if not entry.meta.get(DUPLICATE)]
    card_rows = funding_pairs(rest, index, link_window)
    gifts: list[data.Transaction] = []
    for entry in rest:
        if link_funding(entry, index, link_window, card_rows):
            marked += 1
        elif link_paid_aid(entry, index, link_window):
            marked += 1
        elif _gift(entry) is not None:
            gifts.append(entry)
    marked += link_paid_batch(rest, index, link_window)
    # gifts last, the payer's own rows first, then rows whose masked payer fits the donor: a register
    # row pairs with its donor's statement row even when another payer's row of the amount comes earlier
    payers = PayerIndex(registry)
    for tier in (0, 1, 2):
        marked += link_gifts(gifts, index, link_window, registry, tier, payers)
    split_linked_fees(entries, index)
    return marked


def _aid_keys(aid: data.Transaction) -> tuple[set[str], str, str]:
    """What a bank debit is matched on in an aid entry: its cases (entry and postings), its
    approval number, and its payee without spaces."""
    cases = {str(p.meta.get("case")) for p in aid.postings if p.meta and p.meta.get("case")}
    if aid.meta.get("case"):
        cases.add(str(aid.meta["case"]))
    return cases, str(aid.meta.get("approval") or ""), "".join(str(aid.payee or "").split())


def link_roster_aid(entries: list[data.Directive], existing: Iterable[data.Directive], ctx: BooksContext,
                    bank_account: str, window_days: int = 5, used: set[int] | None = None, notes: list[str] | None = None) -> int:
    """Mark bank debits that pay aid already in the books as linked to that aid entry.

    A debit matches an aid transaction that takes the same amount from the same bank
    account within `window_days`, when the payee maps (through private/cases.csv) to a case
    of that aid, or the bank's memo names its approval number, or the payee is the same.
    Each aid entry takes one debit at most. A debit whose own id is already in the books is
    that entry again (mark_duplicates' first check, done here first): it is marked so and
    never takes a link, which would leave the aid it took to be paid by no row, and the
    debit that really paid it imported a second time.
    """
    used = used if used is not None else set()
    if not isinstance(existing, list):
        existing = list(existing or ())
    index = index_of(existing)
    payments = index.aid_payments
    if not payments:
        return 0
    linked = 0
    # The index's aid entries of one (account, amount, day) with what a debit is matched on
    # (_aid_keys), less those already taken: a statement pays the same amount to many
    # households, and each debit of that amount tries every one in its window. Candidates
    # are tried in the same order as the index lists them, day by day.
    open_aid: dict[tuple, list[tuple[data.Transaction, set[str], str, str]]] = {}
    claims = claim_refs(entries, index)
    aid_by_day: dict[datetime.date, list[data.Transaction]] | None = None
    windows: dict = {}  # _batch_aid's aid around each day, while none is linked
    days = [datetime.timedelta(days=d) for d in range(-window_days, window_days + 1)]
    for entry in entries:
        if not isinstance(entry, data.Transaction) or entry.meta.get(DUPLICATE):
            continue
        first = entry.postings[0] if entry.postings else None
        if first is None or first.account != bank_account or first.units is None or first.units.number >= 0:
            continue
        booked = find_by_ref(entry, index, claims)
        if booked is not None:
            entry.meta[DUPLICATE] = booked
            continue
        if gives_back(entry):
            continue
        payee = memo = case_id = None
        fitting: set[str] = set()
        amount = first.units.number
        for delta in days:
            key = (bank_account, amount, entry.date + delta)
            candidates = open_aid.get(key)
            if candidates is None:
                candidates = open_aid[key] = [(aid, *_aid_keys(aid)) for aid in payments.get(key, ()) if id(aid) not in used]
            if not candidates:
                continue
            if payee is None:
                payee, case_id, fitting = _debit_cases(entry, ctx)
                memo = f"{entry.narration or ''}"
            match = next((aid for aid, cases, approval, aid_payee in candidates
                          if (case_id and case_id in cases) or (fitting & cases) or (approval and approval in memo)
                          or (payee and payee == aid_payee)), None)
            if match is not None:
                used.add(id(match))
                candidates[:] = [c for c in candidates if c[0] is not match]
                entry.meta[DUPLICATE] = match
                entry.meta[LINKED] = LINK_AID
                linked += 1
                break
        if not entry.meta.get(DUPLICATE):
            if aid_by_day is None:
                aid_by_day = defaultdict(list)
                for (account, _, when), aids in payments.items():
                    if account == bank_account:
                        aid_by_day[when].extend(aids)
            group = _batch_aid(entry, aid_by_day, used, bank_account, days, windows)
            if group:
                for aid in group:
                    used.add(id(aid))
                for cands in open_aid.values():
                    cands[:] = [c for c in cands if id(c[0]) not in used]
                entry.meta[DUPLICATE] = group[0]
                entry.meta[LINKED] = LINK_AID
                linked += 1
                if notes is not None:
                    paid = [f"{entry_where(a)} {a.meta.get('case') or ''} {_aid_paid(a, bank_account):,.2f}".replace("  ", " ")
                            for a in group]
                    notes.append(said(f"{entry_row_zh(entry)}：{entry.date} 的支出 {-amount:,.2f} 一次付了花名册的 {len(group)} 条帮扶分录"
                                      "（批量代发：" + "、".join(paid) + "）：关联到它们，不再记账",
                                      f"{entry_row(entry)}: the debit of {-amount:,.2f} on {entry.date} pays {len(group)} "
                                      f"aid entries of the roster at once (a batch, 代发: "
                                      + ", ".join(paid) + "): linked to them, not booked again"))
            elif notes is not None:
                near = _aid_of_another_amount(entry, ctx, aid_by_day, used, bank_account, days)
                if near is not None:
                    notes.append(said(f"{entry_row_zh(entry)}：{entry.date} 付给 {entry.payee} 的支出 {-amount:,.2f} 没有关联到账中"
                                      f"付给同一案例的帮扶款 {_aid_paid(near, bank_account):,.2f}（{entry_where(near)}，{near.date}），"
                                      "因为金额不同：如果是同一笔付款，就有一个金额打错了：请改正它（花名册的帮扶分录，或本文件）再导入；"
                                      "两笔都记，帮扶款在账中就付了两次",
                                      f"{entry_row(entry)}: the debit of {-amount:,.2f} to {entry.payee} on {entry.date} is not "
                                      f"linked to the aid of {_aid_paid(near, bank_account):,.2f} to the same case in the books "
                                      f"({entry_where(near)}, {near.date}), as the amounts differ: if it is one payment, one amount is "
                                      "mistyped: correct it (the roster's aid entry, or this file) and import again; booked both, "
                                      "the aid is paid twice in the books"))
    return linked


def aid_on_another_account(entries: list[data.Directive], existing: list[data.Directive], ctx: BooksContext,
                           window_days: int = 5) -> list[str]:
    """Notes for payments to a case (its payee through private/cases.csv) that no aid entry took,
    while aid of the same amount to that case, within the window, is in the books as paid
    from another of the centre's accounts, and no row of this file pays it.

    Why: a roster's 微信转账 books the aid from the WeChat Pay balance; the bill's row for it,
    paid through WeChat Pay by a card, is on the card's account: the two were not linked and
    nothing said so, the aid paid twice in the books (the row flagged on Liabilities:Payable)."""
    index = index_of(existing)
    if not index.aid_payments:
        return []
    accounts = {account for account, _, _ in index.aid_payments}
    # the accounts aid of each amount was paid from: a debit of an amount no aid on another
    # account has is passed by a lookup (a bank statement's every debit comes here)
    paid_from: dict[Decimal, set[str]] = defaultdict(set)
    for account, number, _ in index.aid_payments:
        paid_from[number].add(account)
    taken: set[int] | None = None  # the aid entries linked already, found on the first debit that may be one
    notes = []
    for entry in entries:
        postings = getattr(entry, "postings", None)
        if not postings:
            continue
        first = postings[0]
        others = paid_from.get(first.units.number) if first.units is not None else None
        if not others or others == {first.account} or entry.meta.get(DUPLICATE) or gives_back(entry):
            continue
        if taken is None:
            taken = {id(e.meta[DUPLICATE]) for e in entries if isinstance(e, data.Transaction) and e.meta.get(LINKED) == LINK_AID}
        _, case_id, fitting = _debit_cases(entry, ctx)
        cases = {case_id} if case_id else fitting
        if not cases:
            continue
        found = next(((account, aid) for d in sorted(range(-window_days, window_days + 1), key=abs) for account in sorted(accounts)
                      if account != first.account
                      for aid in index.aid_payments.get((account, first.units.number, entry.date + datetime.timedelta(days=d)), ())
                      if id(aid) not in taken and _aid_keys(aid)[0] & cases), None)
        if found is None:
            continue
        account, aid = found
        taken.add(id(aid))
        amount = -first.units.number
        notes.append(said(f"{entry_row_zh(entry)}：{entry.date} 付给 {entry.payee} 的 {amount:,.2f} 没有关联到花名册付给同一案例的"
                          f"帮扶款 {amount:,.2f}（{entry_where(aid)}，{aid.date}），那笔记为从 {account} 付出：如果是同一笔付款，"
                          f"花名册写的发放方式不是实际付款的那个（{first.account}）：请改正帮扶分录的账户，再重新导入本文件；"
                          "两笔都记，帮扶款在账中就付了两次",
                          f"{entry_row(entry)}: the payment of {amount:,.2f} to {entry.payee} on {entry.date} is not linked to "
                          f"the roster's aid of {amount:,.2f} to the same case ({entry_where(aid)}, {aid.date}), which is booked as paid "
                          f"from {account}: if it is one payment, the roster named another way of paying than the one that paid "
                          f"({first.account}): correct the aid entry's account and import this file again; booked both, the aid is "
                          "paid twice in the books"))
    return notes


def _debit_cases(entry: data.Transaction, ctx: BooksContext) -> tuple[str, str | None, set[str]]:
    """A bank debit's payee (spaces removed), the case it names, and, when the bank masked it
    (李*伟), the cases whose names it fits."""
    payee = "".join(str(entry.payee or "").split())
    own = re.fullmatch(r"(\S+)（帮扶对象）", payee)  # classify puts the case id there, not the name
    case_id = own.group(1) if own else (ctx.case_for_name(payee) if payee else None)
    fitting = ctx.cases_for_masked_name(payee) if payee and not case_id else set()
    return payee, case_id, fitting


def _aid_of_another_amount(entry: data.Transaction, ctx: BooksContext, aid_by_day: dict, used: set[int],
                           bank_account: str, days: list[datetime.timedelta]) -> data.Transaction | None:
    """Aid in the books to the debit's case (its payee through private/cases.csv), from the same
    bank account within the window, not yet paid by a row, of another amount: the nearest day.

    Why (fuzzH): a roster's 800.01 and the statement's 800.00 to the same case on one day were
    not linked and nothing said so; the debit stood flagged on Liabilities:Payable, the aid
    paid twice in the books, stopped only by the statement's balance (not with --no-balance)."""
    _, case_id, fitting = _debit_cases(entry, ctx)
    cases = {case_id} if case_id else fitting
    if not cases:
        return None
    for delta in sorted(days, key=abs):
        for aid in aid_by_day.get(entry.date + delta, ()):
            if id(aid) not in used and _aid_keys(aid)[0] & cases:
                return aid
    return None


#: words a bank writes on one debit paying many people at once (a payroll-style batch)
BATCH_WORDS = ("代发", "批量", "代付")


def _aid_paid(aid: data.Transaction, bank_account: str) -> Decimal:
    """What an aid entry took from the bank account (positive)."""
    return -sum((p.units.number for p in aid.postings if p.account == bank_account and p.units is not None
                 and p.units.number is not None and p.units.number < 0), Decimal(0))


def _batch_aid(entry: data.Transaction, aid_by_day: dict[datetime.date, list[data.Transaction]], used: set[int],
               bank_account: str, days: list[datetime.timedelta], windows: dict | None = None) -> list[data.Transaction]:
    """The roster's aid entries one bank debit pays at once (代发: the bank lists the batch as
    one debit of its total): those under the approval number the memo names, or, when the memo
    says it is a batch (代发, 批量), those of one day; only when they add up to the debit to the
    fen, none of them linked yet. Why: each was looked for alone, none matched the total, and
    the roster's aid was paid from the bank again by the debit (1,300.00 out twice).

    `windows` keeps, per day, the aid not yet linked around it and its approval numbers,
    while `used` (which only grows) is the same size: a statement's many debits of one day
    that pay no aid found them once, not each (about 1 s on 100,000-entry books)."""
    amount = -entry.postings[0].units.number
    memo = f"{entry.narration or ''} {entry.payee or ''}"
    cached = windows.get(entry.date) if windows is not None else None
    if cached is not None and cached[0] == len(used):
        _, by_day, pool, approvals = cached
    else:
        by_day = [[aid for aid in aid_by_day.get(entry.date + delta, ()) if id(aid) not in used]
                  for delta in sorted(days, key=abs)]
        pool = [aid for aids in by_day for aid in aids]
        approvals = sorted({str(aid.meta.get("approval") or "") for aid in pool} - {""}, key=len, reverse=True)
        if windows is not None:
            windows[entry.date] = (len(used), by_day, pool, approvals)
    for approval in approvals:
        if approval in memo:
            group = [aid for aid in pool if str(aid.meta.get("approval") or "") == approval]
            if len(group) > 1 and sum(_aid_paid(a, bank_account) for a in group) == amount:
                return group
    if any(w in memo for w in BATCH_WORDS):
        for group in by_day:
            if len(group) > 1 and sum(_aid_paid(a, bank_account) for a in group) == amount:
                return group
    return []
