"""A refund gives back a gift of its donor, made before it, into the fund the gift went to, and no more than it.

A refund (a donation of a negative amount with `refund_of`, docs/books.md, "A gift given
back") names the gift it gives back: that gift's receipt, or its source_ref as an importer
writes it. The site, the letters and the auditor's views pair the two by the rule of
ledger/refunds.py (the same donor, the gift not later), and the gift's acknowledgement
page says what went back. The books move the refund's fund, though, whatever it names:

    2026-02-01 * "某某机械制造有限公司" "捐款"
      fund: "EDU-2026"
      donor: "D0001"
      receipt: "JZ-2026-00001"
      Assets:Bank:Basic   500.00 CNY
      Income:Donation:Enterprise

    2026-02-05 * "某某机械制造有限公司" "退还捐款"
      fund: "GENERAL"            ; the gift went to EDU-2026
      donor: "D0001"
      receipt: "JZ-2026-00003"
      refund_of: "JZ-2026-00001"
      Assets:Bank:Basic  -200.00 CNY
      Income:Donation:Enterprise

passed every rule (the donor had given GENERAL 500.00 too): EDU-2026's page showed 500.00
raised and held, GENERAL's 200.00 less than it holds, and the gift's page said 200.00 of it
went back. So, for each refund that names a gift in `refund_of`:

- the gift it names is in the books (a donation of more than zero with that receipt or
  source_ref), of the refund's donor, and dated on or before it: else the site pairs it with
  no gift, and the gift's page never says what went back;
- its fund is the gift's;
- the refunds naming one gift give back no more than it, all of them together, and with
  the corrections that lower it (below).

A gift booked too high is lowered later by a correction: a donation of a negative amount of the
same donor whose `correction:` names the gift's receipt (docs/closing.md, "Corrections"). The
site takes it off the gift as it takes a refund (publish/facts.py: its `refund_of` is the gift
its `correction:` names), so both come off one gift: a 500.00 gift lowered by 300.00 and then
given back 300.00 passed, and its page said 600.00 of its 500.00 went back or was taken off.
The refunds and the lowering corrections of one gift are counted together, in the books' order;
the entry that takes them beyond the gift has the error, naming the earlier ones. A correction
naming no gift (an approval, a closed period), or raising another donor's gift (the wrong donor's
gift booked again under the right one, docs/closing.md), is not one of a gift's: the site pairs
it with none. A correction LOWERING another donor's gift, or a gift dated after it, is an error
(as a refund naming one is): it was skipped without a
word, and the site paired it with none too, so that gift's page never said it was lowered while
the correction's donor was shown that much less (a slip of donor or receipt; no booking the docs
describe makes one: the wrong donor's gift is taken off under its own donor). The error names
both donors, and the correction that booked the gift again under the correction's donor, if any:
that is the receipt a lowering of it as theirs names.

A correction that RAISES a gift (a positive donation whose `correction:` names it, booked too
low) is a gift of its own with its own receipt, as the site shows it (its own page and letter):
it does not raise what the refunds of the first gift may give back. A refund of the money it
brought names its receipt in `refund_of`; the error says so when such a correction is there.

A correction lowering a refund, or a correction that lowered a gift, instead of a gift (its
`correction:` names a negative donation: the rest of a refund of 200.00 booked where 300.00
went back) is an error too: it passed without a word, and the site, which pairs refunds and
corrections with gifts only, paired it with none: the gift's page said 200.00 went back while
its donor was shown 300.00 less. It is not counted with the refund's gift, as a guess: what it
names may be another donor's, or name a gift in error, and it may be a refund (money went back)
or a correction (booked in error), which the gift's page says differently. The error says what
to write: the rest of a refund is a refund of the gift (`refund_of` naming it, `correction:`
naming the refund kept), a gift lowered too little is lowered again (`correction:` naming the
gift). A correction of a refund naming no gift (one without `refund_of`, of a gift given before
the books) is paired with none, as that refund is: no gift's page is wrong.

A correction RAISING a refund or a lowering correction (a positive donation whose `correction:`
names a negative one: a refund of 200.00 booked where 100.00 went back, +100.00 naming it; or
money of a refund that bounced back) LOWERS that refund or correction: the site reads it so
(publish/facts.py `lessens`), as the refund being that much less on the gift's page, no gift of
its own. It is the booking for a refund of a CLOSED period only (`_lessening`): naming one of an
open period it is an error saying to edit that entry; it is of the refund's donor, not before it,
into its fund, names in `refund_of` (written or not) the refund's gift, and the corrections
lowering one refund add back no more than it gave; what it adds back comes off what the gift's
refunds count. Naming a refund paired with no gift (one without `refund_of`), it is an error
saying to ask: the site would show it as a gift.

Only entries with `refund_of` or `correction:` are looked at: books without one cost a look at
each donation's metadata, nothing more.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from beancount.core import data

from ledger.accounts import GOODS_ACCOUNT, is_donation, is_under
from ledger.closes.records import parse_closes
from ledger.errors import RuleError, bilingual
from ledger.funds import posting_currency, posting_fund, posting_value
from ledger.index import transaction_index
from ledger.memo import earlier_note, leave_note
from ledger.plugin_options import reads_no_options

__plugins__ = ("check_refund_gift",)

ZERO = Decimal(0)
NOTE = "refund_gift: a refund names a gift"


def _value(entry: data.Transaction, currency: str) -> Decimal:
    """What the donation gave, in `currency`: minus its Income:Donation postings' value (as
    the site counts it, goods at their cost)."""
    value = ZERO
    for p in entry.postings:
        if is_donation(p.account) and posting_currency(p) == currency:
            value -= posting_value(p)
    return value


def _fund(entry: data.Transaction) -> str | None:
    """The fund of the donation: its first Income:Donation posting's (the rule fund_declared
    allows one fund per transaction)."""
    for p in entry.postings:
        if is_donation(p.account):
            return posting_fund(entry, p)
    return None


def _is_gift(entry: data.Transaction, value: Decimal) -> bool:
    """A gift a refund may name, as the site counts one (publish.model_builder._is_gift): more
    than zero, or goods given at no value."""
    return value > 0 or (value == 0 and any(is_under(p.account, GOODS_ACCOUNT) and p.units is not None
                                            and p.units.number is not None and p.units.number > 0 for p in entry.postings))


def _text(value) -> str:
    return "（无）" if value is None else str(value)


def _text_en(value) -> str:
    return "(none)" if value is None else str(value)


def _corrects(entry: data.Transaction) -> str | None:
    """What a donation's `correction:` names (ledger.closes.corrections.corrects), or None."""
    value = entry.meta.get("correction")
    text = str(value).strip() if value is not None else ""
    return text or None


