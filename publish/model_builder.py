"""Builds the public model (publish/model.py) from the books.

The model's dataclasses are the allow-list of what may be published; this module decides
how each allowed field is filled, from the facts (publish/facts.py) and the registries, and
is the only part of publish/ that turns the books into public objects. The rules it keeps:

- beneficiaries (cases) become household counts and amounts only, with small counts
  suppressed together with complementary cells (publish/suppress.py); a grant's recipient
  is one identifier for every individual (`360G-<prefix>-IND`), never the case id nor
  anything that links one household's payments;
- a donor is shown by display name (with a note telling apart named donors who share one)
  or, when anonymous, by nothing at all; the honour roll groups gifts by donor id, an id
  that stays here and never enters the model;
- donor contact, legal names of anonymous donors, narrations and payees are never read
  (one exception: the stated reason of a transfer between funds, docs/publishing.md).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from operator import attrgetter

from beancount.core import data

from ledger.accounts import (
    AID_CATEGORIES,
    EDUCATION_AID_ACCOUNT,
    EMPLOYMENT_AID_ACCOUNT,
    EQUITY,
    GOODS_AID_ACCOUNT,
    HOLIDAY_AID_ACCOUNT,
    LEGAL_AID_ACCOUNT,
    LIVING_AID_ACCOUNT,
    MEDICAL_AID_ACCOUNT,
    is_fund_account,
    root_of,
)
from ledger.audit.cases import households_helped
from ledger.bidi import look_alike, without_invisible
from ledger.books import Books
from ledger.closes.corrections import corrects
from ledger.errors import ReliefError, bilingual
from ledger.funds import ChangesInFunds, FundChange, TransferLine
from ledger.funds import Transfer as BooksTransfer
from ledger.period import Period, PeriodError, parse_period
from ledger.personal import case_details_of, case_names_of
from ledger.pledges import came_as, match
from ledger.refunds import pair_refunds
from ledger.registry import GENERAL_FUND
from ledger.unreviewed import unreviewed
from publish import ack
from publish.about import build_about
from publish.closing import closed_months, correction_facts
from publish.facts import UNASSIGNED_FUND, Facts, Month, collect_facts
from publish.labels import Names, month_label, quarter_label, read_names, short_month_label, year_label
from publish.model import (
    SUPPRESSED_COLUMN,
    ZERO,
    AidRow,
    AidTable,
    AidYear,
    Cell,
    Column,
    Correction,
    Count,
    Donation,
    DonationPart,
    ForeignHeld,
    Fund,
    FundMonth,
    FundMovement,
    FundRef,
    GoodsItem,
    Grant,
    HonourRoll,
    Label,
    LabelledPeriod,
    LeftOut,
    Line,
    Overview,
    PledgeHeld,
    PublicModel,
    Report,
    Returned,
    RollEntry,
    RollGroup,
    SiteInfo,
    Statement,
    Transfer,
    TrendPoint,
    made,
)
from publish.suppress import propagated_bounds, recoverable, suppress
from publish.withheld import Withheld, check_names_shown, check_narratives, check_units_shown, private_contacts, private_names

#: donor kinds as a note shows them (telling apart donors who share a display name)
KIND_NAMES = {"enterprise": ("企业", "enterprise"), "organisation": ("社会组织", "organisation"), "individual": ("个人", "individual")}

#: 360Giving codelists for grants to individuals, mapped from the aid categories:
#: category -> (Grant to Individuals Reason, Grant to Individuals Purpose).
#: Reasons: GTIR010 financial hardship, GTIR030 health/condition, GTIR070 livelihood.
#: Purposes: GTIP070 food and essential items, GTIP120 health, care and wellbeing services,
#: GTIP130 education and training, GTIP140 employment and work, GTIP170 exceptional costs
#: (legal fees among them).
GRANT_CODES: dict[str, tuple[str, str]] = {
    LIVING_AID_ACCOUNT: ("GTIR010", "GTIP070"),
    MEDICAL_AID_ACCOUNT: ("GTIR030", "GTIP120"),
    EDUCATION_AID_ACCOUNT: ("GTIR010", "GTIP130"),
    EMPLOYMENT_AID_ACCOUNT: ("GTIR070", "GTIP140"),
    LEGAL_AID_ACCOUNT: ("GTIR010", "GTIP170"),
    HOLIDAY_AID_ACCOUNT: ("GTIR010", "GTIP070"),
    GOODS_AID_ACCOUNT: ("GTIR010", "GTIP070"),
}
#: any other category: financial hardship, unrestricted support
GRANT_CODES_OTHER = ("GTIR010", "GTIP010")


# --------------------------------------------------------------------------- periods


def _labelled(period: Period, label: Label) -> LabelledPeriod:
    return LabelledPeriod(period.start, period.end, period.key, period.kind, label)


def month_period(ym: Month) -> LabelledPeriod:
    """The month as a reporting period."""
    return _labelled(Period.month(*ym), month_label(*ym))


def quarter_period(year: int, q: int) -> LabelledPeriod:
    """The quarter as a reporting period."""
    return _labelled(Period.quarter(year, q), quarter_label(year, q))


def year_period(year: int) -> LabelledPeriod:
    """The year as a reporting period."""
    return _labelled(Period.year(year), year_label(year))


def _corrected(entry: data.Transaction, month: Month | None) -> LabelledPeriod | None:
    """The period a correction corrects, as the site names it: the month of the entry it
    names; or, for an entry missing from a closed quarter or year (correction: "2026"), that
    quarter or year, not the last month, where the close is dated (docs/closing.md). The
    public log keeps the month (docs/verification.md)."""
    if month is None:
        return None
    try:
        named = parse_period(corrects(entry) or "")
    except PeriodError:
        return month_period(month)
    if named.kind in ("year", "quarter") and (named.last_day.year, named.last_day.month) == month:
        year = named.start.year
        return year_period(year) if named.kind == "year" else quarter_period(year, (named.start.month - 1) // 3 + 1)
    if named.kind == "month" and (named.start.year, named.start.month) <= month:
        # a month of a closed quarter or year (correction: "2026-02", 2026-Q1 closed): the close
        # found is dated the quarter's last day; the month named is the one corrected
        return month_period((named.start.year, named.start.month))
    return month_period(month)


def _months_of(period: LabelledPeriod) -> list[Month]:
    out, y, m = [], period.start.year, period.start.month
    while datetime.date(y, m, 1) < period.end:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# --------------------------------------------------------------------------- builder


def _slug(fund_id: str, taken: set[str]) -> str:
    safe = "".join(ch if (ch.isascii() and (ch.isalnum() or ch in "-_")) else "-" for ch in fund_id).strip("-").lower() or "fund"
    if safe != fund_id.lower() or safe in taken:
        safe = f"{safe}-{hashlib.sha256(fund_id.encode('utf-8')).hexdigest()[:6]}"
    taken.add(safe)
    return safe


def _order(keys: Iterable[str], known: dict) -> list[str]:
    order = list(known)
    return sorted(set(keys), key=lambda k: (order.index(k) if k in order else len(order), k))


class _Builder:
    def __init__(self, books: Books, facts: Facts, secret: bytes | None):
        self.books = books
        self.facts = facts
        self.secret = secret
        self.names: Names = read_names(books.entries)
        self.k = books.settings.min_published_count
        self.fund_refs: dict[str, FundRef] = {}
        self.movements = facts.movements
        self._changes: dict[tuple, ChangesInFunds] = {}
        self._goods_days: list[datetime.date] | None = None
        self._goods_sums: list[Decimal] = []
        self._goods_moves_days: list[datetime.date] | None = None
        self._goods_moves_sums: list[tuple[Decimal, Decimal, Decimal]] = []
        #: what a transfer's reason may not hold to be published: the names of donors who asked
        #: not to be named, anything about a person helped (publish/withheld.py)
        self.withheld = Withheld(self.names_asked_private(), books.registry.cases, case_names_of(books.root)[0],
                                 private_contacts(books), case_details_of(books.root))
        taken: set[str] = set()
        ids = set(books.registry.funds) | set(self.movements.funds) | {d.fund for d in facts.donations}
        if not books.registry.funds:
            ids.add(GENERAL_FUND)
        for fid in sorted(ids, key=lambda i: (i != GENERAL_FUND, i)):
            reg = books.registry.funds.get(fid)
            if reg is not None:
                name = Label(reg.name_zh, reg.name_en)
            elif fid == GENERAL_FUND:
                name = Label("一般资金", "General fund")
            elif fid == UNASSIGNED_FUND:
                name = Label("未指定基金", "No fund named")
            else:
                name = Label(fid, fid)
            self.fund_refs[fid] = FundRef(fid, _slug(fid or "unassigned", taken), name)
        # The aid payments summed once into the finest cells the aid tables use, (year,
        # month, unit, category) -> [cases, amount, nets], in the order the payments first
        # reach them; per month too. Every aid table and line adds these cells up (the same
        # sums, as the amounts are exact: no rounding in adding money). `nets` holds, for
        # the cases that have a reversal (a negative aid posting) anywhere in the books,
        # their net aid in the cell: a household whose aid nets to nothing over a table
        # cell, a line or a period was not helped there (`households_helped`).
        self.aid_cells: dict[tuple[int, int, str, str], list] = {}
        self.aid_cells_by_month: dict[Month, list[tuple[tuple[int, int, str, str], list]]] = defaultdict(list)
        #: each year's hidden cells (aid_year), which the month and quarter reports must hide too
        self.aid_year_hidden: dict[int, set] = {}
        cells = self.aid_cells
        reversed_cases = {a.case for a in facts.aid if a.amount < 0 and a.case is not None}
        for a in facts.aid:
            date = a.date
            key = (date.year, date.month, a.unit or "", a.category)
            cell = cells.get(key)
            if cell is None:
                cell = cells[key] = [set(), ZERO, {}]
                self.aid_cells_by_month[(date.year, date.month)].append((key, cell))
            if a.case is not None:
                cell[0].add(a.case)
                if a.case in reversed_cases:
                    cell[2][a.case] = cell[2].get(a.case, ZERO) + a.amount
            cell[1] += a.amount

    # ---- the statement of changes in funds (ledger.funds: computed once, read here)
    def changes(self, start: datetime.date | None, end: datetime.date | None) -> ChangesInFunds:
        key = (start, end)
        if key not in self._changes:
            self._changes[key] = self.movements.changes(start, end)
        return self._changes[key]

    def names_asked_private(self) -> dict[str, str]:
        """The names of donors who asked not to be named in public (publish/withheld.py)."""
        return private_names(self.books, {d.donor for d in self.facts.donations if d.anonymous and d.donor})

    def _lines(self, amounts: Iterable[tuple[str, Decimal]]) -> tuple[Line, ...]:
        return tuple(Line(k, self.names.account(k), v) for k, v in amounts)

    def _transfer(self, line: TransferLine) -> Transfer:
        reason = public_reason(line.transfer, self.withheld)
        # kept back: the books' own reason is there, the public one is not (few transfers: checked twice)
        withheld = not reason and bool(public_reason(line.transfer))
        approval = public_approval(line.approval, self.withheld)
        return Transfer(line.date, line.amount, tuple(self.fund_refs[c] for c in line.counterparts if c in self.fund_refs),
                        reason, approval, withheld, approval is None and line.approval is not None)

    def _statement(self, period: LabelledPeriod, change: FundChange, moved: Decimal, goods: Decimal = ZERO,
                   unvalued: tuple[GoodsItem, ...] = (), receivable: Decimal = ZERO, payable: Decimal = ZERO,
                   foreign: tuple[ForeignHeld, ...] = (), goods_moves: tuple[Decimal, Decimal, Decimal] = (ZERO, ZERO, ZERO),
                   owed_opening: tuple[Decimal, Decimal] = (ZERO, ZERO)) -> Statement:
        return Statement(
            period, change.opening, change.carried_over, change.raised, change.spent, change.transferred, change.closing,
            self._lines(change.sources), self._lines(change.uses), tuple(self._transfer(t) for t in change.transfers), moved,
            goods, unvalued, receivable, payable, foreign, *goods_moves, *owed_opening,
        )

    def foreign_before(self, end: datetime.date | None) -> tuple[ForeignHeld, ...]:
        """The money held before `end` in another currency, by currency, at its booked value
        (few days move it: summed as asked); a currency spent to nothing is left out."""
        held: dict[str, list[Decimal]] = {}
        for day, cells in self.movements.foreign.items():
            if end is None or day < end:
                for currency, (units, value) in cells.items():
                    cell = held.setdefault(currency, [ZERO, ZERO])
                    cell[0] += units
                    cell[1] += value
        return tuple(ForeignHeld(c, u, v) for c, (u, v) in sorted(held.items()) if u)

    def statement(self, period: LabelledPeriod, fund: str | None = None, since_start: bool = False) -> Statement:
        """All funds' (or one fund's) statement for the period; since_start: from the books' beginning."""
        changes = self.changes(None if since_start else period.start, period.end)
        if fund is None:
            moved = sum((t.amount for c in changes.funds.values() for t in c.transfers if t.amount > 0), ZERO)
            start = None if since_start else period.start
            return self._statement(period, changes.total, moved, self.goods_before(period.end), self.unvalued_before(period.end),
                                   self.receivable_before(period.end), self.payable_before(period.end), self.foreign_before(period.end),
                                   self.goods_moves(start, period.end), self.movements.owed_opening(start, period.end))
        change = changes.fund(fund)
        return self._statement(period, change, sum((t.amount for t in change.transfers if t.amount > 0), ZERO))

    def unvalued_before(self, end: datetime.date | None) -> tuple[GoodsItem, ...]:
        """The goods in stock before `end` booked at no value, by commodity (few days: summed
        as asked)."""
        held: dict[str, Decimal] = defaultdict(Decimal)
        for day, items in self.movements.unvalued.items():
            if end is None or day < end:
                for commodity, number in items.items():
                    held[commodity] += number
        names = self.names
        return tuple(GoodsItem(c, names.item(c), names.unit(c), n, ZERO, names.units(c)) for c, n in sorted(held.items()) if n)

    def payable_before(self, end: datetime.date | None) -> Decimal:
        """What is owed before `end` (Liabilities), as a positive amount (few days: summed as asked)."""
        return -sum((v for day, v in self.movements.payable.items() if end is None or day < end), ZERO)

    def receivable_before(self, end: datetime.date | None) -> Decimal:
        """What is still to be received before `end` (pledges, approved allocations): few
        days move it, so summed as asked."""
        return sum((v for day, v in self.movements.receivable.items() if end is None or day < end), ZERO)

    def goods_before(self, end: datetime.date | None) -> Decimal:
        """The goods in stock at cost before `end` (all of them for None): a running sum of
        each day's change (FundMovements.goods), made once, looked up by date."""
        if self._goods_days is None:
            days = sorted(self.movements.goods)
            sums, total = [], ZERO
            for day in days:
                total += self.movements.goods[day]
                sums.append(total)
            self._goods_days, self._goods_sums = days, sums
        i = len(self._goods_days) if end is None else bisect.bisect_left(self._goods_days, end)
        return self._goods_sums[i - 1] if i else ZERO

    def goods_moves(self, start: datetime.date | None, end: datetime.date | None) -> tuple[Decimal, Decimal, Decimal]:
        """The goods (at cost) of a statement for [start, end): those its opening balance holds
        (in stock before start, and carried over into the books in the period, as its opening
        money is), those that came into stock and those that went out of it in the period
        (FundMovements.goods_moves): opening + in − out is goods_before(end). Running sums made
        once, looked up by date."""
        if self._goods_moves_days is None:
            moves = self.movements.goods_moves
            days = sorted(moves)
            sums, carried, came, went = [], ZERO, ZERO, ZERO
            for day in days:
                c, i, o = moves[day]
                carried, came, went = carried + c, came + i, went + o
                sums.append((carried, came, went))
            self._goods_moves_days, self._goods_moves_sums = days, sums
        days, sums = self._goods_moves_days, self._goods_moves_sums
        lo = 0 if start is None else bisect.bisect_left(days, start)
        hi = len(days) if end is None else bisect.bisect_left(days, end)
        hi = max(hi, lo)
        zero = (ZERO, ZERO, ZERO)
        before, until = (sums[lo - 1] if lo else zero), (sums[hi - 1] if hi else zero)
        carried, came, went = (u - b for u, b in zip(until, before, strict=True))
        held_before = ZERO if start is None else self.goods_before(start)
        return held_before + carried, came, went

    # ---- funds
    def funds(self, donations: list[Donation]) -> tuple[Fund, ...]:
        out = []
        all_months = self.facts.months
        gifts = defaultdict(int)
        pledges: dict[str, list[PledgeHeld]] = defaultdict(list)
        currency = self.facts.currency
        for d in donations:
            if _is_gift(d):
                gifts[d.fund.id] += 1
            if d.pledge_paid is not None and d.currency == currency and d.amount > 0:  # a pledge: its fund's page says what is to come
                pledges[d.fund.id].append(PledgeHeld(d.date, d.amount, tuple(sorted(d.pledge_paid + d.pledge_cancelled))))
        as_of = self.facts.last
        total = self.changes(None, None)
        by_month = {m: self.changes(*_month_bounds(m)) for m in all_months}
        for fid, ref in self.fund_refs.items():
            change = total.fund(fid)
            if fid == UNASSIGNED_FUND and not change.moved:
                continue
            reg = self.books.registry.funds.get(fid)
            uses = self._lines(change.uses)
            columns = tuple(Column(line.key, line.label) for line in uses)
            months = []
            for m in all_months:
                mc = by_month[m].funds.get(fid)
                if mc is None or not (mc.sources or mc.uses):
                    continue
                amounts = dict(mc.uses)
                months.append(FundMonth(month_period(m), mc.raised, mc.spent, tuple(amounts.get(c.key, ZERO) for c in columns)))
            end = reg.end if reg else None
            balance = change.closing
            if end is None or as_of is None or as_of < end:
                status = "open"
            elif balance == 0:
                status = "closed"
            elif as_of > end:
                status = "ended"
            else:
                status = "open"
            out.append(Fund(
                ref=ref,
                restricted=bool(reg and reg.restricted),
                purpose=tuple(self.names.account(p) for p in (reg.purpose if reg else ())),
                start=(reg.start or reg.date) if reg else None,
                end=end,
                status=status,
                opening=change.opening,
                raised=change.raised,
                spent=change.spent,
                transfers_net=change.transferred,
                balance=balance,
                sources=self._lines(change.sources),
                uses=uses,
                use_columns=columns,
                months=tuple(months),
                transfers=tuple(self._transfer(t) for t in change.transfers),
                donations=gifts[fid],
                purpose_accounts=tuple(reg.purpose) if reg else (),
                pledges=tuple(pledges.get(fid, ())),
            ))
        if any(f.balance < 0 for f in out):
            out = self._covered(out)
        return tuple(out)

    def _covered(self, funds: list[Fund]) -> list[Fund]:
        """Each overdrawn fund with what covered its overdraft: the money held is the funds'
        balances plus what is owed, so what a fund spent beyond what it had came out of the
        other funds' money and out of money owed (a loan, aid approved and not yet paid). The
        page names them: a negative balance alone did not say who lent."""
        owed = self.payable_before(None)
        out = []
        for f in funds:
            if f.balance < 0:
                others = tuple((g.ref, g.balance) for g in funds if g is not f and g.balance > 0)
                f = dataclasses.replace(f, covered_by=others, covered_owed=owed if owed > 0 else ZERO)
            out.append(f)
        return out

    def movements_in(self, period: LabelledPeriod) -> tuple[FundMovement, ...]:
        out = []
        changes = self.changes(period.start, period.end)
        for fid, ref in self.fund_refs.items():
            c = changes.fund(fid)
            if not c.moved:
                continue
            reg = self.books.registry.funds.get(fid)
            out.append(FundMovement(ref, bool(reg and reg.restricted), c.opening, c.carried_over, c.raised, c.spent, c.transferred, c.closing,
                                    tuple(self._transfer(t) for t in c.transfers), self._lines(c.sources), self._lines(c.uses)))
        return tuple(out)

    def idle_in(self, period: LabelledPeriod) -> tuple[FundRef, ...]:
        """The funds the registry declares by the end of `period` and open in it (begun by
        its end, not ended before its start) that held and moved nothing in it (Report.idle)."""
        funds = self.books.registry.funds
        changes = self.changes(period.start, period.end)
        out = []
        for fid, ref in self.fund_refs.items():
            reg = funds.get(fid)
            if reg is None or changes.fund(fid).moved:
                continue
            if period.end is not None and ((reg.date is not None and reg.date >= period.end) or (reg.start is not None and reg.start >= period.end)):
                continue
            if period.start is not None and reg.end is not None and reg.end < period.start:
                continue
            out.append(ref)
        return tuple(out)

    # ---- donations and the honour roll
    def _donor_notes(self, unnamed: set[int] = frozenset()) -> dict[str, Label]:
        """Notes for named donors who share a display name with another named donor who gave:
        the registry's public `display_note` when it is unique among them, else the kind
        (and a number when several of one kind share it, in order of registration).
        `unnamed`: id() of the donation facts shown without a name besides the anonymous ones
        (the refunds of a gift anonymous by its entry): a donor with only those is no namesake
        the public sees, and counting them told it another donor of that name had given."""
        donors = self.books.registry.donors
        by_name: dict[str, list] = defaultdict(list)
        for did in sorted({d.donor for d in self.facts.donations if d.donor and not d.anonymous and id(d) not in unnamed}):
            donor = donors.get(did)
            if donor is not None and donor.public_name is not None:
                by_name[look_alike(donor.public_name)].append(donor)
        notes: dict[str, Label] = {}
        for same in by_name.values():
            if len(same) < 2:
                continue
            same.sort(key=lambda d: (d.date or datetime.date.min, d.id))
            given = [without_invisible(str(d.meta.get("display_note") or "")).strip() for d in same]
            unnoted = [d for d, g in zip(same, given, strict=False) if not g or given.count(g) > 1]
            per_kind = defaultdict(int)
            for d in unnoted:
                per_kind[d.kind] += 1
            seen = defaultdict(int)
            for d, g in zip(same, given, strict=False):
                if d not in unnoted:
                    notes[d.id] = Label(g, g)
                    continue
                zh, en = KIND_NAMES[d.kind]
                if per_kind[d.kind] > 1:
                    seen[d.kind] += 1
                    zh, en = f"{zh}{seen[d.kind]}", f"{en} {seen[d.kind]}"
                notes[d.id] = Label(zh, en)
        return notes

    def donations(self) -> list[Donation]:
        out = []
        donors = self.books.registry.donors
        refunds = _refunds(self.facts.donations)
        # a refund of a gift that was anonymous by its own entry is anonymous too: named, it
        # took its amount off the donor's line on the roll and showed beside the name in
        # donations.csv what the anonymous gift had been
        unnamed_refunds = {id(refund) for refund, gift in refunds if gift.anonymous} | _refunds_of_unknown_gift(self.facts.donations, refunds)
        notes = self._donor_notes(unnamed_refunds)
        #: id(Donation) -> the donor id the honour roll groups by (never published)
        self.donor_of: dict[int, str] = {}
        cur = self.facts.currency
        site_url = self.books.settings.site_url
        ack_path = ack.ack_path_maker(self.secret) if self.secret is not None else None
        url_for_path = ack.url_for_path
        fund_refs = self.fund_refs
        no_fund = fund_refs[UNASSIGNED_FUND if UNASSIGNED_FUND in fund_refs else GENERAL_FUND]
        sources: dict[str, Label] = {}  # source kind -> its label (one per kind, not per gift)
        donor_of = self.donor_of
        #: id(Donation) of the gifts whose donor is not registered (UNIDENTIFIED, a typo)
        self.unidentified: set[int] = set()
        #: id(Donation) of the refunds of a gift made in an earlier year: the honour roll of the
        #: refund's year shows them apart, not netted against that year's gifts
        self.earlier_year_refunds: set[int] = set()
        #: id(Donation) of the corrections lowering a gift (booked too high, a pledge's
        #: cancelled rest): the honour roll tells them from the refunds
        self.corrections: set[int] = set()
        #: id(Donation) -> donor id, of the gifts named in a closed period whose donor asked
        #: later not to be named (Donor.named_until): their year's roll says it changed
        self.named_at_close: dict[int, str] = {}
        closed = self.books.registry.closed
        returned = _returned(refunds)
        acknowledged: dict[str, object] = {}  # receipt -> the gift whose page it addresses
        earlier_year = {id(refund) for refund, gift in refunds if gift.date.year < refund.date.year}
        whole = _gone_in_full(refunds)
        received = _received(self.facts.donations)
        pledge_paid = match(((id(f), s) for f, s in self.facts.pledges), self.facts.pledge_payments)
        #: id(Donation) -> whether corrected (not given back), of the gifts given back in full
        #: within their year and of the refunds that did it: the roll leaves them off its lines
        self.gone_in_full: dict[int, bool] = {}
        for d in sorted(self.facts.donations, key=lambda d: (d.date, d.receipt or "")):
            donor = donors.get(d.donor or "")
            # An unknown donor is treated as anonymous: a name is shown only when asked for;
            # and a gift whose entry asks for anonymity is anonymous, whoever gave it.
            name = donor.public_name if donor is not None and not d.anonymous and id(d) not in unnamed_refunds else None
            goods = tuple(
                GoodsItem(g.commodity, self.names.item(g.commodity), self.names.unit(g.commodity), g.quantity, g.value, self.names.units(g.commodity))
                for g in sorted(d.goods, key=lambda g: g.commodity)
            ) if d.goods else ()
            path = url = None
            # A gift given back (a negative amount) is thanked for nowhere: no page saying
            # "thank you for your gift of -¥30.00" (the letters leave it out likewise); nor
            # is an entry worth nothing (a correction between donation accounts nets to 0.00).
            if d.receipt and ack_path is not None and _is_gift(d):
                first = acknowledged.setdefault(d.receipt, d)
                if first is not d:
                    # published with --allow-errors: the writer refused "ack/….html twice (two
                    # pages share an address)", naming no receipt and no entry
                    raise ReliefError(bilingual(
                        f"收据 {d.receipt} 用在两笔捐赠上（{first.date}，{first.amount} {cur}；{d.date}，{d.amount} {cur}）："
                        "致谢页以收据编号为地址，因此即使加上 --allow-errors 网站也无法同时显示两者；请给其中一笔另编一个号码"
                        "（relief check 会列出它）再发布（原网站未改动）",
                        f"receipt {d.receipt} is on two gifts ({first.date}, {first.amount} {cur}; {d.date}, {d.amount} {cur}): an "
                        "acknowledgement page is addressed by its receipt number, so the site cannot show both, even with "
                        "--allow-errors; give one of them its own number (relief check lists it) and publish again "
                        "(the previous site is unchanged)"))
                path = ack_path(d.receipt)
                url = url_for_path(path, site_url)
            source = sources.get(d.kind)
            if source is None:
                source = sources[d.kind] = self.names.account(d.kind)
            donation = made(  # Donation(...), without a frozen __setattr__ per field: every field given
                Donation,
                receipt=d.receipt,
                date=d.date,
                amount=d.amount,
                currency=cur,
                goods=goods,
                fund=fund_refs.get(d.fund) or no_fund,
                source=source,
                donor_kind=donor.kind if donor is not None else "individual",
                donor_name=name,
                anonymous=name is None,
                ack_path=path,
                ack_url=url,
                donor_note=notes.get(donor.id) if name is not None else None,
                returned=returned.get(id(d), ()),
                lessens=d.lessens,
                goods_valued=d.goods_valued,
                given_amount=d.given[0] if d.given else None,
                given_currency=d.given[1] if d.given else None,
                received=received.get(id(d)),
                pledge_paid=None if (settled := pledge_paid.get(id(d))) is None else tuple(settled.paid),
                pledge_cancelled=() if settled is None else tuple(settled.cancelled),
                pledge_came="money" if settled is None else came_as(settled.came),
                parts=None if d.parts is None else tuple(
                    DonationPart(sources.get(k) or sources.setdefault(k, self.names.account(k)), amount) for k, amount in d.parts
                ),
            )
            out.append(donation)
            if d.corrected and d.amount < 0:
                self.corrections.add(id(donation))
            if id(d) in earlier_year:
                self.earlier_year_refunds.add(id(donation))
            if id(d) in whole:
                self.gone_in_full[id(donation)] = whole[id(d)]
            if name is not None:
                donor_of[id(donation)] = donor.id
            elif donor is None:
                self.unidentified.add(id(donation))
            elif (donor.named_until is not None and d.date < donor.named_until and not d.anonymous
                  and id(d) not in unnamed_refunds and any(start <= d.date < end for start, end in closed)):
                self.named_at_close[id(donation)] = donor.id
        return out

    def rolls(self, donations: list[Donation]) -> tuple[HonourRoll, ...]:
        years = sorted({d.date.year for d in donations}, reverse=True)
        kind_labels = {"enterprise": Label("企业", "Enterprises"), "organisation": Label("社会组织", "Organisations"), "individual": Label("个人", "Individuals")}
        donor_of = getattr(self, "donor_of", {})
        unidentified = getattr(self, "unidentified", set())
        earlier_year = getattr(self, "earlier_year_refunds", set())
        named_at_close = getattr(self, "named_at_close", {})
        gone_in_full = getattr(self, "gone_in_full", {})
        corrections = getattr(self, "corrections", set())
        out = []
        by_year: dict[int, list[Donation]] = defaultdict(list)
        for d in donations:
            by_year[d.date.year].append(d)
        for year in years:
            gifts = by_year[year]
            # kind -> donor id -> gifts; by donor id: two donors who share a display name are two entries
            by_kind: dict[str, dict[str, list[Donation]]] = {kind: defaultdict(list) for kind in ("enterprise", "organisation", "individual")}
            anon = []
            # refunds of gifts of earlier years: a section of their own, not netted against
            # this year's gifts (a donor's line showed less than they gave this year)
            # (each a pass over the year's gifts only when some gift is such: most books have none)
            earlier = [d for d in gifts if id(d) in earlier_year] if earlier_year else []
            returned_whole = [d for d in gifts if d.amount > 0 and not d.lessens and gone_in_full.get(id(d)) is False] if gone_in_full else []
            corrected_whole = [d for d in gifts if d.amount > 0 and not d.lessens and gone_in_full.get(id(d)) is True] if gone_in_full else []
            # of those, the pledges their donors cancelled (not booked in error): said apart
            cancelled_whole = [d for d in corrected_whole if d.cancelled_in_full]
            if cancelled_whole:
                corrected_whole = [d for d in corrected_whole if not d.cancelled_in_full]
            for d in gifts:
                if id(d) in earlier_year or id(d) in gone_in_full:
                    continue
                if d.anonymous:
                    anon.append(d)
                    continue
                named = by_kind.get(d.donor_kind)
                if named is not None:
                    named[donor_of.get(id(d)) or f"name:{d.donor_name}"].append(d)
            groups = []
            for kind, named in by_kind.items():
                entries = tuple(sorted(
                    (RollEntry(ds[0].donor_name or "", _gift_count(ds), sum((d.amount for d in ds), ZERO), _merge_goods(ds), ds[0].donor_note)
                     for ds in named.values()),
                    key=lambda e: (-e.amount, e.name, e.note.zh if e.note else ""),
                ))
                if entries:
                    groups.append(RollGroup(kind, kind_labels[kind], entries))
            unknown = [d for d in anon if id(d) in unidentified]
            renamed = [d for d in anon if id(d) in named_at_close]
            out.append(HonourRoll(
                year_period(year), tuple(groups), _gift_count(anon), sum((d.amount for d in anon), ZERO), _merge_goods(anon),
                # a gift corrected away in full in its year (booked under a donor who did not
                # give it, or never received) is no gift, and its correction no refund: the roll
                # counted "共 8 笔" for seven gifts and "退还捐赠人的 1 笔" for money no donor got
                # back; both are said in their own line (`corrected_in_full`) and net to nothing
                _gift_count(counted := [d for d in gifts if gone_in_full.get(id(d)) is not True] if gone_in_full else gifts), sum((d.amount for d in gifts), ZERO),
                _gift_count(unknown), sum((d.amount for d in unknown), ZERO),
                # refunds lowered later (`lessens`) are net of what did not go back
                sum(1 for d in counted if d.amount < 0), -sum((d.amount for d in counted if d.amount < 0 or d.lessens), ZERO),
                # refunds of earlier years' gifts, net of the corrections lowering them (`lessens`)
                sum(1 for d in earlier if not d.lessens), -sum((d.amount for d in earlier), ZERO),
                _gift_count(renamed), len({named_at_close[id(d)] for d in renamed}),
                len(returned_whole), sum((d.amount for d in returned_whole), ZERO),
                len(corrected_whole), sum((d.amount for d in corrected_whole), ZERO),
                len(to_come := [d.pledge_to_come for d in gifts if d.pledge_paid is not None and d.pledge_to_come > 0]),
                sum(to_come, ZERO),
                cancelled_in_full=len(cancelled_whole), cancelled_in_full_amount=sum((d.amount for d in cancelled_whole), ZERO),
                corrections=len(lowered := [d for d in counted if d.amount < 0 and id(d) in corrections] if corrections else []),
                corrected=-sum((d.amount for d in lowered), ZERO),
                earlier_lessenings=len(lessened := [d.amount for d in earlier if d.lessens]), earlier_lessened=sum(lessened, ZERO),
                lessenings=len(put_back := [d.amount for d in counted if d.lessens]), lessened=sum(put_back, ZERO),
            ))
        return tuple(out)

    # ---- aid, with suppression
    def _categories(self, categories: Iterable[str]) -> tuple[Column, ...]:
        """The columns of an aid table: its categories in the centre's order."""
        return tuple(Column(k, self.names.account(k)) for k in _order(categories, AID_CATEGORIES))

    def aid_year(self, year: int) -> AidYear:
        period = year_period(year)
        # the year's cells (self.aid_cells), each added to the table cells and totals it is in
        cells = [(key, cell) for key, cell in self.aid_cells.items() if key[0] == year]
        columns = self._categories({key[3] for key, _ in cells})
        month_rows = sorted({(key[0], key[1]) for key, _ in cells})
        unit_rows = sorted({key[2] for key, _ in cells})
        check_units_shown(self.books, unit_rows, self.withheld)
        tables = {"m": [f"{y:04d}-{m:02d}" for y, m in month_rows], "u": unit_rows}
        cases: dict[tuple, set] = defaultdict(set)
        nets: dict[tuple, dict] = defaultdict(dict)
        amounts: dict[tuple, Decimal] = defaultdict(Decimal)
        for (y, m, unit, category), (households, amount, net) in cells:
            month = f"{y:04d}-{m:02d}"
            for key in (("col", category), ("grand",), ("m", month, category), ("m-row", month), ("u", unit, category), ("u-row", unit)):
                cases[key].update(households)
                amounts[key] += amount
                if net:
                    _add_nets(nets[key], net)
        values = {key: (households_helped(cases[key], nets.get(key)), amounts[key]) for key in amounts}
        judged = _judged_on_reach(values, cases)
        lines = []
        col_keys = [("col", c.key) for c in columns]
        lines.append((col_keys, ("grand",)))
        for t, rows in tables.items():
            lines.append(([(t + "-row", r) for r in rows], ("grand",)))
            for r in rows:
                lines.append(([(t, r, c.key) for c in columns], (t + "-row", r)))
            for c in columns:
                lines.append(([(t, r, c.key) for r in rows], ("col", c.key)))
        hidden = self._hide_bounded(year, values, judged, lines, unit_rows, columns, tables["m"])
        self.aid_year_hidden[year] = hidden  # the month and quarter reports hide what this hides (aid_line)

        def cell(key) -> Cell:
            if key in hidden:
                return Cell(None, None)
            n, amount = values.get(key, (0, ZERO))
            return Cell(n, amount)

        def table(t: str, rows: list[str], label) -> AidTable:
            return AidTable(
                key=f"{year}-{t}",
                columns=columns,
                rows=tuple(AidRow(r, label(r), tuple(cell((t, r, c.key)) for c in columns), cell((t + "-row", r))) for r in rows),
                totals=tuple(cell(("col", c.key)) for c in columns),
                grand=cell(("grand",)),
            )

        by_month = table("m", tables["m"], lambda r: short_month_label(int(r[5:])))
        by_unit = table("u", unit_rows, lambda r: Label(r, r) if r else Label("未注明", "Not stated"))
        # the year's households helped as the overview counts them (hidden only below the
        # threshold): the annual report showed * where the front page showed the number,
        # because the table's grand total is hidden with its small cells
        return AidYear(period, by_month, by_unit, self.households(period.start, period.end), values.get(("grand",), (0, ZERO))[1],
                       self.changes(period.start, period.end).total.spent)

    def _hide_unit_split(self, values: dict, units: list[str], columns: tuple[Column, ...], hidden: set, every: bool = False) -> set:
        """`hidden`, and more cells of the table by reporting union, until no small cell of it
        (fewer households than the threshold) follows from what is public.

        Why: the category totals of a year are public in full (the reports' uses, flows.csv),
        and a category no other union received shows '–' in their rows; so a small town's
        one hidden cell in such a column was its category's public total, and the page told
        what its one or two households received (the audit in publish/suppress.py counts
        those totals as hideable, and they are hidden on the aid page only). Here the
        category totals and the year's total count as known, and a hidden small cell that
        follows from them gets one more cell of its column hidden: the smallest other
        union's, else a '–' shown as '*' (that union's share of the category is then hidden
        too), else a cell or total of a row that pins the column. With `every`, any hidden
        cell of the table, not only a small one, is kept from following so (_hide_bounded
        hides cells that are not small to keep the counts from being bounded)."""
        def live(key) -> bool:
            n, amount = values.get(key, (0, ZERO))
            return key in hidden or n > 0 or amount != 0

        def small(key) -> bool:
            return 0 < values.get(key, (0, ZERO))[0] < self.k

        keys = [c.key for c in columns]
        primary = {key for key in hidden if key[0] in ("u", "u-row") and (small(key) or (every and values.get(key, (0, ZERO))[0] > 0))}
        if not primary:
            return hidden
        hidden = set(hidden)
        while True:
            lines = [([("u", r, c) for c in keys if live(("u", r, c))], ("u-row", r)) for r in units]
            lines += [([("u", r, c) for r in units if live(("u", r, c))], ("col", c)) for c in keys]
            lines.append(([("u-row", r) for r in units], ("grand",)))
            exposed = recoverable(lines, {key for key in hidden if key[0] in ("u", "u-row")}) & primary
            if not exposed:
                return hidden
            key = min(exposed, key=repr)
            column = [("u", r, key[2]) for r in units] if key[0] == "u" else [("u-row", r) for r in units]
            candidates = [k for k in column if k not in hidden]
            if not candidates:  # every cell of the column is hidden: a row pins one of them
                rows = {k[1] for k in column if k != key}
                candidates = [k for r in sorted(rows) for k in [*(("u", r, c) for c in keys), ("u-row", r)] if k not in hidden and live(k)]
            if not candidates:
                return hidden  # one union: its row is the category totals, nothing to tell apart
            hidden.add(min(candidates, key=lambda k: (not live(k), *values.get(k, (0, ZERO)), repr(k))))

    def _period_line(self, months: list[Month], year_hidden: dict[int, set], extra: set[tuple]) -> tuple[tuple[Column, ...], dict, dict, set]:
        """The aid of `months` by category as one line (columns, values, values as suppression
        judges them, hidden keys ("c", category) and ("t",)): a category is hidden when the year's table hides it in one of the months,
        the total when a month's total is hidden there, or when `extra` (("q", period, category)
        or ("q-row", period)) says so; then small cells and their complements."""
        cells = [c for m in months for c in self.aid_cells_by_month.get(m, ())]
        columns = self._categories({key[3] for key, _ in cells})
        cases: dict[tuple, set] = defaultdict(set)
        nets: dict[tuple, dict] = defaultdict(dict)
        amounts: dict[tuple, Decimal] = defaultdict(Decimal)
        for (_y, _m, _unit, category), (households, amount, net) in cells:
            for key in (("c", category), ("t",)):
                cases[key].update(households)
                amounts[key] += amount
                if net:
                    _add_nets(nets[key], net)
        values = {key: (households_helped(cases[key], nets.get(key)), amounts[key]) for key in amounts}
        also: set[tuple] = set()
        for y, m in months:
            in_year, month = year_hidden.get(y, set()), f"{y:04d}-{m:02d}"
            if ("m-row", month) in in_year:
                also.add(("t",))
            also.update(("c", c.key) for c in columns if ("m", month, c.key) in in_year)
        also.update(("t",) if key[0] == "q-row" else ("c", key[2]) for key in extra)
        judged = _judged_on_reach(values, cases)
        return columns, values, judged, suppress(judged, [([("c", c.key) for c in columns], ("t",))], self.k, also)

    def _hide_bounded(self, year: int, values: dict, judged: dict, lines: list, units: list[str],
                      columns: tuple[Column, ...], months: list[str]) -> set:
        """The year's hidden cells: small ones and their complements (suppress, _hide_unit_split),
        then more until no hidden household count can be pinned from what is published.

        Why: counts do not add up like amounts, so the audit of amounts let through bounds:
        three unions shown '*' in the goods column, beside a year's (or a quarter's) 3
        households of goods, had exactly one household each, because a '*' is never an
        empty cell. Here every count the year publishes (its two tables, its months', its
        quarters' and its own report, the households helped) is read as a reader can: a cell
        is at most its totals, a total at most the sum of its cells, a quarter between its
        months' largest and their sum, the unions add up, a '*' is at least 1 household. A
        small count (fewer households than the threshold) that a reader can then bound below
        the threshold (pinned to its value, or to a few values all below it) gets the nearest
        visible count around it hidden (the smallest), and all is done again: the amounts'
        audit then sees that cell hidden too. (A hidden count of the threshold or more that
        follows from the others is no small count told: one month's row is its year's
        households, published on the overview.)"""
        k = self.k
        quarters: dict[str, list[str]] = defaultdict(list)
        for month in months:
            quarters[f"{month[:4]}-Q{(int(month[5:]) - 1) // 3 + 1}"].append(month)
        # the counts of the year's quarters, as the quarter reports count them
        counts = {key: n for key, (n, _amount) in values.items()}
        small = {key for key, (n, _amount) in judged.items() if 0 < n < k}
        for q, qmonths in quarters.items():
            _cols, qvalues, qjudged, _hidden = self._period_line([(int(m[:4]), int(m[5:])) for m in qmonths], {}, set())
            for key, (n, _amount) in qvalues.items():
                counts[("q-row", q) if key[0] == "t" else ("q", q, key[1])] = n
            for key, (n, _amount) in qjudged.items():
                if 0 < n < k:
                    small.add(("q-row", q) if key[0] == "t" else ("q", q, key[1]))
        relations = [r for r in _count_relations(months, units, [c.key for c in columns], quarters) if _holds(r, counts)]
        households = self.households(datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1))
        pinned_grand = households.value is not None and households.value == counts.get(("grand",), 0)
        extra: set[tuple] = set()
        while True:
            hidden = self._hide_unit_split(judged, units, columns, suppress(judged, lines, k, extra), every=bool(extra))
            shown_hidden = set(hidden)
            for q, qmonths in quarters.items():
                qextra = {key for key in extra if key[0] in ("q", "q-row") and key[1] == q}
                _cols, _qv, _qj, qhidden = self._period_line([(int(m[:4]), int(m[5:])) for m in qmonths], {year: hidden}, qextra)
                shown_hidden.update(("q-row", q) if key[0] == "t" else ("q", q, key[1]) for key in qhidden)
            if pinned_grand:
                shown_hidden.discard(("grand",))
            keys = {key for members, _op, _c in relations for key in members}
            known = {key: counts.get(key, 0) for key in keys if key not in shown_hidden}
            unknown = sorted(keys & shown_hidden, key=repr)
            lower = {key: 1 for key in unknown if counts.get(key, 0) > 0}
            bounds = propagated_bounds(relations, known, unknown, lower) if unknown else {}
            leaks = sorted((key for key, (_lo, hi) in bounds.items() if key in small and hi is not None and hi < k), key=repr)
            if not leaks:
                return hidden | {key for key in extra if key[0] in ("q", "q-row")}
            more = _nearest_shown(leaks[0], relations, known, counts, {("grand",)} if pinned_grand else set())
            if more is None:
                return hidden | {key for key in extra if key[0] in ("q", "q-row")}
            extra.add(more)

    def aid_line(self, period: LabelledPeriod) -> AidTable:
        """Aid by category in one period: a single row with its total, suppressed alike.

        A month's or quarter's cells are also cells, or sums of cells, of its year's table
        (aid_year, by month), which hides some cells that are not small themselves, to keep
        its other tables' small cells from following from its totals. Those were printed
        here (reports/2026-01: 特困救助 9 households where aid/2026 shows *), so one figure
        was hidden on one page and shown on another, and the year's tables could be read
        with figures they hide. So a category whose cell the year hides in any month of the
        period is hidden here, and the period's total when a month's total is: what stays
        visible is a cell, or a sum of cells, that the year's table shows. (The amounts
        spent by category are public in full in the period's statement of changes, by
        design: the tables hide households and the split by reporting union.)"""
        months = _months_of(period)
        for y, _m in months:
            if y not in self.aid_year_hidden:
                self.aid_year(y)  # (made before the reports when the year has aid; this only keeps the order free)
        extra: set[tuple] = set()
        if period.kind == "quarter":  # what the year's count audit hid in this quarter (_hide_bounded)
            extra = {key for key in self.aid_year_hidden.get(period.start.year, ()) if key[0] in ("q", "q-row") and key[1] == period.key}
        columns, values, _judged, hidden = self._period_line(months, self.aid_year_hidden, extra)

        def cell(key) -> Cell:
            if key in hidden:
                return Cell(None, None)
            n, amount = values.get(key, (0, ZERO))
            return Cell(n, amount)

        totals = tuple(cell(("c", c.key)) for c in columns)
        return AidTable(period.key, columns, (), totals, cell(("t",)))

    def households(self, start: datetime.date | None = None, end: datetime.date | None = None) -> Count:
        """The households helped in [start, end), a small count suppressed."""
        if (start is None or start.day == 1) and (end is None or end.day == 1):
            # whole months (the front page's year, or all time): from the months' cells
            first = (start.year, start.month) if start is not None else None
            stop = (end.year, end.month) if end is not None else None
            helped: set[str] = set()
            nets: dict[str, Decimal] = {}
            for month, cells in self.aid_cells_by_month.items():
                if (first is None or month >= first) and (stop is None or month < stop):
                    for _key, (cases, _amount, net) in cells:
                        helped.update(cases)
                        if net:
                            _add_nets(nets, net)
            n, reached = households_helped(helped, nets), len(helped)
        else:
            nets = {}
            for a in self.facts.aid:
                if a.case is not None and (start is None or a.date >= start) and (end is None or a.date < end):
                    _add_nets(nets, {a.case: a.amount})
            n, reached = households_helped(set(nets), nets), len(nets)
        return Count(None if 0 < (n or reached) < self.k else n)

    def grants(self, aid_years: tuple[AidYear, ...]) -> tuple[Grant, ...]:
        visible = set()
        for ay in aid_years:
            for row in ay.by_month.rows:
                for col, c in zip(ay.by_month.columns, row.cells, strict=False):
                    if not c.suppressed:
                        visible.add((row.key, col.key))
        seen: dict[str, int] = defaultdict(int)
        prefix = self.books.settings.receipt_prefix.lower()
        columns: dict[str, Column] = {}
        out = []
        sha = hashlib.sha256
        hidden: dict[int, list] = defaultdict(list)  # year -> payments in hidden cells
        # One identifier for every individual recipient: an identifier per case (even a keyed
        # hash) would let anyone gather one household's payments across months and years,
        # more than the counts and totals that may leave the books.
        individual = f"360G-{prefix}-IND"
        fund_refs = self.fund_refs
        codes: dict[str, tuple[str, str]] = {}
        day = iso = month = None
        for a in sorted(self.facts.aid, key=attrgetter("date", "category", "amount")):
            if a.date != day:  # sorted by date: the day's strings are made once
                day = a.date
                iso = day.isoformat()
                month = f"{day.year:04d}-{day.month:02d}"
            category = a.category
            if (month, category) not in visible:
                hidden[day.year].append(a)
                continue
            basis = f"{iso}|{category}|{a.amount}"
            n = seen[basis] = seen[basis] + 1
            digest = sha(f"{basis}|{n}".encode()).hexdigest()[:12]
            col = columns.get(category)
            if col is None:
                col = columns[category] = Column(category, self.names.account(category))
                codes[category] = GRANT_CODES.get(category, GRANT_CODES_OTHER)
            reason, purpose = codes[category]
            out.append(made(Grant, identifier=f"360G-{prefix}-{digest}", date=day, category=col, fund=fund_refs[a.fund], amount=a.amount,
                            recipient=individual, reason=reason, purpose=purpose, suppressed=False))
        # One labelled row per year for the payments left out above, so that the column adds
        # up to the aid paid. Its amount is the year's aid total less the visible cells: a
        # sum the aid page's own totals already give (the annual statement's aid, when the
        # year's total is itself hidden), so it makes no hidden cell recoverable that was
        # not before (tests/publish/test_opendata_fields.py checks this with publish/suppress.py).
        as_of = self.facts.last
        for year, items in sorted(hidden.items()):
            last = datetime.date(year, 12, 31)
            out.append(Grant(
                f"360G-{prefix}-suppressed-{year}", min(last, as_of) if as_of else last, SUPPRESSED_COLUMN, None,
                sum((a.amount for a in items), ZERO), None, "", "", True,  # no count: it would bound the hidden households
            ))
        return tuple(out)


