"""The transactions each rule looks at, sorted out in one pass per load.

Most rules care about one kind of transaction: those with fund postings (Income, Expenses,
Equity), donations, aid, goods. Sorting every posting once, instead of in every rule, keeps
the rules' share of a load small (benchmarks/bench_rules.py). Inside the rules bundle the
index is built once for all of them (ledger.memo); a rule loaded alone builds its own.
Lists keep the loader's order (by date), and each posting list the transaction's order.
"""

from __future__ import annotations

from dataclasses import dataclass

from beancount.core import data

from ledger.accounts import GOODS_ACCOUNT, PLEDGE_ACCOUNT, is_aid, is_donation, is_fund_account, is_under
from ledger.memo import per_entries


@dataclass(frozen=True)
class TransactionIndex:
    """The transactions each kind of rule looks at, with the postings that matter to it."""
    #: transactions with postings to Income, Expenses or Equity, with those postings
    fund: list[tuple[data.Transaction, list[data.Posting]]]
    #: transactions with a posting to Income:Donation
    donations: list[data.Transaction]
    #: transactions with aid postings (Expenses:Aid), with those postings
    aid: list[tuple[data.Transaction, list[data.Posting]]]
    #: transactions moving goods (Assets:Goods), with those postings
    goods: list[tuple[data.Transaction, list[data.Posting]]]
    #: transactions with a posting to Assets:Receivable:Pledges (a pledge, a payment of one)
    pledges: list[data.Transaction]


FUND, AID, DONATION, GOODS, PLEDGE = 1, 2, 4, 8, 16


def _kind(account: str) -> int:
    """What an account is to the rules, as bits (FUND | AID | DONATION, or GOODS, or PLEDGE)."""
    if is_fund_account(account):
        return FUND | (AID if is_aid(account) else 0) | (DONATION if is_donation(account) else 0)
    return GOODS if is_under(account, GOODS_ACCOUNT) else PLEDGE if is_under(account, PLEDGE_ACCOUNT) else 0


@per_entries
def transaction_index(entries) -> TransactionIndex:
    """Sort the books' transactions for the rules, once per list of entries (memoised while the bundle runs)."""
    fund, donations, aid, goods, pledges = [], [], [], [], []
    kinds: dict[str, int] = {}
    transaction = data.Transaction
    for entry in entries:
        if type(entry) is not transaction:
            continue
        # The aid and goods lists are made only for the entries that have such postings: most
        # have none, and an empty list made and freed per transaction cost a tenth of the index
        fund_postings, aid_postings, goods_postings, donation, pledge = [], None, None, False, False
        for posting in entry.postings:
            kind = kinds.get(posting.account)
            if kind is None:
                kind = kinds[posting.account] = _kind(posting.account)
            if kind & FUND:
                fund_postings.append(posting)
                if kind & AID:
                    if aid_postings is None:
                        aid_postings = [posting]
                    else:
                        aid_postings.append(posting)
                elif kind & DONATION:
                    donation = True
            elif kind & GOODS:
                if goods_postings is None:
                    goods_postings = [posting]
                else:
                    goods_postings.append(posting)
            elif kind:
                pledge = True
        if fund_postings:
            fund.append((entry, fund_postings))
        if donation:
            donations.append(entry)
        if aid_postings is not None:
            aid.append((entry, aid_postings))
        if goods_postings is not None:
            goods.append((entry, goods_postings))
        if pledge:
            pledges.append(entry)
    return TransactionIndex(fund, donations, aid, goods, pledges)