def _takes_back(entry: data.Transaction) -> str | None:
    """The gift a donation names as one it takes back from: its `refund_of` (a refund), else
    what its `correction:` names (a correction, lowering or raising it); None for neither."""
    named = entry.meta.get("refund_of")
    if named:
        return str(named)
    return _corrects(entry)


def _what(entry: data.Transaction, correction: bool) -> tuple[str, str]:
    """How a message names the entry: 退款/更正 and its receipt, Chinese and English."""
    this = entry.meta.get("receipt")
    zh, en = ("更正", "The correction") if correction else ("退款", "The refund")
    return (f"{zh}（收据 {this}）", f"{en} (receipt {this})") if this else (zh, en)


def _over_message(this: tuple[str, str], correction: bool, amount: Decimal, receipt, gift_value: Decimal,
                  total: Decimal, earlier: list[tuple[bool, object, Decimal]], raised: list[tuple[object, Decimal]],
                  currency: str) -> str:
    """The error of a refund or lowering correction that takes one gift's refunds and
    corrections beyond it, naming the earlier ones (the message of refunds alone unchanged)."""
    this_zh, this_en = this
    if not correction and not any(c for c, _r, _a in earlier):
        before = sum((a for _c, _r, a in earlier), ZERO)
        earlier_zh = f"（此前的退款已退还 {before:,.2f} {currency}）" if before else ""
        earlier_en = f" (earlier refunds gave back {before:,.2f} {currency} of it)" if before else ""
        zh = (f"{this_zh}退还 {amount:,.2f} {currency}，使捐赠 {receipt}（{gift_value:,.2f} {currency}）的退款合计达到 "
              f"{total:,.2f} {currency}{earlier_zh}，多于这笔捐赠：请核对金额和 refund_of；"
              "如果退还的是几笔捐赠，请分成几笔退款，每笔写明所退还那笔捐赠的收据号")
        en = (f"{this_en} gives back {amount:,.2f} {currency}, which takes the refunds of gift {receipt} "
              f"({gift_value:,.2f} {currency}) to {total:,.2f} {currency}{earlier_en}, more than the gift: "
              "check the amount and refund_of; a refund of several gifts is several entries, each naming the "
              "receipt of the gift it gives back")
    else:
        def named(is_correction, key, value, zh):
            kind = ("更正" if is_correction else "退款") if zh else ("correction" if is_correction else "refund")
            kind = f"{kind} {key}" if key else kind
            if zh:
                return f"{kind} {'减去' if is_correction else '退还'} {value:,.2f} {currency}"
            return f"{kind} {'took off' if is_correction else 'gave back'} {value:,.2f} {currency}"
        earlier_zh = "；".join(named(c, r, a, True) for c, r, a in earlier)
        earlier_en = "; ".join(named(c, r, a, False) for c, r, a in earlier)
        zh = (f"{this_zh}{'减去' if correction else '退还'} {amount:,.2f} {currency}，使捐赠 {receipt}"
              f"（{gift_value:,.2f} {currency}）的退款和更正合计达到 {total:,.2f} {currency}"
              f"（此前：{earlier_zh}），多于这笔捐赠：网站会说这笔捐赠退还和更正掉的比捐赠本身还多；"
              "请核对退款和更正的金额、refund_of 和 correction：更正只减去多记的部分，退款只退还实际收到的部分")
        en = (f"{this_en} {'takes' if correction else 'gives back'} {amount:,.2f} {currency}"
              f"{' off' if correction else ''}, which takes the refunds and corrections of gift {receipt} "
              f"({gift_value:,.2f} {currency}) to {total:,.2f} {currency} (earlier: {earlier_en}), more than the "
              "gift: the site would say more of it went back or was taken off than was given; check the amounts, "
              "refund_of and correction: a correction takes off only what was booked too high, a refund gives back "
              "only what was received")
    if raised:
        keys = ", ".join(f"{r} (+{a:,.2f} {currency})" for r, a in raised)
        keys_zh = "、".join(f"{r}（+{a:,.2f} {currency}）" for r, a in raised)
        zh += f"；调高这笔捐赠的更正 {keys_zh}是单独的一笔捐赠：退还其中的钱，请在 refund_of 写它的收据号"
        en += (f"; the correction raising the gift, {keys}, is a gift of its own: a refund of its money names "
               "its receipt in refund_of")
    return bilingual(zh, en)


