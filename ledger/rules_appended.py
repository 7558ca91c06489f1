"""The rules over books that only grew: what the base said, plus the new transactions judged alone.

On the load cache's append-only path (ledger/incremental.py) the rules bundle runs again
over the merged list, about 1.5 s on 100,000 transactions, for one new donation. Most of
that can be answered from what the rules said about the base. Each rule module may say how:

- `PER_TRANSACTION = True`: the rule judges each transaction alone. Its errors on a
  transaction depend only on that transaction, on the books' other directives (the
  registry and the settings, which are `custom` entries, never transactions) and on the
  options: whether its fund is declared, whether a restricted fund may pay its account on
  its date, whether its case is enrolled that day, an approval number, goods at cost.
  It may also be a function of (entries, appended, options map), for a rule that judges
  each transaction alone only in some books: whole fen, until something is given back;
  donors and receipt numbers, while no appended receipt number is used elsewhere.
- `READS_TRANSACTIONS = ("aid",)`: the rule reads only those kinds of transaction
  (ledger/index.py) besides the other directives; when nothing appended is of those
  kinds, its input is the base's, and so are its errors (`()`: it reads no transaction).
- `SAME_ERRORS_IF`: a function of (entries, appended, options map), true when the rule's
  errors on the grown books are exactly the base's, from a note the rule left with the
  base: a fund's balance that only rises after the last day it was below zero; receipt
  numbers that continue each year's run.

On the fast path every directive but the transactions is the base's (only transactions may
be appended, and options may not change), so:

- a rule's errors in the base load are known: the bundle leaves a note with how many
  errors each rule gave (`note_counts`), and the base's errors are exactly the bundle's,
  rule after rule (the fast path hands them over only when the bundle is the books' only
  plugin and the base has no other error: ledger/memo.py, `earlier_errors`);
- a rule that judges each transaction alone gives, on the new transactions, what it gives
  on the list of the books' other directives and the new transactions, in the books'
  order; in a full run it walks the transactions in the books' order, one transaction's
  errors together: the two lists, each in that order, merged by the entries' sort key
  (no new entry sorts like an old one: ledger/incremental.py refuses that) are the full
  run's list.

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
from ledger.registry import build_registry
from ledger.settings import load_settings

NOTE = "rules: errors per rule"

Rule = Callable[..., tuple[list, list]]


def rule_name(rule: Rule) -> str:
    """The rule's dotted name (kept in the note: a function object is not)."""
    return f"{rule.__module__}.{rule.__qualname__}"


def note_counts(by_rule: Iterable[tuple[Rule, list]]) -> None:
    """Leave, for a load that extends this one, how many errors each rule gave."""
    leave_note(NOTE, [(rule_name(rule), len(errors)) for rule, errors in by_rule])


def _declared(rule: Rule, name: str, default: Any = None) -> Any:
    return getattr(sys.modules.get(rule.__module__), name, default)


def judges_alone(rule: Rule, entries: list[data.Directive], appended: Sequence[data.Directive], options_map: dict[str, Any]) -> bool:
    """True when the rule's module declares that it judges each transaction alone (here)."""
    flag = _declared(rule, "PER_TRANSACTION", False)
    return bool(flag(entries, appended, options_map)) if callable(flag) else flag is True


def same_errors(rule: Rule, entries: list[data.Directive], appended: Sequence[data.Directive], options_map: dict[str, Any]) -> bool:
    """True when the rule's module shows that its errors are the base's (SAME_ERRORS_IF)."""
    test = _declared(rule, "SAME_ERRORS_IF")
    return callable(test) and bool(test(entries, appended, options_map))


def reads_none_of(rule: Rule, appended: Sequence[data.Directive]) -> bool:
    """True when the rule's module declares the kinds of transaction it reads, and no
    appended transaction is of those kinds."""
    kinds = _declared(rule, "READS_TRANSACTIONS")
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
    """{rule: its errors over `entries`} for each of `rules` that can be answered from the
    base's errors (it reads nothing appended, shows its errors unchanged, or judges each
    transaction alone); the others are left out (they run over the whole books)."""
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
        if reads_none_of(rule, appended) or same_errors(rule, entries, appended, options_map):
            found[rule] = before
            continue
        if not judges_alone(rule, entries, appended, options_map):
            continue
        if not all(isinstance(getattr(e, "entry", None), data.Transaction) for e in before):
            continue
        chosen.append((rule, before))
    if not chosen:
        return found
    new = {id(e) for e in appended}
    alone = [e for e in entries if id(e) in new or not isinstance(e, data.Transaction)]
    # the short list has the books' very registry and settings (read from `custom` and `open` entries
    # only): those of the whole books are shared with it, its index is its own
    shared = {build_registry.__wrapped__: build_registry(entries), load_settings.__wrapped__: load_settings(entries)}
    with same_entries(alone, shared):
        for rule, before in chosen:
            returned, errors = rule(alone, options_map)
            if returned is not alone or not all(isinstance(getattr(e, "entry", None), data.Transaction) for e in errors):
                continue
            found[rule] = list(heapq.merge(before, errors, key=_sortkey))
    return found
