"""A restricted fund is never overdrawn at the end of any day.

The balance of a fund is minus the sum of its Income, Expenses and Equity postings (see
ledger.funds). For a restricted fund it must not be below zero at the end of any day; the
error names the day, the shortfall and the last entry of that day.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from beancount.core import data

from ledger.errors import RuleError
from ledger.funds import posting_fund, posting_value
from ledger.index import transaction_index
from ledger.registry import build_registry

__plugins__ = ("check_fund_overdraft",)


def check_fund_overdraft(entries, options_map, config=None):
    """The rule as a beancount plugin: an error on the day a restricted fund's balance goes below zero."""
    restricted = {fid for fid, f in build_registry(entries).funds.items() if f.restricted}
    if not restricted:
        return entries, []
    balance: dict[str, Decimal] = defaultdict(Decimal)
    last_entry: dict[str, data.Transaction] = {}
    errors = []
    day = None
    touched: set[str] = set()

    def close_day():
        for fund in sorted(touched):
            if balance[fund] < 0:
                entry = last_entry[fund]
                errors.append(RuleError(entry.meta, f"Restricted fund {fund} is overdrawn at the end of {day}: balance {balance[fund]:,.2f} CNY, short by {-balance[fund]:,.2f} CNY", entry))
        touched.clear()

    for entry, fund_postings in transaction_index(entries).fund:  # sorted by date, like the loader's entries
        if entry.date != day:
            close_day()
            day = entry.date
        for p in fund_postings:
            fund = posting_fund(entry, p)
            if fund in restricted:
                balance[fund] -= posting_value(p)
                last_entry[fund] = entry
                touched.add(fund)
    close_day()
    return entries, errors