def _other_donor_message(correction: data.Transaction, gift: data.Transaction, amount: Decimal,
                         naming: list[data.Transaction], currency: str) -> str:
    """The error of a lowering correction whose `correction:` names another donor's gift: the
    site pairs it with none (ledger/refunds.py), so the gift's page never says it was lowered and
    the correction's donor is shown `amount` less. Names the correction booking that gift again
    under the correction's donor, if any (docs/closing.md, "A gift booked under the wrong donor"):
    a lowering of the gift as that donor's is a correction of that one."""
    this_zh, this_en = _what(correction, True)
    donor, gift_donor = correction.meta.get("donor"), gift.meta.get("donor")
    named = _corrects(correction)
    receipt = gift.meta.get("receipt") or named
    moved = [str(e.meta["receipt"]) for e in naming if e is not correction and e.meta.get("receipt")
             and not e.meta.get("refund_of") and _corrects(e) == named and str(e.meta.get("donor")) == str(donor)
             and e.date <= correction.date and _value(e, currency) > 0]
    moved_zh = (f"；若这笔捐赠已更正到捐赠人 {_text(donor)} 名下（{'、'.join(moved)}），要减去的是那一笔：请在 correction: 写 {moved[0]}"
                if moved else "")
    moved_en = (f"; if the gift was booked again under donor {_text_en(donor)} ({', '.join(moved)}), it is that one "
                f"to lower: write {moved[0]} in correction:" if moved else "")
    return bilingual(
        f"{this_zh}（捐赠人 {_text(donor)}）减去 {amount:,.2f} {currency}，而它的 correction: 写的是另一位捐赠人 "
        f"{_text(gift_donor)} 的捐赠 {receipt}：网站不会把两者对应起来，捐赠 {receipt} 的致谢页不会说明它被更正，"
        f"捐赠人 {_text(donor)} 名下的捐赠却少了 {amount:,.2f} {currency}；请核对 correction: 和 donor：调低 "
        f"{_text(gift_donor)} 那笔记多的捐赠，更正的 donor 应写 {_text(gift_donor)}{moved_zh}",
        f"{this_en} (donor {_text_en(donor)}) takes {amount:,.2f} {currency} off, but its correction: names the gift "
        f"{receipt} of another donor, {_text_en(gift_donor)}: the site does not pair them, so that gift's "
        f"acknowledgement page never says it was corrected, while donor {_text_en(donor)}'s gifts are shown "
        f"{amount:,.2f} {currency} less; check correction: and donor: a correction lowering {_text_en(gift_donor)}'s "
        f"gift booked too high has donor {_text_en(gift_donor)}{moved_en}")


