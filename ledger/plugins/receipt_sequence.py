"""Per year, receipt numbers run from 00001 with no gap; a void fills a gap explicitly.

    2026-03-02 custom "receipt-void" "JZ-2026-00017"
      reason: "开具错误，已作废"

A missing number is reported on the entry with the next number issued. A voided number that
is also used on a donation is an error too.
"""

from __future__ import annotations

from collections import defaultdict

from beancount.core import data

from ledger.errors import RuleError
from ledger.index import transaction_index
from ledger.memo import earlier_note, leave_note
from ledger.plugin_options import reads_no_options
from ledger.registry import build_registry
from ledger.settings import load_settings

__plugins__ = ("check_receipt_sequence",)


@reads_no_options
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
    leave_note(NOTE, {year: max(numbers) for year, numbers in by_year.items()})
    for year, numbers in sorted(by_year.items()):
        expected = 1
        for seq in sorted(numbers):
            if seq > expected:
                missing = settings.receipt(year, expected) if seq == expected + 1 else f"{settings.receipt(year, expected)} to {settings.receipt(year, seq - 1)}"
                entry = numbers[seq]
                errors.append(RuleError(entry.meta, f"Gap in the receipt sequence: {missing} not issued before {settings.receipt(year, seq)}; record the missing number(s) or void them with custom \"receipt-void\"", entry))
            expected = seq + 1
    return entries, errors


#: {year: the highest receipt number of the year, used or voided}, for ledger/rules_appended.py
NOTE = "receipt_sequence: highest number per year"


def _continues_each_year(entries, appended, options_map) -> bool:
    """True when the appended donations' receipt numbers (those of the receipts' form) are,
    year by year, the numbers right after the year's highest in the load this one extends,
    with none voided: no gap opens or closes and no number is taken twice, so the rule's
    errors are that load's."""
    found = earlier_note(NOTE)
    if found is None:
        return False
    highest, _appended = found
    settings, _ = load_settings(entries)
    pattern = settings.receipt_pattern()
    voids = build_registry(entries).voids
    by_year: dict[int, list[int]] = defaultdict(list)
    for entry in transaction_index([e for e in appended if isinstance(e, data.Transaction)]).donations:
        receipt = str(entry.meta.get("receipt", ""))
        m = pattern.match(receipt)
        if not m:
            continue  # not a receipt number: the rule does not count it (donation_receipt reports it)
        if receipt in voids:
            return False
        by_year[int(m.group(1))].append(int(m.group(2)))
    for year, numbers in by_year.items():
        start = highest.get(year, 0) + 1
        if sorted(numbers) != list(range(start, start + len(numbers))):
            return False
    return True


SAME_ERRORS_IF = _continues_each_year
