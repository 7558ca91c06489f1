"""The rules' errors grouped by the rule that found them.

The loader hands Fava one flat list of errors, and their messages do not name the rule.
Rather than guess from the wording, every error is attributed to the rule function that
returned it: when the rules' bundle ran in this process for this very load (Fava's), it
noted each rule's errors (ledger.plugins.rules.errors_by_rule) and those are used; otherwise
each rule in ledger.plugins.rules.RULES is run on its own over the loaded entries (the
rules only read them). Errors in the books' load list that no rule produced
(beancount's own: syntax, balance, booking) form one more group, "beancount".

Which rules the books switch on is read from their `plugin` lines: `ledger.plugins.rules`
means all, `ledger.plugins.<rule>` one. Rules not switched on are still run, and marked.
"""

from __future__ import annotations

import datetime
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

from beancount.core import data

from ledger.errors import RuleError, is_warning, location
from ledger.memo import same_entries
from ledger.plugins.rules import RULES, errors_by_rule

BUNDLE = "ledger.plugins.rules"
BEANCOUNT_GROUP = "beancount"


@dataclass(frozen=True)
class Violation:
    """One error a rule (or beancount) reported: where in the books it points, and the entry behind it.

    `date` is the entry's; None when the error has no entry, and then no period filter hides it.
    """

    filename: str
    lineno: int
    message: str
    date: datetime.date | None
    entry: Any = field(compare=False, repr=False)
    #: a rule's warning (listed, but the books are not wrong), as relief check counts it apart
    warning: bool = False


@dataclass
class RuleGroup:
    """The errors one rule found, headed by the rule as its module states it.

    A rule the books do not switch on is still run (`enabled` False), so the auditor sees what
    it would find.
    """

    rule: str  # the rule module's name (fund_overdraft, ...) or "beancount"
    title: str  # the rule as its module's docstring states it
    enabled: bool  # switched on in the books' plugin lines
    violations: list[Violation] = field(default_factory=list)

    @property
    def count(self) -> int:
        """The number of errors shown in the group (after any `keep` narrowing)."""
        return len(self.violations)

    @property
    def warnings(self) -> int:
        """How many of them are warnings (spreadsheet_names, date_gap, fund_currency, ...)."""
        return sum(1 for v in self.violations if v.warning)

    @property
    def errors(self) -> int:
        """How many of them are errors: the books are wrong until they are fixed."""
        return self.count - self.warnings


def rule_name(rule: Callable[..., Any]) -> str:
    """A rule's short name, the last part of its module (fund_overdraft), as plugin lines and the audit page name it."""
    return rule.__module__.rsplit(".", 1)[-1]


def rule_title(rule: Callable[..., Any]) -> str:
    """What the rule checks: the first line of its module's docstring (its name when there is none).

    The rule modules' docstrings state each rule for a reader of the books, so the audit page
    heads each group with it.
    """
    doc = (sys.modules[rule.__module__].__doc__ or "").strip()
    return doc.splitlines()[0] if doc else rule_name(rule)


def enabled_rules(options: dict[str, Any] | None) -> set[str]:
    """The rules the books' plugin lines switch on."""
    names = {name for name, _config in (options or {}).get("plugin", [])}
    if BUNDLE in names:
        return {rule_name(r) for r in RULES}
    return {n.rsplit(".", 1)[-1] for n in names if n.startswith("ledger.plugins.")}


def _violation(error: Any) -> Violation:
    filename, lineno = location(error)
    entry = getattr(error, "entry", None)
    return Violation(filename, lineno, str(getattr(error, "message", error)).strip(), getattr(entry, "date", None), entry, is_warning(error))


def _key(v: Violation) -> tuple[str, int, str]:
    return (v.filename, v.lineno, v.message)


def _rule_errors(entries: Sequence[data.Directive], options: dict[str, Any] | None, load_errors: list[Any]) -> list[tuple[Callable[..., Any], list[Any]]]:
    """Each rule's errors: those of the load itself when the bundle ran in this process for
    these books (the same options map, every one of its errors among the load's), else
    each rule run again over the loaded entries."""
    recorded = errors_by_rule(options) if options is not None else None
    if recorded is not None and [rule for rule, _ in recorded] == list(RULES):
        ids = {id(e) for e in load_errors}
        if all(id(e) in ids for _rule, errors in recorded for e in errors):
            return recorded
    out = []
    entries = list(entries)
    with same_entries(entries):  # registry, settings and index built once, as in the bundle
        for rule in RULES:
            try:
                _entries, errors = rule(entries, options or {})
            except Exception as exc:  # noqa: BLE001 (named on the page, which must still answer)
                # Why: a rule that raised on the books stopped the bundle in the load (Fava's
                # Errors page: "Error applying plugin"), then raised again here: every request
                # of the rules view answered 500, the other rules' errors out of sight too
                errors = [_stopped(rule, exc, options)]
            out.append((rule, list(errors)))
    return out


def _stopped(rule: Callable[..., Any], exc: Exception, options: dict[str, Any] | None) -> RuleError:
    """The error that stands for a rule that raised instead of checking, at the main file."""
    main = (options or {}).get("filename") or "<books>"
    return RuleError({"filename": main, "lineno": 0}, f"The rule {rule_name(rule)} stopped on these books ({type(exc).__name__}: {exc}), "
                     "so what it checks was not checked: Fava's Errors page shows where (Error applying plugin); please report it", None)


def rule_violations(
    entries: Sequence[data.Directive],
    options: dict[str, Any] | None = None,
    load_errors: Iterable[Any] = (),
    keep: Callable[[Violation], bool] | None = None,
) -> list[RuleGroup]:
    """One group per rule (in RULES order) plus "beancount"; `keep` narrows what is shown."""
    on = enabled_rules(options)
    groups: list[RuleGroup] = []
    produced: set[tuple[str, int, str]] = set()
    load_errors = list(load_errors)
    for rule, errors in _rule_errors(entries, options, load_errors):
        found = [_violation(e) for e in errors]
        produced.update(_key(v) for v in found)
        groups.append(RuleGroup(rule_name(rule), rule_title(rule), rule_name(rule) in on, found))
    others = [v for v in map(_violation, load_errors) if _key(v) not in produced]
    groups.append(RuleGroup(BEANCOUNT_GROUP, "Beancount's own checks (syntax, balances, booking) and other load errors", True, others))
    if keep is not None:
        for group in groups:
            group.violations = [v for v in group.violations if keep(v)]
    return groups
