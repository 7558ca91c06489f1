"""A books file that repeats another's transactions: a copy left where an include pattern takes it.

Why: Windows Explorer names a copy made beside its original `2026 - 副本.beancount` (or
`2026 - Copy.beancount`, `2026 (2).beancount`); in txns/ the template's
`include "txns/*.beancount"` takes it too, and every transaction of the year was counted
twice. `relief check` then listed each receipt, official receipt and bank reference as used
twice, some two hundred errors on the demo books, each at its own line, none naming the
file that is the cause. This adds one error, at the top, naming the copy and what to do.

Only looked for when the books already have an error that says "twice" (两次), so books
without such errors pay nothing on their load.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from beancount.core import data

from ledger.errors import RuleError, bilingual

#: a file is a copy of another when at least this share of its transactions are the other's
_SHARE = 0.5
#: and at least this many (two files of three entries alike are no copy worth telling)
_AT_LEAST = 5


def _key(txn: data.Transaction) -> tuple:
    return (txn.date, txn.payee, txn.narration, tuple((p.account, p.units) for p in txn.postings))


def copied_files(errors: list[Any], entries: Iterable[Any] | None) -> list[RuleError]:
    """One error per books file whose transactions mostly repeat another file's (see the module docstring)."""
    if entries is None or not any("两次" in str(getattr(e, "message", "")) for e in errors):
        return []
    by_file: dict[str, set[tuple]] = defaultdict(set)
    for entry in entries:
        if type(entry) is data.Transaction and entry.meta and entry.flag != "P":
            by_file[str(entry.meta.get("filename"))].add(_key(entry))
    found = []
    names = sorted(by_file)
    for i, first in enumerate(names):
        for second in names[i + 1:]:
            a, b = by_file[first], by_file[second]
            small, large = (first, second) if len(a) <= len(b) else (second, first)
            shared = len(by_file[small] & by_file[large])
            if shared >= _AT_LEAST and shared >= _SHARE * len(by_file[small]):
                # the smaller is the copy (an older one); of two alike, the longer name (" - 副本", " (2)")
                copy, original = (small, large) if len(a) != len(b) else tuple(sorted((first, second), key=len, reverse=True))
                found.append(RuleError(
                    {"filename": copy, "lineno": 1},
                    bilingual(f"{copy} 的 {len(by_file[copy])} 笔交易中有 {shared} 笔与 {original} 的相同，这些交易都算了两次："
                              "多半是一份副本被 include 的通配符（如 txns/*.beancount）一并读入，或分录移走后没有删掉原处的；"
                              "请把副本移出这个文件夹（或删去重复的分录），下面那些“两次”的错误随之消失",
                              f"{copy} repeats {shared} of its {len(by_file[copy])} transactions from {original}, so each of them is "
                              "counted twice: most likely a copy taken in by an include pattern (such as txns/*.beancount), or entries "
                              "moved without being deleted where they were; move the copy out of that folder (or delete the repeated "
                              "entries), and the errors below that say twice go with it"),
                    None,
                ))
    return found
