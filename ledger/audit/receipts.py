"""The receipt register: every acknowledgement number of each year in order, with the
donation it was issued on (date, donor, amount, fund), and the numbers that were voided or
never issued marked as such.

A receipt sequence is per calendar year (docs/books.md), so the register shows whole years:
a period selects the years it touches, never part of a year, or every number outside the
period would look like a gap. Donations without a receipt number and numbers that do not
follow the settings' pattern are listed apart, since they have no place in a sequence.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from typing import Callable, Iterable

from beancount.core import data

from ledger.accounts import is_donation
from ledger.audit.period import years_of
from ledger.funds import ZERO, posting_currency, posting_fund, posting_value
from ledger.refunds import pair_refunds
from ledger.registry import Registry, gift_anonymity
from ledger.settings import Settings

#: Line statuses: issued once, issued more than once, voided, voided yet used, never issued.
STATUSES = ("issued", "duplicate", "void", "void-used", "gap")


@dataclass(frozen=True)
class Donation:
    """One donation as the register shows it."""

    date: datetime.date
    receipt: str | None
    donor_id: str | None
    donor_name: str
    amount: Decimal
    fund: str | None
    narration: str
    entry: data.Transaction = field(compare=False, repr=False)
    #: what the gift gave in other currencies than the books' (a gift in USD booked without a
    #: price in CNY), left out of `amount` and of every total, as the site leaves it out: "50.00 USD"
    other_currencies: tuple[str, ...] = ()

    @property
    def anonymous(self) -> str:
        """The wish this gift's own entry states (ledger.registry.gift_anonymity): "none",
        "public" (no name in public) or "all" (none on its letter either); the donor's
        registered wish is the donor's, beside it."""
        return gift_anonymity(self.entry.meta)

    @property
    def refund_of(self) -> str | None:
        """What a gift given back names as the gift (its receipt) or payment (its source_ref) it
        gives back (`refund_of`, docs/books.md); None when it names none. The auditor checks
        it against the gift's acknowledgement page, which tells what went back."""
        value = self.entry.meta.get("refund_of")
        return None if value is None else str(value)


@dataclass(frozen=True)
class ReceiptLine:
    """One receipt number of a year's sequence and what became of it.

    `status` is one of STATUSES; `donations` are the gifts the number was issued on (none for a
    gap or a plain void, several for a duplicate); `void` is the `receipt-void` entry that
    cancelled the number, if any.
    """

    number: str
    year: int
    seq: int
    status: str  # one of STATUSES
    donations: tuple[Donation, ...] = ()
    void: data.Custom | None = field(default=None, compare=False, repr=False)

    @property
    def void_reason(self) -> str | None:
        """The reason the void entry gives ("" when it gives none); None when the number was not voided."""
        return None if self.void is None else str((self.void.meta or {}).get("reason") or "")

    @property
    def amount(self) -> Decimal:
        """What the donations under this number gave, in CNY (zero when none was made under it)."""
        return sum((d.amount for d in self.donations), ZERO)


@dataclass
class ReceiptYear:
    """One calendar year of the register: the numbers 1 to the highest issued or voided, in order.

    Issued lines that the Fava filter rejects are left out; gaps and voids always stay.
    """

    year: int
    lines: list[ReceiptLine]

    def count(self, status: str) -> int:
        """How many of the year's lines have `status` (one of STATUSES)."""
        return sum(1 for line in self.lines if line.status == status)

    @property
    def total(self) -> Decimal:
        """What the year's listed receipts acknowledge, in CNY."""
        return sum((line.amount for line in self.lines), ZERO)


