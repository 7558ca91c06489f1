"""Donors' totals: each donor's gifts in a period, with the total and the split by fund.

This is the auditors' view inside the books, so it names donors by their registered legal
name (an anonymous donor is marked as such, for the auditor to see the wish is respected in
what is published); donor `contact` is never read here.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from beancount.core import data

from ledger.accounts import GOODS_ACCOUNT, is_under
from ledger.audit.period import in_period
from ledger.audit.receipts import Donation, donations, other_amount, summed_other
from ledger.funds import ZERO
from ledger.pledges import Settled, to_come
from ledger.registry import Registry


@dataclass
class DonorTotal:
    """One donor's gifts in the period, as the auditors' donor view lists them.

    `name` is the registered legal name and `display` the name the donor chose to be shown by;
    `anonymous` is the registry's wish (none, public or all), shown so the auditor can check
    that the published site honours it. `registered` is False for a donor id the registry does
    not know, and for gifts that name no donor.
    """

    donor_id: str  # "" for donations that name no donor
    name: str
    display: str
    kind: str  # enterprise / individual / organisation, "unknown" when not registered
    anonymous: str
    registered: bool
    gifts: list[Donation] = field(default_factory=list)
    #: Of `total`, what the donor pledged (booked on Assets:Receivable:Pledges when promised)
    #: and had not given by the period's end: neither received nor cancelled
    #: (ledger/pledges.py, the rule the letters and acknowledgement pages follow); set by
    #: `add_pledges`. Why: the total counted a pledge as given, with nothing said.
    to_come: Decimal = ZERO
    #: how many of the gifts are pledges with something still to come
    pledges_to_come: int = 0

    @property
    def total(self) -> Decimal:
        """The donor's total in the period, in the books' currency (gifts in kind at their cost;
        a gift's other currencies left out: Donation.other_currencies)."""
        return self._sums[0]

    @property
    def count(self) -> int:
        """The number of gifts (donation transactions) in the period."""
        return len(self.gifts)

    @property
    def gift_count(self) -> int:
        """Of `count`, the gifts as the public honour roll counts them (publish's `_is_gift`):
        more than 0.00, or goods put at no value; not a refund nor a correction worth 0.00
        (the page said "笔数" for both, and its total was more than the roll's)."""
        return self._sums[2]

    @property
    def other_count(self) -> int:
        """Of `count`, the gifts worth 0.00 in the books' currency that gave money in another
        (a gift in USD booked without a price in CNY): neither a gift the roll counts nor a
        refund or correction, which the page called them."""
        return self._sums[3]

    @property
    def other_totals(self) -> tuple[str, ...]:
        """What the donor's gifts of the period gave in other currencies, left out of `total`:
        one "100.00 USD" per currency."""
        return self._sums[4]

    @property
    def by_fund(self) -> dict[str, Decimal]:
        """The donor's total per fund id, by fund id; "" collects the gifts that name no fund."""
        return dict(self._sums[1])

    @functools.cached_property
    def _sums(self) -> tuple[Decimal, dict[str, Decimal], int, int, tuple[str, ...]]:
        """The total and the split by fund, summed once for the gifts of the period once
        `donor_totals` has listed them all (it sorts by the total).

        Why kept: the donors page is rendered on every request from the view made at load,
        and its total row sums every donor's total: each summed its gifts again (some 54 000
        additions on the 100k demo books, for every request)."""
        out: dict[str, Decimal] = defaultdict(Decimal)
        for gift in self.gifts:
            out[gift.fund or ""] += gift.amount
        gifts = sum(1 for g in self.gifts if g.amount > 0 or (g.amount == 0 and _brought_goods(g.entry)))
        other = sum(1 for g in self.gifts if g.amount == 0 and g.other_currencies and not _brought_goods(g.entry)
                    and any(other_amount(o)[0] > 0 for o in g.other_currencies))
        others = summed_other(t for g in self.gifts for t in g.other_currencies)
        return sum((g.amount for g in self.gifts), ZERO), dict(sorted(out.items())), gifts, other, others


def other_totals(donors: Iterable[DonorTotal]) -> tuple[str, ...]:
    """What every listed donor's gifts gave in other currencies, per currency: the total row's note."""
    return summed_other(t for d in donors for t in d.other_totals)


def _brought_goods(entry: data.Transaction) -> bool:
    """Whether a donation worth 0.00 brought goods (given with no value put on them): a gift."""
    return any(is_under(p.account, GOODS_ACCOUNT) and p.units.number is not None and p.units.number > 0 for p in entry.postings)


def donor_totals(
    entries: Iterable[data.Directive],
    registry: Registry,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    gifts: Iterable[Donation] | None = None,
    currency: str = "CNY",
) -> list[DonorTotal]:
    """Donors with at least one gift in [start, end), largest total first.

    `gifts`, when given, are `donations(entries, registry)` already made."""
    out: dict[str, DonorTotal] = {}
    for gift in donations(entries, registry, currency) if gifts is None else gifts:
        if not in_period(gift.date, start, end):
            continue
        key = gift.donor_id or ""
        total = out.get(key)
        if total is None:
            donor = registry.donors.get(key)
            if donor is not None:
                total = DonorTotal(key, donor.name, donor.display, donor.kind, donor.anonymous, True)
            else:
                name = "（未注明捐赠人）/ no donor named" if not key else key
                total = DonorTotal(key, name, name, "unknown", "none", False)
            out[key] = total
        total.gifts.append(gift)
    return sorted(out.values(), key=lambda d: (-d.total, d.donor_id))


def add_pledges(donors: Iterable[DonorTotal], settled: dict[int, tuple[Decimal, Settled]], end: datetime.date | None = None) -> None:
    """Set each donor's `to_come` and `pledges_to_come` from `settled` (ledger.pledges.pledges_settled
    of the whole books, made once per load): what of the donor's pledges in the period was
    still to come at `end` (None: by the books' last entry)."""
    if not settled:
        return
    for donor in donors:
        for gift in donor.gifts:
            pledge = settled.get(id(gift.entry))
            if pledge is None:
                continue
            left = to_come(pledge[0], pledge[1], end)
            if left > 0:
                donor.to_come += left
                donor.pledges_to_come += 1