def _taken_back_message(correction: data.Transaction, taken_backs: dict[str, data.Transaction],
                        gifts: dict[str, tuple[data.Transaction, Decimal]], amount: Decimal, currency: str) -> str | None:
    """The error of a lowering correction whose `correction:` names a refund, or a correction
    lowering a gift, instead of a gift; None if it names neither, or one the site pairs with no
    gift (a refund without `refund_of`, of a gift given before the books: then neither is on any
    gift's page, and the correction is as the refund it corrects).

    Why: the site pairs refunds and corrections with the gift they name (ledger/refunds.py), never
    with a refund: a refund of 200.00 booked where 300.00 went back, its rest booked as a
    correction naming the refund, passed every rule, and the gift's page said 200.00 went back
    while its donor was shown 300.00 less. Counting it with the refund's gift would guess: the
    refund named may be another donor's, or name a gift in error. The entry names what it takes
    back from: a refund of the gift (`refund_of`, its `correction:` kept for the closed period),
    or a correction of the gift (`correction:` naming it)."""
    named = _corrects(correction) or ""
    back = taken_backs.get(named)
    if back is None or back is correction:
        return None
    this_zh, this_en = _what(correction, True)
    donor = correction.meta.get("donor")
    refund_of = back.meta.get("refund_of")
    if refund_of:
        gift = str(refund_of)
        return bilingual(
            f"{this_zh}减去 {amount:,.2f} {currency}，而它的 correction: 写的是退款 {named}（退还捐赠 {gift}），不是一笔捐赠："
            f"网站只把退款和更正与捐赠对应，捐赠 {gift} 的致谢页不会说明这 {amount:,.2f} {currency} 已退还，"
            f"捐赠人 {_text(donor)} 名下的捐赠却少了 {amount:,.2f} {currency}；如果是那笔退款少记了，多退的部分是对这笔捐赠的退款："
            f'请在这笔分录上加 refund_of: "{gift}"（correction: 可以保留，它仍列为对 {named} 的更正）',
            f"{this_en} takes {amount:,.2f} {currency} off, but its correction: names the refund {named} (of gift "
            f"{gift}), which is no gift: the site pairs refunds and corrections with gifts only, so gift {gift}'s "
            f"acknowledgement page never says these {amount:,.2f} {currency} went back, while donor {_text_en(donor)}'s "
            f"gifts are shown {amount:,.2f} {currency} less; if the refund was booked too low, the rest is a refund of "
            f'the gift: add refund_of: "{gift}" to this entry (correction: may stay: it is still listed as a '
            f"correction of {named})")
    lowered = _corrects(back)
    if lowered is None or lowered not in gifts:
        return None  # a correction naming no gift (a closed period): paired with none, as this one
    gift = str(gifts[lowered][0].meta.get("receipt") or lowered)
    return bilingual(
        f"{this_zh}减去 {amount:,.2f} {currency}，而它的 correction: 写的是更正 {named}（调低捐赠 {gift}），不是一笔捐赠："
        f"网站只把退款和更正与捐赠对应，捐赠 {gift} 的致谢页不会说明这 {amount:,.2f} {currency} 已被更正掉，"
        f"捐赠人 {_text(donor)} 名下的捐赠却少了 {amount:,.2f} {currency}；如果那笔捐赠调低得不够，请再调低它："
        f'在 correction: 写 "{gift}"',
        f"{this_en} takes {amount:,.2f} {currency} off, but its correction: names the correction {named} (lowering "
        f"gift {gift}), which is no gift: the site pairs refunds and corrections with gifts only, so gift {gift}'s "
        f"acknowledgement page never says these {amount:,.2f} {currency} were taken off, while donor "
        f"{_text_en(donor)}'s gifts are shown {amount:,.2f} {currency} less; if the gift was lowered too little, "
        f'lower it again: write "{gift}" in correction:')


def _raised_back_message(correction: data.Transaction, taken_backs: dict[str, data.Transaction],
                         gifts: dict[str, tuple[data.Transaction, Decimal]], amount: Decimal, currency: str) -> str | None:
    """The error of a correction RAISING what its `correction:` names when that is a refund, or a
    correction lowering a gift (a negative donation): None if it names neither.

    Why: a refund of 200.00 booked where 100.00 went back, put right by +100.00 naming the
    refund in `correction:`, passed every rule; the site, which pairs refunds and corrections
    with gifts only and counts every donation of more than zero as a gift, showed the correction
    as a new gift of 100.00 with its own acknowledgement page (a thank-you for money given once
    already, never a second time), and the gift's page still said 200.00 went back. The site
    now reads such a correction as lowering what it names (publish/facts.py `lessens`) when that
    is paired with a gift, and `_lessening` judges it; this error is for one naming a refund or
    correction the site pairs with no gift, which it would still show as a gift: a refund
    without `refund_of` (ask), or one whose own error keeps it from its gift (put that right)."""
    named = _corrects(correction) or ""
    back = taken_backs.get(named)
    if back is None or back is correction:
        return None
    this_zh, this_en = _what(correction, True)
    back_amount = -_value(back, currency)
    refund_of = back.meta.get("refund_of")
    if refund_of or _corrects(back) is None:  # a refund (one without refund_of names no gift)
        found = gifts.get(str(refund_of)) if refund_of else None
        kind_zh, kind_en, did_zh, did_en = "退款", "refund", "退还了", "went back"
    else:
        found = gifts.get(_corrects(back) or "")
        kind_zh, kind_en, did_zh, did_en = "更正", "correction", "被更正掉", "was taken off"
    if found is not None:
        gift = found[0]
        receipt = gift.meta.get("receipt") or (refund_of or _corrects(back))
        gift_donor = gift.meta.get("donor")
        of_zh = f"（{'退还' if refund_of else '调低'}捐赠人 {_text(gift_donor)} 的捐赠 {receipt}）"
        of_en = f" ({'giving back' if refund_of else 'lowering'} gift {receipt} of donor {_text_en(gift_donor)})"
        page_zh = f"，捐赠 {receipt} 的致谢页却仍说有 {back_amount:,.2f} {currency}{did_zh}"
        page_en = f", while gift {receipt}'s page still says {back_amount:,.2f} {currency} {did_en}"
        # named but not paired as the site pairs them (lower_back: another donor's gift, a later one)
        closed_zh = (f"；{kind_zh} {named} 没有按网站的规则对应到捐赠 {receipt}（捐赠人或日期不符，见它自己的错误）："
                     "请先改正它，这笔更正才能正确显示")
        closed_en = (f"; the {kind_en} {named} is not paired with gift {receipt} as the site pairs them (another donor's, "
                     "or a later one: see its own error): put it right first, then this entry shows right")
    else:
        of_zh, of_en = "（未对应到账簿中的任何捐赠）", " (paired with no gift in the books)"
        page_zh = page_en = ""
        closed_zh = ("；已结账时，账簿还没有网站能正确显示的写法（它未对应到任何捐赠）：不要把它记成一笔捐赠，"
                     "请先向维护 relief 的人询问")
        closed_en = ("; once it is closed, the books have no booking the site shows right (it is paired with no gift): "
                     "do not book it as a gift; ask the maintainers of relief first")
    return bilingual(
        f"{this_zh}加回 {amount:,.2f} {currency}，而它的 correction: 写的是{kind_zh} {named}{of_zh}（{back_amount:,.2f} "
        f"{currency}），不是一笔捐赠：网站只把退款和更正与捐赠对应，会把这笔更正当作一笔新的捐赠，为这 {amount:,.2f} "
        f"{currency} 另立致谢页，感谢一笔并未再捐的钱{page_zh}；如果是{kind_zh} {named} 多记了：它所在的期间未结账时，"
        f"请直接改正{kind_zh} {named} 的金额，删去这笔更正{closed_zh}",
        f"{this_en} adds {amount:,.2f} {currency} back, but its correction: names the {kind_en} {named}{of_en} "
        f"({back_amount:,.2f} {currency}), which is no gift: the site pairs refunds and corrections with gifts only, "
        f"and shows this correction as a new gift of {amount:,.2f} {currency} with an acknowledgement page of its "
        f"own, a thank-you for money not given again{page_en}; if the {kind_en} {named} was booked too high: while "
        f"its period is open, edit the amount of {named} itself and remove this entry{closed_en}")


