"""Aid goes only to a case that is enrolled on the day it is given.

Also: the reporting union an aid payment names itself (`unit` on the posting or the
transaction) has no invisible characters (ledger/bidi.py, invisible_problem), as a case's
`unit` in the registry has not: a union that looks the same and is another name.

Every posting to Expenses:Aid:* names a case, on the posting (a batch) or on the
transaction. The case must be registered and enrolled on the transaction's date: not before
its first `enrolled`, not on or after its `exited` (see docs/books.md, Cases).
"""

from __future__ import annotations

from ledger.bidi import invisible_problem
from ledger.errors import RuleError, bilingual, missing_key
from ledger.index import transaction_index
from ledger.plugin_options import reads_no_options
from ledger.registry import build_registry, posting_case

__plugins__ = ("check_aid_case",)

#: its errors on a transaction read only that transaction and the registered cases (ledger/rules_appended.py)
PER_TRANSACTION = True


@reads_no_options
def check_aid_case(entries, options_map, config=None):
    """The rule as a beancount plugin: an error for each aid posting whose case is missing, unknown or not enrolled that day."""
    cases = build_registry(entries).cases
    errors = []
    unit_problems: dict[str, str | None] = {}  # a unit's text judged once: the books name a few unions thousands of times
    for entry, aid_postings in transaction_index(entries).aid:
        meta = entry.meta
        told: set[str] = set()  # a transaction's unit, shared by its postings, is told once
        for p in aid_postings:
            own = p.meta
            unit = (own.get("unit") if own else None) or meta.get("unit")
            if unit in told:
                problem = None
            elif type(unit) is str:
                if unit in unit_problems:
                    problem = unit_problems[unit]
                else:
                    problem = unit_problems[unit] = _unit_problem(unit)
            else:
                problem = _unit_problem(unit)
            if problem:
                told.add(unit)
                errors.append(RuleError(meta, problem, entry))
            case_id = posting_case(entry, p)
            case = cases.get(case_id) if case_id is not None else None
            if case is not None and case.enrolled_on(entry.date):
                continue  # the common aid posting: its case enrolled that day
            problem = _case_problem(entry, p, case_id, cases)
            if problem:
                errors.append(RuleError(meta, problem, entry))
    return entries, errors


def _unit_problem(unit: object) -> str | None:
    """What is wrong with the union an aid payment names (invisible characters), or None."""
    return invisible_problem("Aid: unit", unit, what_zh="帮扶支出的报送工会 unit")


def _case_problem(entry, posting, case_id: str | None, cases) -> str | None:
    """Why this aid posting's case is wrong (no case, unknown, not enrolled that day), or None."""
    if case_id is None:
        return missing_key(f'支付到 {posting.account} 的帮扶未写明帮扶对象：'
                           '请在分录行或交易上加 case: "C…"',
                           f'Aid to {posting.account} names no case: '
                           'add case: "C…" to the posting or the transaction', {**(posting.meta or {}), **entry.meta}, "case")
    case = cases.get(case_id)
    if case is None:
        return bilingual(f'帮扶对象 {case_id!r} 未登记：'
                         '请在 registry/cases.beancount 用 custom "case" 登记',
                         f'Aid to unknown case {case_id!r}: '
                         'enrol it with custom "case" in registry/cases.beancount')
    if case.enrolled_on(entry.date):
        return None
    if case.exited_date and case.exited_date <= entry.date:
        when, when_zh = f"exited on {case.exited_date}", f"已于 {case.exited_date} 退出"
    elif case.enrolled_date and case.enrolled_date <= entry.date:
        when, when_zh = f"enrolled {case.enrolled_date}", f"{case.enrolled_date} 建档"
    else:
        when, when_zh = f"not enrolled until {case.enrolled_date}", f"{case.enrolled_date} 才建档在册"
    return bilingual(f"{entry.date} 的帮扶付给帮扶对象 {case_id}，该对象当天不在册（{when_zh}）",
                     f"Aid on {entry.date} to case {case_id}, "
                     f"which is not enrolled that day ({when})")
