"""Where a failed balance went wrong: the window its difference arose in, and the entries there.

One wrong entry (aid typed twice, a gift on the wrong day, a sign typed wrong) makes every
later `balance` of the account fail by the same amount: a finance officer saw twelve
"Balance failed … (800.00 too little)" lines, one per month-end after the mistake, and
nothing saying they were one mistake nor where it was. A balance says only that the books
differ at its date; the last balance before it that held bounds the search from the other
side. So the first failing balance of such a run is told:

- the window: after the last balance of the account that held (or since the account opened),
  before this one;
- the entries in that window that move the difference on the account (an extra or missing
  entry of that amount), or half of it (an amount typed with the wrong sign), up to three;
- how many later balances fail by the same amount (fixing this one fixes them);

and each later balance of the run says it is the same difference. The number of errors is
unchanged: bean-check, Fava and `relief check` list the same balances, these read better.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from beancount.core import data

from ledger.accounts import is_under

#: entries named at most per failing balance (the window of a yearly balance may hold many)
SHOWN = 3


def _where(entry: Any) -> str:
    meta = entry.meta or {}
    return f"{meta.get('filename', '?')}:{meta.get('lineno', '?')}"


def _describe(entry: data.Transaction, number: Decimal) -> str:
    words = " ".join(w for w in (entry.payee, entry.narration) if w)
    return f"{_where(entry)} ({entry.date} {words}: {number:,.2f})".replace(" :", ":")


def _key(balance: data.Balance) -> tuple:
    meta = balance.meta or {}
    return (balance.date, balance.account, balance.amount.currency, meta.get("filename"), meta.get("lineno"))


def _failed(error: Any) -> data.Balance | None:
    entry = getattr(error, "entry", None)
    return entry if type(error).__name__ == "BalanceError" and isinstance(entry, data.Balance) else None


def _suspects_in(entries: Sequence[Any], account: str, currency: str, start: datetime.date | None,
               end: datetime.date, difference: Decimal) -> list[str]:
    """Entries dated in [start, end) moving `difference` (or half of it) on the account, as
    "file:line (date payee narration: amount)"."""
    wanted = {abs(difference), abs(difference) / 2}
    found: list[str] = []
    for entry in entries:
        if not isinstance(entry, data.Transaction) or entry.date >= end or (start is not None and entry.date < start):
            continue
        for posting in entry.postings:
            units = posting.units
            if (units is not None and units.currency == currency and isinstance(units.number, Decimal)
                    and abs(units.number) in wanted and is_under(posting.account, account)):
                found.append(_describe(entry, units.number))
                break
    return found


def twice_in(entries: Sequence[Any], account: str, start: datetime.date | None, end: datetime.date) -> list[str]:
    """Transactions dated in [start, end) on the account whose `source_ref` another of them
    carries too (one row of a bank's or platform's file booked twice), as "REF: file:line and
    file:line".

    Why: the same statement imported on two machines and both sides kept by a merge (its
    receipts numbered apart, so no receipt was used twice) made the balance fail by the sum of
    its rows, and nothing said that every row was in the books twice."""
    by_ref: dict[str, list[Any]] = defaultdict(list)
    for entry in entries:
        if not isinstance(entry, data.Transaction) or entry.date >= end or (start is not None and entry.date < start):
            continue
        ref = (entry.meta or {}).get("source_ref")
        if ref and any(is_under(p.account, account) for p in entry.postings):
            by_ref[str(ref)].append(entry)
    return [f"{ref}: " + " and ".join(_where(e) for e in found) for ref, found in by_ref.items() if len(found) > 1]


def _shown(suspects: Sequence[str]) -> str:
    """At most SHOWN of them, then how many more."""
    return "; ".join(suspects[:SHOWN]) + (f"; and {len(suspects) - SHOWN} more" if len(suspects) > SHOWN else "")


#: beancount's message on a transaction whose lines do not add up to zero (it keeps the transaction)
UNBALANCED = "Transaction does not balance"


def _unbalanced_in(errors: Sequence[Any], account: str, start: datetime.date | None, end: datetime.date) -> list[str]:
    """The transactions beancount says do not balance, dated in [start, end) with a posting
    on the account, as "file:line (date payee narration)".

    Why: beancount keeps such a transaction, so an extra one made the balance fail; it was
    named, if at all, among the ordinary entries moving the difference (after three of them,
    "and 1 more"), and its own error stood elsewhere in the list."""
    found: list[str] = []
    for error in errors:
        entry = getattr(error, "entry", None)
        if (isinstance(entry, data.Transaction) and UNBALANCED in str(getattr(error, "message", ""))
                and entry.date < end and (start is None or entry.date >= start)
                and any(is_under(p.account, account) for p in entry.postings)):
            words = " ".join(w for w in (entry.payee, entry.narration) if w)
            place = f"{_where(entry)} ({entry.date} {words})"
            if place not in found:
                found.append(place)
    return found


def explain_balance_runs(errors: list[Any], entries: Iterable[Any] | None) -> list[Any]:
    """`errors` with each failed balance's message telling where its difference arose."""
    failed = {id(b): b for b in map(_failed, errors) if b is not None}
    if not failed or entries is None:
        return errors
    entries = list(entries)
    # every balance of the accounts that failed, in date order, with its outcome
    accounts = {(b.account, b.amount.currency) for b in failed.values()}
    history: dict[tuple[str, str], list[data.Balance]] = defaultdict(list)
    opened: dict[str, datetime.date] = {}
    for entry in entries:
        if isinstance(entry, data.Balance) and (entry.account, entry.amount.currency) in accounts:
            history[(entry.account, entry.amount.currency)].append(entry)
        elif isinstance(entry, data.Open):
            opened[entry.account] = entry.date
    # by the balance and its place: two balances of one day (a merge kept both) are two
    told: dict[tuple, str] = {}
    for (account, currency), balances in history.items():
        balances.sort(key=lambda b: b.date)
        held: datetime.date | None = None
        run_start: data.Balance | None = None
        for i, balance in enumerate(balances):
            diff = balance.diff_amount.number if balance.diff_amount is not None else None
            if diff is None:
                held, run_start = balance.date, None
                continue
            key = _key(balance)
            if run_start is not None and run_start.diff_amount.number == diff:
                told[key] = f"the same difference as the balance of {run_start.date} ({_where(run_start)}): fixing that one fixes this"
                continue
            run_start = balance
            same = 0
            for later in balances[i + 1:]:
                if later.diff_amount is None or later.diff_amount.number != diff:
                    break
                same += 1
            since = held if held is not None else opened.get(account)
            window = (f"the balance of {held} held, so the difference arose from {held} to {balance.date}" if held is not None
                      else f"no earlier balance of {account} held, so the difference arose before {balance.date}")
            suspects = _suspects_in(entries, account, currency, since, balance.date, diff)
            half = abs(diff) / 2
            if suspects:
                shown = _shown(suspects)
                look = (f"entries there moving {abs(diff):,.2f} (an entry extra or typed twice) or {half:,.2f} "
                        f"(a sign typed wrong) on {account}: {shown}")
            else:
                look = (f"no entry there moves {abs(diff):,.2f} or {half:,.2f} on {account}: look for a missing entry "
                        "of that amount, or several entries that make it up")
            after = (f"; the next {same} balance(s) of {account} fail by the same {abs(diff):,.2f} {currency}: "
                     "fixing this one fixes them" if same else "")
            unbalanced = _unbalanced_in(errors, account, since, balance.date)
            if unbalanced:
                look = (f"a transaction there does not balance (beancount's error on it; it is in the balance all the "
                        f"same): {_shown(unbalanced)}; " + look)
            twice = twice_in(entries, account, since, balance.date)
            if twice:
                look = (f"{len(twice)} row(s) of the bank's or platform's files are in the books twice, the same "
                        f"source_ref on two entries (a file imported twice, such as on two machines with both sides kept by "
                        f"a merge; delete one of each pair): {_shown(twice)}; " + look)
            told[key] = f"{window}; {look}{after}"
    out = []
    for error in errors:
        balance = _failed(error)
        hint = told.get(_key(balance)) if balance is not None else None
        out.append(error._replace(message=f"{error.message}. {hint[0].upper()}{hint[1:]}") if hint else error)
    return out
