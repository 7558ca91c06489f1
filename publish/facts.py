"""One pass over the books collecting what the public model is built from.

This module sees private things (case ids, donor ids) because it must count households
and attribute gifts; nothing here reaches a template directly. publish/model.py turns
these facts into the public model through an explicit allow-list.

Amounts are kept in the books' first operating currency (CNY for relief books, USD for
beancount's example); postings valued in another currency are counted per currency in
`skipped` and left out, so totals never add up different currencies.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from decimal import Decimal

from beancount.core import data

from ledger.accounts import AID_ROOT, GOODS_ACCOUNT, PLEDGE_ACCOUNT, is_asset, is_donation, is_under
from ledger.books import Books
from ledger.closes.corrections import CORRECTION_KEY, corrects
from ledger.funds import FundMovements, left_over, posting_currency, posting_value
from ledger.pledges import Side, on_pledges, side, taken_off
from ledger.registry import GENERAL_FUND, AidUnits, gift_asks_anonymity

ZERO = Decimal(0)
#: money to the fen, as the site shows it and the books book it
FEN = Decimal("0.01")
UNASSIGNED_FUND = ""

Month = tuple[int, int]




@dataclass
class AidFact:
    """One aid payment as the builder reads it; `case` and `unit` never leave publish/ (only counts do)."""

    date: datetime.date
    category: str
    case: str | None
    unit: str | None
    amount: Decimal
    fund: str


@dataclass
class GoodsFact:
    """Goods given with a donation: commodity, quantity and value."""

    commodity: str
    quantity: Decimal
    value: Decimal


@dataclass
class DonationFact:
    """One gift as the builder reads it; `donor` is the registry id, never published as such."""

    date: datetime.date
    receipt: str | None
    donor: str | None
    fund: str
    amount: Decimal
    goods: list[GoodsFact]
    kind: str  # the source kind (Income:Donation:Enterprise, ...)
    #: what the entry moved by source kind, (kind, amount) in the order of its postings, when
    #: that is not all `amount` from `kind`: a correction that moves money between donation
    #: accounts (Individual +500, Enterprise -500: worth 0.00). None in the usual case. (One
    #: fund per entry: the rule fund_declared; the entry's fund is `fund`.)
    parts: tuple[tuple[str, Decimal], ...] | None = None
    #: the entry's own id (source_ref) and, on a refund, the receipt or source_ref of the gift
    #: it gives back (refund_of), so the gift's page can say so; never published as such
    source_ref: str | None = None
    refund_of: str | None = None
    #: `refund_of` is the gift its `correction:` names: booked too high, put right, not a refund
    corrected: bool = False
    #: the entry asks that this gift's donor not be named in public (its `anonymous`
    #: metadata), whatever the donor's registry entry says
    anonymous: bool = False
    #: the entry says how its goods were valued (`valuation` metadata): a letter states
    #: their value only then (letters/model.py), so the gift's page says when it does not
    goods_valued: bool = True
    #: the gift as given in another currency, (amount, currency), when the entry converts it
    #: at a price (`1000.00 USD @ 7.1234 CNY`): `amount` is its value in the books' currency
    given: tuple[Decimal, str] | None = None
    #: on a gift booked again under its right donor, what its `correction:` names (the gift
    #: booked under the wrong one, docs/closing.md): its page thanks for the day that came
    moved_from: str | None = None
    #: a correction that takes a pledge's rest off the pledges account (its donation line taken
    #: back: the donor cancelled it, ledger/pledges.py): the gift's page and letter say it
    #: with the pledge, as cancelled, not as booked in error
    cancels_pledge: bool = False
    #: on a correction RAISING a refund or a lowering correction of a gift (a positive donation
    #: whose `correction:` names a negative one: a refund of a closed period booked too high, or
    #: one that bounced back, docs/books.md "A gift given back"), the receipt (or what its
    #: `correction:` names) of the refund it lowers: no gift of its own; `refund_of` is then the
    #: gift that refund gives back and `corrected` whether that was a correction, so the gift's
    #: page says what went back net (publish/model_builder.py)
    lessens: str | None = None
    #: what a positive donation's `correction:` names, read by `_lessenings` only
    correction_of: str | None = None


@dataclass
class Facts:
    """What the builder reads from the books: aid payments, gifts and the funds' movements, in one currency."""

    currency: str
    default_fund: str
    #: The statement of changes in funds, for any period (ledger.funds: the one computation).
    movements: FundMovements
    aid: list[AidFact] = field(default_factory=list)
    donations: list[DonationFact] = field(default_factory=list)
    #: the pledges among `donations` (gifts booked on Assets:Receivable:Pledges when
    #: promised), with what ledger/pledges.py `match` reads of them, and the payments of
    #: pledges in the books (read only when there is a pledge): a pledge's page says what
    #: came and what is still to come, as its letter does
    pledges: list[tuple[DonationFact, Side]] = field(default_factory=list)
    pledge_payments: list[Side] = field(default_factory=list)

    @property
    def first(self) -> datetime.date | None:
        """The date of the books' first movement (None for empty books)."""
        return self.movements.first

    @property
    def last(self) -> datetime.date | None:
        """The date of the books' last movement: the "as of" date of the site."""
        return self.movements.last

    @property
    def skipped(self) -> dict[str, int]:
        """Postings in other currencies left out, by currency (the site says so)."""
        return self.movements.skipped

    @functools.cached_property
    def months(self) -> list[Month]:
        """Every month with a movement, oldest first."""
        return self.movements.months()