@dataclass
class ReceiptRegister:
    """The receipt register of the years a period touches, and the donations that have no place in it.

    `without_receipt` are the period's donations that carry no `receipt`; `malformed` those
    whose number does not follow the settings' pattern, so that neither its year nor its place
    in the sequence can be read; `other_year` those whose number is of another year than the
    gift's date (listed in that number's year, and here, where the period of the gift shows them).
    """

    years: list[ReceiptYear]
    without_receipt: list[Donation]
    malformed: list[Donation]
    other_year: list[Donation] = field(default_factory=list)

    @property
    def lines(self) -> list[ReceiptLine]:
        """Every line of every year, in order (left out of the JSON, where it would repeat `years`)."""
        return [line for year in self.years for line in year.lines]

    def count(self, status: str) -> int:
        """How many lines of all the years have `status`: the register's summary of gaps, duplicates and voids."""
        return sum(y.count(status) for y in self.years)


@dataclass(frozen=True)
class Refunds:
    """Which gift each gift given back gives back (`match_refunds`), both ways, by id() of the entries."""

    #: id(refund's entry) -> the gift its `refund_of` names
    gift_of: dict[int, Donation]
    #: id(gift's entry) -> the refunds that give it back, in order
    refunds_of: dict[int, tuple[Donation, ...]]


def match_refunds(gifts: Iterable[Donation]) -> Refunds:
    """Each refund's gift as the site finds it (publish.model_builder._refunds): the gift whose
    receipt, or source_ref as an importer writes it, the refund's `refund_of` names, of the same
    donor, not later. A refund naming anything else (another donor's gift, no gift) has none.

    Why the auditor needs it: the register said "gives back JZ-2026-00002" for a refund whose
    `refund_of` named another donor's gift, which that gift's acknowledgement page, rightly,
    never mentions; and a gift's own line did not say it was given back, which its page does."""
    gift_of: dict[int, Donation] = {}
    refunds_of: dict[int, list[Donation]] = defaultdict(list)
    for refund, gift in pair_refunds(gifts, is_gift=lambda g: g.amount > 0, keys=lambda g: (g.receipt, g.entry.meta.get("source_ref")),
                                     donor=attrgetter("donor_id")):
        gift_of[id(refund.entry)] = gift
        refunds_of[id(gift.entry)].append(refund)
    return Refunds(gift_of, {k: tuple(v) for k, v in refunds_of.items()})


def donation_amount(entry: data.Transaction, currency: str = "CNY") -> Decimal:
    """What a donation gave, in `currency` (the books' first operating currency) at cost:
    minus its Income:Donation postings in that currency."""
    return -sum((posting_value(p) for p in entry.postings if is_donation(p.account) and posting_currency(p) == currency), ZERO)


def other_amount(text: str) -> tuple[Decimal, str]:
    """An item of `other_currencies` ("100.00 USD") as (number, currency)."""
    number, _, currency = text.partition(" ")
    return Decimal(number), currency


def summed_other(texts: Iterable[str]) -> tuple[str, ...]:
    """Items of `other_currencies` summed per currency ("100.00 USD", "20.50 USD" -> "120.50 USD"):
    what the gifts of a donor, or of a register year, gave that no total of the page counts."""
    out: dict[str, Decimal] = {}
    for text in texts:
        number, currency = other_amount(text)
        out[currency] = out.get(currency, ZERO) + number
    return tuple(f"{number} {currency}" for currency, number in sorted(out.items()) if number)


def other_currencies(entry: data.Transaction, currency: str = "CNY") -> tuple[str, ...]:
    """What a donation gave in other currencies than `currency`, one "50.00 USD" per currency.

    Why: the auditors' donors view added a gift of 50.00 USD to a donor's total as 50.00 CNY,
    and the receipt register showed it as ¥50.00, where the site leaves it out of every figure."""
    out: dict[str, Decimal] = {}
    for p in entry.postings:
        other = posting_currency(p)
        if is_donation(p.account) and other != currency:
            out[other or "?"] = out.get(other or "?", ZERO) - posting_value(p)
    return tuple(f"{amount} {name}" for name, amount in sorted(out.items()))


