"""Display names (zh and en) for accounts, goods and periods.

Names come from the books (`name_zh` / `name_en` on `open` and `commodity` directives),
then from the project's conventions (ledger/accounts.py), and last from the account name
itself, so books that follow none of the conventions still read sensibly.

Goods are counted in the units the books name (`unit_zh`, `unit_en`, in the singular); the
English plural, for any quantity but one ("35 bags"), is `unit_en_plural` when the books
give it, else made by english_plural's small rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from beancount.core import data

from ledger.accounts import AID_CATEGORIES, SOURCE_KINDS
from ledger.goods_names import english_plural, pair
from ledger.goods_names import shown as _shown
from publish.model import Label


@dataclass
class Names:
    """Account and commodity display names read from the books' directives."""

    accounts: dict[str, Label]
    goods: dict[str, Label]
    goods_units: dict[str, Label]
    #: the English plural the books give a unit (`unit_en_plural`), by commodity
    goods_units_plural: dict[str, str] = field(default_factory=dict)
    _units: dict[str, Label] = field(default_factory=dict, repr=False)  # units(), made once per commodity

    def account(self, account: str) -> Label:
        """The display name of an account: the books' own, else the conventions', else the account name."""
        if account in self.accounts:
            return self.accounts[account]
        known = AID_CATEGORIES.get(account) or SOURCE_KINDS.get(account)
        if known:
            return Label(*known)
        return Label(account, account)

    def item(self, commodity: str) -> Label:
        """The display name of a commodity given as goods (its code when the books name none)."""
        return self.goods.get(commodity, Label(commodity, commodity))

    def unit(self, commodity: str) -> Label:
        """The unit goods are counted in (empty when the books name none)."""
        return self.goods_units.get(commodity, Label("", ""))

    def units(self, commodity: str) -> Label:
        """The unit for a quantity other than one: the same in Chinese; in English the books'
        `unit_en_plural`, else english_plural() of the singular."""
        made = self._units.get(commodity)
        if made is None:
            unit = self.unit(commodity)
            plural = self.goods_units_plural.get(commodity)
            made = self._units[commodity] = Label(unit.zh, plural if plural is not None else english_plural(unit.en))
        return made


def read_names(entries: Iterable[data.Directive]) -> Names:
    """The display names the books give accounts and commodities (`name_zh`, `name_en`, `unit_zh`, `unit_en`, `unit_en_plural`),
    without invisible format characters (`_shown`)."""
    accounts: dict[str, Label] = {}
    goods: dict[str, Label] = {}
    units: dict[str, Label] = {}
    plurals: dict[str, str] = {}
    Open, Commodity = data.Open, data.Commodity
    for entry in entries:
        if not isinstance(entry, (Open, Commodity)):
            continue  # nearly all of them: transactions (read on every publish)
        meta = entry.meta or {}
        if isinstance(entry, Open):
            label = _pair(meta, "name_zh", "name_en")
            if label is not None:
                accounts[entry.account] = label
        else:
            label = _pair(meta, "name_zh", "name_en")
            if label is not None:
                goods[entry.currency] = label
            label = _pair(meta, "unit_zh", "unit_en")
            if label is not None:
                units[entry.currency] = label
            plural = _shown(meta.get("unit_en_plural"))
            if plural:
                plurals[entry.currency] = plural
    return Names(accounts, goods, units, plurals)


def _pair(meta: dict, zh_key: str, en_key: str) -> Label | None:
    """The (zh, en) name of `meta` as a Label (ledger.goods_names.pair: the one rule)."""
    found = pair(meta, zh_key, en_key)
    return None if found is None else Label(*found)


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_label(year: int, month: int) -> Label:
    """A month's name: 2026年3月 / Mar 2026."""
    return Label(f"{year}年{month}月", f"{_MONTHS_EN[month - 1]} {year}")


def short_month_label(month: int) -> Label:
    """A month within a year the page already names: 1月 / Jan."""
    return Label(f"{month}月", _MONTHS_EN[month - 1])


def quarter_label(year: int, quarter: int) -> Label:
    """A quarter's name: 2026年第1季度 / Q1 2026."""
    return Label(f"{year}年第{quarter}季度", f"Q{quarter} {year}")


def year_label(year: int) -> Label:
    """A year's name: 2026年 / 2026."""
    return Label(f"{year}年", f"{year}")