def public_reason(transfer: BooksTransfer, withheld: Withheld | None = None) -> str:
    """The reason a transfer between funds is published with (`entry_reason`)."""
    return entry_reason(transfer.entry, withheld)


def public_approval(approval: object, withheld: Withheld) -> str | None:
    """A transfer's approval number as published: without invisible characters; None when
    it names a person helped or a donor who asked not to be named (publish/withheld.py)."""
    if approval is None:
        return None
    shown = without_invisible(str(approval))
    return None if withheld.why(shown, numbers=False) else shown


def entry_reason(entry: data.Transaction, withheld: Withheld | None = None) -> str:
    """The reason a transfer between funds is published with: its `reason` metadata, else
    the narration of a transaction that does nothing but move money between funds; "" for
    a transfer made inside an aid payment, a donation or any other source or use, and for
    one whose reason `withheld` keeps back (publish/withheld.py: it names a donor who asked
    not to be named in public, or holds a case id or a person's numbers).

    Why: ledger.funds takes the narration as the reason of every transaction with an
    Equity:FundTransfers posting, and an aid payment that also topped up its fund ("赵六
    （身份证…）医疗救助，由一般资金补足") put the beneficiary's name and ID number on the
    fund pages, the reports, statement.csv and the annual report. Only a transfer's own
    narration is written for the public; an aid payment's or a donation's never is."""
    meta = entry.meta or {}
    reason = meta.get("reason")
    if reason:
        reason = without_invisible(str(reason))
        return "" if withheld is not None and withheld.why(reason) else reason
    if "case" in meta:
        return ""
    for posting in entry.postings:
        if (is_fund_account(posting.account) and root_of(posting.account) != EQUITY) or (posting.meta and "case" in posting.meta):
            return ""
    # without invisible characters, as donors' names: a U+202E typed into it reversed the
    # approval number and everything after it on the fund pages, reports and statement.csv
    reason = without_invisible(entry.narration or "")
    return "" if withheld is not None and withheld.why(reason) else reason


