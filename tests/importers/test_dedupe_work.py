"""De-duplication does the work a statement needs and no more: counted, not timed, so the
tests say the same on a slow machine as on a fast one.

Why: the dry run of a 100,000-row statement into 100,000-transaction books is measured
against bean-check (issue 15). Each of these was work done for every row (or every entry in
the books) that could find nothing: the amount of every posting of every imported entry in
the books bucketed for the fuzzy index, which holds entries typed by hand only; eleven days
of a register's gifts looked up for each of a statement's gifts (three times: once for each
tier of payer match) in books holding no register's gift, and eleven days of a bill's card
payments for each statement row in books holding none; each id split into its source and
bare id again each of the five or so times de-duplication asks.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from beancount.core import data
from beancount.core.amount import Amount

from importers import dedupe, records

DAY = datetime.date(2026, 3, 2)


def _txn(ref: str, amount: str, other: str = "Income:Donation:Individual", payee: str = "王小明") -> data.Transaction:
    meta = {"filename": "books.beancount", "lineno": 1}
    if ref:
        meta["source_ref"] = ref
    n = Decimal(amount)
    postings = [data.Posting("Assets:Bank:Basic", Amount(n, "CNY"), None, None, None, None),
                data.Posting(other, Amount(-n, "CNY"), None, None, None, None)]
    return data.Transaction(meta, DAY, "*", payee, "转账存入", frozenset(), frozenset(), postings)


class _Counting(dict):
    """A dict that counts its lookups."""

    def __init__(self, *args):
        super().__init__(*args)
        self.asked = 0

    def get(self, key, default=None):
        self.asked += 1
        return super().get(key, default)


def test_imported_entries_are_not_bucketed(monkeypatch):
    """Only entries typed by hand (no source_ref) go into the fuzzy index: the others' amounts
    are never bucketed."""
    calls = []
    real = dedupe._bucket
    monkeypatch.setattr(dedupe, "_bucket", lambda number: calls.append(number) or real(number))
    imported = [_txn(f"ICBC{n:05d}", "100.00") for n in range(50)]
    by_hand = _txn("", "100.00")
    index = dedupe.ExistingIndex([*imported, by_hand])
    assert len(calls) == 2  # the two postings of the entry typed by hand
    assert [e for entries in index.fuzzy.values() for e in entries] == [by_hand, by_hand]
    assert len(index.by_ref) == 50


def test_statement_gift_looks_up_no_register_gift_in_books_without_any():
    """A statement's gift is linked only to a register's gift: with none in the books, no day is looked up."""
    index = dedupe.ExistingIndex([_txn("ICBC00001", "100.00")])
    index.register_gifts = _Counting()
    gift = _txn("icbc:ICBC00002", "100.00")
    assert dedupe.gift_candidates(gift, index, 5) == []
    assert index.register_gifts.asked == 0


def test_statement_row_looks_up_no_card_payment_in_books_without_any():
    """A statement's row pairs only with a bill's card payment: with none in the books, no day is looked up."""
    index = dedupe.ExistingIndex([_txn("ICBC00001", "100.00")])
    index.funded = _Counting()
    row = _txn("icbc:ICBC00002", "100.00")
    row.meta[dedupe.SOURCE_ACCOUNT] = "Assets:Bank:Basic"
    assert list(dedupe._funding_candidates(row, index, 5)) == []
    assert index.funded.asked == 0


def test_an_id_is_split_once(monkeypatch):
    """The same id asked again is not matched against the pattern again; the answers are as before."""
    pattern = records._SOURCE
    matched = []

    class Counting:
        def match(self, text):
            matched.append(text)
            return pattern.match(text)

    monkeypatch.setattr(records, "_SOURCE", Counting())
    if hasattr(records, "_split_ref"):
        records._split_ref.cache_clear()
    for _ in range(5):
        assert records.split_ref("icbc:ICBC00001") == ("icbc", "ICBC00001")
        assert records.split_ref("ICBC00001") == ("", "ICBC00001")
        assert records.split_ref(None) == ("", "")
        assert records.split_ref("icbc:") == ("", "icbc:")
        assert records.split_ref("wechat:4200") == ("wechat", "4200")
    assert len(matched) == len(set(matched))
    if hasattr(records, "_split_ref"):
        records._split_ref.cache_clear()  # no answer of the counting pattern is kept for later tests


def test_twin_notes_look_up_no_day_without_gifts_of_the_other_kind(monkeypatch):
    """A statement's gift has a cash twin or a near twin only among a register's gifts: with none
    in the books, no day's rows are looked at (a note is still found where one is, see
    test_cash_twin.py and test_near_twin.py)."""
    from importers import payers

    asked = []
    real = payers.PayerIndex.near_rows
    monkeypatch.setattr(payers.PayerIndex, "near_rows", lambda self, *a: asked.append(a) or real(self, *a))
    books = [_txn(f"ICBC{n:05d}", "100.00") for n in range(5)]
    gifts = [_txn(f"icbc:ICBC1{n:04d}", "100.00") for n in range(5)]
    assert dedupe.cash_twin_notes(gifts, books, None, 5, "Assets:Cash") == []
    assert dedupe.near_twin_notes(gifts, books, None, 5) == []
    assert asked == []
