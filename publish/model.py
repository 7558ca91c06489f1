"""The public model: the complete list of what the site, its open data and its reports may show.

For a privacy reviewer: this file is the allow-list. Every page of the site, every open-data
file (publish/opendata.py), every annual-report PDF and every letter to a donor is rendered
from these frozen dataclasses and from nothing else; templates receive only these objects.
A field that is not declared here cannot be published, so a new field in the books (a
donor's contact, a case's address) cannot reach a page by accident. To review what leaves
the books, read this file; to review how each field is filled, read publish/model_builder.py.

This module imports only the standard library (tests/publish/test_model_allow_list.py
checks it), so nothing here can read the books: the builder fills the model, the model
cannot fetch more.

Privacy, by construction:
- beneficiaries (cases) appear only as household counts and amounts, in tables whose small
  counts are suppressed together with complementary cells (publish/suppress.py); case ids
  never enter the model (a grant's `recipient` is a keyed hash, not the case id);
- a donor appears by display name (with a short public note telling apart named donors who
  share one: their registry `display_note`, else their kind and a number; the honour roll
  groups by donor id, never by name), or, when anonymous ("public" or "all"), with no name
  at all, only inside anonymous counts and totals (and on their own acknowledgement page,
  which still shows no name);
- donor contact, legal names of anonymous donors, narrations and payees are never read
  (one exception: the stated reason of a transfer between funds, docs/publishing.md);
- `About` holds only what the centre publishes about itself (its settings' public facts and
  the narrative it writes for each annual report).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from ledger.accounts import is_donation
from ledger.period import Period

ZERO = Decimal(0)


def made(cls, /, **values):
    """What `cls(**values)` makes, for a frozen dataclass of this module built in the tens of
    thousands (a gift, a grant): the same object, equal and hashed alike, without the frozen
    class's `object.__setattr__` call per field, which cost more than the rest of building a
    gift (issue 15). Every field must be given, defaults included: no default is filled in
    (a field left out would be missing, not defaulted), so a missing or unknown name is a
    TypeError here, as a call of the class makes it."""
    names = _FIELDS.get(cls)
    if names is None:
        if hasattr(cls, "__post_init__"):  # it would not run: make such a class by calling it
            raise TypeError(f"made({cls.__name__}): the class has a __post_init__, which made() would skip")
        names = _FIELDS[cls] = frozenset(cls.__dataclass_fields__)
    if values.keys() != names:
        missing, unknown = sorted(names - values.keys()), sorted(values.keys() - names)
        raise TypeError(f"made({cls.__name__}): every field must be given; missing {missing}, unknown {unknown}")
    obj = object.__new__(cls)
    obj.__dict__.update(values)
    return obj


#: the field names of each class `made` has built
_FIELDS: dict[type, frozenset[str]] = {}


@dataclass(frozen=True, order=True)
class Label:
    """A text in both languages of the site."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The text in `lang` ("zh", else English)."""
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Line:
    """A labelled amount: a kind of source, a category of use."""

    key: str
    label: Label
    amount: Decimal


@dataclass(frozen=True)
class LabelledPeriod(Period):
    """A reporting period: the books' half-open Period (ledger/period.py; `end` is the day
    after, `last_day` the last) with the bilingual label the pages show. Kind is month,
    quarter, year or all."""

    label: Label


@dataclass(frozen=True)
class Count:
    """A household count, or None when suppressed (the value is then not in the model)."""

    value: int | None

    @property
    def suppressed(self) -> bool:
        """True when the count is hidden (fewer households than the site's minimum)."""
        return self.value is None


@dataclass(frozen=True)
class Cell:
    """Households and amount of aid; both None when suppressed; households 0 when none."""

    households: int | None
    amount: Decimal | None

    @property
    def suppressed(self) -> bool:
        """True when the cell is hidden: a small count, or the complement that would reveal one."""
        return self.amount is None

    @property
    def empty(self) -> bool:
        """True for a shown cell with no aid in it (shown as a dash, not as 0 households)."""
        return self.amount is not None and self.amount == 0 and not self.households


@dataclass(frozen=True)
class Column:
    """A column of an aid table or of a fund's months: an aid category or a use."""

    key: str
    label: Label


