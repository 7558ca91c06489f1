"""A balance in CNY matches the books to the fen, unless the assertion writes its own tolerance.

    2026-04-01 balance Assets:Bank:Basic  46000.00 CNY       ; the books must hold 46000.00
    2026-04-01 balance Assets:Cash          800.00 ~ 0.50 CNY  ; the books say how close: left alone

beancount lets a `balance` without a written tolerance pass within a tolerance it infers
from the number's decimals: twice `inferred_tolerance_multiplier` (0.5) of its last place,
so `46000.00 CNY` passes against books holding 46000.01 or 45999.99, and `46000.0 CNY`
against anything from 45999.90 to 46000.10. For a bank statement or a cash count a fen is
a fen: a difference of one is a missing or wrong entry, and month-end (`relief reconcile`)
holds the same line. So a CNY balance without a written tolerance is an error here when the
books differ from it by half a fen or more while beancount's own check lets it pass (beyond
that, beancount's "Balance failed" names it already: it is not said twice).

A balance fed by a `pad` is left alone: beancount's pad (which runs after the plugins, so
the books this rule reads do not have its padding yet) fills whatever difference there is,
and the balance says nothing about the entries before it. The rule follows the padding
beancount will make, so that the balances after it are judged against the padded books.
A stricter rule than beancount's on purpose (docs/books.md, "The rules"): books that need
slack say so on the line, `~ 0.01 CNY`.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from beancount.core import data
from beancount.ops.balance import get_balance_tolerance

from ledger.accounts import is_under
from ledger.errors import RuleError, bilingual
from ledger.plugin_options import reads_no_options

__plugins__ = ("check_balance_fen",)

HALF_FEN = Decimal("0.005")
ZERO = Decimal(0)


@reads_no_options
def check_balance_fen(entries, options_map, config=None):
    """The rule as a beancount plugin: an error on each CNY balance without a written
    tolerance that beancount would pass although the books differ from it by a fen or more."""
    currency = (options_map.get("operating_currency") or ["CNY"])[0]
    asserted = {e.account for e in entries if type(e) is data.Balance and e.amount.currency == currency}
    if not asserted:
        return entries, []
    running: dict[str, Decimal] = defaultdict(Decimal)  # CNY units per account, up to the entry at hand
    counted: dict[str, tuple[str, ...]] = {}  # a posting's account -> the asserted accounts it counts in
    pads: dict[str, bool] = {}  # an asserted account -> True while a pad waits to fill its CNY
    errors = []
    for entry in entries:
        kind = type(entry)
        if kind is data.Transaction:
            for posting in entry.postings:
                under = counted.get(posting.account)  # first: most postings count in no asserted account
                if under is None:
                    under = counted[posting.account] = tuple(a for a in asserted if is_under(posting.account, a))
                if not under:
                    continue
                units = posting.units
                if units is None or units.currency != currency or type(units.number) is not Decimal:
                    continue
                for account in under:
                    running[account] += units.number
        elif kind is data.Pad:
            if entry.account in asserted:
                pads[entry.account] = True
        elif kind is data.Balance and entry.amount.currency == currency:
            account, stated = entry.account, entry.amount.number
            difference = running[account] - stated
            tolerance = get_balance_tolerance(entry, options_map)
            if pads.get(account):
                if abs(difference) > tolerance:  # beancount pads it: the books hold the statement's figure from here on
                    _add_padding(running, asserted, account, -difference)
                    pads[account] = False
                continue
            if entry.tolerance is None and HALF_FEN <= abs(difference) <= tolerance:
                held = running[account]
                message = _message(account, stated, currency, held, difference, tolerance)
                errors.append(RuleError(entry.meta, message, entry))
    return entries, errors


def _message(account: str, stated: Decimal, currency: str, held: Decimal, difference: Decimal,
             tolerance: Decimal) -> str:
    """The error for a balance beancount lets pass within its tolerance, in both languages."""
    sign = "+" if difference > 0 else ""
    books = f"{_shown(held)} {currency} ({sign}{_shown(difference)} {currency})"
    line = f"`balance {account} {stated} ~ {_shown(abs(difference))} {currency}`"
    within = f"{_shown(tolerance)} {currency}"
    return bilingual(f"余额断言 {account} {stated} {currency}：账面余额为 {books}；"
                     f"beancount 在 {within} 的容差内放过了它，但钱必须分毫不差："
                     f"请找出漏记或记错的分录（如果对账单本身允许误差，请在该行写明容差：{line}）",
                     f"Balance {account} {stated} {currency}: the books hold {books}; "
                     f"beancount lets it pass within {within}, but money must match "
                     "to the fen: find the missing or wrong entry "
                     "(or, if the statement itself allows it, "
                     f"write the tolerance on the line: {line})")


def _add_padding(running: dict[str, Decimal], asserted: set[str], account: str, amount: Decimal) -> None:
    """The padding beancount posts to `account`, counted in every asserted account it is under."""
    for other in asserted:
        if is_under(account, other):
            running[other] += amount


def _shown(number: Decimal) -> str:
    """An amount as people write it: 0.00, 0.01, 0.10, 0.001 (at least two decimals, no trailing zeros beyond)."""
    number = number.normalize()
    return f"{number.quantize(Decimal('0.01')) if number.as_tuple().exponent > -2 else number:f}"
