"""A `pad` that fills an account from a fund account names the fund of what it makes.

beancount writes the entry a `pad` stands for (flag `P`, "Padding inserted for Balance of
…") after every plugin has run, so no rule ever sees it: `pad Assets:Bank:Basic
Equity:Opening-Balances`, the usual way to write an opening balance in beancount, gave an
Equity posting that belonged to no fund. `relief check` said 0 errors, the audit statement
showed it as not reconciled, and the site published a fund called "No fund named". The
padding entry copies the `pad` line's metadata, so a `fund:` written under the `pad` is the
fund of what it makes:

    2026-01-01 pad Assets:Bank:Basic Equity:Opening-Balances
      fund: "GENERAL"           ; required: Equity is a fund account
    2026-01-02 balance Assets:Bank:Basic  12345.67 CNY

A pad between two asset accounts (cash counted, the bank's difference) moves no fund's
money and needs no fund.
"""

from __future__ import annotations

from beancount.core import data

from ledger.accounts import is_fund_account
from ledger.errors import RuleError, bilingual
from ledger.plugin_options import reads_no_options
from ledger.registry import build_registry

__plugins__ = ("check_pad_fund",)

#: it reads the pads and the declared funds, no transaction (ledger/rules_appended.py)
READS_TRANSACTIONS = ()


@reads_no_options
def check_pad_fund(entries, options_map, config=None):
    """The rule as a beancount plugin: an error for each pad from or to a fund account that names no declared fund."""
    pads = [e for e in entries if isinstance(e, data.Pad)]
    if not pads:
        return entries, []
    funds = build_registry(entries).funds
    errors = []
    for pad in pads:
        fund_side = next((a for a in (pad.source_account, pad.account) if is_fund_account(a)), None)
        if fund_side is None:
            continue
        fund = pad.meta.get("fund")
        if fund is None:
            message = bilingual(f"pad 用 {pad.source_account} 补足 {pad.account} 生成的交易不属于任何基金"
                                f"（{fund_side} 是基金科目）；请在 pad 行下加一行 fund: \"GENERAL\"（或另一个已登记的基金）",
                                f"The entry this pad makes (filling {pad.account} from {pad.source_account}) "
                                f"belongs to no fund ({fund_side} is a fund account); "
                                'add a line fund: "GENERAL" (or another declared fund) under the pad')
            errors.append(RuleError(pad.meta, message, pad))
        elif str(fund) not in funds:
            declared = ", ".join(sorted(funds)) or "—"
            message = bilingual(f"pad 写的基金 {fund!r} 未登记；请改用已登记的基金之一：{declared}",
                                f"The pad names fund {fund!r}, which is not declared; use one of {declared}")
            errors.append(RuleError(pad.meta, message, pad))
    return entries, errors