#: the category of grants.csv's aggregate rows of payments in hidden cells
SUPPRESSED_COLUMN = Column("SUPPRESSED", Label("隐藏的小单元格合计", "Suppressed small cells (aggregate)"))


@dataclass(frozen=True)
class AidRow:
    """One row of an aid table (a month, a reporting unit or a period): a cell per column and the row's total."""

    key: str
    label: Label
    cells: tuple[Cell, ...]
    total: Cell


@dataclass(frozen=True)
class AidTable:
    """Aid by row (month, reporting unit or period) and category, with suppression applied."""

    key: str
    columns: tuple[Column, ...]
    rows: tuple[AidRow, ...]
    totals: tuple[Cell, ...]
    grand: Cell

    @property
    def hides(self) -> bool:
        """True when a cell or total of the table is hidden (its page then says where the amounts are)."""
        return self.grand.suppressed or any(c.suppressed for c in self.totals) or any(
            c.suppressed for row in self.rows for c in (*row.cells, row.total))


@dataclass(frozen=True)
class FundRef:
    """How a fund is named and linked: its registry id, its page's slug and its names."""

    id: str
    slug: str
    name: Label


@dataclass(frozen=True)
class Transfer:
    """A move between funds: positive into this fund, negative out of it (for all funds
    together: the net, zero when the money stayed between funds). `reason` is the
    transfer's stated reason (its `reason` metadata, else its narration: the one narration
    the site publishes, docs/publishing.md); `approval` the decision behind it. `withheld`:
    the books give a reason but it is kept off the site (it names a person helped or a donor
    who asked not to be named: publish/withheld.py), `reason` then empty; the pages say it
    was withheld, not that none was stated. `approval_withheld`: the same of its approval
    number (`approval` then None)."""

    date: datetime.date
    amount: Decimal
    counterparts: tuple[FundRef, ...]
    reason: str
    approval: str | None
    withheld: bool = False
    approval_withheld: bool = False


@dataclass(frozen=True)
class Statement:
    """The statement of changes in funds for a period (ledger.funds, one fund or all):
    opening + raised − spent + transfers = closing.

    `opening` is what was held at the start, including `carried`: money carried over into
    the books in this period (opening balances, when the books begin); `moved` is what
    went between funds in the period (for all funds it nets to `transfers`, zero); `goods`
    is the part of `closing` that is goods in stock at their booked cost, and `unvalued` the
    goods in stock booked at no value (all funds' statement only: goods belong to no one
    fund; none in one fund's); `receivable` the part of `closing` still to be received;
    `payable` what is owed, which `closing` is net of."""

    period: LabelledPeriod
    opening: Decimal
    carried: Decimal
    raised: Decimal
    spent: Decimal
    transfers: Decimal
    closing: Decimal
    sources: tuple[Line, ...]
    uses: tuple[Line, ...]
    transfer_lines: tuple[Transfer, ...]
    moved: Decimal
    goods: Decimal
    #: goods in stock at the end booked at no value (in no amount), all funds' statement only
    unvalued: tuple[GoodsItem, ...]
    #: the part of `closing` still to be received (Assets:Receivable: pledges not yet paid,
    #: approved allocations), all funds' statement only: held, but no money in the bank
    receivable: Decimal = Decimal(0)
    #: what is owed at the end (Liabilities: aid approved and not paid yet, other amounts
    #: payable), as a positive amount, all funds' statement only: `closing` is net of it
    payable: Decimal = Decimal(0)
    #: money held at the end in another currency (a USD account), all funds' statement only:
    #: part of `closing` at the rates it was booked at, not today's; the pages say so
    foreign: tuple[ForeignHeld, ...] = ()
    #: the goods in stock at their booked cost that `opening` holds (goods held when the books
    #: began among them), and those that came into stock (given in kind, bought) and went out
    #: of it (handed out, written off) in the period, all funds' statement only:
    #: goods_opening + goods_in − goods_out = goods
    goods_opening: Decimal = Decimal(0)
    goods_in: Decimal = Decimal(0)
    goods_out: Decimal = Decimal(0)
    #: of `opening`, what was still to be received and what was owed (as a positive amount),
    #: all funds' statement only: the closing's `receivable` and `payable` of the period
    #: before, and those carried over into the books in the period (with the opening money)
    receivable_opening: Decimal = Decimal(0)
    payable_opening: Decimal = Decimal(0)