def _count_relations(months: list[str], units: list[str], cols: list[str], quarters: dict[str, list[str]]) -> list:
    """What holds between a year's household counts (publish.suppress.Constraint), as a reader
    knows it: distinct households, so a cell is at most its line's total and a total at most
    the sum of its members; a quarter lies between its months' largest and their sum; each
    household has one reporting union, so the table by union adds up. Keys as aid_year's."""
    out: list = []

    def le(a, b) -> None:
        out.append(({a: 1, b: -1}, "<=", 0))

    def at_most_sum(a, members, op="<=") -> None:
        coeffs: dict = defaultdict(int)
        coeffs[a] += 1
        for m in members:
            coeffs[m] -= 1
        out.append((dict(coeffs), op, 0))

    grand = ("grand",)
    for t, rows in (("m", months), ("u", units)):
        for r in rows:
            for c in cols:
                le((t, r, c), (t + "-row", r))
                le((t, r, c), ("col", c))
            at_most_sum((t + "-row", r), [(t, r, c) for c in cols])
            le((t + "-row", r), grand)
    for c in cols:
        at_most_sum(("col", c), [("m", r, c) for r in months])
        at_most_sum(("col", c), [("u", r, c) for r in units], "==")
        at_most_sum(("col", c), [("q", q, c) for q in quarters])
        le(("col", c), grand)
    at_most_sum(grand, [("m-row", r) for r in months])
    at_most_sum(grand, [("u-row", r) for r in units], "==")
    at_most_sum(grand, [("col", c) for c in cols])
    at_most_sum(grand, [("q-row", q) for q in quarters])
    for q, qmonths in quarters.items():
        for c in cols:
            for r in qmonths:
                le(("m", r, c), ("q", q, c))
            at_most_sum(("q", q, c), [("m", r, c) for r in qmonths])
            le(("q", q, c), ("q-row", q))
        for r in qmonths:
            le(("m-row", r), ("q-row", q))
        at_most_sum(("q-row", q), [("m-row", r) for r in qmonths])
        at_most_sum(("q-row", q), [("q", q, c) for c in cols])
    return out


