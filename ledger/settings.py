"""The centre's settings, kept in the books as `custom "relief-option"` directives.

Parsed into one frozen `Settings` object; like Fava's options, parsing returns
`(settings, errors)` so a bad value is reported with its file and line instead of raising.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Iterable

from beancount.core import data
from beancount.core.amount import Amount

from ledger.errors import RuleError
from ledger.memo import per_entries

RECEIPT_PREFIX_RE = re.compile(r"^[A-Z][A-Z0-9]{0,9}$")


@dataclass(frozen=True)
class Settings:
    name_zh: str = "困难职工帮扶中心"
    name_en: str = "Hardship Assistance Centre"
    receipt_prefix: str = "JZ"
    min_published_count: int = 5
    site_url: str = ""
    seal: str | None = None
    tax_receipt_contact: str = ""  # letters: where a donor asks for a 公益事业捐赠票据
    #: yearly aid limit per case: account (a category, or Expenses:Aid for all aid) -> CNY
    aid_limits: dict[str, Decimal] = field(default_factory=dict)

    def receipt_pattern(self) -> re.Pattern[str]:
        """Receipt numbers look like JZ-2026-00012: prefix, year, five-digit sequence."""
        return re.compile(rf"^{re.escape(self.receipt_prefix)}-(\d{{4}})-(\d{{5}})$")

    def receipt(self, year: int, seq: int) -> str:
        return f"{self.receipt_prefix}-{year:04d}-{seq:05d}"


def _str(values: list[Any]) -> str | None:
    return values[0] if len(values) == 1 and isinstance(values[0], str) and values[0].strip() else None


@per_entries
def load_settings(entries: Iterable[data.Directive]) -> tuple[Settings, list[RuleError]]:
    """Parse every relief-option; later entries win. Unknown keys and bad values are errors."""
    settings = Settings()
    limits: dict[str, Decimal] = {}
    errors: list[RuleError] = []
    for entry in entries:
        if not isinstance(entry, data.Custom) or entry.type != "relief-option":
            continue
        values = [v.value for v in entry.values]
        if not values or not isinstance(values[0], str):
            errors.append(RuleError(entry.meta, 'A relief-option needs a key: custom "relief-option" "name_zh" "…"', entry))
            continue
        key, rest = values[0], values[1:]

        def bad(expected: str) -> None:
            errors.append(RuleError(entry.meta, f"relief-option {key!r}: expected {expected}, got {' '.join(map(str, rest)) or 'nothing'}", entry))

        if key in ("name_zh", "name_en", "site_url", "tax_receipt_contact"):
            text = _str(rest)
            if text is None:
                bad("one text value in quotes")
            else:
                settings = replace(settings, **{key: text})
        elif key == "seal":
            text = _str(rest)
            settings = replace(settings, seal=text) if text else settings
            if text is None:
                bad("the path of an image, relative to the books")
        elif key == "receipt_prefix":
            text = _str(rest)
            if text is None or not RECEIPT_PREFIX_RE.match(text):
                bad("1 to 10 capital letters or digits, starting with a letter (e.g. \"JZ\")")
            else:
                settings = replace(settings, receipt_prefix=text)
        elif key == "min_published_count":
            if len(rest) == 1 and isinstance(rest[0], Decimal) and rest[0] == rest[0].to_integral() and rest[0] >= 1:
                settings = replace(settings, min_published_count=int(rest[0]))
            else:
                bad("a whole number of at least 1")
        elif key == "aid_limit":
            if (
                len(rest) == 2
                and isinstance(rest[0], str)
                and rest[0].startswith("Expenses:Aid")
                and isinstance(rest[1], Amount)
                and rest[1].currency == "CNY"
                and rest[1].number is not None
                and rest[1].number > 0
            ):
                limits[rest[0]] = rest[1].number
            else:
                bad('an aid account and a positive CNY amount: "Expenses:Aid:Medical" 20000 CNY')
        else:
            known = "name_zh, name_en, receipt_prefix, min_published_count, site_url, seal, tax_receipt_contact, aid_limit"
            errors.append(RuleError(entry.meta, f"Unknown relief-option {key!r}; known keys: {known}", entry))
    return replace(settings, aid_limits=limits), errors