@dataclass(frozen=True)
class ForeignHeld:
    """Money held in another currency: how much of it (`units` of `currency`) and the value
    in the site's currency that the books hold it at (`value`: the cost or price each amount
    was booked at; the statement's closing balance counts this, not today's rate)."""

    currency: str
    units: Decimal
    value: Decimal


@dataclass(frozen=True)
class PledgeHeld:
    """A pledge to a fund: its day, its amount, and each payment or cancellation of it, (day,
    amount) (ledger/pledges.py): what of it a fund's balance holds that has not come."""

    date: datetime.date
    amount: Decimal
    settled: tuple[tuple[datetime.date, Decimal], ...]

    def to_come(self, end: datetime.date | None = None) -> Decimal:
        """What of it was still to come before `end` (None: as the books stand): nothing
        for a pledge made on or after `end`."""
        if end is not None and self.date >= end:
            return ZERO
        return self.amount - sum((amount for day, amount in self.settled if end is None or day < end), ZERO)


@dataclass(frozen=True)
class FundMonth:
    """One month of a fund: raised, spent, and spent by use (the fund's page's table)."""

    period: LabelledPeriod
    raised: Decimal
    spent: Decimal
    uses: tuple[Decimal, ...]  # aligned with Fund.use_columns


@dataclass(frozen=True)
class Fund:
    """A fund since the books begin. `status`: "open"; "ended" (past its end date and
    still holding money); "closed" (its end date reached and nothing left). `opening` is
    what it held when the books began (carried over); opening + raised − spent +
    transfers_net = balance."""

    ref: FundRef
    restricted: bool
    purpose: tuple[Label, ...]
    start: datetime.date | None
    end: datetime.date | None
    status: str
    opening: Decimal
    raised: Decimal
    spent: Decimal
    transfers_net: Decimal
    balance: Decimal
    sources: tuple[Line, ...]
    uses: tuple[Line, ...]
    use_columns: tuple[Column, ...]
    months: tuple[FundMonth, ...]
    transfers: tuple[Transfer, ...]
    donations: int
    #: the accounts it may pay (its `purpose`, as the registry declares them; `purpose` holds their names)
    purpose_accounts: tuple[str, ...] = ()
    #: when overdrawn (balance below zero): what the money it spent beyond what it had came out
    #: of, as the books stand: the other funds holding money (each with its balance) and
    #: `covered_owed`, what the centre owes (borrowed, aid approved and not yet paid)
    covered_by: tuple[tuple[FundRef, Decimal], ...] = ()
    covered_owed: Decimal = Decimal(0)
    #: the pledges to it (gifts booked when promised, counted in `raised` then), each with
    #: its payments and cancellations: what of them is still to come is in `balance` but is
    #: no money held, which its page says (and the annual report, of an ended fund)
    pledges: tuple[PledgeHeld, ...] = ()

    def pledged_to_come(self, end: datetime.date | None = None) -> Decimal:
        """What of the pledges to it was still to come before `end` (None: as the books stand)."""
        return sum((p.to_come(end) for p in self.pledges), ZERO)

    def pledges_to_come(self, end: datetime.date | None = None) -> int:
        """How many pledges to it had something still to come before `end`."""
        return sum(1 for p in self.pledges if p.to_come(end) > 0)

    @property
    def closed(self) -> bool:
        """True when the fund has ended and holds nothing."""
        return self.status == "closed"

    @property
    def ended(self) -> bool:
        """True when the fund is past its end date (closed or not)."""
        return self.status in ("closed", "ended")

    @property
    def had(self) -> Decimal:
        """All it ever had: carried over, raised and transferred in."""
        return self.opening + self.raised + sum((t.amount for t in self.transfers if t.amount > 0), ZERO)

    @property
    def moved_out(self) -> tuple[Transfer, ...]:
        """The transfers out of this fund to others."""
        return tuple(t for t in self.transfers if t.amount < 0)


