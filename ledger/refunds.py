"""Which gift a gift given back gives back: one rule for the site and the auditor's views.

A refund (a donation of a negative amount) gives back the gift its `refund_of` names: that
gift's receipt, or its source_ref as an importer writes it, of the same donor, dated on or
before the refund. A correction lowering a refund (`lessens`, publish/facts.py: a refund of a
closed period booked too high, or one that bounced back) is paired with the refund's gift too,
its positive amount taken off what went back. A refund naming anything else (another donor's gift, no gift) gives back
none that can be named. The public model (publish/model_builder.py) and the Fava audit views
(ledger/audit/receipts.py) each pair their own records of the donations with this, so the
register never says a refund gives back a gift whose acknowledgement page does not say so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def pair_refunds(items: Iterable[T], *, is_gift: Callable[[T], bool], keys: Callable[[T], Sequence[Any]],
                 donor: Callable[[T], Any]) -> list[tuple[T, T]]:
    """(refund, gift) for each refund among `items` that names a gift among them.

    `is_gift(item)`: whether the item is a gift a refund may name; `keys(item)`: the texts it
    may be named by (its receipt, its source_ref; empty ones are skipped); `donor(item)`: who
    gave it. Items need `amount`, `refund_of` and `date`. The first gift of a key keeps it."""
    items = list(items)
    gifts: dict[str, T] = {}
    for item in items:
        if is_gift(item):
            for key in keys(item):
                if key:
                    gifts.setdefault(str(key), item)
    out = []
    for item in items:
        # a refund, or a correction lowering one (`lessens`: money that came back naming it)
        if (item.amount < 0 or getattr(item, "lessens", None)) and item.refund_of:  # type: ignore[attr-defined]
            gift = gifts.get(str(item.refund_of))  # type: ignore[attr-defined]
            if gift is not None and donor(gift) == donor(item) and gift.date <= item.date:  # type: ignore[attr-defined]
                out.append((item, gift))
    return out
