"""Every relief-fund rule in one plugin: `plugin "ledger.plugins.rules"` in main.beancount.

Runs each rule module in turn (see docs/books.md, "The rules") and collects their errors,
so bean-check, Fava and `relief check` report the same list.
"""

from __future__ import annotations

import collections
import sys
from typing import Any

from ledger import rules_appended, rules_beside
from ledger.amount_digits import too_long_amounts
from ledger.collector import cyclic_gc_paused
from ledger.memo import same_entries
from ledger.plugin_options import unread_option
from ledger.plugins import (
    aid_approval,
    aid_case,
    aid_limit,
    balance_fen,
    closed_period,
    date_gap,
    donation_amount,
    donation_receipt,
    fen_amount,
    fund_currency,
    fund_declared,
    fund_overdraft,
    fund_purpose,
    goods_cost,
    pad_fund,
    pledge_paid,
    receipt_sequence,
    refund_gift,
    registry,
    settings,
    spreadsheet_names,
)

__plugins__ = ("check_all_rules",)

RULES = (
    settings.check_settings,
    registry.check_registry,
    fund_declared.check_fund_declared,
    fund_purpose.check_fund_purpose,
    fund_overdraft.check_fund_overdraft,
    donation_receipt.check_donation_receipt,
    donation_amount.check_donation_amount,
    refund_gift.check_refund_gift,
    fen_amount.check_fen_amount,
    receipt_sequence.check_receipt_sequence,
    aid_case.check_aid_case,
    aid_approval.check_aid_approval,
    aid_limit.check_aid_limit,
    goods_cost.check_goods_cost,
    pledge_paid.check_pledge_paid,
    balance_fen.check_balance_fen,
    closed_period.check_closed_period,
    spreadsheet_names.check_spreadsheet_names,
    date_gap.check_date_gap,
    fund_currency.check_fund_currency,
    pad_fund.check_pad_fund,
)


#: The latest runs in this process: (the load's options map, [(rule, its errors)]). The
#: loader hands the same options map (and these very error objects) to its caller, so the
#: Fava extension's rules page can group a load's errors by rule without running every rule
#: again (ledger/audit/violations.py).
_RUNS: collections.deque = collections.deque(maxlen=2)


def check_all_rules(entries, options_map, config=None):
    """Run every rule in RULES over the entries (shared lookups built once) and return all their errors.

    In relief's own commands, on large books, the rules run in a forked child while the
    loader goes on, and their errors take the place of the placeholder returned here once
    the load is done (ledger/rules_beside.py); everywhere else they run right here."""
    unread = unread_option(__name__, config, options_map)  # the bundle reads no option string
    forked = rules_beside.fork_rules(entries, options_map, run_rules, record_run)
    if forked is not None and not isinstance(forked, rules_beside.Child):
        return entries, [*unread, forked]  # the parent: the child runs the rules
    try:
        returned, errors, by_rule = run_rules(entries, options_map)
    except Exception as exc:
        if forked is not None:  # the child: reported as beancount's loader would, then it leaves
            forked.failed(exc, sys._getframe(1))
        raise
    except BaseException:
        if forked is not None:
            forked.abandon()
        raise
    if forked is not None:
        forked.done(returned, errors, by_rule)  # sends them to the parent and leaves
    record_run(options_map, by_rule)
    return returned, [*unread, *errors]


def run_rules(entries, options_map):
    """(the entries as the last rule returned them, every rule's errors, [(rule, its errors)]).

    On books that only grew since a cached load, a rule's errors are answered from the base's
    where the rule shows they can be (ledger/rules_appended.py)."""
    errors = []
    by_rule = []
    # The collector kept still: the rules allocate as they go, and in bean-check or Fava
    # (where the loader leaves it running) each of its full passes walks every object of
    # the books again, finding nothing: about a third of the rules' time on 100,000
    # transactions (benchmarks/bench_rules.py). The rules make no reference cycles.
    with cyclic_gc_paused(), same_entries(entries):  # registry, settings and transaction index built once for all the rules
        answered = rules_appended.errors_with_appended(RULES, entries, options_map)
        for rule in RULES:
            if rule in answered:
                rule_errors = answered[rule]
            else:
                try:
                    entries, rule_errors = rule(entries, options_map)
                except ArithmeticError:
                    # Why: an amount of 30 digits cannot be rounded to the fen, and the rules plugin
                    # failed with a traceback, naming no line; it is named, and the rules stop
                    too_long = too_long_amounts(entries)
                    if not too_long:
                        raise
                    errors.extend(too_long)
                    by_rule.append((rule, too_long))
                    break
            errors.extend(rule_errors)
            by_rule.append((rule, list(rule_errors)))
    rules_appended.note_counts(by_rule)
    return entries, errors, by_rule


def record_run(options_map: Any, by_rule: list) -> None:
    """Note a run's errors by rule for the load with this options map (errors_by_rule)."""
    _RUNS.append((options_map, by_rule))


def errors_by_rule(options_map: Any) -> list | None:
    """[(rule, its errors)] of the run that loaded the books with this very options map, if
    it ran in this process; None otherwise."""
    for options, by_rule in reversed(_RUNS):
        if options is options_map:
            return by_rule
    return None
