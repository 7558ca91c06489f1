"""The centre's settings (custom "relief-option") parse: unknown keys and bad values are errors.

The `seal` option must name a usable image inside the books' folder (ledger/seal.py); a
missing or unusable file is an error at the option's line.
"""

from __future__ import annotations

from pathlib import Path

from beancount.core import data

from ledger.errors import RuleError
from ledger.plugin_options import reads_no_options
from ledger.seal import seal_problem
from ledger.settings import load_settings

__plugins__ = ("check_settings",)


@reads_no_options
def check_settings(entries, options_map, config=None):
    """The rule as a beancount plugin: errors in the `custom "relief-option"` entries (unknown keys, bad values, an unusable seal image)."""
    errors = list(load_settings(entries)[1])
    main = (options_map or {}).get("filename")
    if main:
        root = Path(main).parent
        for entry in entries:
            if isinstance(entry, data.Custom) and entry.type == "relief-option":
                values = [v.value for v in entry.values or ()]
                if len(values) == 2 and isinstance(values[0], str) and values[0] == "seal" and isinstance(values[1], str) and values[1].strip():
                    problem = seal_problem(values[1].strip(), root)
                    if problem:
                        errors.append(RuleError(entry.meta, problem, entry))
    return entries, errors