@dataclass(frozen=True)
class FundMovement:
    """One fund's statement of changes in a period: opening (of which `carried` was carried
    over into the books in the period) + raised − spent + transfers = closing."""

    ref: FundRef
    restricted: bool
    opening: Decimal
    carried: Decimal
    raised: Decimal
    spent: Decimal
    transfers: Decimal
    closing: Decimal
    transfer_lines: tuple[Transfer, ...]
    sources: tuple[Line, ...]
    uses: tuple[Line, ...]


@dataclass(frozen=True)
class Returned:
    """Money of a gift given back to its donor: a refund whose `refund_of` names the gift."""

    date: datetime.date
    amount: Decimal  # positive: what went back
    receipt: str | None  # the refund's own receipt number
    #: booked too high and corrected down (`correction:` naming the gift), not given back
    corrected: bool = False
    #: of a pledge: the donor cancelled this much of it (a correction taking it off the
    #: pledges account, ledger/pledges.py), said with the pledge (`Donation.pledge_cancelled`),
    #: never as booked in error nor as given back
    cancelled: bool = False
    #: set on a correction LOWERING a refund or correction of the gift (docs/books.md, "A gift
    #: given back": a refund of a closed period booked too high, or one that bounced back): the
    #: receipt of the refund (or correction) it lowers; `amount` is then negative, what did not
    #: go back (or was not taken off) after all, so the gift's `returned_amount` is net of it
    lessens: str | None = None


@dataclass(frozen=True)
class GoodsItem:
    """Goods given, as the site shows them: the commodity, its names, the quantity and its value."""

    commodity: str
    name: Label
    unit: Label
    quantity: Decimal
    value: Decimal
    #: the unit for a quantity other than one (in English the plural; None: as `unit`)
    units: Label | None = None

    @property
    def counted_unit(self) -> Label:
        """The unit as the quantity reads: "1 bag", "35 bags" (Chinese units do not change)."""
        return self.unit if self.quantity == 1 or self.units is None else self.units


@dataclass(frozen=True)
class DonationPart:
    """What one gift moved from one kind of source, when it moved from more than one (a
    correction between donation accounts); into the gift's own fund."""

    source: Label
    amount: Decimal


