"""A warning for money of a fund booked in a currency other than the operating currency.

The public figures (site, open data, annual report) count the operating currency only (CNY):
a gift booked as `Income:Donation:Foreign  -100.00 USD` is left out of every total, and its
receipt is missing from the public receipt register; the pages only say that "entries in
USD are not counted". It is a warning, so the finance officer hears of it where the entry
is, with what to do: give the posting its value in the operating currency with a price,

    2026-06-01 * "某外资企业" "捐款"
      fund: "GENERAL"
      donor: "D0031"
      receipt: "JZ-2026-00126"
      Assets:Bank:ICBC              710.00 CNY
      Income:Donation:Enterprise   -100.00 USD @ 7.10 CNY

(or book it in the operating currency, as the bank converted it).
"""

from __future__ import annotations

from ledger.errors import RuleWarning, bilingual
from ledger.funds import posting_currency
from ledger.index import transaction_index
from ledger.plugin_options import reads_no_options

__plugins__ = ("check_fund_currency",)

#: its warning on a transaction reads only that transaction and the operating currency (ledger/rules_appended.py)
PER_TRANSACTION = True


@reads_no_options
def check_fund_currency(entries, options_map, config=None):
    """The rule as a beancount plugin: a warning on each transaction whose Income, Expenses
    or Equity posting is valued in another currency than the operating one."""
    currency = (options_map.get("operating_currency") or ["CNY"])[0]
    warnings = []
    for entry, postings in transaction_index(entries).fund:
        others = None
        for p in postings:
            # the common posting (no cost, no price, in the operating currency) in two lookups
            if p.cost is None and p.price is None and p.units is not None and p.units.currency == currency:
                continue
            found = posting_currency(p)
            if found is not None and found != currency:
                others = {*(others or ()), found}
        if others:
            others = sorted(others)
            warnings.append(RuleWarning(
                entry.meta,
                bilingual(f"警告：这笔交易以 {', '.join(others)} 而不是 {currency} 记入基金，网站、公开数据和报告的"
                          f"所有数字都不计入它：请用价格给这行分录写明折合的 {currency} 金额（`@ 7.10 {currency}`），"
                          f"或按银行兑换后的金额以 {currency} 记账",
                          f"Warning: this transaction moves a fund in {', '.join(others)}, "
                          f"not {currency}, so the site, the open data and the report leave it out "
                          f"of every figure: give the posting its value in {currency} with a price "
                          f"(`@ 7.10 {currency}`), "
                          f"or book it in {currency} as the bank converted it"),
                entry,
            ))
    return entries, warnings