def _paired_gift(back: data.Transaction, gifts: dict[str, tuple[data.Transaction, Decimal]]) -> tuple[data.Transaction, Decimal] | None:
    """The gift a refund or lowering correction `back` is paired with, as the site pairs it
    (ledger/refunds.py: the gift its `refund_of`, else its `correction:`, names, of its donor,
    not later), or None."""
    key = back.meta.get("refund_of") or _corrects(back)
    found = gifts.get(str(key)) if key else None
    if found is None or found[0] is back or str(found[0].meta.get("donor")) != str(back.meta.get("donor")) \
            or found[0].date > back.date:
        return None
    return found


def _lessening(entry: data.Transaction, back: data.Transaction, gift: data.Transaction, amount: Decimal,
               lessened: Decimal, closed: list, currency: str) -> str | None:
    """The error of a correction LOWERING a refund or a lowering correction of a gift (a positive
    donation whose `correction:` names it: `back`, paired with `gift`), or None when it is the
    booking of docs/books.md, "A gift given back": `back` lies in a closed period (an open one is
    edited), and the correction is of `back`'s donor, not before it, into its fund, names in
    `refund_of` (if at all) the gift `back` is paired with, and with the earlier ones lowering
    `back` (`lessened`, this one's `amount` in it) takes off no more than `back` took.

    Why: a refund of 200.00 booked where 100.00 went back, or a refund that bounced back, in a
    period already closed, had no booking the site showed right: a correction raising the refund
    was an error saying "ask", and the money could not be booked at all. The site reads this one
    as the refund being that much less (publish/facts.py `lessens`): the gift's page says what
    went back net, it is no gift of its own."""
    this_zh, this_en = _what(entry, True)
    named = _corrects(entry)
    refund = bool(back.meta.get("refund_of"))
    kind_zh, kind_en = ("退款", "refund") if refund else ("更正", "correction")
    receipt = gift.meta.get("receipt") or back.meta.get("refund_of") or _corrects(back)
    back_amount = -_value(back, currency)
    if not any(back.date in p for p in closed):
        return bilingual(
            f"{this_zh}加回 {amount:,.2f} {currency}，它的 correction: 写的是{kind_zh} {named}（{back.date}，捐赠 {receipt} 的"
            f"{kind_zh}，{back_amount:,.2f} {currency}），而 {named} 所在的期间还没有结账：未结账的期间直接改正原分录；"
            f"请把{kind_zh} {named} 的金额改为实际的金额，删去这笔更正（这种更正只用于已结账的期间）",
            f"{this_en} adds {amount:,.2f} {currency} back, and its correction: names the {kind_en} {named} ({back.date}, "
            f"of gift {receipt}, {back_amount:,.2f} {currency}), whose period is not closed: an open period is corrected "
            f"by editing the entry; edit the amount of the {kind_en} {named} to what it really was and remove this entry "
            "(such a correction is for a closed period only)")
    donor, back_donor = entry.meta.get("donor"), back.meta.get("donor")
    if str(donor) != str(back_donor):
        return bilingual(
            f"{this_zh}（捐赠人 {_text(donor)}）加回 {amount:,.2f} {currency}，而它的 correction: 写的{kind_zh} {named} 是捐赠人 "
            f"{_text(back_donor)} 的：网站会把这笔钱算到捐赠人 {_text(donor)} 名下；请把 donor 改为 {_text(back_donor)}，"
            "或核对 correction:",
            f"{this_en} (donor {_text_en(donor)}) adds {amount:,.2f} {currency} back, but the {kind_en} {named} its "
            f"correction: names is donor {_text_en(back_donor)}'s: the site would count the money under donor "
            f"{_text_en(donor)}; write donor {_text_en(back_donor)}, or check correction:")
    if entry.date < back.date:
        return bilingual(
            f"{this_zh}日期 {entry.date} 早于它的 correction: 所写的{kind_zh} {named}（{back.date}）：请核对两笔分录的日期和 correction:",
            f"{this_en} is dated {entry.date}, before the {kind_en} {named} its correction: names ({back.date}): check "
            "the two entries' dates and correction:")
    fund, back_fund = _fund(entry), _fund(back)
    if fund != back_fund:
        return bilingual(
            f"{this_zh}记入基金 {_text(fund)}，而它加回的{kind_zh} {named} 记入的是基金 {_text(back_fund)}：两个基金的余额都因此差 "
            f"{amount:,.2f} {currency}；请写 fund: \"{_text(back_fund)}\"",
            f"{this_en} is booked to fund {_text_en(fund)}, but the {kind_en} {named} it adds back to went to fund "
            f"{_text_en(back_fund)}: both funds' balances are off by {amount:,.2f} {currency}; write fund: "
            f"\"{_text_en(back_fund)}\"")
    refund_of = entry.meta.get("refund_of")
    if refund_of and str(refund_of) not in {str(k) for k in (gift.meta.get("receipt"), gift.meta.get("source_ref")) if k}:
        return bilingual(
            f"{this_zh}的 refund_of 写的是 {refund_of}，而它的 correction: 所写的{kind_zh} {named} 对应的是捐赠 {receipt}："
            f"网站按{kind_zh}找到捐赠；请把 refund_of 改为 \"{receipt}\"，或者删去它",
            f"{this_en} names {refund_of} in refund_of, but the {kind_en} {named} its correction: names is of gift "
            f"{receipt}: the site finds the gift by the {kind_en}; write refund_of: \"{receipt}\", or remove it")
    if lessened > back_amount:
        return bilingual(
            f"{this_zh}加回 {amount:,.2f} {currency}，使{kind_zh} {named}（{back_amount:,.2f} {currency}）被加回的合计达到 "
            f"{lessened:,.2f} {currency}，多于它本身：网站会说捐赠 {receipt} 退还或更正掉的是负数；请核对金额和 correction:",
            f"{this_en} adds {amount:,.2f} {currency} back, which takes what was added back to the {kind_en} {named} "
            f"({back_amount:,.2f} {currency}) to {lessened:,.2f} {currency}, more than it took: the site would say less "
            f"than nothing of gift {receipt} went back or was taken off; check the amount and correction:")
    return None


