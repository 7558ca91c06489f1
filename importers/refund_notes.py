"""A refund row of a payment bill that gives a gift back: the fund it goes to, and a note on
how to book it.

An import books a refund beside its payment (`refund_of` naming the payment's source_ref) as
money out flagged `!` on Liabilities:Payable: a person decides what it is. When that payment
is a gift (a donation in the books, or one proposed by the same import), the finance officer
books the refund as a gift given back (docs/books.md, "A gift given back"): against the
gift's donation account, with its donor, the gift's fund, a receipt of its own. Nothing said
which gift or which fund, and a refund booked into another fund than its gift's is an error
of the rule refund_gift found only after the write.

Why a note and not the booking itself, even when the match is certain (one gift of that
donor and amount): the gift is often only proposed in the same import (its donor
UNIDENTIFIED, its fund the default until the officer confirms them), and the refund needs a
receipt of the sequence, which is the officer's to give once they have decided it gives the
gift back and is not, say, a payment to the donor for something else. A refund booked from a
proposal would copy a guess; the note names the gift's receipt, donor and fund, and the rule
refund_gift checks what the officer writes.

A refund with a platform fee carried the fee's line in the default fund, and so the whole
refund was booked `fund: GENERAL`, whatever fund its payment went to (importers/classify.py
now books the fee as an entry of its own): such a refund takes its payment's fund when the
payment is found with one, else it keeps no fund and its note says which to write. A plain
refund (no fee) takes its payment's fund the same way: it carried none, and the officer booking
it as a gift given back wrote the default fund, not the gift's, found out only by refund_gift's
error after the write. Its fund moves no fund's balance while it sits on Liabilities:Payable
(no source or use is touched); booked against the gift's donation account, it gives back into
the fund the gift went to. A payment proposed by the same import lends its proposed fund (the
default until the officer confirms it): the gift's note says to change the two alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from beancount.core import data

from importers.classify import FEE_APART, add_note
from importers.dedupe import DUPLICATE
from importers.errors import Said, entry_row, entry_row_zh, said
from ledger.accounts import PAYABLE_ACCOUNT, is_donation, is_fund_account
from ledger.funds import posting_fund
from ledger.registry import UNIDENTIFIED_DONOR

ZERO = Decimal(0)


def _fund(entry: data.Transaction) -> str | None:
    """The fund an entry moves: its first Income or Expenses posting's, else its own `fund`."""
    for p in entry.postings:
        if is_fund_account(p.account):
            return posting_fund(entry, p)
    fund = entry.meta.get("fund")
    return None if fund is None else str(fund)


def _gift_value(entry: data.Transaction) -> Decimal:
    """What a donation gave (minus its Income:Donation postings), 0 for other entries."""
    return -sum((p.units.number for p in entry.postings if is_donation(p.account) and p.units is not None
                 and p.units.number is not None), ZERO)


def _is_refund(entry) -> bool:
    return (isinstance(entry, data.Transaction) and bool(entry.meta.get("refund_of")) and not entry.meta.get(DUPLICATE)
            and not any(is_donation(p.account) for p in entry.postings))


