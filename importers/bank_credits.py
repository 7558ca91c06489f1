"""Money in on a bank statement that is no donor's gift: the centre's own money coming back
(a withdrawal from a platform's balance, savings redeemed, money sent back), or allocated to it.

A credit becomes a gift (a receipt number, a donor proposal) unless something says otherwise
(docs/importing.md, "Classification"). The bank says otherwise in its 摘要 / 交易类型 words
(`网上快捷提现`, `朝朝宝转出`, `代发工资`, `太保健康险`) or by paying from one of its internal accounts
(`待清算电子汇差-代销理财快赎投资`), never by a payer's name alone: a foundation (某某公益基金会)
gives real gifts. A memo saying the money is a gift (捐, 赠) wins over every word here.

Why: deb-sig/bill-file-converter's real BOC statement has 网上快捷提现 of 8,324.85 from
支付宝-李四 and its CMB statement a 朝朝宝转出 from 待清算电子汇差: both were booked as gifts
with receipt numbers, a payment platform and a bank's clearing account proposed as donors.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: a memo saying the money is a gift: none of the words below makes it anything else
GIFT_WORDS = re.compile(r"捐|赠|善款")
#: money withdrawn to the card from a payment platform's balance, or a merchant account's
#: takings settled to it (结算: only where the words or payer name the platform)
WITHDRAWAL_WORDS = re.compile(r"提现|结算")
#: the platforms with a balance in the books (ImportOptions.alipay_account, wechat_account),
#: by the words a bank writes for them
PLATFORM_NAMES = (("alipay", re.compile(r"支付宝|alipay|蚂蚁", re.I)),
                  ("wechat", re.compile(r"财付通|微信|tenpay|wechat|零钱", re.I)))
#: money allocated to the centre (工会经费拨入, 财政拨款): a source of its own, not a gift
ALLOCATION_WORDS = re.compile(r"拨款|拨入|下拨|拨付|经费")
#: who allocates it, by the payer's name, and the source it is (ledger.accounts)
ALLOCATORS = (("union", re.compile(r"工会")), ("government", re.compile(r"财政|政府|民政|人社|人力资源|国库")))
#: the kinds of a bank's own internal accounts: money from one is the bank's movement (a
#: product redeemed, a clearing), and names no donor
BANK_INTERNAL_PAYER = re.compile(r"待清算|内部户|内部账|暂收|暂挂|过渡户|清算户|汇差")


class OwnMoney(NamedTuple):
    """What a credit is (for the entry's note), the word that says so, and what to do."""

    what: str
    word: str
    todo: str


#: (the 摘要 / 交易类型 words, what the money is, what to do), the first that matches
OWN_MONEY_WORDS = (
    # 卖出: a fund sold (Alipay's 账务明细: 蚂蚁财富-…-卖出至余额), booked as a gift with a receipt
    # while its purchase (买入) was held for a person to decide
    (re.compile(r"赎回|快赎|卖出|朝朝宝|朝朝盈|余额宝|零钱通|小金库|理财|分红|到期兑付|通知存款|定期到期|定期存款到期|定期转活|定期支取"),
     "the centre's own savings or wealth product (paid back, or its earnings)",
     "book it against the account that holds the product (or where the money came from)"),
    (re.compile(r"代发|工资(?!卡)|薪金|薪资|公积金|社保|养老金|报销"),
     "a payroll or benefit payment made through the bank",
     "book it where it belongs; if it is a gift collected by payroll, book it to its donor"),
    (re.compile(r"充值"), "a top-up of this balance from one of the centre's cards",
     "book it as a transfer from the card that paid it (its statement's debit waits on the same account, where the "
     "two meet)"),
    # 兴业银行's real sub-account statements: 购汇 out of the CNY one and into the HKD one
    (re.compile(r"结汇|购汇|换汇|外汇买卖"), "a currency exchange",
     "book it against the account of the other currency, whose statement holds the other side; if it is a "
     "donor's gift in another currency converted on arrival, book it to its donor"),
    # Why: CMB's real 汇入汇款 of 83.17 from 太平洋健康保险股份有限公司, 摘要 DSF 太保健康险, was a
    # gift with a receipt, the insurer proposed as a donor; an insurer's gift says 捐 (GIFT_WORDS)
    (re.compile(r"理赔|赔付|赔款|保险金|健康险|医疗险|意外险|寿险|重疾险|退保|满期金"),
     "an insurer's payout, a claim paid or a policy's money back",
     "a claim for a worker the centre helps is that case's money (passed on, or the aid it repays); a policy of the "
     "centre's own goes against what it insured"),
    (re.compile(r"还款|还本"), "a repayment", "book it against what it repays (a loan, an advance, a card)"),
    (re.compile(r"返现|返利"), "a bank's or platform's cashback or reward",
     "book it where it belongs (a payer rule in import_config.py books such rows from then on)"),
)


def _first_chars(*patterns: re.Pattern) -> frozenset[str]:
    """The characters any of `patterns`' words starts with (plain words joined by |, a lookahead
    after a word at most): a row holding none of them matches none, found without a regex."""
    return frozenset(alt[0] for p in patterns for alt in p.pattern.split("|") if alt)


#: the fast path of `own_money`, which runs on every credit of a 100 000-row statement: the
#: regexes took 270 ms on 75 000 credits naming none of these words, this test ~40 ms
_WORD_CHARS = _first_chars(GIFT_WORDS, WITHDRAWAL_WORDS, ALLOCATION_WORDS, *(p for p, _, _ in OWN_MONEY_WORDS))
_PAYER_CHARS = _first_chars(BANK_INTERNAL_PAYER)


def platform_of(text: str) -> str | None:
    """The platform a withdrawal's words name ("alipay", "wechat"), or None (another one, or none)."""
    return next((name for name, words in PLATFORM_NAMES if words.search(text)), None)


def allocator_of(payer: str) -> str | None:
    """"union" or "government" for the payer of an allocation (江临市总工会, 江临市财政局), else None."""
    return next((name for name, words in ALLOCATORS if words.search(payer)), None)


def own_money(words: str, payer: str) -> OwnMoney | None:
    """What a bank credit is when its 摘要 / 交易类型 `words` or its `payer`'s account kind say
    it is the centre's own money coming back, not a gift; None when they do not (or `words`
    say it is a gift). A withdrawal from a platform's balance is `what` "withdrawal", money
    allocated to the centre (拨款) "allocation"."""
    if _WORD_CHARS.isdisjoint(words) and _PAYER_CHARS.isdisjoint(payer):
        return None
    if GIFT_WORDS.search(words):
        return None
    if (m := WITHDRAWAL_WORDS.search(words)) and (m.group() == "提现" or platform_of(f"{words} {payer}")):
        return OwnMoney("withdrawal", m.group(), "")
    if (m := ALLOCATION_WORDS.search(words)) and (m.group() != "经费" or allocator_of(payer)):
        # 经费 from anyone but a union or a government is a gift for a purpose (送温暖活动经费)
        return OwnMoney("allocation", m.group(), "")
    for pattern, what, todo in OWN_MONEY_WORDS:
        if m := pattern.search(words):
            return OwnMoney(what, m.group(), todo)
    if m := BANK_INTERNAL_PAYER.search(payer):
        return OwnMoney(f"money from the bank's internal account {payer}", m.group(),
                        "book it where it came from (a product redeemed, a transfer the bank cleared); if it is a "
                        "gift whose payer the bank does not name, book it as a donation by hand")
    return None