@dataclass(frozen=True)
class Donation:
    """One gift, as public as it may be: what the letters (issue 5) and ack pages show.

    `donor_name` is the display name, or None for an anonymous donor. `ack_path` is the
    acknowledgement page's path in the site (None without a receipt or a secret, and for a
    gift given back: a negative amount); it is never listed in open data.
    """

    receipt: str | None
    date: datetime.date
    amount: Decimal
    currency: str
    goods: tuple[GoodsItem, ...]
    fund: FundRef
    source: Label
    donor_kind: str
    donor_name: str | None
    anonymous: bool
    ack_path: str | None
    ack_url: str | None
    #: tells apart named donors who share a display name (None when the name is unique)
    donor_note: Label | None = None
    #: by source, when the gift is not all `amount` from `source`: a correction worth 0.00
    #: that moves ¥500 from one donation account to another is (-500 one, +500 the other);
    #: data/donations.csv writes a row for each part
    parts: tuple[DonationPart, ...] | None = None
    #: what of it was given back (refunds naming it in `refund_of`), shown on its page
    returned: tuple[Returned, ...] = ()
    #: on a correction lowering a refund or a lowering correction of a gift (docs/books.md, "A
    #: gift given back"), the receipt of the refund it lowers: no gift (no page, not counted),
    #: its positive amount comes off what went back of that refund's gift
    lessens: str | None = None
    #: False for goods whose entry does not say how they were valued (no `valuation`): the
    #: letter then states no value for them, and the page says why it shows one (the value
    #: the books carry them at), so the two do not seem to disagree
    goods_valued: bool = True
    #: the gift as given in another currency, when the books converted it at a price
    #: (`1000.00 USD @ 7.1234 CNY`): its page and letter state it beside `amount`, which is
    #: its value in the books' currency and all that any total counts
    given_amount: Decimal | None = None
    given_currency: str | None = None
    #: the day the money came, for a gift booked again under its right donor by a correction
    #: (its `correction:` names the gift first booked under another donor, earlier; its own
    #: `date` is the correction's): its page and letter thank for that day and say when it
    #: was put right, never under whom it was first (docs/closing.md). None otherwise
    received: datetime.date | None = None
    #: for a pledge (the gift booked on Assets:Receivable:Pledges when promised, docs/books.md):
    #: the payments of it in the books, (day, amount), oldest first, possibly none
    #: (ledger/pledges.py, the rule its letter follows too); None for a gift of money or goods.
    #: Its page thanks for the pledge and says what came and what is still to come
    pledge_paid: tuple[tuple[datetime.date, Decimal], ...] | None = None
    #: of a pledge, what the donor cancelled (entries that take it off with a donation line,
    #: ledger/pledges.py), (day, amount), oldest first: no money came for it, none is to come
    pledge_cancelled: tuple[tuple[datetime.date, Decimal], ...] = ()
    #: of a pledge, what its payments brought (ledger/pledges.py `came_as`): "money", "goods"
    #: or "mixed"; the words for what came say goods received, not money, when it was goods
    pledge_came: str = "money"

    @property
    def pledge_received(self) -> Decimal:
        """What of a pledge has come in (0 for a gift that is no pledge)."""
        return sum((amount for _, amount in self.pledge_paid or ()), Decimal(0))

    @property
    def pledge_to_come(self) -> Decimal:
        """What of a pledge is still to come: neither received nor cancelled."""
        return self.amount - self.pledge_received - sum((amount for _, amount in self.pledge_cancelled), Decimal(0))

    @property
    def goods_value(self) -> Decimal:
        """What the goods of the gift are booked at (all of `amount` for a gift of goods alone)."""
        return sum((g.value for g in self.goods), Decimal(0))

    @property
    def returned_amount(self) -> Decimal:
        """How much of the gift was given back."""
        return sum((r.amount for r in self.returned), Decimal(0))

    @property
    def returned_in_full(self) -> bool:
        """Whether all of it went back (its page then says so instead of how it is used)."""
        return bool(self.returned) and self.returned_amount >= self.amount

    @property
    def corrected_in_full(self) -> bool:
        """Whether all of it was taken off by corrections (booked in error, under another
        donor), none given back: its page says it was corrected, not returned."""
        return self.returned_in_full and all(r.corrected for r in self.returned)

    @property
    def returned_shown(self) -> tuple[Returned, ...]:
        """What its page and letter list as given back or corrected: all of `returned` but a
        pledge's cancelled rest, which they say with the pledge (as cancelled)."""
        return tuple(r for r in self.returned if not r.cancelled)

    @property
    def cancelled_in_full(self) -> bool:
        """Whether a pledge was cancelled, all of it, before any of it came: its page says
        so, not that it was corrected."""
        return self.returned_in_full and all(r.cancelled for r in self.returned)


@dataclass(frozen=True)
class RollEntry:
    """One donor (by identity, never by name) on the honour roll of a year."""

    name: str
    gifts: int
    amount: Decimal  # total value, goods included
    goods: tuple[GoodsItem, ...]
    note: Label | None = None  # as Donation.donor_note


@dataclass(frozen=True)
class RollGroup:
    """The named donors of one kind (enterprises, organisations, individuals) on an honour roll."""

    kind: str
    label: Label
    entries: tuple[RollEntry, ...]


