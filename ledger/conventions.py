"""Which of the project's conventions a set of books follows (for foreign books)."""

from __future__ import annotations

from beancount.core import data

from ledger.accounts import AID_CATEGORIES


def rules_switched_on(books) -> bool:
    """True when the books name the project's rules (`plugin "ledger.plugins…"`)."""
    return any(name.startswith("ledger.plugins") for name, _ in books.options.get("plugin", []))


def missing_conventions(books) -> list[str]:
    """Plain-language notes on conventions the books do not follow; empty for relief books."""
    notes: list[str] = []
    if not rules_switched_on(books):
        notes.append('the rules are not switched on: add `plugin "ledger.plugins.rules"` to the main file')
    if not books.registry.funds:
        notes.append('no funds are declared (custom "fund"): everything is treated as one general fund')
    if not books.registry.donors:
        notes.append('no donors are declared (custom "donor"): donations cannot be attributed')
    opened = {e.account for e in books.entries if isinstance(e, data.Open)}
    if not any(a.startswith("Expenses:Aid:") for a in opened):
        notes.append(f"no aid accounts ({', '.join(AID_CATEGORIES)}): every Expenses account is treated as a use")
    if not any(isinstance(e, data.Open) and "name_zh" in (e.meta or {}) for e in books.entries):
        notes.append("accounts have no name_zh/name_en metadata: account names are shown as they are")
    return notes
