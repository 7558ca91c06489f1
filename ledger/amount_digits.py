"""Amounts too long to be money: found when a load or a rule fails on them.

Python's decimals hold 28 digits: an amount written with more (a pasted account number, a
key held down) cannot be rounded to the fen. beancount's own booking then fails with
"InvalidOperation" when another posting of the transaction is left for it to compute, and
the rules (which round every amount to the fen) with a traceback of the rules plugin; with
both amounts written, beancount's sum of them is rounded, and the transaction is said not
to balance by a few yuan it does not have. Nothing of this named the line.

These are looked for here only once a load or a rule has failed (no cost to a load that
works), and by publish and the report under --allow-errors (cli/common.py): each posting or
balance amount with `MAX_DIGITS` digits or more before the point (a thousand trillion yuan,
beyond any fund's money) is named, on its own line. Those of 16 to 26 digits fail nothing:
the rule fen_amount names them, with one int comparison a written posting (`TOO_LONG_ADJUSTED`),
and so a balance assertion's amount, a price directive's rate and a posting's price.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from beancount.core import data

from ledger.errors import RuleError, bilingual

#: amounts from this many digits before the point on are named (the importers refuse them too)
MAX_DIGITS = 16
#: a non-zero number is such an amount when number.adjusted() (the place of its first digit) is
#: this much or more: one int comparison, for the rule fen_amount that judges every written
#: posting (about half the time of abs(number) >= Decimal(10) ** 15, which makes a Decimal)
TOO_LONG_ADJUSTED = MAX_DIGITS - 1


def _too_long(number: Any) -> bool:
    return isinstance(number, Decimal) and number.is_finite() and number.adjusted() >= TOO_LONG_ADJUSTED


def too_long_amounts(entries: list, rules_stopped: bool = True) -> list[RuleError]:
    """An error for each written amount of `entries` with `MAX_DIGITS` digits or more before the point.

    `rules_stopped`: the rules stopped on them (their message says the others were not
    checked); else each is named as the rule fen_amount names it (for publish, which
    refuses them even with --allow-errors)."""
    errors = []
    for entry in entries:
        amounts = []
        if isinstance(entry, data.Transaction):
            amounts = [(p.meta or entry.meta, p.units, p.account) for p in entry.postings]
        elif isinstance(entry, data.Balance):
            amounts = [(entry.meta, entry.amount, f"balance {entry.account}")]
        for meta, units, account in amounts:
            number = getattr(units, "number", None)
            if not _too_long(number):
                continue
            if not rules_stopped:
                errors.append(RuleError(meta, too_long_message(number, account, units.currency), entry))
                continue
            digits = number.adjusted() + 1
            errors.append(RuleError(
                meta,
                bilingual(f"金额的整数部分有 {digits} 位，超过任何一笔钱（最多 {MAX_DIGITS - 1} 位）：可能把账号或编号贴进了金额；"
                          "请改正这一行的金额。在改正之前，其余的规则没有检查",
                          f"An amount with {digits} digits before the decimal point, more than any sum of money "
                          f"({MAX_DIGITS - 1} at most): an account number or an id may have been pasted into the "
                          "amount; correct the amount on this line. Until it is, the other rules were not checked"),
                entry))
    return errors


def too_long_message(number: Decimal, account: str, currency: str, written: str = "") -> str:
    """The rule's message for the amount `number` of `account` on its line: named while the
    other rules go on (fen_amount judges every written posting, balance and price). Shown in
    full (`:f`): past 28 digits beancount keeps a negative amount rounded, which `str` shows
    as 1.23…E+29. `written`: the line's words when they are not `account number currency`
    (a posting's price: `Assets:Bank:Dollar 1.00 USD @ 6222… CNY`)."""
    digits = number.adjusted() + 1
    written = written or f"{account} {number:f} {currency}"
    return bilingual(f"金额的整数部分有 {digits} 位，超过任何一笔钱（最多 {MAX_DIGITS - 1} 位）：{written}；"
                     "可能把卡号、账号或编号贴进了金额，请改正这一行的金额",
                     f"An amount with {digits} digits before the decimal point, more than any sum of money "
                     f"({MAX_DIGITS - 1} at most): {written}; a card or account number or an id may have been "
                     "pasted into the amount: correct the amount on this line")


def too_long_in_books(main: str) -> str | None:
    """The lines of the books `main` whose amounts are too long, one `file:line: message` a
    line, or None when there is none (for a load that failed with InvalidOperation: beancount's
    booking, in relief's own load and in Fava's)."""
    from beancount import loader

    from ledger.errors import format_error

    too_long = too_long_amounts(loader._parse_recursive([(str(main), True)], None)[0])
    return "\n".join(format_error(e) for e in too_long) if too_long else None