#: the roles of a fund account in collect_facts
DONATION, AID = 1, 2


def _account_role(account: str) -> int:
    """What collect_facts reads from a fund posting to `account`: DONATION, AID or nothing (0)."""
    if is_donation(account):
        return DONATION
    if is_under(account, AID_ROOT) and account != AID_ROOT:
        return AID
    return 0


def collect_facts(books: Books) -> Facts:
    """The facts of `books`, in its first operating currency (CNY when none is set).

    This runs over every transaction on every publish, so it reads the postings once: the
    funds' movements count them (FundMovements.add) and hand back each counted posting
    with its value, fund and line (a donation's key is its source kind, an aid payment's
    its category); each account's role here is worked out once."""
    operating = books.options.get("operating_currency") or ["CNY"]
    currency = operating[0]
    no_funds = not books.registry.funds
    default_fund = GENERAL_FUND if no_funds else UNASSIGNED_FUND
    movements = FundMovements(currency, default_fund, GENERAL_FUND if no_funds else None)
    facts = Facts(currency=currency, default_fund=default_fund, movements=movements)
    cases = books.registry.cases
    unit_of = AidUnits(cases)
    add = movements.add
    roles: dict[str, int] = {}
    goods_accounts: dict[str, int] = {}  # account -> 1 goods, 2 pledges, 0 neither
    aid = facts.aid
    donations = facts.donations
    Transaction = data.Transaction
    counted: list[tuple[data.Posting, Decimal, str, str, str]] = []
    for txn in books.entries:
        if not isinstance(txn, Transaction):
            continue
        add(txn, counted)
        if not counted:
            continue  # moved no fund
        donation_value = ZERO
        donation_kind = None
        donation_fund = default_fund
        donation_parts: list[tuple[str, Decimal]] = []
        tmeta = txn.meta or {}
        for posting, value, fund, _kind, key in counted:
            account = posting.account
            role = roles.get(account)
            if role is None:
                role = roles[account] = _account_role(account)
            if role == DONATION:
                donation_value -= value
                if donation_kind is None:
                    # the entry's fund, or the one its donation lines name (the rule
                    # fund_declared allows no second): as the statement counts the gift
                    donation_fund = fund
                donation_kind = donation_kind or key  # the source kind
                donation_parts.append((key, -value))
            elif role == AID:
                pmeta = posting.meta or {}
                case = pmeta.get("case") or tmeta.get("case")
                case = None if case is None else str(case)
                aid.append(AidFact(txn.date, key, case, unit_of(txn, posting, case), value, fund))
        counted.clear()
        if donation_kind is not None:
            goods = []
            pledged = False
            # the gift in the currency it was given in, when converted at a price: on its
            # donation line (-100.00 USD @ 7.20 CNY), else on the money's (1000.00 USD @ 7.1234 CNY)
            given_here: dict[str, Decimal] = {}
            given_in: dict[str, Decimal] = {}
            for p in txn.postings:
                price = p.price
                if price is not None and p.units is not None and p.units.currency != currency and price.currency == currency:
                    if is_donation(p.account):
                        given_here[p.units.currency] = given_here.get(p.units.currency, ZERO) - p.units.number
                    elif p.cost is None and is_asset(p.account):
                        given_in[p.units.currency] = given_in.get(p.units.currency, ZERO) + p.units.number
                account = p.account
                is_goods = goods_accounts.get(account)
                if is_goods is None:
                    is_goods = goods_accounts[account] = 1 if is_under(account, GOODS_ACCOUNT) else 2 if is_under(account, PLEDGE_ACCOUNT) else 0
                if is_goods == 2:
                    pledged = True
                    continue
                if is_goods and p.units is not None and p.units.number and p.units.number > 0 and posting_currency(p) == currency:
                    # to the fen, as the gift was booked: 12.345 kg at 5.60 is a gift of 69.13, and
                    # carried at 69.132 the page said "of which 69.13 is goods" of a gift of goods alone
                    goods.append(GoodsFact(p.units.currency, p.units.number, posting_value(p).quantize(FEN)))
            if goods:
                goods = as_booked(goods, txn, currency)
            receipt = tmeta.get("receipt")
            donor = tmeta.get("donor")
            fund = donation_fund if books.registry.funds else GENERAL_FUND
            source_ref, refund_of = tmeta.get("source_ref"), tmeta.get("refund_of")
            corrected = refund_of is None and donation_value < 0 and corrects(txn) is not None
            if corrected:
                # a gift corrected down later (`correction:` naming its receipt, docs/closing.md):
                # taken off that gift, as a refund naming it is; naming no gift of the same
                # donor (a closed period, an approval), it is paired with none
                refund_of = corrects(txn)
            valuation = tmeta.get("valuation")
            fact = DonationFact(
                txn.date, None if receipt is None else str(receipt), None if donor is None else str(donor), fund, donation_value, goods, donation_kind,
                _donation_parts(donation_parts, donation_kind),
                source_ref=None if source_ref is None else str(source_ref), refund_of=None if refund_of is None else str(refund_of), corrected=corrected,
                anonymous=gift_asks_anonymity(tmeta),
                goods_valued=not goods or (valuation is not None and str(valuation) != ""),
                given=_given(given_here or given_in),
                moved_from=corrects(txn) if donation_value > 0 and refund_of is None else None,
                cancels_pledge=corrected and pledged and on_pledges(txn) < 0,
                correction_of=corrects(txn) if donation_value > 0 and CORRECTION_KEY in tmeta else None,
            )
            donations.append(fact)
            if pledged and (on := on_pledges(txn)) > 0:
                facts.pledges.append((fact, side(txn, on)))
    if any(f.correction_of is not None for f in donations):  # most books have none: no second look
        _lessenings(donations)
    if facts.pledges:  # a second look only for books with a pledge: none pays for it otherwise
        facts.pledge_payments = [taken_off(t, on) for t in books.entries
                                 if isinstance(t, Transaction) and (on := on_pledges(t)) < 0]
    return facts