@dataclass(frozen=True)
class HonourRoll:
    """鸣谢名单 for one year: named donors by kind; anonymous gifts only as a count and total."""

    period: LabelledPeriod
    groups: tuple[RollGroup, ...]
    anonymous_gifts: int
    anonymous_amount: Decimal
    anonymous_goods: tuple[GoodsItem, ...]
    gifts: int
    total: Decimal
    #: of the anonymous gifts, those whose payer is not identified yet (no registered donor):
    #: they did not ask to stay anonymous, so the roll says how many and how much they are
    unidentified_gifts: int = 0
    unidentified_amount: Decimal = ZERO
    #: gifts given back in the year (negative donations): `total` is net of them, so the
    #: roll says how many and how much (its total was less than the gifts, silently)
    refunds: int = 0
    refunded: Decimal = ZERO
    #: of those, the refunds of gifts made in an earlier year (their `refund_of` names it):
    #: shown in a section of their own (退还往年捐赠), not in the donors' lines nor among the
    #: anonymous gifts, so the names + `anonymous_amount` - `earlier_refunded` = `total`
    earlier_refunds: int = 0
    earlier_refunded: Decimal = ZERO
    #: of the anonymous gifts, those on the roll by name when their period was closed, whose
    #: donor asked later not to be named (Donor.named_until): a closed year's roll changed,
    #: so it says how many gifts and donors (never who, nor how much)
    named_at_close_gifts: int = 0
    named_at_close_donors: int = 0
    #: gifts given back in full within their own year (their refunds name them, and the same
    #: year's refunds add up to the gift): left off the donors' lines and the anonymous
    #: gifts, which read "1 笔 ¥0.00" (a donor who gave nothing), and said in a line of their
    #: own; they count in `gifts` (and their refunds in `refunds`) and net to nothing in
    #: `total`, so the lines + `anonymous_gifts` + `returned_in_full` = `gifts`
    returned_in_full: int = 0
    returned_in_full_amount: Decimal = ZERO
    #: likewise the gifts taken off in full by corrections within their year (booked under a
    #: donor who did not give them), said as corrected, not returned: counted neither in
    #: `gifts` nor (their corrections) in `refunds`, so the lines + `anonymous_gifts` +
    #: `returned_in_full` = `gifts`
    corrected_in_full: int = 0
    corrected_in_full_amount: Decimal = ZERO
    #: the year's pledges (gifts booked when promised, counted in `total` then) with something
    #: still to come by the data's date, and how much: the roll said "共收到捐赠 … 合计" of
    #: money that had not come, so it says how much of its total is pledged, not yet received
    pledges_to_come: int = 0
    pledged_to_come: Decimal = ZERO
    #: pledges their donors cancelled in full within the year (ledger/pledges.py: each taken
    #: off the pledges account with its donation line), left off the lines like the gifts
    #: corrected in full and counted apart from them: the roll said such a pledge had been
    #: "booked under someone who did not give it"; so the lines + `anonymous_gifts` +
    #: `returned_in_full` = `gifts` still
    cancelled_in_full: int = 0
    cancelled_in_full_amount: Decimal = ZERO
    #: of `refunds`, the corrections: a gift corrected down (booked too high, `correction:`
    #: naming it) or the cancelled rest of a pledge, money that went back to no one; the roll
    #: called them "退还捐赠人" / "given back" with the refunds
    corrections: int = 0
    corrected: Decimal = ZERO
    #: the year's corrections lowering a refund or a lowering correction (`Donation.lessens`:
    #: a refund of a closed period booked too high, or one bounced back), and what they put
    #: back: `refunded` is net of it, so the sentence saying what the total is net of names
    #: it (it said "net of 1 correction, ¥21.82" of a total ¥7.19 less, ¥14.63 put back)
    lessenings: int = 0
    lessened: Decimal = ZERO

    @property
    def given_back(self) -> int:
        """How many of `refunds` went back to their donors (not corrections)."""
        return self.refunds - self.corrections

    @property
    def given_back_amount(self) -> Decimal:
        """How much went back to donors (not corrections), before the `lessened`: `refunded`
        is that, less `corrected`, plus what the lessenings put back."""
        return self.refunded - self.corrected + self.lessened

    #: of the entries of `earlier_refunds`' section, the corrections lowering a refund of a gift of
    #: an earlier year (docs/books.md, "A gift given back": booked too high, or bounced back), and
    #: what they brought back: `earlier_refunded` is net of it (`earlier_refunds` counts refunds
    #: only), so the section says it, and reads "net" (the net may be money come back)
    earlier_lessenings: int = 0
    earlier_lessened: Decimal = ZERO