def _holds(relation, counts: dict) -> bool:
    """Whether `relation` holds for the true counts (one that does not, say for a household
    that moved to another union, is no help to a reader and is left out)."""
    coeffs, op, const = relation
    total = sum(a * counts.get(key, 0) for key, a in coeffs.items())
    return total <= const if op == "<=" else total == const


def _nearest_shown(leak: tuple, relations: list, known: dict, counts: dict, fixed: set) -> tuple | None:
    """The shown count to hide for `leak`: of the shown counts in the relations nearest to it
    (through hidden ones), the smallest; None when nothing more can be hidden."""
    by_key: dict = defaultdict(list)
    for i, (coeffs, _op, _c) in enumerate(relations):
        for key in coeffs:
            by_key[key].append(i)
    seen, frontier = {leak}, [leak]
    while frontier:
        shown, nxt = set(), []
        for key in frontier:
            for i in by_key[key]:
                for other in relations[i][0]:
                    if other in seen:
                        continue
                    seen.add(other)
                    if other in known:
                        if other not in fixed and counts.get(other, 0) > 0:
                            shown.add(other)
                    else:
                        nxt.append(other)
        if shown:
            return min(shown, key=lambda key: (counts.get(key, 0), repr(key)))
        frontier = nxt
    return None


def _judged_on_reach(values: dict[tuple, tuple[int, Decimal]], cases: dict[tuple, set]) -> dict[tuple, tuple[int, Decimal]]:
    """`values` ((households helped, amount) by cell) as suppression judges them: a cell whose
    households helped are none, but that reaches some (each one's aid there nets to nothing
    or below: given back), counts the households it reaches.

    Why: a union's cell with one household giving back ¥300 counted 0 households helped, so
    it was no small cell, and the page showed "0, -¥300.00": what one household gave back."""
    return {key: (n or len(cases.get(key, ())), amount) for key, (n, amount) in values.items()}


