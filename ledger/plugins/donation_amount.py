"""A donation is a whole number of fen, and a gift given back never exceeds what was given.

The value of a donation is minus its postings to Income:Donation:* in the operating
currency (goods at their cost), as the site, the letters and the open data count it.

- It must be a whole number of fen (分, two decimals): the site, letters and open data show
  two decimals, so `0.001 CNY` would be shown as 0.00 while the totals count it, and the
  published sum trees (docs/verification.md) hold amounts in fen. Goods valued so that
  quantity × cost has more decimals are the same mistake (`3 RICE {5.833 CNY}`).
- A negative donation is a gift given back (a refund or a reversal). It may not take a
  donor's gifts to a fund below zero on any day: a refund of 300,000.00 to a donor who gave
  100.00 would put a negative total on the honour roll and in the letters, a figure that
  means a typing mistake (a lost digit, a sign), never a gift.
- A receipt is for something given: an entry with a `receipt` whose every posting is zero
  (`0.00 CNY`, a lost amount) is an error. beancount drops the zero posting it would fill
  in, so such an entry is no donation to the other rules, and its number was reported only
  as a gap in the receipt sequence, "not issued", beside the entry that issued it.

    2026-06-05 * "退款"
      fund: "GENERAL"
      donor: "D0020"
      receipt: "JZ-2026-00127"
      Assets:Bank:ICBC           -300000.00 CNY
      Income:Donation:Individual
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from decimal import Decimal

from beancount.core import data
from beancount.core.interpolate import AUTOMATIC_META

from ledger.accounts import is_donation
from ledger.errors import RuleError, bilingual
from ledger.funds import posting_currency, posting_value
from ledger.index import transaction_index
from ledger.memo import earlier_note, leave_note
from ledger.plugin_options import reads_no_options

__plugins__ = ("check_donation_amount",)

FEN = Decimal("0.01")
ZERO = Decimal(0)


def donation_value(entry, currency: str, donation_accounts: dict[str, bool] | None = None) -> Decimal:
    """What the donation gave, in `currency`: minus its Income:Donation postings' value.
    `donation_accounts` remembers which accounts are donations (one test per account)."""
    known = {} if donation_accounts is None else donation_accounts
    value = ZERO
    for p in entry.postings:
        is_gift = known.get(p.account)
        if is_gift is None:
            is_gift = known[p.account] = is_donation(p.account)
        if not is_gift:
            continue
        units = p.units
        if (p.cost is None and p.price is None and units is not None and type(units.number) is Decimal
                and not (p.meta and p.meta.get(AUTOMATIC_META) is True)):
            if units.currency == currency:  # the common gift (posting_currency and posting_value, inline)
                value -= units.number
        elif posting_currency(p) == currency:
            value -= posting_value(p)
    return value


@reads_no_options
def check_donation_amount(entries, options_map, config=None):
    """The rule as a beancount plugin: an error for a donation that is not whole fen, or that
    gives back more than its donor had given to its fund by then."""
    currency = (options_map.get("operating_currency") or ["CNY"])[0]
    accounts: dict[str, bool] = {}
    errors = []
    valued = []
    given_back = False
    for entry in transaction_index(entries).donations:
        value = donation_value(entry, currency, accounts)
        valued.append((entry, value))
        if value < 0:
            given_back = True
        if value != value.quantize(FEN):
            errors.append(RuleError(
                entry.meta,
                bilingual(f"捐赠金额 {value} {currency} 不是整分（多于两位小数）：金额请写两位小数；"
                          "物资请定好单价，使数量 × 单价为两位小数",
                          f"Donation of {value} {currency} is not a whole number of fen "
                          "(two decimals): write the amount with two decimals; "
                          "for goods, value them so that quantity × cost has two decimals"),
                entry,
            ))
    # in the books' order, as a rule judging each transaction alone gives them (ledger/rules_appended.py)
    errors = list(heapq.merge(errors, _receipts_for_nothing(entries, currency), key=lambda e: data.entry_sortkey(e.entry)))
    if given_back:  # rare: the running totals are needed only when something was given back
        errors.extend(_given_back_errors(valued, currency))
    leave_note(NOTE, given_back)
    return entries, errors


NOTE = "donation_amount: something given back"


def _receipts_for_nothing(entries, currency: str) -> list[RuleError]:
    """An error for each transaction with a receipt number whose every posting is zero."""
    errors = []
    for entry in entries:
        if (type(entry) is data.Transaction and "receipt" in entry.meta
                and all(p.units is not None and p.units.number == 0 for p in entry.postings)):
            errors.append(RuleError(
                entry.meta,
                bilingual(f"捐赠收据号 {entry.meta['receipt']} 对应的捐赠金额为 0.00 {currency}："
                          "请写明实收金额（以银行流水为准）；如果并未收到捐赠，请删除这笔分录，"
                          '并用 custom "receipt-void" 登记作废该号',
                          f"Receipt {entry.meta['receipt']} is for a donation of 0.00 {currency}: "
                          "write the amount given (the bank's line), or, if nothing was given, "
                          'remove the entry and void the number with custom "receipt-void"'),
                entry,
            ))
    return errors


def _judges_alone(entries, appended, options_map) -> bool:
    """While nothing is given back (in the load this one extends, and in what was appended
    since), the rule's only errors are whole-fen ones, each about one donation alone."""
    found = earlier_note(NOTE)
    if found is None or found[0] is not False:
        return False
    currency = (options_map.get("operating_currency") or ["CNY"])[0]
    return not any(donation_value(e, currency) < 0 for e in appended if isinstance(e, data.Transaction))


#: ledger/rules_appended.py: this rule judges each transaction alone until something is given back
PER_TRANSACTION = _judges_alone


def _given_back_errors(valued: list, currency: str) -> list[RuleError]:
    valued = sorted(valued, key=lambda ev: (ev[0].date, ev[1] < 0))  # on one day, gifts before what is given back
    given: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    errors = []
    for entry, value in valued:
        donor, fund = str(entry.meta.get("donor") or ""), str(entry.meta.get("fund") or "")
        before = given[(donor, fund)]
        given[(donor, fund)] = before + value
        if value < 0 and before + value < 0:
            errors.append(RuleError(
                entry.meta,
                bilingual(f"这笔退还的捐赠（{-value:,.2f} {currency}）多于捐赠人 {donor or '（无）'} "
                          f"截至 {entry.date} 向基金 {fund or '（无）'} 的捐赠（{before:,.2f} {currency}）："
                          "请核对金额及正负号、捐赠人和基金",
                          f"This gift given back ({-value:,.2f} {currency}) is more than donor "
                          f"{donor or '(none)'} had given to fund {fund or '(none)'} "
                          f"by {entry.date} ({before:,.2f} {currency}): "
                          "check the amount and its sign, the donor and the fund"),
                entry,
            ))
    return errors
