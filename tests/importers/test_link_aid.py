"""Bank debits linked to the aid already in the books (importers/dedupe.py
`link_roster_aid`): the indexed form gives exactly the links of the plain rule it speeds up,
on generated statements where many households get the same amount in the same days."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

from beancount.core import data
from beancount.core.amount import Amount
from hypothesis import given, settings
from hypothesis import strategies as st

from importers.dedupe import DUPLICATE, LINKED, _aid_keys, link_roster_aid

BANK = "Assets:Bank:Basic"
DAY0 = datetime.date(2026, 3, 1)


def plain_links(entries, existing, ctx, bank_account, window_days=5):
    """The rule as docs and the docstring state it, one candidate at a time (the definition)."""
    used: set[int] = set()
    links = []
    aid_entries = [e for e in existing if any(p.account.startswith("Expenses:Aid") for p in e.postings)]
    booked_refs = {e.meta.get("source_ref") for e in existing if e.meta.get("source_ref")}
    for entry in entries:
        first = entry.postings[0]
        if first.account != bank_account or first.units.number >= 0:
            continue
        if entry.meta.get("source_ref") in booked_refs:
            links.append(None)  # the row itself is in the books: never a link
            continue
        payee = "".join(str(entry.payee or "").split())
        own = re.fullmatch(r"(\S+)（帮扶对象）", payee)
        case_id = own.group(1) if own else (ctx.case_for_name(payee) if payee else None)
        memo = entry.narration or ""
        found = None
        for d in range(-window_days, window_days + 1):
            day = entry.date + datetime.timedelta(days=d)
            for aid in aid_entries:
                if id(aid) in used or aid.date != day:
                    continue
                if not any(p.account == bank_account and p.units.number == first.units.number for p in aid.postings):
                    continue
                cases, approval, aid_payee = _aid_keys(aid)
                if (case_id and case_id in cases) or (approval and approval in memo) or (payee and payee == aid_payee):
                    found = aid
                    break
            if found is not None:
                break
        if found is not None:
            used.add(id(found))
        links.append(found)
    return links


def txn(day: int, payee: str, narration: str, postings, meta=None):
    return data.Transaction({"filename": "t", "lineno": day, **(meta or {})}, DAY0 + datetime.timedelta(days=day), "*",
                            payee, narration, frozenset(), frozenset(), postings)


def posting(account: str, amount: Decimal, meta=None):
    return data.Posting(account, Amount(amount, "CNY"), None, None, None, meta)


amounts = st.sampled_from([Decimal("600.00"), Decimal("800.00"), Decimal("1000.00")])
cases = st.sampled_from(["C0001", "C0002", "C0003", "C0004"])
aid_st = st.tuples(st.integers(0, 12), amounts, cases, st.sampled_from(["", "SP-1", "SP-2", "SP-3"]), st.sampled_from(["", "张三", "李四"]))
debit_st = st.tuples(st.integers(0, 12), amounts, st.sampled_from(["张三", "李四", "王五", "C0002（帮扶对象）", ""]),
                     st.sampled_from(["", "见审批单SP-2", "SP-3", "转账"]), st.booleans())


@settings(max_examples=200, deadline=None)
@given(st.lists(aid_st, max_size=25), st.lists(debit_st, max_size=25))
def test_the_indexed_links_are_the_plain_rule(aids, debits):
    """Some debits are rows an earlier import booked (their id is in the books, on a bank-fee
    entry so that they are no aid candidate themselves): those are never linked."""
    existing = [txn(day, payee, "帮扶", [posting("Expenses:Aid:Relief", amount, {"case": case}), posting(BANK, -amount)],
                    {"approval": approval} if approval else None)
                for day, amount, case, approval, payee in aids]
    entries = []
    for i, (day, amount, payee, memo, booked) in enumerate(debits):
        ref = {"source_ref": f"icbc:{i}"}
        entries.append(txn(day, payee, memo, [posting(BANK, -amount), posting("Expenses:Aid:Relief", amount)], ref))
        if booked:
            existing.append(txn(day, payee, memo, [posting(BANK, -amount), posting("Expenses:Admin:BankFees", amount)], ref))
    ctx = SimpleNamespace(case_for_name={"王五": "C0004"}.get, cases_for_masked_name=lambda name: set())
    expected = plain_links(entries, existing, ctx, BANK)
    linked = link_roster_aid(entries, existing, ctx, BANK)
    assert [e.meta.get(DUPLICATE) if e.meta.get(LINKED) else None for e in entries] == expected
    assert linked == sum(1 for x in expected if x is not None)
    refs = {e.meta["source_ref"]: e for e in existing if e.meta.get("source_ref")}
    # a booked row is marked as that entry here or later by mark_duplicates, never linked
    assert all(e.meta.get(DUPLICATE) in (None, refs[e.meta["source_ref"]]) and not e.meta.get(LINKED)
               for e in entries if e.meta["source_ref"] in refs)


def test_a_row_already_in_the_books_never_takes_the_link_of_the_row_that_paid_the_aid():
    """A statement imported again holds a row booked last time (on a bank-fee entry) and the
    row that paid the roster's aid, same payee and amount, two days apart. The booked row came
    first in the file and took the aid's link, so the paying row was proposed as new: the aid
    would have been booked twice."""
    aid = txn(3, "张三", "帮扶", [posting("Expenses:Aid:Relief", Decimal("600.00"), {"case": "C0001"}),
                                 posting(BANK, Decimal("-600.00"))])
    booked = txn(2, "张三", "转账", [posting(BANK, Decimal("-600.00")), posting("Expenses:Admin:BankFees", Decimal("600.00"))],
                 {"source_ref": "icbc:A"})
    again = txn(2, "张三", "转账", [posting(BANK, Decimal("-600.00")), posting("Expenses:Aid:Relief", Decimal("600.00"))],
                {"source_ref": "icbc:A"})
    paying = txn(4, "张三", "转账", [posting(BANK, Decimal("-600.00")), posting("Expenses:Aid:Relief", Decimal("600.00"))],
                 {"source_ref": "icbc:B"})
    ctx = SimpleNamespace(case_for_name=lambda name: None, cases_for_masked_name=lambda name: set())
    assert link_roster_aid([again, paying], [aid, booked], ctx, BANK) == 1
    assert again.meta[DUPLICATE] is booked and not again.meta.get(LINKED)
    assert paying.meta[DUPLICATE] is aid and paying.meta[LINKED]


def test_the_index_of_a_new_list_is_never_a_freed_lists(monkeypatch):
    """index_of's cache was keyed by the list's id and length: a new list of the same length
    at a freed list's address was answered with the freed list's index (it made a
    hypothesis test above fail now and then). Two lists with one id stand for that here."""
    from importers import dedupe

    def books(amount: str) -> list:
        return [txn(1, "张三", "帮扶", [posting("Expenses:Aid:Relief", Decimal(amount), {"case": "C0001"}),
                                       posting(BANK, -Decimal(amount))])]

    monkeypatch.setattr(dedupe, "id", lambda obj: 1, raising=False)  # every object at one address
    dedupe.index_of(books("600.00"))
    second = books("800.00")
    assert set(dedupe.index_of(second).aid_payments) == {(BANK, Decimal("-800.00"), DAY0 + datetime.timedelta(days=1))}
