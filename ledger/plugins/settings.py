"""The centre's settings (custom "relief-option") parse: unknown keys and bad values are errors.

The `seal` option must name a usable image inside the books' folder (ledger/seal.py); a
missing or unusable file is an error at the option's line.

The books' `option "operating_currency"` must be a currency some fund posting uses, when fund
postings use another: "RMB" (renminbi, as a finance officer calls it) or "cny" in books kept in
CNY made every transaction a warning of another currency, and `relief publish` put up a site
saying the books had no income or spending yet. It is an error at the option's line.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from beancount.core import data

from ledger.errors import RuleError, bilingual
from ledger.funds import fund_postings, posting_currency
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
    return entries, errors + _currency_unused(entries, options_map or {})


def _currency_unused(entries, options_map) -> list[RuleError]:
    """[an error at the option line] when no fund posting is in the operating currency and some are in others."""
    currencies = options_map.get("operating_currency") or []
    if not currencies:
        return []
    currency, others = currencies[0], Counter()
    # walked lazily, not through the transaction index: on the load cache's append path this
    # rule runs over the whole books, and the first fund posting ends the walk in most books
    for _entry, posting, _fund in fund_postings(entries):
        found = posting_currency(posting)
        if found == currency:
            return []
        if found is not None:
            others[found] += 1
    if not others:
        return []
    main = options_map.get("filename") or "<books>"
    used = ", ".join(f"{name} ({count})" for name, count in others.most_common())
    best = others.most_common(1)[0][0]
    return [RuleError(
        {"filename": main, "lineno": _option_line(main, currency)},
        bilingual(f'option "operating_currency" "{currency}"：没有一笔基金分录用 {currency}，都用的是 {used}，'
                  f'网站、公开数据和报告的数字将一笔也不计入：请改为 option "operating_currency" "{best}"',
                  f'option "operating_currency" "{currency}": no fund posting is in {currency}, they are in {used}, so the '
                  f'site, the open data and the report would count none of them: write option "operating_currency" "{best}"'),
        None,
    )]


def _option_line(main: str, currency: str) -> int:
    """The line of the main file that sets the operating currency (1 when it cannot be found)."""
    wanted = re.compile(r'\s*option\s+"operating_currency"\s+"' + re.escape(currency) + '"')
    try:
        with open(main, encoding="utf-8", errors="replace") as fh:
            return next((n for n, line in enumerate(fh, 1) if wanted.match(line)), 1)
    except OSError:
        return 1