def donations(entries: Iterable[data.Directive], registry: Registry, currency: str = "CNY") -> Iterable[Donation]:
    """Every transaction with an Income:Donation posting, as a Donation (amounts in `currency`)."""
    for entry in entries:
        if isinstance(entry, data.Transaction) and any(is_donation(p.account) for p in entry.postings):
            donor_id = entry.meta.get("donor")
            donor = registry.donors.get(str(donor_id)) if donor_id is not None else None
            receipt = entry.meta.get("receipt")
            fund = entry.meta.get("fund")
            if fund is None:  # on its donation lines (the rule fund_declared allows one fund)
                fund = next((posting_fund(entry, p) for p in entry.postings if is_donation(p.account) and posting_fund(entry, p)), None)
            yield Donation(
                date=entry.date,
                receipt=None if receipt is None else str(receipt),
                donor_id=None if donor_id is None else str(donor_id),
                donor_name=donor.name if donor else (entry.payee or ""),
                amount=donation_amount(entry, currency),
                fund=None if fund is None else str(fund),
                narration=entry.narration or "",
                entry=entry,
                other_currencies=other_currencies(entry, currency),
            )


def receipt_register(
    entries: Iterable[data.Directive],
    registry: Registry,
    settings: Settings,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    keep: Callable[[Donation], bool] | None = None,
    gifts: Iterable[Donation] | None = None,
    currency: str = "CNY",
) -> ReceiptRegister:
    """The register of the years that [start, end) touches (all years when open).

    The sequence is always judged on all of `entries` (the whole books): a selection would
    make every number outside it look missing. `keep` then narrows what is listed: issued
    numbers whose donations it rejects are left out, gaps and voids stay. `gifts`, when
    given, are `donations(entries, registry)` already made (Fava keeps them per load).
    """
    pattern = settings.receipt_pattern()
    issued: dict[int, dict[int, list[Donation]]] = defaultdict(lambda: defaultdict(list))
    numbers: dict[tuple[int, int], str] = {}
    without: list[Donation] = []
    malformed: list[Donation] = []
    other_year: list[Donation] = []
    for donation in donations(entries, registry, currency) if gifts is None else gifts:
        if donation.receipt is None:
            without.append(donation)
            continue
        m = pattern.match(donation.receipt)
        if not m:
            malformed.append(donation)
            continue
        year, seq = int(m.group(1)), int(m.group(2))
        if year != donation.date.year:
            # Why: the register files a gift by its number's year; a 2026 gift numbered
            # JZ-2025-00005 was on the page only under a filter for 2025, whose gifts it is
            # not, and on no page of 2026, where it was given.
            other_year.append(donation)
        issued[year][seq].append(donation)
        numbers[year, seq] = donation.receipt
    voids: dict[tuple[int, int], data.Custom] = {}
    for number, void in registry.voids.items():
        m = pattern.match(number)
        if m:
            voids[int(m.group(1)), int(m.group(2))] = void
            numbers[int(m.group(1)), int(m.group(2))] = number

    wanted = years_of(start, end, {y for y, _ in numbers})
    years: list[ReceiptYear] = []
    for year in sorted(wanted):
        seqs = {s for (y, s) in numbers if y == year}
        lines = []
        for seq in range(1, max(seqs) + 1):
            used = tuple(issued[year].get(seq, ()))
            void = voids.get((year, seq))
            if void is not None:
                status = "void-used" if used else "void"
            elif not used:
                status = "gap"
            else:
                status = "duplicate" if len(used) > 1 else "issued"
            if used and keep is not None and status in ("issued", "duplicate") and not any(map(keep, used)):
                continue
            lines.append(ReceiptLine(numbers.get((year, seq)) or settings.receipt(year, seq), year, seq, status, used, void))
        years.append(ReceiptYear(year, lines))

    def dated(items: list[Donation]) -> list[Donation]:
        return [d for d in items if (start is None or d.date >= start) and (end is None or d.date < end) and (keep is None or keep(d))]

    return ReceiptRegister(years, dated(without), dated(malformed), dated(other_year))
