"""Goods quantities typed with their unit in the cell (50袋, 2 bags), as registers kept by hand
write them.

Why: a register's 数量 of 50袋 was refused as not a number, though the books count RICE in 袋
(`unit_zh`), and one of 50元 was read as 50 (元 dropped as if it were money). A quantity in
the unit the books count the item in is that number; in any other unit (5箱, 50公斤, 50元) it is
refused, since a box may hold any number of bags and only the officer knows how many.
"""

from __future__ import annotations

import re

from beancount.core import data

from importers.profiles import simplified
from importers.values import normalise

#: a number followed by a word that is no number (50袋, 1,200 袋, 2 bags, 1.5 公斤)
COUNTED = re.compile(r"^(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*([^\d\s.,+\-]+)$")


def commodity_units(existing) -> dict[str, tuple[str, ...]]:
    """Commodity -> the units the books count it in (`unit_zh`, `unit_en`), as declared."""
    units: dict[str, tuple[str, ...]] = {}
    for e in existing:
        if isinstance(e, data.Commodity):
            units[e.currency] = tuple(str(e.meta[k]) for k in ("unit_zh", "unit_en") if (e.meta or {}).get(k))
    return units


def split_count(text: str) -> tuple[str, str] | None:
    """(number, unit) of a quantity typed with its unit, or None for any other cell."""
    m = COUNTED.match(normalise(text))
    return (m.group(1).replace(",", ""), m.group(2)) if m else None


def is_unit_of(unit: str, units: tuple[str, ...]) -> bool:
    """Whether `unit` is one of `units`, an English one also in the plural (bags for bag)."""
    folded = simplified(unit).lower()  # 個 for 个, 隻 for 只: a register typed in traditional characters
    return any(folded in (u.lower(), u.lower() + "s", u.lower() + "es") for u in map(simplified, units))