def _add_nets(into: dict, net: dict) -> None:
    """Add per-case net aid amounts `net` into `into`."""
    for case, amount in net.items():
        into[case] = into.get(case, ZERO) + amount


def _month_bounds(ym: Month) -> tuple[datetime.date, datetime.date]:
    month = Period.month(*ym)
    return month.start, month.end


def _is_gift(d) -> bool:
    """Whether a donation counts as a gift (and is thanked for on a page of its own): a gift
    given back (a negative amount) is not one, though its amount comes off the total (an
    honour roll said "3 gifts" for two gifts and a refund); nor is an entry worth 0.00 (a
    correction moving a gift between donation accounts), unless it brought goods: goods
    given with no value put on them (`{0 CNY}`) are a gift all the same. Why: such a gift
    was listed with its goods on the honour roll but not counted, had no acknowledgement
    page, and so no letter ("no acknowledgement page in the public model")."""
    # a correction lowering a refund (`lessens`: money back naming it) is none either: it comes
    # off what went back of the refund's gift (publish/facts.py)
    return (d.amount > 0 and not d.lessens) or (d.amount == 0 and bool(d.goods))


def _refunds(facts: Iterable) -> list[tuple[object, object]]:
    """(refund's fact, gift's fact) for each refund that names a gift in `refund_of` (its
    receipt, or its source_ref as an importer writes it) of the same donor, not later
    (ledger/refunds.py, the rule the auditor's views follow too)."""
    return pair_refunds(facts, is_gift=_is_gift, keys=lambda f: (f.receipt, f.source_ref), donor=attrgetter("donor"))


