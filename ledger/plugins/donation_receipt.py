"""Every donation names a registered donor and its own receipt number.

A donation is a transaction with a posting to Income:Donation:*. It must carry
`donor: "D0001"` (declared with custom "donor", or the reserved UNIDENTIFIED while a person
decides, which is only accepted on a "!" entry) and `receipt: "JZ-2026-00012"` (the prefix
from the settings, the year of the donation, a five-digit sequence), used by no other entry.
"""

from __future__ import annotations

from beancount.core import data, flags

from ledger.errors import RuleError
from ledger.plugins.index import transaction_index
from ledger.registry import UNIDENTIFIED_DONOR, build_registry
from ledger.settings import load_settings

__plugins__ = ("check_donation_receipt",)


def check_donation_receipt(entries, options_map, config=None):
    donors = build_registry(entries).donors
    settings, _ = load_settings(entries)
    pattern = settings.receipt_pattern()
    seen: dict[str, data.Transaction] = {}
    errors = []
    for entry in transaction_index(entries).donations:
        donor = entry.meta.get("donor")
        if donor is None:
            errors.append(RuleError(entry.meta, 'Donation without a donor: add donor: "<id>" from registry/donors.beancount', entry))
        elif donor == UNIDENTIFIED_DONOR:
            if entry.flag != flags.FLAG_WARNING:
                errors.append(RuleError(entry.meta, "Donor UNIDENTIFIED is allowed only on an entry flagged '!': identify the donor or keep it flagged", entry))
        elif donor not in donors:
            errors.append(RuleError(entry.meta, f"Unknown donor {donor!r}: declare it with custom \"donor\" in registry/donors.beancount", entry))
        receipt = entry.meta.get("receipt")
        if receipt is None:
            errors.append(RuleError(entry.meta, f"Donation without a receipt number: add receipt: \"{settings.receipt(entry.date.year, 1)[:-5]}NNNNN\" (the next in the sequence)", entry))
            continue
        m = pattern.match(str(receipt))
        if not m:
            errors.append(RuleError(entry.meta, f"Receipt number {receipt!r} is not of the form {settings.receipt(entry.date.year, 12)}", entry))
        elif int(m.group(1)) != entry.date.year:
            errors.append(RuleError(entry.meta, f"Receipt number {receipt} is of year {m.group(1)} but the donation is dated {entry.date}", entry))
        if receipt in seen:
            first = seen[receipt]
            errors.append(RuleError(entry.meta, f"Receipt number {receipt} is used twice: also at {first.meta.get('filename')}:{first.meta.get('lineno')}", entry))
        else:
            seen[receipt] = entry
    return entries, errors
