"""A case's aid stays within the yearly limits set in the books.

    2026-01-01 custom "relief-option" "aid_limit" "Expenses:Aid:Medical" 20000 CNY
    2026-01-01 custom "relief-option" "aid_limit" "Expenses:Aid" 30000 CNY

Per case and calendar year, the aid posted to each limited account (and its children) may
not exceed the limit; the error is reported on the entry that goes over it.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ledger.accounts import is_under
from ledger.errors import RuleError
from ledger.funds import posting_value
from ledger.index import transaction_index
from ledger.registry import posting_case
from ledger.settings import load_settings

__plugins__ = ("check_aid_limit",)

#: it reads the aid transactions and the settings' limits only (ledger/rules_appended.py)
READS_TRANSACTIONS = ("aid",)


def check_aid_limit(entries, options_map, config=None):
    """The rule as a beancount plugin: an error when a case's aid in a year goes over the settings' limit."""
    limits = load_settings(entries)[0].aid_limits
    if not limits:
        return entries, []
    totals: dict[tuple, Decimal] = defaultdict(Decimal)
    reported: set[tuple] = set()
    errors = []
    covering: dict[str, list[tuple[str, Decimal]]] = {}  # aid account -> the limits that apply to it
    for entry, aid_postings in transaction_index(entries).aid:
        for p in aid_postings:
            case_id = posting_case(entry, p)
            if case_id is None:
                continue  # aid_case reports it
            applying = covering.get(p.account)
            if applying is None:
                applying = covering[p.account] = [(a, lim) for a, lim in limits.items() if is_under(p.account, a)]
            value = posting_value(p) if applying else None
            for account, limit in applying:
                key = (case_id, entry.date.year, account)
                totals[key] += value
                if totals[key] > limit and key not in reported:
                    reported.add(key)
                    errors.append(RuleError(entry.meta, f"Case {case_id} receives {totals[key]:,.2f} CNY of {account} in {entry.date.year}, over the yearly limit of {limit:,.2f} CNY", entry))
    return entries, errors
