"""Entries flagged `!`: proposed by an import (or typed so) and not yet reviewed by a person.

Why: an import proposes with `!` what a person must decide (docs/importing.md); the books
load and `relief publish` publishes them like any entry, so a site could show figures
nobody had reviewed with nothing said. A period holding one cannot be closed (reconcile's
"waiting for a decision"), so its report is provisional; `relief publish` names them
(`unreviewed_note`) and each report page counts them (`Report.unreviewed`).
"""

from __future__ import annotations

from collections.abc import Iterable

from beancount.core import data, flags

from ledger.errors import bilingual


def is_unreviewed(entry: data.Directive) -> bool:
    """A transaction flagged `!`, or with a posting flagged `!`."""
    return isinstance(entry, data.Transaction) and (
        entry.flag == flags.FLAG_WARNING or any(p.flag == flags.FLAG_WARNING for p in entry.postings))


def unreviewed(entries: Iterable[data.Directive]) -> list[data.Transaction]:
    """The books' entries flagged `!`, in the books' order (one pass, no copy of the entries).
    `is_unreviewed` written out: publish reads 100k entries, and a call and a generator per
    entry cost more than the test itself."""
    warning, transaction = flags.FLAG_WARNING, data.Transaction
    found = []
    for e in entries:
        if isinstance(e, transaction):
            if e.flag == warning:
                found.append(e)
                continue
            for p in e.postings:
                if p.flag == warning:
                    found.append(e)
                    break
    return found


def unreviewed_note(entries: Iterable[data.Directive], found: list[data.Transaction] | None = None) -> str | None:
    """What `relief publish` says of the `!` entries it publishes, naming the first three; None when none.
    `found`: `unreviewed(entries)` when the caller has it already (publish counts them per
    report too: one pass over 100k entries, not two)."""
    if found is None:
        found = unreviewed(entries)
    if not found:
        return None
    n = len(found)
    named = ", ".join(f"{e.date} at {e.meta.get('filename')}:{e.meta.get('lineno')}" for e in found[:3])
    more = f" and {n - 3} more" if n > 3 else ""
    named_zh = "、".join(f"{e.date}（{e.meta.get('filename')}:{e.meta.get('lineno')}）" for e in found[:3])
    more_zh = f"等，另有 {n - 3} 笔" if n > 3 else ""
    return bilingual(
        f"有 {n} 笔交易标记为 !（尚未复核），已计入公布的数字：{named_zh}{more_zh}；含有这类交易的每个期间的报告会写明有几笔"
        "（复核之前该期间不能结账）：请逐笔决定，把 ! 改为 *，再发布",
        f"{n} transaction{' is' if n == 1 else 's are'} flagged ! (not yet reviewed) and published in the figures: "
        f"{named}{more}; the report of each period holding one says how many (its period cannot be closed until they are "
        "reviewed): decide each, change ! to *, and publish again")
