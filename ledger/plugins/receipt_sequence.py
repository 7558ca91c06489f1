"""Per year, receipt numbers run from 00001 with no gap; a void fills a gap explicitly.

    2026-03-02 custom "receipt-void" "JZ-2026-00017"
      reason: "开具错误，已作废"

A missing number is reported on the entry with the next number issued. A voided number that
is also used on a donation is an error too.
"""

from __future__ import annotations

from collections import defaultdict

from beancount.core import data

from ledger.errors import RuleError, bilingual
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
                number = entry.meta["receipt"]
                message = bilingual(f"捐赠收据号 {number} 已作废，却用在这笔捐赠上",
                                    f"Receipt number {number} was voided "
                                    "but is used on this donation")
                errors.append(RuleError(entry.meta, message, entry))
            by_year[int(m.group(1))].setdefault(seq, entry)
    for number, void in voids.items():
        m = pattern.match(number)
        if not m:
            form = settings.receipt(void.date.year, 17)
            message = bilingual(f"作废的收据号 {number!r} 格式不对，应为 {form} 这样的格式",
                                f"Voided receipt {number!r} is not of the form {form}")
            errors.append(RuleError(void.meta, message, void))
            continue
        by_year[int(m.group(1))].setdefault(int(m.group(2)), void)
    leave_note(NOTE, {year: max(numbers) for year, numbers in by_year.items()})
    for year, numbers in sorted(by_year.items()):
        expected = 1
        for seq in sorted(numbers):
            if seq > expected:
                first, last, this = (settings.receipt(year, n) for n in (expected, seq - 1, seq))
                missing, missing_zh = (first, first)
                if seq > expected + 1:
                    missing, missing_zh = f"{first} to {last}", f"{first} 至 {last}"
                entry = numbers[seq]
                message = bilingual(f"收据号不连续：{this} 之前缺 {missing_zh}，未开出；"
                                    '请补记缺的号，或用 custom "receipt-void" 登记作废',
                                    f"Gap in the receipt sequence: {missing} "
                                    f"not issued before {this}; record the missing number(s) "
                                    'or void them with custom "receipt-void"')
                errors.append(RuleError(entry.meta, message, entry))
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