def _lessenings(donations: list[DonationFact]) -> None:
    """Mark each positive donation whose `correction:` names a refund or a lowering correction of
    a gift (a negative donation with `refund_of`, as read above) as lowering it (`lessens`), and
    pair it with that one's gift (`refund_of`, `corrected`), so the site takes it off what went
    back, not shows it as a gift. Why: a refund of a closed period booked too high (200.00 where
    100.00 went back), put right by +100.00 naming it, was thanked for as a new gift of 100.00
    with its own page, while the gift's page said 200.00 went back (the rule refund_gift says
    when the booking is right: ledger/plugins/refund_gift.py `_lessening`)."""
    backs: dict[str, DonationFact] = {}
    for f in donations:
        if f.amount < 0 and f.refund_of is not None:
            for key in (f.receipt, f.source_ref):
                if key is not None:
                    backs.setdefault(key, f)
    for f in donations:
        back = backs.get(f.correction_of) if f.correction_of is not None else None
        if back is not None:
            f.lessens, f.refund_of, f.corrected, f.moved_from = back.receipt or f.correction_of, back.refund_of, back.corrected, None


def _donation_parts(parts: list[tuple[str, Decimal]], kind: str) -> tuple[tuple[str, Decimal], ...] | None:
    """A gift's postings summed by source kind, in the order the kinds first appear, those
    that net to nothing left out; None when that is one part from `kind` (or none at all:
    postings that net to nothing on one source), which the gift's own fields say."""
    if len(parts) == 1:
        return None
    summed: dict[str, Decimal] = {}
    for k, amount in parts:
        summed[k] = summed.get(k, ZERO) + amount
    out = tuple((k, amount) for k, amount in summed.items() if amount)
    if not out or (len(out) == 1 and out[0][0] == kind):
        return None
    return out


def _given(amounts: dict[str, Decimal]) -> tuple[Decimal, str] | None:
    """A gift's amount in the one other currency it was given in (None: none, or several)."""
    if len(amounts) != 1:
        return None
    [(currency, amount)] = amounts.items()
    return (amount, currency) if amount else None


def as_booked(goods: list[GoodsFact], txn: data.Transaction, currency: str) -> list[GoodsFact]:
    """The goods of a gift at the value its entry booked for them. Each line is its value at
    cost to the fen; where the entry booked a total that rounds otherwise (0.5 kg at 13.33 is
    6.665, booked 6.67 as an invoice rounds half up, shown 6.66, so the page of a gift of goods
    alone said "of which ¥6.66 is goods" of a gift of ¥6.67), the part of a fen beancount let
    pass is taken into the last line: the goods add up to what was booked."""
    left = left_over(txn, currency)
    if not left:
        return goods
    exact = sum((posting_value(p) for p in txn.postings if p.units is not None and p.units.number > 0
                 and is_under(p.account, GOODS_ACCOUNT)), ZERO)
    booked = exact - left
    off = booked - sum((g.value for g in goods), ZERO)
    if not off or booked != booked.quantize(FEN):
        return goods
    last = goods[-1]
    return [*goods[:-1], GoodsFact(last.commodity, last.quantity, last.value + off)]
