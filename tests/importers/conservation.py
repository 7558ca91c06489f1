"""The conservation check for one imported bank statement, shared by the bank tests.

Every yuan of the file is either in a proposed entry (or one already in the books) on the
statement's account, or in a skipped row listed with its amount; together they equal the
file's own movement the importer measured (Report.file_in + file_out), and that equals the
movement the test computed from the file without the importer.
"""

from __future__ import annotations

from decimal import Decimal

from beancount.core import data

ZERO = Decimal(0)


def booked(entries: list, account: str) -> Decimal:
    """The net of every transaction's postings to `account` (new and already in the books)."""
    return sum((p.units.number for e in entries if isinstance(e, data.Transaction)
                for p in e.postings if p.account == account and p.units is not None), ZERO)


def problems(entries: list, report, account: str, money_in: Decimal, money_out: Decimal) -> list[str]:
    """What does not add up ([] when every yuan is accounted for)."""
    found = []
    if report.file_in is None or report.file_out is None:
        return ["the report does not give the file's movement (file_in / file_out)"]
    file_in, file_out = report.file_in.get(account, ZERO), report.file_out.get(account, ZERO)
    if (file_in, file_out) != (money_in, money_out):
        found.append(f"the importer read the file's movement as in {file_in} / out {file_out}, "
                     f"the file says in {money_in} / out {money_out}")
    unpriced = [s for s in report.skipped if s.amount is None]
    if unpriced:
        found.append(f"skipped rows without an amount: {[s.row for s in unpriced]}")
    skipped = sum((s.amount for s in report.skipped if s.amount is not None), ZERO)
    proposed = booked(entries, account)
    if proposed + skipped != money_in + money_out:
        found.append(f"proposed {proposed} + skipped {skipped} = {proposed + skipped}, "
                     f"but the file moves {money_in + money_out}")
    return found


def plant_one_fen(entries: list, account: str) -> list:
    """The same entries with one posting to `account` off by one fen (and its other leg too,
    so the entry still balances: only the conservation check can notice)."""
    out = list(entries)
    for i, e in enumerate(out):
        if isinstance(e, data.Transaction) and len(e.postings) == 2 and any(p.account == account for p in e.postings):
            postings = [p._replace(units=p.units._replace(number=p.units.number + (Decimal("0.01") if p.account == account else Decimal("-0.01"))))
                        for p in e.postings]
            out[i] = e._replace(postings=postings)
            return out
    raise AssertionError("no transaction to plant an error in")