@dataclass(frozen=True)
class AidYear:
    """One year's aid: by month and by reporting unit (both suppressed alike), the households
    helped (hidden only below the threshold, as on the overview) and the aid paid in all
    (`paid`: the year's aid categories in the statement of changes, public in full; the aid
    pages state it when the tables' grand total is hidden). `spent`: all the year's uses as its
    statement of changes gives them, aid and running costs (bank charges, office costs), so
    the aid pages can account for the difference from the overview's and the report's spent)."""

    period: LabelledPeriod
    by_month: AidTable
    by_unit: AidTable
    households: Count
    paid: Decimal
    spent: Decimal = ZERO


@dataclass(frozen=True)
class Correction:
    """An entry correcting one in a closed period (docs/closing.md): when, which fund, its
    effect on the fund's balance, and the month it corrects (None when not found). No
    narration, payee, case or reference."""

    date: datetime.date
    fund: FundRef | None
    amount: Decimal
    corrects: LabelledPeriod | None


@dataclass(frozen=True)
class Report:
    """A period's report (month, quarter or year): its statement, each fund's movement, the
    aid and the number of gifts; `closed` when every month is closed, else provisional."""

    period: LabelledPeriod
    statement: Statement
    funds: tuple[FundMovement, ...]
    aid: AidTable
    donations: int
    previous: LabelledPeriod | None
    next: LabelledPeriod | None
    closed: bool  # every month of the period is closed (relief close); otherwise provisional
    corrections: tuple[Correction, ...]  # corrections dated in the period
    #: corrections booked after the period of an entry in it (the corrected month, quarter or
    #: year lies in the period): its figures stand, and its page and PDF say so
    later: tuple[Correction, ...] = ()
    #: the funds declared by the period's end and open in it (not begun after it, not ended
    #: before it) that held and moved nothing in it: `funds` lists only those that did, so the
    #: page names these beside it (a fund declared and never used was on the funds page and in
    #: no report, without a word)
    idle: tuple[FundRef, ...] = ()
    #: transactions flagged `!` (not yet reviewed: ledger/unreviewed.py) dated in the period,
    #: counted in its figures; a period holding one cannot be closed, and its page says so
    unreviewed: int = 0

    @property
    def spent_not_aid(self) -> tuple[Line, ...]:
        """The uses that are not aid (bank fees, office costs): the aid table's total is the
        period's spending less these, and its page says so (the aid table alone left a
        reader with a total smaller than "spent" and no reason)."""
        aid = {c.key for c in self.aid.columns}
        return tuple(line for line in self.statement.uses if line.key not in aid)

    @property
    def spent_not_aid_total(self) -> Decimal:
        """What the uses that are not aid add up to: spent less the aid table's total."""
        return sum((line.amount for line in self.spent_not_aid), Decimal(0))

    @property
    def raised_not_gifts(self) -> tuple[Line, ...]:
        """The sources that are not gifts (union funding, government allocations, interest):
        the honour roll lists gifts only, so its page says what else the year raised (its
        total alone left a reader with less than "raised" and no reason)."""
        return tuple(line for line in self.statement.sources if not is_donation(line.key))


@dataclass(frozen=True)
class TrendPoint:
    """One month of the overview's trend: raised and spent."""

    period: LabelledPeriod
    raised: Decimal
    spent: Decimal


@dataclass(frozen=True)
class Overview:
    """The front page: this year's and all-time statements, the last twelve months, the restricted funds and households helped."""

    year: Statement
    all_time: Statement
    trend: tuple[TrendPoint, ...]
    restricted: tuple[Fund, ...]
    households_year: Count
    households_all: Count


@dataclass(frozen=True)
class Grant:
    """An aid payment in the spirit of 360Giving's guidance on grants to individuals: no
    recipient, no case, no unit; `recipient` is a pseudonymous id (HMAC of the case under the
    site secret: stable per case, not the case id; None without a secret). `reason` and
    `purpose` are codes of 360Giving's codelists mapped from the aid category. A row with
    `suppressed` is the aggregate of a year's payments in cells hidden on the aid page."""

    identifier: str
    date: datetime.date
    category: Column
    fund: FundRef | None
    amount: Decimal
    recipient: str | None = None
    reason: str = ""
    purpose: str = ""
    suppressed: bool = False


