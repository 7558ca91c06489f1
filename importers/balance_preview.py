"""The dry run's look ahead at the closing balances it proposes.

Why: a statement imported into books without the account's opening balance (new books, or
the months before it not imported yet) was proposed by the dry run as any other, exit 0;
only `--write` then failed, on the balance assertion made from the statement's closing
balance. A finance officer new to the books reviewed and approved a dry run that could
never be written. Each proposed `balance` is summed here as beancount will check it (the
account and its sub-accounts, every entry dated before the assertion's day: the books',
and the new entries of every file of the run), and one that will not hold is named at the
end of the dry run (after the entries, where the summary is read; not among a file's notes,
which the golden files of the importers' tests hold as they stand).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from beancount.core import data

from ledger.accounts import OPENING_BALANCES_ACCOUNT


def balance_notes(existing: list, results: list) -> list[str]:
    """One note per proposed closing balance the books with the run's entries will not reach,
    each naming its file."""
    new = [e for r in results if not r.problem for e in r.new]
    wanted = {(e.account, e.amount.currency) for e in new if isinstance(e, data.Balance)}
    if not wanted:
        return []
    accounts = {account for account, _ in wanted}
    moves: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    counts_for: dict[str, list[str]] = {}  # per posting account, once: 100 000 entries name a few dozen
    for entry in (*existing, *new):
        if not isinstance(entry, data.Transaction):
            continue
        for posting in entry.postings:
            units = posting.units
            if units is None or units.number is None:
                continue
            found = counts_for.get(posting.account)
            if found is None:
                found = counts_for[posting.account] = _self_and_parents(posting.account, accounts)
            for account in found:
                moves[(account, units.currency)].append((entry.date, units.number))
    notes = []
    for r in results:
        if r.problem:
            continue
        for e in r.new:
            if isinstance(e, data.Balance):
                note = _note(e, moves[(e.account, e.amount.currency)])
                if note:
                    notes.append(f"{r.path.name}: {note}")
    return notes


def _self_and_parents(account: str, wanted: set[str]) -> list[str]:
    """The accounts of `wanted` a posting to `account` counts for: itself and its parents
    (beancount's balance of an account includes its sub-accounts)."""
    parts = account.split(":")
    return [a for a in (":".join(parts[:i]) for i in range(1, len(parts) + 1)) if a in wanted]


def _note(balance: data.Balance, moves: list[tuple]) -> str | None:
    held = sum((number for day, number in moves if day < balance.date), Decimal(0))
    stated = balance.amount.number
    difference = stated - held
    if abs(difference) <= (balance.tolerance or 0):
        return None
    how = "too little" if difference > 0 else "too much"
    currency = balance.amount.currency
    return (f"the statement's closing balance, {stated:,.2f} {currency} on {balance.account} at the "
            f"start of {balance.date}, would not hold: the books with these entries hold "
            f"{held:,.2f} ({abs(difference):,.2f} {how}), so --write will refuse the import; "
            f"import the earlier statements first, or record the account's opening balance "
            f"({OPENING_BALANCES_ACCOUNT}) on the day before the statement starts")
