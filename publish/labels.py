"""Display names (zh and en) for accounts, goods and periods.

Names come from the books (`name_zh` / `name_en` on `open` and `commodity` directives),
then from the project's conventions (ledger/accounts.py), and last from the account name
itself, so books that follow none of the conventions still read sensibly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from beancount.core import data

from ledger.accounts import AID_CATEGORIES, SOURCE_KINDS
from publish.model import Label


@dataclass
class Names:
    """Account and commodity display names read from the books' directives."""

    accounts: dict[str, Label]
    goods: dict[str, Label]
    goods_units: dict[str, Label]

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


def read_names(entries: Iterable[data.Directive]) -> Names:
    """The display names the books give accounts and commodities (`name_zh`, `name_en`, `unit_zh`, `unit_en`)."""
    accounts: dict[str, Label] = {}
    goods: dict[str, Label] = {}
    units: dict[str, Label] = {}
    Open, Commodity = data.Open, data.Commodity
    for entry in entries:
        if not isinstance(entry, (Open, Commodity)):
            continue  # nearly all of them: transactions (read on every publish)
        meta = entry.meta or {}
        if isinstance(entry, Open):
            if "name_zh" in meta or "name_en" in meta:
                zh = str(meta.get("name_zh") or meta.get("name_en"))
                accounts[entry.account] = Label(zh, str(meta.get("name_en") or zh))
        else:
            if "name_zh" in meta or "name_en" in meta:
                zh = str(meta.get("name_zh") or meta.get("name_en"))
                goods[entry.currency] = Label(zh, str(meta.get("name_en") or zh))
            if "unit_zh" in meta or "unit_en" in meta:
                zh = str(meta.get("unit_zh") or meta.get("unit_en"))
                units[entry.currency] = Label(zh, str(meta.get("unit_en") or zh))
    return Names(accounts, goods, units)


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
