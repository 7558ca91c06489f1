"""An id a bank gives again, days later, on a sum one fen apart is another transaction.

Within REF_DAYS of an entry holding the same id, a new row is that entry only when it moves
the same sum (importers/dedupe.py, find_by_ref). Found by mutation (tests/conservation/
README.md): matching sums within a fen of each other left every importer test passing, and
a row of 100.01 two days after one of 100.00 under a reused voucher number would have been
dropped as already in the books: a fen of money in that no entry records.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from beancount.core import data
from beancount.core.amount import Amount

from importers.dedupe import find_by_ref, index_of

DAY = datetime.date(2026, 3, 2)


def entry(day: datetime.date, amount: str) -> data.Transaction:
    meta = {"filename": "<test>", "lineno": 1, "source_ref": "icbc:V0001"}
    postings = [data.Posting("Assets:Bank:Basic", Amount(Decimal(amount), "CNY"), None, None, None, None),
                data.Posting("Income:Donation:Individual", Amount(-Decimal(amount), "CNY"), None, None, None, None)]
    return data.Transaction(meta, day, "*", "某某", "捐款", frozenset(), frozenset(), postings)


@pytest.mark.parametrize("amount, same", [("100.00", True), ("100.01", False), ("99.99", False)])
def test_a_row_days_after_an_entry_of_its_id_is_it_only_at_the_same_sum(amount, same):
    old = entry(DAY, "100.00")
    found = find_by_ref(entry(DAY + datetime.timedelta(days=2), amount), index_of([old]))
    assert (found is old) == same, f"{amount} two days after 100.00 under the same id: {'dropped as' if found else 'not'} the same"
