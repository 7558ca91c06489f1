"""The rules over books that only grew: what the base said, plus the new transactions judged alone.

On the load cache's append-only path (ledger/incremental.py) the rules bundle runs again
over the whole merged list, about 1.5 s on 100,000 transactions, for one new donation.
Most rules, though, judge each transaction alone: whether its fund is declared, whether a
restricted fund may pay its account on its date, whether its case is enrolled that day,
whether it moves a fund in another currency. Such a rule's errors on a transaction depend
only on that transaction, on the books' other directives (the registry and the settings,
which are `custom` entries, never transactions) and on the options. A module says so with

    PER_TRANSACTION = True

(or a function of the appended entries and the options map, for a rule that judges each
transaction alone only in some books: `donation_amount`, until something is given back).
Another rule reads only some kinds of transaction (ledger/index.py: aid, goods ...) besides
the other directives, or none at all; it says which with

    READS_TRANSACTIONS = ("aid",)

and when nothing appended is of those kinds, its input is the base's, and so are its errors.

On the fast path every directive but the transactions is the base's (only transactions may
be appended, and options may not change), so for such a rule:

- its errors on the base's transactions are the ones it gave in the base load: the bundle
  leaves a note with how many errors each rule gave (`note_counts`), and the base's errors
  are exactly the bundle's, rule after rule (the fast path hands them over only when the
  bundle is the books' only plugin and the base has no other error: ledger/memo.py,
  `earlier_errors`);
- its errors on the new transactions are what it gives on the list of the books' other
  directives and the new transactions, in the books' order;
- in a full run it walks the transactions in the books' order, one transaction's errors
  together: the two lists, each in that order, merged by the entries' sort key (no new
  entry sorts like an old one: ledger/incremental.py refuses that) are the full run's list.

Whenever one of these cannot be checked (no note, counts that do not add up, an error not
about a transaction, a rule that returned other entries), the rule simply runs over the
whole books, as every other rule does. tests/ledger/test_incremental.py compares the
result with a full load's, errors in the base and in the new entries included.
"""

from __future__ import annotations

import heapq
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from beancount.core import data

from ledger.index import transaction_index
from ledger.memo import earlier_errors, earlier_note, leave_note, same_entries

NOTE = "rules: errors per rule"

Rule = Callable[..., tuple[list, list]]


def rule_name(rule: Rule) -> str:
    """The rule's dotted name (kept in the note: a function object is not)."""
    return f"{rule.__module__}.{rule.__qualname__}"


def note_counts(by_rule: Iterable[tuple[Rule, list]]) -> None:
    """Leave, for a load that extends this one, how many errors each rule gave."""
    leave_note(NOTE, [(rule_name(rule), len(errors)) for rule, errors in by_rule])


def judges_alone(rule: Rule, appended: Sequence[data.Directive], options_map: dict[str, Any]) -> bool:
    """True when the rule's module declares that it judges each transaction alone (here)."""
    flag = getattr(sys.modules.get(rule.__module__), "PER_TRANSACTION", False)
    return bool(flag(appended, options_map)) if callable(flag) else flag is True


def reads_none_of(rule: Rule, appended: Sequence[data.Directive]) -> bool:
    """True when the rule's module declares the kinds of transaction it reads, and no
    appended transaction is of those kinds."""
    kinds = getattr(sys.modules.get(rule.__module__), "READS_TRANSACTIONS", None)
    if kinds is None:
        return False
    index = transaction_index([e for e in appended if isinstance(e, data.Transaction)])
    return not any(getattr(index, kind) for kind in kinds)


def base_errors_by_rule() -> tuple[dict[str, list], tuple] | None:
    """({rule's name: its errors in the base load}, the entries appended since), or None
    when this load extends no base whose errors can be told apart by rule."""
    found = earlier_note(NOTE)
    errors = earlier_errors()
    if found is None or errors is None:
        return None
    counts, appended = found
    if sum(n for _name, n in counts) != len(errors):
        return None
    by_rule, start = {}, 0
    for name, n in counts:
        by_rule[name] = list(errors[start : start + n])
        start += n
    return by_rule, appended


def _sortkey(error: Any) -> tuple:
    return data.entry_sortkey(error.entry)


def errors_with_appended(
    rules: Sequence[Rule], entries: list[data.Directive], options_map: dict[str, Any]
) -> dict[Rule, list]:
    """{rule: its errors over `entries`} for each of `rules` that reads nothing appended or
    judges each transaction alone, and can be answered from the base's errors; the others
    are left out (they run over the whole books)."""
    earlier = base_errors_by_rule()
    if earlier is None:
        return {}
    base, appended = earlier
    chosen = []
    found: dict[Rule, list] = {}
    for rule in rules:
        before = base.get(rule_name(rule))
        if before is None:
            continue
        if reads_none_of(rule, appended):
            found[rule] = before
            continue
        if not judges_alone(rule, appended, options_map):
            continue
        if not all(isinstance(getattr(e, "entry", None), data.Transaction) for e in before):
            continue
        chosen.append((rule, before))
    if not chosen:
        return found
    new = {id(e) for e in appended}
    alone = [e for e in entries if id(e) in new or not isinstance(e, data.Transaction)]
    with same_entries(alone):  # the registry and index of this short list, built once
        for rule, before in chosen:
            returned, errors = rule(alone, options_map)
            if returned is not alone or not all(isinstance(getattr(e, "entry", None), data.Transaction) for e in errors):
                continue
            found[rule] = list(heapq.merge(before, errors, key=_sortkey))
    return found