def _refunds_of_unknown_gift(facts: Iterable, refunds: list[tuple[object, object]]) -> set[int]:
    """id() of the refunds that name no gift (`refund_of` missing, or naming none of the
    donor's) of a donor who gave, on or before it, a gift anonymous by its entry at least as
    large: the refund may give that gift back, so it is shown without the donor's name too.

    Why: a company gave ¥777 asking not to be named in public and got it back a week later
    in an entry without `refund_of`; the refund, named, stood in donations.csv (and took
    ¥777 off the company's line on the honour roll) beside the only anonymous gift of
    ¥777: the anonymous donor was named by their refund. A refund that could be giving back
    an anonymous gift is read as doing so (an unclear case read as the strictest); write
    `refund_of` to keep a refund of a named gift named."""
    facts = list(facts)
    linked = {id(refund) for refund, _gift in refunds}
    anonymous: dict[str, list] = defaultdict(list)
    for f in facts:
        if f.anonymous and f.donor and _is_gift(f):
            anonymous[f.donor].append(f)
    return {id(f) for f in facts if f.amount < 0 and id(f) not in linked and f.donor in anonymous
            and any(g.date <= f.date and g.amount >= -f.amount for g in anonymous[f.donor])}


def _returned(refunds: list[tuple[object, object]]) -> dict[int, tuple[Returned, ...]]:
    """id(gift's fact) -> the refunds (`_refunds`) that name it: what its page says went back."""
    out: dict[int, list[Returned]] = defaultdict(list)
    for f, gift in refunds:
        out[id(gift)].append(Returned(f.date, -f.amount, f.receipt, f.corrected, cancelled=f.cancels_pledge, lessens=f.lessens))
    return {k: tuple(v) for k, v in out.items()}


