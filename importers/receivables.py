"""A government allocation arriving at the bank that the books hold as approved, not yet received.

DESIGN's flow: an allocation is promised, then arrives. The centre books the promise when it
is approved (批复下达: `Assets:Receivable:Government` against `Income:Government`, in the
fund it is for, as relief demo does) and the arrival against that receivable (到账). The
import books an allocation's arrival (拨款, 下拨, or a payer rule) to `Income:Government`,
so where the promise is in the books the allocation counted twice as income.

Here, after a statement's rows are classified: a new credit booked to `Income:Government`
that exactly one open receivable fits (the same amount, approved by then, the same payer or
one whose name holds the other's, 财政局 for 江临市财政局) is proposed as that receivable's
settlement: flagged, in its fund, with its links, the note and the dry run saying so. Where
none fits, or several do, the entry stays as it was and its note names the receivables
still open. A receivable is open while the postings on it under its link add up to more
than nothing; one without a link is settled by a later credit of the same amount.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import NamedTuple

from beancount.core import data, flags

from importers.dedupe import DUPLICATE, entry_where, index_of
from importers.errors import Said
from ledger.accounts import GOVERNMENT_RECEIVABLE_ACCOUNT, is_under

#: what the classifier's note on an allocation says when it cannot tell whether one was approved
RECEIVABLE_HINT = (f"; if the allocation was booked when approved (on {GOVERNMENT_RECEIVABLE_ACCOUNT}), book this "
                   "against that receivable instead, or it counts twice")


class Receivable(NamedTuple):
    """An allocation approved and not yet received: the entry that booked it, the account,
    what is still to come, and the currency."""

    entry: data.Transaction
    account: str
    amount: Decimal
    currency: str

    def named(self) -> str:
        """How a note names it: day, payer, what is to come, links, and where it is written."""
        links = " ".join(f"^{link}" for link in sorted(self.entry.links or ()))
        return (f"{self.entry.date} {self.entry.payee or ''} {self.amount:,.2f} {self.currency}"
                f"{' ' + links if links else ''} ({entry_where(self.entry)})").replace("  ", " ")


def open_receivables(existing: list[data.Directive]) -> list[Receivable]:
    """The allocations the books hold as approved and not yet received, oldest first."""
    postings: list[tuple[data.Transaction, str, Decimal, str]] = []
    seen: set[tuple[int, str, Decimal]] = set()
    for (account, number, _), found in index_of(existing).moves.items():
        if not is_under(account, GOVERNMENT_RECEIVABLE_ACCOUNT):
            continue
        for entry in found:
            if (id(entry), account, number) in seen:
                continue
            seen.add((id(entry), account, number))
            currency = next((p.units.currency for p in entry.postings if p.account == account), "CNY")
            postings.append((entry, account, number, currency))
    postings.sort(key=lambda p: p[0].date)
    found: list[Receivable] = []
    unlinked_credits = [n for e, _, n, _ in postings if n < 0 and not e.links]
    for entry, account, number, currency in postings:
        if number <= 0:
            continue
        if entry.links:
            # settled by what is booked under its link (the demo's ^GRANT-2026-1 到账)
            left = sum((n for e, a, n, _ in postings if a == account and e.links & entry.links), Decimal(0))
        else:
            # settled by a later credit of that amount written without a link
            left = number
            if -number in unlinked_credits:
                unlinked_credits.remove(-number)
                left = Decimal(0)
        if left > 0:
            found.append(Receivable(entry, account, min(left, number), currency))
    return found


def _fits(receivable: Receivable, payer: str, amount: Decimal, currency: str, day: datetime.date) -> bool:
    theirs, ours = "".join(str(receivable.entry.payee or "").split()), "".join(payer.split())
    return (receivable.amount == amount and receivable.currency == currency and receivable.entry.date <= day
            and (not theirs or not ours or theirs in ours or ours in theirs))


def settle_allocations(entries: list[data.Directive], credits: list[data.Transaction], existing: list[data.Directive],
                       notes: list[str]) -> None:
    """Propose each new allocation's arrival among `credits` (the classifier's
    `government_credits`: money in booked to Income:Government) as the settlement of the one
    open receivable it fits, or name the open ones in its note (see the module's docstring);
    in place in `entries`. Nothing runs for a statement with no such credit."""
    if not credits:
        return
    index = index_of(existing)
    wanted = {id(e) for e in credits if not e.meta.get(DUPLICATE) and len(e.postings) == 2  # a row in the books already
              and not index.by_ref.get(str(e.meta.get("source_ref") or ""))}  # has nothing to settle
    candidates = [n for n, entry in enumerate(entries) if id(entry) in wanted] if wanted else []
    if not candidates:
        return
    pending = open_receivables(existing)
    if not pending:
        return
    for n in candidates:
        entry = entries[n]
        bank, source = entry.postings
        fitting = [r for r in pending if _fits(r, str(entry.payee or ""), bank.units.number, bank.units.currency, entry.date)]
        note = str(entry.meta.get("note") or "").replace(RECEIVABLE_HINT, "")
        meta = dict(entry.meta)
        if len(fitting) == 1:
            (settled,) = fitting
            pending.remove(settled)
            said = (f"settles the allocation approved on {settled.entry.date} ({entry_where(settled.entry)}, "
                    f"{settled.amount:,.2f} on {settled.account})")
            meta["note"] = (f"{said}: booked against that receivable, not to {source.account} a second time; check it is "
                            f"that allocation (else book it to {source.account})")
            fund = settled.entry.meta.get("fund")
            if fund:
                meta["fund"] = fund
            posting = source._replace(account=settled.account)
            entries[n] = entry._replace(meta=meta, flag=flags.FLAG_WARNING, links=(entry.links or frozenset()) | settled.entry.links,
                                        postings=[bank, posting])
            notes.append(Said(f"第 {entry.meta.get('lineno')} 行：来自 {entry.payee or '文件没有写明的付款人'} 的拨款 "
                              f"{bank.units.number:,.2f} 结清了 {settled.entry.date} 批准的拨款（{entry_where(settled.entry)}，"
                              f"{settled.account} 上 {settled.amount:,.2f}）：作为它的到账提议，已标记",
                              f"row {entry.meta.get('lineno')}: the allocation of {bank.units.number:,.2f} from "
                              f"{entry.payee or 'a payer the file does not name'} {said}: proposed as its arrival, flagged"))
            continue
        listed = "; ".join(r.named() for r in pending[:5]) + (f"; and {len(pending) - 5} more" if len(pending) > 5 else "")
        which = "allocation approved and not yet received" if len(pending) == 1 else "allocations approved and not yet received"
        why = (f"{len(fitting)} of them fit its payer and amount" if len(fitting) > 1
               else "it is of another payer or amount" if len(pending) == 1 else "none is of its payer and amount")
        meta["note"] = "; ".join(t for t in (note, (
            f"the books hold {len(pending)} {which} on {GOVERNMENT_RECEIVABLE_ACCOUNT} ({listed}), and {why}: if this "
            "allocation is one of them, book it against that receivable (its fund and link) instead, or it counts "
            "twice")) if t)
        entries[n] = entry._replace(meta=meta, flag=flags.FLAG_WARNING)
