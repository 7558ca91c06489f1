"""A restricted fund is never overdrawn at the end of any day; an unrestricted one is warned about.

The balance of a fund is minus the sum of its Income, Expenses and Equity postings (see
ledger.funds). For a restricted fund it must not be below zero at the end of any day; the
error names the day, the shortfall and the last entry of that day.

An unrestricted fund (GENERAL) below zero is not against the rules (the centre may advance
its own money), but it means more was spent from it than it held: a sign or an amount typed
wrong, or income not yet booked. Without a word, the site would show a negative balance as
if it were a fact. It is a warning (ledger.errors.RuleWarning) on the first day of each dip
below zero, naming the day and the shortfall.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from beancount.core import data
from beancount.core.interpolate import AUTOMATIC_META

from ledger.errors import RuleError, RuleWarning, bilingual
from ledger.funds import posting_fund, posting_value
from ledger.index import transaction_index
from ledger.memo import earlier_note, leave_note
from ledger.plugin_options import reads_no_options
from ledger.registry import build_registry

__plugins__ = ("check_fund_overdraft",)


@reads_no_options
def check_fund_overdraft(entries, options_map, config=None):
    """The rule as a beancount plugin: an error on the day a restricted fund's balance goes below zero."""
    funds = build_registry(entries).funds
    if not funds:
        leave_note(NOTE, {})
        return entries, []
    restricted = {fid for fid, f in funds.items() if f.restricted}
    below: set[str] = set()  # unrestricted funds below zero since the last warning
    balance: dict[str, Decimal] = defaultdict(Decimal)
    last_entry: dict[str, data.Transaction] = {}
    errors = []
    day = None
    touched: set[str] = set()
    since: dict[str, datetime.date | None] = {}  # a fund's balance is >= 0 from that day on (None: below zero now)

    def close_day():
        for fund in sorted(touched):
            if balance[fund] < 0:
                since[fund] = None
                entry = last_entry[fund]
                held, short = f"{balance[fund]:,.2f} CNY", f"{-balance[fund]:,.2f} CNY"
                if fund in restricted:
                    message = bilingual(f"限定性基金 {fund} 在 {day} 日终透支：余额 {held}，短缺 {short}",
                                        f"Restricted fund {fund} is overdrawn at the end of {day}: "
                                        f"balance {held}, short by {short}")
                    errors.append(RuleError(entry.meta, message, entry))
                elif fund not in below:
                    below.add(fund)
                    errors.append(RuleWarning(
                        entry.meta,
                        bilingual(f"警告：基金 {fund} 在 {day} 日终余额为负：余额 {held}，支出比收入多 {short}；"
                                  "请核对金额及正负号，或补记支付这笔支出的收入",
                                  f"Warning: fund {fund} is below zero at the end of {day}: "
                                  f"balance {held}, {short} more spent than it held; "
                                  "check the amounts and their signs, "
                                  "or book the income that paid for it"),
                        entry,
                    ))
            else:
                below.discard(fund)
                if fund in since and since[fund] is None:
                    since[fund] = day
        touched.clear()

    for entry, fund_postings in transaction_index(entries).fund:  # sorted by date, like the loader's entries
        if entry.date != day:
            close_day()
            day = entry.date
        txn_fund = entry.meta.get("fund")
        for p in fund_postings:
            # posting_fund and posting_value, inline for the common posting (this runs on every
            # fund posting of the books): its own fund, else the transaction's; its amount as
            # written when it has no cost or price and beancount did not fill it in
            meta = p.meta
            fund = meta.get("fund") if meta else None
            if fund is None:
                fund = txn_fund
                if fund is None:
                    continue
            if type(fund) is not str:
                fund = str(fund)
            if fund in funds:
                units = p.units
                if (p.cost is None and p.price is None and units is not None and type(units.number) is Decimal
                        and not (meta and meta.get(AUTOMATIC_META) is True)):
                    balance[fund] -= units.number
                else:
                    balance[fund] -= posting_value(p)
                last_entry[fund] = entry
                touched.add(fund)
    close_day()
    leave_note(NOTE, {fund: since.get(fund, datetime.date.min) for fund in funds})
    return entries, errors


#: {fund: the day from which its balance was never below zero at the end of a day (date.min:
#: never below zero; None: below zero at the end)}, for ledger/rules_appended.py
NOTE = "fund_overdraft: at or above zero since"


def _only_rises_where_never_below(entries, appended, options_map) -> bool:
    """True when every appended transaction raises (or leaves) each fund's balance, on a day
    from which the fund was never below zero in the load this one extends.

    Then every day's balance is the base's, or higher on days when the base's was at or
    above zero: no day goes below zero that did not, none that did changes, the warnings'
    dips are the same, and so are the rule's errors."""
    found = earlier_note(NOTE)
    if found is None:
        return False
    since, _appended = found
    for entry, postings in transaction_index([e for e in appended if isinstance(e, data.Transaction)]).fund:
        change: dict[str, Decimal] = defaultdict(Decimal)
        for p in postings:
            fund = posting_fund(entry, p)
            if fund in since:
                change[fund] -= posting_value(p)
        for fund, amount in change.items():
            start = since[fund]
            if amount < 0 or start is None or entry.date < start:
                return False
    return True


SAME_ERRORS_IF = _only_rises_where_never_below