def _received(facts: Iterable) -> dict[int, datetime.date]:
    """id(fact) -> the day its money came, of each gift booked again under its right donor:
    its `correction:` names (by receipt or source_ref) an earlier gift of another donor, the
    one booked under the wrong donor (docs/closing.md, "A gift booked under the wrong donor").
    Why: the right donor's page and letter thanked them for a gift of the correction's day."""
    moved = [f for f in facts if f.moved_from is not None]
    if not moved:
        return {}
    by_key: dict[str, object] = {}
    for f in facts:
        if _is_gift(f):
            for key in (f.receipt, f.source_ref):
                if key is not None:
                    by_key.setdefault(key, f)
    out = {}
    for f in moved:
        first = by_key.get(f.moved_from)
        if first is not None and first is not f and first.donor != f.donor and first.date < f.date:
            out[id(f)] = first.date
    return out


def _gone_in_full(refunds: list[tuple[object, object]]) -> dict[int, bool]:
    """id(fact) -> whether by corrections only, of each gift given back in full within its own
    year and of the refunds that gave it back (`_refunds`): every refund naming it is of its
    year and they add up to it exactly. The honour roll leaves them off the donors' lines (a
    donor stood there as "1 笔 ¥0.00") and says how many and how much in a line of its own."""
    by_gift: dict[int, list] = defaultdict(list)
    for refund, gift in refunds:
        by_gift[id(gift)].append((refund, gift))
    out: dict[int, bool] = {}
    for pairs in by_gift.values():
        gift = pairs[0][1]
        if gift.amount <= 0 or any(r.date.year != gift.date.year for r, _ in pairs):
            continue
        if sum((-r.amount for r, _ in pairs), ZERO) != gift.amount:
            continue
        corrected = all(r.corrected for r, _ in pairs)
        out[id(gift)] = corrected
        for r, _ in pairs:
            out[id(r)] = corrected
    return out


