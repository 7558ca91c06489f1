"""What comes off a pledge is a pledge's: no more than is still to come of it.

A pledge is booked on Assets:Receivable:Pledges when promised; its payments (and what the
donor cancels) take it off (ledger/pledges.py says which pledge each is for: a shared link,
else the donor, else the payee and fund). A payment larger than what is still to come of
the pledges it can be for (the donor paid ¥1,200.00 of a ¥1,000.00 pledge), or one that is
for no pledge at all (a link the pledge does not carry, a donor who pledged nothing), was
taken anyway: the pledges account went below zero, the site said "still to be received:
-¥200.00", and the ¥200.00 more that came was no gift in the books, with no receipt, on no
letter and no page. Each is now an error on the payment, saying how much no pledge takes.
"""

from __future__ import annotations

from ledger.accounts import DONATION_ROOT, PLEDGE_ACCOUNT
from ledger.errors import RuleError, bilingual
from ledger.index import transaction_index
from ledger.pledges import on_pledges, settle, side, taken_off
from ledger.plugin_options import reads_no_options

__plugins__ = ("check_pledge_paid",)

#: it reads only the transactions on the pledges account (ledger/rules_appended.py)
READS_TRANSACTIONS = ("pledges",)


@reads_no_options
def check_pledge_paid(entries, options_map, config=None):
    """The rule as a beancount plugin: an error for each payment or cancellation of a pledge
    that takes more off Assets:Receivable:Pledges than is still to come of its pledges."""
    txns = transaction_index(entries).pledges
    if not txns:
        return entries, []
    pledges, payments, taking = [], [], []
    gifts = {id(t) for t in transaction_index(entries).donations}
    carried = False  # put on the account by no pledge: an opening balance brought in
    for txn in txns:
        on = on_pledges(txn)
        if on > 0 and id(txn) in gifts:
            pledges.append((id(txn), side(txn, on)))
        elif on > 0:
            carried = True
        elif on < 0:
            payments.append(taken_off(txn, on))
            taking.append(txn)
    if carried:
        return entries, _below_zero(txns)
    errors = []
    for i, extra in settle(pledges, payments)[1]:
        txn, pay = taking[i], payments[i]
        whose = ("同一链接（" + " ".join(f"^{x}" for x in sorted(pay.links)) + "）" if pay.links
                 else f"捐赠人 {pay.donor} " if pay.donor is not None else f"付款人“{pay.payee}”和基金 {pay.fund} ")
        whose_en = (f"the link {' '.join(f'^{x}' for x in sorted(pay.links))}" if pay.links
                    else f"the donor {pay.donor}" if pay.donor is not None else f"the payee \"{pay.payee}\" and the fund {pay.fund}")
        what, what_en = ("取消", "cancels") if pay.cancel else ("到账", "pays")
        if extra == pay.amount:
            zh = (f"这笔{what}从 {PLEDGE_ACCOUNT} 减少 {pay.amount:,.2f}，但按{whose}找不到在此日期之前、尚有未到账金额的认捐；"
                  f"请给它和所属认捐加上同一链接（^…），或写明认捐的捐赠人（donor）")
            en = (f"This entry {what_en} {pay.amount:,.2f} off {PLEDGE_ACCOUNT}, but no pledge of {whose_en}, made by its date, "
                  "has anything still to come; link it to its pledge (the same ^link on both) or name the pledge's donor")
        else:
            zh = (f"这笔{what} {pay.amount:,.2f} 比按{whose}对应的认捐尚未到账的金额多 {extra:,.2f}：多付的部分是另一笔捐赠，"
                  f"请记入 {DONATION_ROOT}:…（另开收据），只把认捐的余额从 {PLEDGE_ACCOUNT} 减去；或改正金额")
            en = (f"This entry {what_en} {pay.amount:,.2f} off {PLEDGE_ACCOUNT}, {extra:,.2f} more than is still to come of the "
                  f"pledges of {whose_en}: book the extra as a gift of its own on {DONATION_ROOT}:… (with its receipt) and take only "
                  f"what was still to come off {PLEDGE_ACCOUNT}; or put the amount right")
        errors.append(RuleError(txn.meta, bilingual(zh, en), txn))
    return entries, errors


def _below_zero(txns) -> list[RuleError]:
    """Books that brought pledges in with their opening balance (no pledge entry, no donor):
    whose payment is whose cannot be told, so only a payment that takes the account below
    zero (more came than all the pledges still had to come) is an error."""
    errors = []
    held = 0
    for txn in txns:
        on = on_pledges(txn)
        before, held = held, held + on
        if on < 0 and held < 0:
            extra = min(-on, -held) if before >= 0 else -on
            zh = (f"这笔款项从 {PLEDGE_ACCOUNT} 减少 {-on:,.2f}，使其余额低于零 {extra:,.2f}：多出的部分不是认捐的款项，"
                  f"请另记为一笔捐赠（{DONATION_ROOT}:…，另开收据），或改正金额")
            en = (f"This entry takes {-on:,.2f} off {PLEDGE_ACCOUNT}, {extra:,.2f} below zero: what is more than all the "
                  f"pledges had still to come is no pledge's; book it as a gift of its own on {DONATION_ROOT}:… (with its "
                  "receipt), or put the amount right")
            errors.append(RuleError(txn.meta, bilingual(zh, en), txn))
    return errors