def refund_notes(entries: list, existing: Iterable) -> list[Said]:
    """The dry run's notes on the refunds among `entries` (new, not yet written) that give back
    a gift of the books or of this import, and each refund's fund where its fee was booked
    apart. Call after receipts are given: a gift proposed by this import is named by its own."""
    refunds = [e for e in entries if _is_refund(e) or (isinstance(e, data.Transaction) and e.meta.get(FEE_APART)
                                                       and not e.meta.get(DUPLICATE))]
    if not refunds:
        return []
    wanted = {str(e.meta.get("refund_of")) for e in refunds}
    paid: dict[str, tuple[data.Transaction, bool]] = {}
    for entry in existing:
        if isinstance(entry, data.Transaction) and str(entry.meta.get("source_ref")) in wanted:
            paid.setdefault(str(entry.meta["source_ref"]), (entry, True))
    for entry in entries:
        if isinstance(entry, data.Transaction) and not entry.meta.get(DUPLICATE) and str(entry.meta.get("source_ref")) in wanted:
            paid.setdefault(str(entry.meta["source_ref"]), (entry, False))
    notes: list[Said] = []
    for refund in refunds:
        named = str(refund.meta.get("refund_of") or "")
        found = paid.get(named) if named else None
        payment, in_books = found if found is not None else (None, False)
        fund = None if payment is None else _fund(payment)
        if fund:
            # every refund of a payment found with a fund takes it, with a fee or without: a plain
            # refund (no fee) carried none, and booked as a gift given back it went where the
            # officer happened to write (the default fund), not where its gift had gone
            refund.meta["fund"] = fund
        elif refund.meta.get(FEE_APART):
            add_note(refund.meta, "its fee is booked apart, in the default fund; the refund goes into the fund of "
                                  f"the payment it gives back{f' ({named})' if named else ''}, which is not found with a "
                                  "fund in the books or in this file: write that fund on it when you book it")
        if payment is None or _gift_value(payment) <= 0 or not any(p.units is not None and p.units.number is not None
                                                                    and p.units.number < 0 for p in refund.postings[:1]):
            continue  # no gift (a purchase refunded), or money back in: no gift given back
        notes.append(_gift_note(refund, payment, in_books, fund))
    return notes


def _gift_note(refund: data.Transaction, gift: data.Transaction, in_books: bool, fund: str | None) -> Said:
    """How to book `refund` as the gift given back it may be: the gift's receipt, donor, fund and account."""
    amount = -refund.postings[0].units.number
    receipt = gift.meta.get("receipt") or gift.meta.get("source_ref")
    donor = str(gift.meta.get("donor") or UNIDENTIFIED_DONOR)
    account = next(p.account for p in gift.postings if is_donation(p.account))
    fund_text = fund or "（无）"
    if in_books:
        where_zh, where_en = f"账中的捐赠 {receipt}（{gift.date}）", f"the gift {receipt} of {gift.date} in the books"
    else:
        where_zh = f"本次导入拟记的捐赠 {receipt}（{entry_row_zh(gift)}，{gift.date}）"
        where_en = f"the gift {receipt} this import proposes ({entry_row(gift)}, {gift.date})"
    donor_zh = (f'donor: "{donor}"' if donor != UNIDENTIFIED_DONOR else "捐赠的 donor（捐赠人确认后写其编号，现为 UNIDENTIFIED）")
    donor_en = (f'donor: "{donor}"' if donor != UNIDENTIFIED_DONOR else "the gift's donor (its id once you know who gave it; "
                "UNIDENTIFIED now)")
    later_zh = "" if in_books else "；写入前若改了这笔捐赠的捐赠人或基金，退款也照改"
    later_en = "" if in_books else "; if you change the gift's donor or fund before writing, change the refund's alike"
    return said(
        f"{entry_row_zh(refund)}：退款 {amount:.2f} 退还的是{where_zh}，基金 {fund_text}：若是把这笔捐赠退给捐赠人，"
        f"请把它记为退还的捐赠：以 {account} {amount:.2f} CNY 代替 {PAYABLE_ACCOUNT}，写 {donor_zh}、"
        f'fund: "{fund_text}"（捐赠所入的基金）、下一个收据号，refund_of 保留（docs/books.md，“A gift given back”）{later_zh}',
        f"{entry_row(refund)}: the refund of {amount:.2f} gives back {where_en}, fund {fund or '(none)'}: if the money "
        f"went back to the donor, book it as a gift given back: {account} {amount:.2f} CNY in place of "
        f'{PAYABLE_ACCOUNT}, with {donor_en}, fund: "{fund or "(none)"}" (the fund the gift went to), the next receipt '
        f'number, and refund_of as it is (docs/books.md, "A gift given back"){later_en}')