def _gift_count(donations) -> int:
    """How many gifts (`_is_gift`, written out: the honour roll counts every gift several times)."""
    return sum(1 for d in donations if (d.amount > 0 and not d.lessens) or (d.amount == 0 and d.goods))


def _merge_goods(donations: Iterable[Donation]) -> tuple[GoodsItem, ...]:
    merged: dict[str, list] = {}
    for d in donations:
        for g in d.goods:
            if g.commodity in merged:
                merged[g.commodity][3] += g.quantity
                merged[g.commodity][4] += g.value
            else:
                merged[g.commodity] = [g.commodity, g.name, g.unit, g.quantity, g.value, g.units]
    return tuple(GoodsItem(*v) for _, v in sorted(merged.items()))


def _uncountable_year(books: Books) -> str:
    """What is wrong with books that run into 9999, and where: the site's years, quarters and
    months each end on the day after them, and 9999's is no date.

    Why: a transaction dated 9999-03-01 (a year typed wrong; the date_gap rule warns of it)
    stopped publish, the report and the letters with an internal error (year 10000 is out of
    range), and one dated 9999-12-31 with a message about a period '9999-12' nobody wrote."""
    last = next((e for e in books.entries if isinstance(e, data.Transaction) and e.date.year >= datetime.MAXYEAR), None)
    if last is None:
        where, where_zh = "the books have entries dated 9999", "账簿中有日期在 9999 年的分录"
    else:
        at = f"{last.meta.get('filename', '?')}:{last.meta.get('lineno', '?')}"
        where, where_zh = f"{at}: this transaction is dated {last.date}", f"{at}：这笔交易的日期是 {last.date}"
    return bilingual(f"{where_zh}，在 9999 年，这是 relief 能计的最后一年（该年的次日不是日期），因此无法生成网站、报告和致谢函："
                     "年份是否输错了？请改正它的日期（relief check 会对此发出警告）",
                     f"{where}, in 9999, the last year relief can count (the day after the year is no date), so the site, the "
                     "reports and the letters cannot be made: is the year typed wrong? Correct its date (relief check warns of it)")


def build_public_model(books: Books, secret: bytes | None = None, *, unreviewed_entries: list[data.Transaction] | None = None) -> PublicModel:
    """The public model of `books`; acknowledgement addresses only when `secret` is given.
    `unreviewed_entries`: `unreviewed(books.entries)` when the caller has it already
    (publish names them in a note: one pass over the entries, not two)."""
    facts = collect_facts(books)
    if facts.last is not None and facts.last.year >= datetime.MAXYEAR:
        raise ReliefError(_uncountable_year(books))
    b = _Builder(books, facts, secret)
    settings = books.settings
    conventions = bool(books.registry.funds or books.registry.donors)
    site = SiteInfo(
        name=Label(settings.name_zh, settings.name_en) if conventions or books.options.get("title") in (None, "Beancount") else Label(str(books.options["title"]), str(books.options["title"])),
        site_url=settings.site_url,
        currency=facts.currency,
        as_of=facts.last,
        first=facts.first,
        min_published_count=b.k,
        skipped_currencies=tuple(sorted(facts.skipped)),
        conventions=conventions,
        left_out=tuple(LeftOut(cur, n, raised, spent) for cur, (n, raised, spent) in sorted(facts.movements.left_out.items())),
        left_out_years=tuple(LeftOut(cur, n, raised, spent, year)
                             for (cur, year), (n, raised, spent) in sorted(facts.movements.left_out_years.items())),
    )
    about = build_about(settings, books.root if conventions else None)
    check_names_shown(books, facts.movements.line_keys(), b.names, b.withheld)
    if about.narratives:
        check_narratives(about.narratives, books, b.withheld)
    donations = b.donations()
    funds = b.funds(donations)
    if facts.last is None:
        return PublicModel(site, None, funds, tuple(donations), (), (), (), (), about)
    years = sorted({m[0] for m in facts.months})
    aid_years = tuple(b.aid_year(y) for y in sorted({a.date.year for a in facts.aid}, reverse=True))
    year = year_period(facts.last.year)
    all_time = LabelledPeriod(facts.first, year.end, "all", "all", Label("成立以来", "Since the start"))
    last_month = (facts.last.year, facts.last.month)
    trend_months = []
    y, m = last_month
    for _ in range(12):
        trend_months.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    trend = []
    for ym in reversed(trend_months):
        # a month before year 1 (books that begin in 0001, a year typed short) is no date: an internal error;
        # the books' first month is kept, whatever its first day (books begun on 2 January lost January)
        if ym[0] < datetime.MINYEAR or datetime.date(ym[0], ym[1], 1) < all_time.start.replace(day=1):
            continue
        total = b.changes(*_month_bounds(ym)).total
        trend.append(TrendPoint(month_period(ym), total.raised, total.spent))
    overview = Overview(
        year=b.statement(year),
        all_time=b.statement(all_time, since_start=True),
        trend=tuple(trend),
        restricted=tuple(f for f in funds if f.restricted),
        households_year=b.households(year.start, year.end),
        households_all=b.households(),
    )
    periods: list[LabelledPeriod] = []
    for y in years:
        periods.append(year_period(y))
        for q in range(1, 5):
            p = quarter_period(y, q)
            if any(p.start <= datetime.date(*ym, 1) < p.end for ym in facts.months):
                periods.append(p)
    periods.extend(month_period(ym) for ym in sorted(facts.months))
    closed = closed_months(books.entries)
    corrections = tuple(
        Correction(entry.date, b.fund_refs.get(fund) if fund is not None else None, amount, _corrected(entry, month))
        for entry, fund, amount, month in correction_facts(books.entries, books.options, by_fund=True)
        # a correction of an entry of an open period is no correction of a closed one: it is an
        # ordinary entry of its period (`relief check` warns; ledger/closes/open_corrections.py)
        if month is None or month in closed
    )
    reports = []
    gifts_by_month: dict[Month, int] = defaultdict(int)
    for d in donations:
        if _is_gift(d):  # the report's count agrees with the honour roll's
            gifts_by_month[(d.date.year, d.date.month)] += 1
    unreviewed_by_month: dict[Month, int] = defaultdict(int)
    for e in unreviewed(books.entries) if unreviewed_entries is None else unreviewed_entries:
        unreviewed_by_month[(e.date.year, e.date.month)] += 1
    by_kind: dict[str, list[LabelledPeriod]] = defaultdict(list)
    for p in periods:
        by_kind[p.kind].append(p)
    for kind, plist in by_kind.items():
        plist.sort(key=lambda p: p.start)
        for i, p in enumerate(plist):
            aid = next((ay.by_month for ay in aid_years if ay.period.key == p.key), None) if kind == "year" else None
            aid = _year_line(aid) if aid is not None else b.aid_line(p)
            reports.append(Report(
                period=p,
                statement=b.statement(p),
                funds=b.movements_in(p),
                aid=aid,
                donations=sum(gifts_by_month.get(m, 0) for m in _months_of(p)),
                previous=plist[i - 1] if i > 0 else None,
                next=plist[i + 1] if i + 1 < len(plist) else None,
                closed=all(ym in closed for ym in _months_of(p)),
                corrections=tuple(c for c in corrections if p.start <= c.date < p.end),
                later=tuple(c for c in corrections if c.date >= p.end and c.corrects is not None
                            and p.start <= c.corrects.start and c.corrects.end <= p.end),
                idle=b.idle_in(p),
                unreviewed=sum(unreviewed_by_month.get(m, 0) for m in _months_of(p)),
            ))
    return PublicModel(site, overview, funds, tuple(donations), b.rolls(donations), aid_years, tuple(reports), b.grants(aid_years), about)


def _year_line(table: AidTable) -> AidTable:
    """A year's aid by category: the totals row of the aid page's table (same suppression)."""
    return AidTable(table.key, table.columns, (), table.totals, table.grand)
