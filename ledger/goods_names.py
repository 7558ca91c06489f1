"""How the books name goods: a commodity's name and the unit it is counted in, zh and en.

One rule for every reader (the public site's publish/labels.py, the auditors' Fava
extension): `name_zh` / `name_en` and `unit_zh` / `unit_en` on the `commodity` directive,
each falling back on the other, without invisible format characters; the English plural is
`unit_en_plural` when the books give it, else `english_plural` of the singular. Here, in
ledger/, so that the auditors' statement names goods in stock as the site does ("大米 35 袋",
"Rice 35 bags") and not by commodity code.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from beancount.core import data

from ledger.bidi import without_invisible


def shown(value: object) -> str:
    """A name from the books as the public is shown it: as text, without invisible format
    characters (zero-width space and joiners, direction controls, soft hyphen: ledger.bidi),
    "" for none. Why: "特困\u200b救助" was another name than "特困救助" on the site and in the
    open data, and a U+202E in a goods name reversed the quantity printed after it."""
    return "" if value is None else without_invisible(str(value)).strip()


def pair(meta: dict, zh_key: str, en_key: str) -> tuple[str, str] | None:
    """The (zh, en) name of `meta`, each falling back on the other; None when it names none
    that shows anything (the conventions' or the code's name is shown instead)."""
    zh, en = shown(meta.get(zh_key)), shown(meta.get(en_key))
    if not (zh or en):
        return None
    return zh or en, en or zh


def english_plural(word: str) -> str:
    """The plural of an English unit the books name in the singular: bag -> bags, box ->
    boxes, battery -> batteries, piece -> pieces. Only a plain lower-case word of three
    letters or more with a vowel changes: symbols (kg, l), words already plural or
    abbreviated (cans, pcs), capitalised or several words ("pair of gloves") are kept as
    written; the books give those their plural as `unit_en_plural` (docs/books.md)."""
    is_word = len(word) >= 3 and word.isascii() and word.isalpha() and word.islower() and any(v in word for v in "aeiouy")
    if not is_word or word.endswith("s"):
        return word
    if word.endswith(("x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


class GoodsName(NamedTuple):
    """A commodity as the site names it: its name and unit in both languages."""

    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    #: the English unit for a quantity other than one
    units_en: str

    def counted(self, quantity) -> tuple[str, str]:
        """(zh, en) of `quantity` of these goods, as the site's reports write them:
        ("大米 35 袋", "Rice 35 bags"); without a unit, the name and the quantity."""
        unit_en = self.unit_en if quantity == 1 else self.units_en
        zh = f"{self.name_zh} {quantity}" + (f" {self.unit_zh}" if self.unit_zh else "")
        en = f"{self.name_en} {quantity}" + (f" {unit_en}" if unit_en else "")
        return zh, en


def goods_names(commodities: Iterable[data.Commodity]) -> dict[str, GoodsName]:
    """commodity code -> how the books name it, for every `commodity` directive that names
    something (a code the books name nothing for is absent: shown as its code)."""
    out: dict[str, GoodsName] = {}
    for entry in commodities:
        meta = entry.meta or {}
        name = pair(meta, "name_zh", "name_en")
        unit = pair(meta, "unit_zh", "unit_en")
        plural = shown(meta.get("unit_en_plural"))
        if name is None and unit is None and not plural:
            continue
        code = entry.currency
        zh, en = name or (code, code)
        unit_zh, unit_en = unit or ("", "")
        out[code] = GoodsName(zh, en, unit_zh, unit_en, plural or english_plural(unit_en))
    return out


def goods_name(names: dict[str, GoodsName], code: str) -> GoodsName:
    """How `code` is named: the books' name, else the code itself with no unit."""
    return names.get(code) or GoodsName(code, code, "", "", "")
