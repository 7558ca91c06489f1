"""A restricted fund pays only its purpose accounts, and only while it is open.

    2026-08-01 custom "fund" "EDU-2026" "restricted"
      purpose: "Expenses:Aid:Education"
      end: 2026-12-31

With that fund, a posting to Expenses:Aid:Medical under fund "EDU-2026" is an error, and so
is any source or use of the fund dated after 2026-12-31 (a transfer of the remainder through
Equity:FundTransfers stays allowed, so a closed fund can be wound up).
"""

from __future__ import annotations

from ledger.accounts import EXPENSES, INCOME, root_of
from ledger.errors import RuleError, bilingual
from ledger.index import transaction_index
from ledger.plugin_options import reads_no_options
from ledger.registry import build_registry

__plugins__ = ("check_fund_purpose",)

#: its errors on a transaction read only that transaction and the funds' purposes and dates (ledger/rules_appended.py)
PER_TRANSACTION = True


@reads_no_options
def check_fund_purpose(entries, options_map, config=None):
    """The rule as a beancount plugin: an error when a restricted fund pays outside its purpose or its open dates."""
    restricted = {fid: fund for fid, fund in build_registry(entries).funds.items() if fund.restricted}
    if not restricted:
        return entries, []  # only a restricted fund has a purpose and dates to keep to
    errors = []
    roots: dict[str, str] = {}  # account -> its root, split once per account
    for entry, fund_postings in transaction_index(entries).fund:
        txn_fund = entry.meta.get("fund")
        for p in fund_postings:
            own = p.meta.get("fund") if p.meta else None
            named = own if own is not None else txn_fund  # posting_fund, inline: this runs on every fund posting
            if named is None:
                continue
            fund = restricted.get(named if type(named) is str else str(named))
            if fund is None:
                continue
            root = roots.get(p.account)
            if root is None:
                root = roots[p.account] = root_of(p.account)
            if root not in (INCOME, EXPENSES):
                continue
            if root == EXPENSES and not fund.may_pay(p.account):
                purpose = ", ".join(fund.purpose)
                message = bilingual(f"限定性基金 {fund.id} 只能支付 {purpose}，不能支付 {p.account}；"
                                    "请记入 GENERAL 或限定于该用途的基金",
                                    f"Restricted fund {fund.id} may pay only {purpose}, not {p.account}; "
                                    "charge this to GENERAL or to a fund for that purpose")
                errors.append(RuleError(entry.meta, message, entry))
            if not fund.is_open_on(entry.date):
                start = fund.start or fund.date
                message = bilingual(f"基金 {fund.id} 的存续期是 {start} 至 {fund.end or '不设结束日期'}；"
                                    f"这笔 {entry.date} 的分录在存续期之外",
                                    f"Fund {fund.id} is open from {start} to {fund.end or 'no end date'}; "
                                    f"this entry on {entry.date} falls outside it")
                errors.append(RuleError(entry.meta, message, entry))
                break
    return entries, errors