def _money_in_message(entry: data.Transaction, amount: Decimal, currency: str) -> str:
    """The error for a donation of more than zero with `refund_of` (money that came in, not
    back): a refund that bounced and came back, say, booked as a donation naming the gift.

    Why: it passed without a word, and the site, which counts every donation of more than zero
    as a gift, thanked the donor for a new gift with an acknowledgement page of its own, while
    the gift's page still said the refund went back."""
    this = entry.meta.get("receipt")
    this_zh, this_en = (f"这笔捐赠（收据 {this}）", f"The donation {this}") if this else ("这笔捐赠", "This donation")
    named = entry.meta.get("refund_of")
    return bilingual(
        f"{this_zh}收到 {amount:,.2f} {currency}，却写了 refund_of: \"{named}\"：refund_of 只用于退还捐赠的钱（金额为负）；"
        f"网站把每笔大于零的捐赠都列为新的捐赠，会为它单独生成致谢页，而 {named} 的致谢页仍说退款已退还；"
        "如果是退款被退回：在退款的期间未结账时，删去那笔退款和这笔分录；如果是新的捐赠，删去 refund_of；"
        "退款所在的期间已结账时：保留 refund_of，再用 correction: 写明那笔退款的收据号（docs/books.md，“退还捐赠”），"
        "网站就把它记作那笔退款少退还的部分，而不是新的捐赠",
        f"{this_en} brings in {amount:,.2f} {currency}, yet names refund_of: \"{named}\": refund_of is for money given "
        f"back (a negative amount); the site shows every donation of more than zero as a new gift, with an "
        f"acknowledgement page of its own, while the page of {named} still says the refund went back; if a refund "
        "came back (bounced): while the refund's period is open, remove that refund and this entry; if it is a new "
        "gift, remove refund_of; once the refund's period is closed, keep refund_of and name the refund's receipt in "
        "correction: too (docs/books.md, \"A gift given back\"): the site then reads it as that refund being less, "
        "not as a new gift")


