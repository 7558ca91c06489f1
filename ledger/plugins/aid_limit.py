"""A case's aid stays within the yearly limits set in the books.

    2026-01-01 custom "relief-option" "aid_limit" "Expenses:Aid:Medical" 20000 CNY
    2026-01-01 custom "relief-option" "aid_limit" "Expenses:Aid" 30000 CNY

Per case and calendar year, the aid posted to each limited account (and its children) may
not exceed the limit; the error is reported on the entry that goes over it. A limit on an
account the books never open (a misspelt `Expenses:Aid:Medicl`) limits nothing: it is an
error on the setting, not a limit that silently never applies.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from beancount.core import data
from beancount.core.interpolate import AUTOMATIC_META

from ledger.accounts import is_under
from ledger.errors import RuleError, bilingual
from ledger.funds import CURRENCY, posting_currency, posting_value
from ledger.index import transaction_index
from ledger.plugin_options import reads_no_options
from ledger.settings import load_settings

__plugins__ = ("check_aid_limit",)

#: it reads the aid transactions and the settings' limits only (ledger/rules_appended.py)
READS_TRANSACTIONS = ("aid",)


@reads_no_options
def check_aid_limit(entries, options_map, config=None):
    """The rule as a beancount plugin: an error when a case's aid in a year goes over the settings' limit."""
    limits = load_settings(entries)[0].aid_limits
    if not limits:
        return entries, []
    errors = _limits_on_unopened_accounts(entries, limits)
    totals: dict[tuple, Decimal] = defaultdict(Decimal)
    reported: set[tuple] = set()
    covering: dict[str, list[tuple[str, Decimal]]] = {}  # aid account -> the limits that apply to it
    for entry, aid_postings in transaction_index(entries).aid:
        year = entry.date.year
        for p in aid_postings:
            applying = covering.get(p.account)
            if applying is None:
                applying = covering[p.account] = [(a, lim) for a, lim in limits.items() if is_under(p.account, a)]
            if not applying:
                continue  # an account no limit covers: nothing to count
            meta = p.meta
            case_id = meta.get("case") if meta else None  # posting_case, inline: this runs on every aid posting
            if case_id is None:
                case_id = entry.meta.get("case")
                if case_id is None:
                    continue  # aid_case reports it
            if type(case_id) is not str:
                case_id = str(case_id)
            units = p.units
            if (p.cost is None and p.price is None and units is not None and type(units.number) is Decimal
                    and not (meta and meta.get(AUTOMATIC_META) is True)):
                # the common aid posting (posting_currency and posting_value, inline: this runs on each)
                if units.currency != CURRENCY:
                    continue
                value = units.number
            elif posting_currency(p) != CURRENCY:
                # the limits are in CNY: 1,200.00 USD without a price was counted as 1,200.00 CNY
                # (fund_currency warns of such a posting; with a price in CNY it counts at its value)
                continue
            else:
                value = posting_value(p)
            for account, limit in applying:
                key = (case_id, year, account)
                total = totals[key] = totals[key] + value
                if total > limit and key not in reported:
                    reported.add(key)
                    received = f"{total:,.2f} CNY"
                    message = bilingual(f"帮扶对象 {case_id} 在 {year} 年从 {account} 获得 {received}，超过每年限额 {limit:,.2f} CNY",
                                        f"Case {case_id} receives {received} of {account} in {year}, "
                                        f"over the yearly limit of {limit:,.2f} CNY")
                    errors.append(RuleError(entry.meta, message, entry))
    return entries, errors


def _limits_on_unopened_accounts(entries, limits: dict[str, Decimal]) -> list[RuleError]:
    """An error on each aid_limit setting whose account is neither opened nor the parent of an
    opened one: aid is never posted there, so the limit would never apply."""
    opened = [e.account for e in entries if type(e) is data.Open]
    unopened = {account for account in limits if not any(is_under(o, account) for o in opened)}
    if not unopened:
        return []  # the common books: no second pass over every entry to find the settings
    errors = []
    for entry in entries:
        if (type(entry) is data.Custom and entry.type == "relief-option" and len(entry.values) >= 2
                and isinstance(entry.values[0].value, str) and entry.values[0].value == "aid_limit" and entry.values[1].value in unopened):
            account = entry.values[1].value
            unopened.discard(account)  # once, on its first setting
            message = bilingual(f"aid_limit {account}：账簿没有开设这个科目（也没有其下级科目），这个限额永远不会起作用："
                                "请改正科目名，或在 accounts.beancount 中开设它",
                                f"aid_limit {account}: the books open no such account (nor one under it), so this limit "
                                "would never apply: correct the account's name, or open it in accounts.beancount")
            errors.append(RuleError(entry.meta, message, entry))
    return errors
