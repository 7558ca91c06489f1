"""A warning for transactions dated far away from all the others (a year typed wrong).

A relief centre's books run day after day; a transaction dated 2999-06-01 in books of 2026
(or 1900-06-01) is a slip of the keyboard. beancount accepts it, and the site then reports
"figures as of 2999-06-01", an annual report for 2999 and a year of empty months. Which
date is wrong cannot be known for sure, so this is a warning (ledger.errors.RuleWarning),
and it needs no clock (the same books give the same warnings on any day): when the
transactions' dates, in order, leave a gap of more than MAX_GAP_DAYS, the transactions on
the side of the gap that holds fewer of them are named (at most MAX_NAMED), with the gap.

    2026-12-30 * "办公费" ...
    2999-06-01 * "捐款" ...      ; Warning: dated 2999-06-01, 972 years after ...
"""

from __future__ import annotations

import datetime

from beancount.core import data

from ledger.errors import RuleWarning, bilingual
from ledger.plugin_options import reads_no_options

__plugins__ = ("check_date_gap",)

#: Books may pause (a centre that books nothing for a few months), but not for years.
MAX_GAP_DAYS = 366 * 2
MAX_NAMED = 5


def _years(earlier: datetime.date, later: datetime.date) -> int:
    """Whole calendar years between the two dates (the gap is always more than two)."""
    return later.year - earlier.year - ((later.month, later.day) < (earlier.month, earlier.day))


@reads_no_options
def check_date_gap(entries, options_map, config=None):
    """The rule as a beancount plugin: a warning on transactions cut off from the others by years."""
    Transaction = data.Transaction
    days = sorted({entry.date for entry in entries if type(entry) is Transaction})  # a few hundred days, not every entry
    if len(days) < 2:
        return entries, []
    widest = max(range(len(days) - 1), key=lambda k: days[k + 1] - days[k])
    last_before, first_after = days[widest], days[widest + 1]
    if (first_after - last_before).days <= MAX_GAP_DAYS:
        return entries, []
    years = _years(last_before, first_after)
    txns = [entry for entry in entries if type(entry) is Transaction]
    after = [entry for entry in txns if entry.date >= first_after]
    if len(after) <= len(txns) - len(after):
        named = after[:MAX_NAMED]
        where = f"{years} years after every transaction before it (the last on {last_before})"
        where_zh = f"比它之前的所有交易晚 {years} 年（前一笔在 {last_before}）"
    else:
        named = [entry for entry in txns if entry.date <= last_before][-MAX_NAMED:]
        where = f"{years} years before every transaction after it (the next on {first_after})"
        where_zh = f"比它之后的所有交易早 {years} 年（后一笔在 {first_after}）"
    warnings = [
        RuleWarning(
            entry.meta,
            bilingual(f"警告：这笔交易的日期是 {entry.date}，{where_zh}：年份是否录错？"
                      "网站和报表会一直算到这个日期。",
                      f"Warning: this transaction is dated {entry.date}, {where}: "
                      "is the year typed wrong? The site and the reports would run to this date"),
            entry,
        )
        for entry in named
    ]
    return entries, warnings