@reads_no_options
def check_refund_gift(entries, options_map, config=None):
    """The rule as a beancount plugin: an error for each refund (`refund_of`) that names no gift
    of its donor made before it, gives back into another fund than its gift's, or takes the
    refunds and lowering corrections of one gift beyond it (as does such a correction)."""
    donations = transaction_index(entries).donations
    naming = [e for e in donations if _takes_back(e) is not None]
    leave_note(NOTE, bool(naming))
    if not naming:
        return entries, []
    currency = (options_map.get("operating_currency") or ["CNY"])[0]
    # the first gift of a key keeps it, as the site pairs them (ledger/refunds.py); only the
    # donations a refund or correction names are valued
    named = {_takes_back(e) for e in naming} | {c for e in naming if (c := _corrects(e)) is not None}
    gifts: dict[str, tuple[data.Transaction, Decimal]] = {}
    #: key -> the first donation of less than zero it names (a refund, a lowering correction):
    #: what a correction naming no gift may be naming instead
    taken_backs: dict[str, data.Transaction] = {}
    for entry in donations:
        meta = entry.meta
        keys = [str(key) for key in (meta.get("receipt"), meta.get("source_ref")) if key and str(key) in named]
        if not keys:
            continue
        value = _value(entry, currency)
        if _is_gift(entry, value):
            for key in keys:
                gifts.setdefault(key, (entry, value))
        elif value < 0:
            for key in keys:
                taken_backs.setdefault(key, entry)
    errors = []
    given_back: dict[int, Decimal] = defaultdict(Decimal)
    #: id(refund or lowering correction) -> what the corrections lowering it added back so far
    lessened: dict[int, Decimal] = defaultdict(Decimal)
    closed: list | None = None

    def lower_back(entry: data.Transaction, value: Decimal) -> str | None:
        """A correction raising the negative donation its `correction:` names: lowering a refund
        or a lowering correction of a gift (`_lessening`), counted off the gift's; its error, or
        None (accepted, or naming no negative donation: a gift of its own)."""
        nonlocal closed
        back = taken_backs.get(_corrects(entry) or "")
        if back is None or back is entry:
            return _money_in_message(entry, value, currency) if entry.meta.get("refund_of") else None
        paired = _paired_gift(back, gifts)
        if paired is None:
            return _raised_back_message(entry, taken_backs, gifts, value, currency)
        if closed is None:
            closed = [c.period for c in parse_closes(e for e in entries if isinstance(e, data.Custom))[0]]
        message = _lessening(entry, back, paired[0], value, lessened[id(back)] + value, closed, currency)
        if message is None:
            lessened[id(back)] += value
            given_back[id(paired[0])] -= value
        return message

    #: id(gift) -> (is a correction, receipt, amount) of each refund and lowering correction counted so far
    taken: dict[int, list[tuple[bool, object, Decimal]]] = defaultdict(list)
    #: id(gift) -> (receipt, amount) of each correction of its donor raising it
    raised: dict[int, list[tuple[object, Decimal]]] = defaultdict(list)
    for refund in naming:
        value = _value(refund, currency)
        correction = not refund.meta.get("refund_of")
        if correction:
            found = gifts.get(_corrects(refund) or "")
            if found is None or found[0] is refund:
                if value < 0 and (message := _taken_back_message(refund, taken_backs, gifts, -value, currency)):
                    errors.append(RuleError(refund.meta, message, refund))
                elif value > 0 and (message := lower_back(refund, value)):
                    errors.append(RuleError(refund.meta, message, refund))
                continue  # naming no gift (an approval, a closed period): not a correction of a gift
            if value < 0 and str(found[0].meta.get("donor")) != str(refund.meta.get("donor")):
                errors.append(RuleError(refund.meta, _other_donor_message(refund, found[0], -value, naming, currency), refund))
                continue
            if value < 0 and found[0].date > refund.date:
                this_zh, this_en = _what(refund, True)
                receipt = found[0].meta.get("receipt") or _corrects(refund)
                message = bilingual(
                    f"{this_zh}日期 {refund.date} 早于它的 correction: 所写、要调低的捐赠 {receipt}（{found[0].date}）："
                    "网站不会把两者对应起来，那笔捐赠的致谢页不会说明它被更正；请核对两笔分录的日期，以及 correction: 是否写错",
                    f"{this_en} is dated {refund.date}, before the gift its correction: names and it lowers, {receipt} "
                    f"({found[0].date}): the site does not pair them, and that gift's acknowledgement page never says it "
                    "was corrected; check the two entries' dates, and whether correction: names the right gift")
                errors.append(RuleError(refund.meta, message, refund))
                continue
            # a correction of the gift as the site pairs it (publish/facts.py): of its donor, not earlier
            if str(found[0].meta.get("donor")) != str(refund.meta.get("donor")) or found[0].date > refund.date:
                continue  # raising: the wrong donor's gift booked again under the right one (docs/closing.md)
            if value > 0:
                raised[id(found[0])].append((refund.meta.get("receipt"), value))
                continue
            if value == 0:
                continue  # moving a gift between donation accounts, worth nothing
            gift, gift_value = found
            receipt = gift.meta.get("receipt") or _corrects(refund)
        else:
            if value >= 0:
                # raising a refund or a lowering correction it names in `correction:` is an error, as
                # without refund_of: the site shows every donation of more than zero as a gift
                if value > 0 and (message := lower_back(refund, value) if _corrects(refund) in taken_backs
                                  else _money_in_message(refund, value, currency)):
                    errors.append(RuleError(refund.meta, message, refund))
                continue  # no gift given back (a correction of 0.00, goods moved): not a refund of a gift
            named = str(refund.meta["refund_of"])
            this_zh, this_en = _what(refund, False)
            found = gifts.get(named)
            donor = refund.meta.get("donor")
            if found is None:
                message = bilingual(
                    f"{this_zh}的 refund_of 写的 {named} 不是账簿中任何一笔捐赠的收据号或 source_ref："
                    "网站找不到它退还的捐赠，那笔捐赠的致谢页不会说明已退还；请改为所退还那笔捐赠的收据号；"
                    "如果那笔捐赠不在本账簿中（记在账簿开始之前），请删去 refund_of，在摘要中写明",
                    f"{this_en} names {named} in refund_of, which is the receipt or source_ref of no donation in the "
                    "books: the site finds no gift it gives back, and that gift's acknowledgement page does not say so; "
                    "write the receipt of the gift it gives back, or, if that gift is not in these books (given before "
                    "they begin), remove refund_of and say so in the narration")
                errors.append(RuleError(refund.meta, message, refund))
                continue
            gift, gift_value = found
            receipt = gift.meta.get("receipt") or named
            gift_donor = gift.meta.get("donor")
            if str(gift_donor) != str(donor):
                message = bilingual(
                    f"{this_zh}（捐赠人 {_text(donor)}）的 refund_of 写的是另一位捐赠人 {_text(gift_donor)} 的捐赠 {receipt}："
                    "网站不会把两者对应起来；请核对 refund_of 和 donor：refund_of 应写退款的捐赠人自己那笔捐赠的收据号",
                    f"{this_en} (donor {_text_en(donor)}) names in refund_of the gift {receipt} of another donor, "
                    f"{_text_en(gift_donor)}: the site does not pair them; check refund_of and donor: refund_of names "
                    "the receipt of the refunded donor's own gift")
                errors.append(RuleError(refund.meta, message, refund))
                continue
            if gift.date > refund.date:
                message = bilingual(
                    f"{this_zh}日期 {refund.date} 早于它退还的捐赠 {receipt}（{gift.date}）："
                    "网站不会把两者对应起来；请核对两笔分录的日期，以及 refund_of 是否写错",
                    f"{this_en} is dated {refund.date}, before the gift it gives back, {receipt} ({gift.date}): "
                    "the site does not pair them; check the two entries' dates, and whether refund_of names the right gift")
                errors.append(RuleError(refund.meta, message, refund))
                continue
            fund, gift_fund = _fund(refund), _fund(gift)
            if fund != gift_fund:
                message = bilingual(
                    f"{this_zh}记入基金 {_text(fund)}，而它退还的捐赠 {receipt} 记入的是基金 {_text(gift_fund)}："
                    f"两个基金的余额都因此差 {-value:,.2f} {currency}，网站上基金 {_text(gift_fund)} 显示从未退还过；"
                    f'请在退款上写 fund: "{_text(gift_fund)}"（捐赠所入的基金）',
                    f"{this_en} is booked to fund {_text_en(fund)}, but the gift it gives back, {receipt}, went to fund "
                    f"{_text_en(gift_fund)}: both funds' balances are off by {-value:,.2f} {currency}, and the site shows "
                    f'{_text_en(gift_fund)} as never having given anything back; write fund: "{_text_en(gift_fund)}" '
                    "on the refund (the fund the gift went to)")
                errors.append(RuleError(refund.meta, message, refund))
        before = given_back[id(gift)]
        given_back[id(gift)] = before - value
        if before - value > gift_value:
            message = _over_message(_what(refund, correction), correction, -value, receipt, gift_value, before - value,
                                    taken[id(gift)], raised[id(gift)], currency)
            errors.append(RuleError(refund.meta, message, refund))
        taken[id(gift)].append((correction, refund.meta.get("receipt"), -value))
    return entries, errors


def _no_refund_anywhere(entries, appended, options_map) -> bool:
    """The books this load extends had no refund naming a gift nor correction (so the rule
    gave no error), and nothing appended names one: the rule's errors are the base's, none."""
    found = earlier_note(NOTE)
    return found is not None and found[0] is False and not any(
        isinstance(e, data.Transaction) and ("refund_of" in e.meta or "correction" in e.meta) for e in appended)


#: ledger/rules_appended.py: no error while no entry names a gift it gives back or corrects
SAME_ERRORS_IF = _no_refund_anywhere
