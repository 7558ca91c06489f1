"""Every source and use belongs to a declared fund, one fund per transaction.

A transaction with an Income, Expenses or Equity posting must name a fund declared with
`custom "fund"`, so that Fava's filter `fund:"EDU-2026"` shows exactly that fund's entries.
Only a transfer between funds (postings to Equity:FundTransfers) may name a fund per posting,
and its Equity:FundTransfers postings net to zero: what leaves one fund enters another.

    2026-03-05 * "捐款"
      fund: "EDU-2026"          ; required, and declared in registry/funds.beancount
      Assets:Bank:Basic   500.00 CNY
      Income:Donation:Individual
"""

from __future__ import annotations

from ledger.accounts import EXPENSES, FUND_TRANSFER_ACCOUNT, is_under
from ledger.errors import RuleError, bilingual, missing_key
from ledger.index import transaction_index
from ledger.plugin_options import reads_no_options
from ledger.registry import build_registry

__plugins__ = ("check_fund_declared",)

#: its errors on a transaction read only that transaction and the declared funds (ledger/rules_appended.py)
PER_TRANSACTION = True


@reads_no_options
def check_fund_declared(entries, options_map, config=None):
    """The rule as a beancount plugin: an error for each fund posting that names no fund, an undeclared one, or another than its transaction's."""
    funds = build_registry(entries).funds
    errors = []
    transfer: dict[str, bool] = {}  # account -> under Equity:FundTransfers, told once per account
    for entry, fund_postings in transaction_index(entries).fund:
        txn_fund = entry.meta.get("fund")
        if txn_fund is not None:
            # The common entry: its fund on the transaction alone, no posting naming its own and
            # no transfer; then the only error it can have is that fund undeclared.
            for p in fund_postings:
                if p.meta and p.meta.get("fund") is not None:
                    break
                under = transfer.get(p.account)
                if under is None:
                    under = transfer[p.account] = is_under(p.account, FUND_TRANSFER_ACCOUNT)
                if under:
                    break
            else:
                fund = txn_fund if type(txn_fund) is str else str(txn_fund)
                if fund not in funds:
                    errors.append(_unknown(funds, fund, entry))
                continue
        named = set()
        own_funds = set()  # the funds named by postings other than transfers, in an entry without fund:
        for p in fund_postings:
            own = p.meta.get("fund") if p.meta else None
            if own is not None and not is_under(p.account, FUND_TRANSFER_ACCOUNT) and txn_fund is not None and own != txn_fund:
                message = bilingual(f"记入 {p.account} 的分录行写的基金是 {own!r}，但交易的基金是 {txn_fund!r}；"
                                    f"每笔交易只属一个基金（只有 {FUND_TRANSFER_ACCOUNT} 的分录行可以不同）",
                                    f"Posting to {p.account} names fund {own!r} "
                                    f"but the transaction's fund is {txn_fund!r}; "
                                    "one fund per transaction "
                                    f"(only {FUND_TRANSFER_ACCOUNT} postings may differ)")
                errors.append(RuleError(entry.meta, message, entry))
            if own is not None and txn_fund is None and not is_under(p.account, FUND_TRANSFER_ACCOUNT):
                own_funds.add(str(own))
            fund = own if own is not None else txn_fund
            if fund is None:
                message = missing_key(f'未写明基金：记入 {p.account} 的分录行不属于任何基金；'
                                      '请在交易上加 fund: "GENERAL"（或另一个已登记的基金）',
                                      f"No fund: the posting to {p.account} belongs to no fund; "
                                      'add fund: "GENERAL" (or a declared fund) to the transaction', entry.meta, "fund")
                errors.append(RuleError(entry.meta, message, entry))
                break
            named.add(fund)
        if len(own_funds) > 1:
            errors.append(RuleError(entry.meta, _split_message(sorted(own_funds)), entry))
        for fund in sorted(map(str, named)):
            if fund not in funds:
                errors.append(_unknown(funds, fund, entry))
        net = _transfers_net(fund_postings)
        if net:
            message = bilingual(f"基金间转账不平：其 {FUND_TRANSFER_ACCOUNT} 分录行合计为 {net}；"
                                "转出一个基金的钱必须转入另一个基金（离开账簿的钱记为使用，"
                                f"{EXPENSES}:…，收进来的钱记为来源）",
                                "The transfer between funds does not net to zero: "
                                f"its {FUND_TRANSFER_ACCOUNT} postings add up to {net}; "
                                "what leaves one fund must enter another "
                                "(book money that leaves the books as a use, "
                                f"{EXPENSES}:…, and money that comes in as a source)")
            errors.append(RuleError(entry.meta, message, entry))
    return entries, errors


def _unknown(funds, fund: str, entry) -> RuleError:
    """The error for an entry naming a fund no `custom "fund"` declares."""
    zh, en = _declare_or_use(funds, fund, entry.date)
    message = bilingual(f"基金 {fund!r} 未登记：{zh}", f"Unknown fund {fund!r}: {en}")
    return RuleError(entry.meta, message, entry)


def _split_message(funds: list[str]) -> str:
    """One entry whose postings name several funds, with no fund of its own (a gift split
    between two funds).

    Why: the rule compared a posting's fund with its transaction's only when the transaction
    named one, so a gift of 10,000.00 booked as 6,000.00 to EDU-2024 and 4,000.00 to GENERAL
    on its two income lines passed; its letter and page then said it went to no fund named
    ("unrestricted"), and donations.csv gave it no fund, while the statement counted it in two."""
    listed = "、".join(funds)
    return bilingual(f"这笔交易没有写基金，它的分录行却分属 {listed} 多个基金；每笔交易只属一个基金"
                     f"（只有 {FUND_TRANSFER_ACCOUNT} 的分录行可以不同）：一笔捐赠分入两个基金时，"
                     "请按基金分记为两笔，各用一个收据编号",
                     f"This entry names no fund but its postings name several ({', '.join(funds)}); "
                     f"one fund per transaction (only {FUND_TRANSFER_ACCOUNT} postings may differ): "
                     "book a gift split between two funds as two entries, one per fund, each with its receipt number")


def _transfers_net(postings) -> str:
    """What a transaction's Equity:FundTransfers postings add up to, per currency ("" when zero).

    Why: a transfer with one leg (Equity:FundTransfers against the bank) took money out of
    the books as a "transfer between funds": the site's statement showed transfers of
    -¥10.00 for all funds together beside "moved between funds, which leaves the total
    unchanged", and no rule said a word."""
    sums: dict[str, object] = {}
    for p in postings:
        if is_under(p.account, FUND_TRANSFER_ACCOUNT) and p.units is not None and p.units.number is not None:
            sums[p.units.currency] = sums.get(p.units.currency, 0) + p.units.number
    return ", ".join(f"{amount} {currency}" for currency, amount in sorted(sums.items()) if amount)


def _declare_or_use(funds, fund: str, day) -> tuple[str, str]:
    """What to do about an unknown fund, (zh, en): use a declared one, or (none declared yet)
    declare it."""
    if not funds:
        example = f'`{day} custom "fund" "{fund}" "unrestricted"`'
        return (f"本账簿还没有登记任何基金；请在 registry/funds.beancount（由主文件引入）中登记，例如 {example}",
                "no fund is declared in these books; declare it in registry/funds.beancount "
                f"(included from the main file), e.g. {example}")
    declared = ", ".join(sorted(funds))
    return (f'请在 registry/funds.beancount 用 custom "fund" 登记，或改用已登记的基金之一：{declared}',
            f'declare it with custom "fund" in registry/funds.beancount, or use one of {declared}')
