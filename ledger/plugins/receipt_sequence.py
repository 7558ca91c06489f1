"""Per year, receipt numbers run from 00001 with no gap; a void fills a gap explicitly.

    2026-03-02 custom "receipt-void" "JZ-2026-00017"
      reason: "开具错误，已作废"

A missing number is reported on the entry with the next number issued. A voided number that
is also used on a donation is an error too.
"""

from __future__ import annotations

from collections import defaultdict

from ledger.errors import RuleError
from ledger.index import transaction_index
from ledger.registry import build_registry
from ledger.settings import load_settings

__plugins__ = ("check_receipt_sequence",)


def check_receipt_sequence(entries, options_map, config=None):
    """The rule as a beancount plugin: an error for each number missing from a year's run of receipts (and not voided), or voided yet used."""
    settings, _ = load_settings(entries)
    pattern = settings.receipt_pattern()
    voids = build_registry(entries).voids
    by_year: dict[int, dict[int, object]] = defaultdict(dict)
    errors = []
    for entry in transaction_index(entries).donations:
        m = pattern.match(str(entry.meta.get("receipt", "")))
        if m:
            seq = int(m.group(2))
            if entry.meta["receipt"] in voids:
                errors.append(RuleError(entry.meta, f"Receipt number {entry.meta['receipt']} was voided but is used on this donation", entry))
            by_year[int(m.group(1))].setdefault(seq, entry)
    for number, void in voids.items():
        m = pattern.match(number)
        if not m:
            errors.append(RuleError(void.meta, f"Voided receipt {number!r} is not of the form {settings.receipt(void.date.year, 17)}", void))
            continue
        by_year[int(m.group(1))].setdefault(int(m.group(2)), void)
    for year, numbers in sorted(by_year.items()):
        expected = 1
        for seq in sorted(numbers):
            if seq > expected:
                missing = settings.receipt(year, expected) if seq == expected + 1 else f"{settings.receipt(year, expected)} to {settings.receipt(year, seq - 1)}"
                entry = numbers[seq]
                errors.append(RuleError(entry.meta, f"Gap in the receipt sequence: {missing} not issued before {settings.receipt(year, seq)}; record the missing number(s) or void them with custom \"receipt-void\"", entry))
            expected = seq + 1
    return entries, errors