@dataclass(frozen=True)
class LeftOut:
    """Entries in another currency than the site's, left out of every figure: how many
    transactions, and what they raised and spent in that currency, so the page that leaves
    them out says how much it leaves out (a page said only "USD not counted")."""

    currency: str
    entries: int
    raised: Decimal
    spent: Decimal
    year: int | None = None  # None: all years together (the site's footer); else that year's (the annual report)


@dataclass(frozen=True)
class SiteInfo:
    """The site itself: the centre's name, address, currency, the dates it covers and the suppression threshold."""

    name: Label
    site_url: str
    currency: str
    as_of: datetime.date | None
    first: datetime.date | None
    min_published_count: int
    skipped_currencies: tuple[str, ...]
    conventions: bool  # False for books that follow none of the project's conventions
    left_out: tuple[LeftOut, ...] = ()  # what skipped_currencies leaves out, per currency
    left_out_years: tuple[LeftOut, ...] = ()  # the same per currency and year (LeftOut.year set)


@dataclass(frozen=True)
class PublicModel:
    """Everything the site, the open data, the annual report and the letters are made from."""

    site: SiteInfo
    overview: Overview | None
    funds: tuple[Fund, ...]
    donations: tuple[Donation, ...]
    rolls: tuple[HonourRoll, ...]
    aid: tuple[AidYear, ...]
    reports: tuple[Report, ...]
    grants: tuple[Grant, ...]
    about: About | None = None

    def fund(self, fund_id: str) -> Fund | None:
        """The fund with registry id `fund_id`, or None."""
        return next((f for f in self.funds if f.ref.id == fund_id), None)


# --------------------------------------------------------------------------- about the centre


@dataclass(frozen=True)
class Fact:
    """One public fact about the centre (its address, its credit code...); `value` None when the centre has not set it."""

    key: str
    label: Label
    value: Label | None  # None: the centre has not published it


@dataclass(frozen=True)
class Licence:
    """The open data's licence: its SPDX-style id, title and address."""

    id: str
    title: str
    url: str


@dataclass(frozen=True)
class DisclosureItem:
    """One item of the disclosure rules: what it is, how far this site covers it, and where."""

    item: Label
    status: str  # "site" | "partly" | "elsewhere" | "withheld"
    note: Label
    pages: tuple[str, ...]  # pages of this site that cover it (Chinese paths)

    @property
    def status_label(self) -> Label:
        """The status in words of both languages."""
        return STATUS_LABELS[self.status]

    @property
    def links(self) -> tuple[tuple[str, Label], ...]:
        """(path, title) of each page that covers the item."""
        return tuple((p, PAGE_TITLES.get(p, Label(p, p))) for p in self.pages)


@dataclass(frozen=True)
class Narrative:
    """What the centre writes for a year's annual report (Markdown from report/YYYY.md)."""

    year: int
    source: str  # the file, relative to the books' folder (report/2026.md)
    markdown: str


@dataclass(frozen=True)
class About:
    """About the centre: its public facts, the open data's licence, its disclosure duties and its narratives."""

    facts: tuple[Fact, ...]
    licence: Licence
    org_id: str
    disclosure: tuple[DisclosureItem, ...]
    narratives: tuple[Narrative, ...]

    def fact(self, key: str) -> Fact | None:
        """The public fact `key`, or None when it is not a known fact."""
        return next((f for f in self.facts if f.key == key), None)

    def narrative(self, year: int) -> Narrative | None:
        """The centre's narrative for `year`, or None."""
        return next((n for n in self.narratives if n.year == year), None)


PAGE_TITLES = {
    "index.html": Label("总览", "Overview"),
    "funds/index.html": Label("基金", "Funds"),
    "donors/index.html": Label("鸣谢名单", "Donors"),
    "aid/index.html": Label("帮扶", "Aid"),
    "reports/index.html": Label("报告", "Reports"),
    "data/index.html": Label("公开数据", "Open data"),
    "about.html": Label("关于本中心", "About"),
}

STATUS_LABELS = {
    "site": Label("本站公开", "Published on this site"),
    "partly": Label("部分在本站公开", "Partly on this site"),
    "elsewhere": Label("须另行公开", "To be published elsewhere"),
    "withheld": Label("依法不公开个人信息", "Personal details withheld"),
}
