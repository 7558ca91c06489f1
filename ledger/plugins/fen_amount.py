"""An amount of money in CNY is a whole number of fen (分, two decimals), as written.

    2026-03-10 * "困难救助"
      fund: "GENERAL"
      approval: "SP-2026-0001"
      case: "C0001"
      Expenses:Aid:Living   3000.005 CNY     ; an error on this line: 3000.005 is not whole fen
      Assets:Bank:Basic

No bank, no cash box and no payment platform moves less than a fen: a third decimal is a
typing mistake, and it goes on to the site and the reports, which show two decimals, as
a sum that does not add up (3000.005 shown as 3000.01 beside a total that counts 3000.005).
donation_amount judges a donation's value; this rule judges every posting as written, on
its own line, whatever the accounts.

- A posting's amount in the operating currency (CNY) must be whole fen by value (`1.500`
  is 1.50 and passes).
- A posting converted with a price into CNY (`100.00 USD @ 7.1034 CNY`) must come to whole
  fen: the rate itself may have more decimals (the central parity has four), but the
  money it makes (710.34 CNY) may not (`@ 7.10345 CNY` would be 710.345 CNY). A total
  price (`@@ 710.34 CNY`) is whole fen when written so.
- Postings beancount computed (the one left without an amount) are not judged: the error
  belongs on the line that was written, and the computed one follows from it.
- A unit cost (`{5.833 CNY}`, goods bought in bulk) is a valuation, not money moved; a
  donation of goods is judged by donation_amount (quantity × cost).
- A transaction whose postings are all in CNY, or at a cost or price in CNY, sums to exactly
  zero (a posting's weight: its amount, or quantity × cost or price, to 12 decimals), to the
  fen: less than a fen off is a unit cost's valuation (donation_amount judges it).
  beancount lets it be off by half the last decimal written (`10000.0 CNY` beside
  `-10000.01 CNY`: 0.05), so a donation booked at 10,000.01 of which 10,000.00 came in
  passed bean-check and was published; a fen off is a typing mistake. What beancount
  itself refuses (more than that tolerance) is left to its own message.
- An amount of 16 digits or more before the point (a thousand trillion yuan, in any
  currency) is no sum of money: a card or account number pasted into the amount. It is
  whole fen and balances, so nothing else refused it and publish put it on the site; it
  is an error on its line (ledger/amount_digits.py). So is such a number as a balance
  assertion's amount, a price directive's rate or a posting's price (@): beancount called
  the balance failed by that much, and passed the prices without a word.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from beancount.core import data

from ledger.amount_digits import TOO_LONG_ADJUSTED, too_long_message
from ledger.errors import RuleError, bilingual
from ledger.plugin_options import reads_no_options

__plugins__ = ("check_fen_amount",)

#: its errors on a transaction read only that transaction and the operating currency (ledger/rules_appended.py)
PER_TRANSACTION = True

FEN = Decimal("0.01")
#: how finely a price's product is read: a total price (@@) is stored as a per-unit price
#: cut at 28 digits, so 3 USD @@ 10.00 CNY comes back as 9.999…9 CNY
_PRODUCT = Decimal("1e-12")


def not_whole_fen(number: Decimal) -> bool:
    """True when `number` has a non-zero digit beyond the second decimal (quantize first:
    the cheapest test, about 100 ns, on every posting of the books)."""
    try:
        return number != number.quantize(FEN)
    except InvalidOperation:  # more digits than the context holds: judged by its exponent
        return number.as_tuple().exponent < -2


@reads_no_options
def check_fen_amount(entries, options_map, config=None):
    """The rule as a beancount plugin: an error on each written posting line whose money in
    the operating currency is not whole fen."""
    currency = (options_map.get("operating_currency") or ["CNY"])[0]
    errors = []
    for entry in entries:
        kind = type(entry)
        if kind is not data.Transaction:
            if kind is data.Balance or kind is data.Price:  # few in any books: one more comparison for the others
                errors.extend(_too_long_directive(entry))
            continue
        plain, total = True, Decimal(0)
        for posting in entry.postings:
            units = posting.units
            if units is None:
                plain = False
                continue
            number = units.number  # read once: this loop runs over every posting
            if type(number) is not Decimal:
                plain = False
                continue
            price, cost = posting.price, posting.cost  # each read once
            in_currency = units.currency == currency
            if plain:
                if price is None and cost is None and in_currency:
                    total += number  # the common posting, inline
                else:
                    total, plain = _add_weight(total, units, cost, price, currency)
            if "__automatic__" in (posting.meta or {}):
                continue
            if number.adjusted() >= TOO_LONG_ADJUSTED and number:  # one int comparison a written posting
                errors.append(_too_long(posting, entry, units))
                continue
            if price is not None and _is_too_long(price.number):
                errors.append(_too_long(posting, entry, price, f"{posting.account} {units} @ {price.number:f} {price.currency}"))
                continue
            if in_currency and cost is None:
                try:  # not_whole_fen, inline: this runs on every written posting of the books
                    off = number != number.quantize(FEN)
                except InvalidOperation:
                    off = number.as_tuple().exponent < -2
                if off:
                    errors.append(_error(posting, entry, f"{posting.account} {number} {currency}"))
            elif price is not None and price.currency == currency and cost is None and type(price.number) is Decimal:
                money = (number * price.number).quantize(_PRODUCT)
                if not_whole_fen(money):
                    errors.append(_error(posting, entry, f"{posting.account} {units} @ {price} (= {money.normalize():f} {currency})"))
        if plain and FEN <= abs(total) <= (entry.meta.get("__tolerances__") or {}).get(currency, 0):
            errors.append(_unbalanced(entry, total, currency))
    return entries, errors


def _add_weight(total: Decimal, units: Any, cost: Any, price: Any, currency: str) -> tuple[Decimal, bool]:
    """`total` plus the posting's weight in `currency`, and whether it could be told (a posting
    in another currency without a cost or price in it cannot)."""
    if cost is None and price is None:
        return (total + units.number, True) if units.currency == currency else (total, False)
    rate = cost if cost is not None else price
    number = getattr(rate, "number", None)
    if getattr(rate, "currency", None) != currency or type(number) is not Decimal:
        return total, False
    return total + (units.number * number).quantize(_PRODUCT), True


def _unbalanced(entry: data.Transaction, residual: Decimal, currency: str) -> RuleError:
    """A transaction off by less than the tolerance beancount infers from its decimals."""
    shown = f"{residual.normalize():f} {currency}"
    return RuleError(
        entry.meta,
        bilingual(f"交易借贷不平衡，差额 {shown}：各分录行金额之和应正好为零（beancount 按所写的小数位数放过了这一差额，"
                  "但账上就多记或少记了这些钱），请核对金额，都写成两位小数",
                  f"Transaction does not balance: {shown} (beancount lets it pass for the decimals written, but the books "
                  "would count that much more or less than moved); the postings must sum to exactly zero: check the amounts "
                  "and write each with two decimals"),
        entry,
    )


def _is_too_long(number: Any) -> bool:
    return type(number) is Decimal and number.is_finite() and bool(number) and number.adjusted() >= TOO_LONG_ADJUSTED


def _too_long_directive(entry: Any) -> list[RuleError]:
    """An error for a balance assertion's amount or a price directive's rate of 16 digits or
    more before the point (a card number pasted), naming the line as it is written."""
    amount = entry.amount
    if amount is None or not _is_too_long(amount.number):
        return []
    head = f"balance {entry.account}" if type(entry) is data.Balance else f"price {entry.currency}"
    return [RuleError(entry.meta, too_long_message(amount.number, head, amount.currency), entry)]


def _too_long(posting: data.Posting, entry: data.Transaction, units: Any, written: str = "") -> RuleError:
    source = posting.meta if (posting.meta or {}).get("lineno") else entry.meta
    return RuleError(source, too_long_message(units.number, posting.account, units.currency, written), entry)


def _error(posting: data.Posting, entry: data.Transaction, written: str) -> RuleError:
    source = posting.meta if (posting.meta or {}).get("lineno") else entry.meta
    return RuleError(
        source,
        bilingual(f"金额不是整分（多于两位小数）：{written}；任何收付都不会少于一分钱，"
                  "请把金额写成两位小数（带价格的：用能算出整分的汇率，或用 @@ 写总额）",
                  f"{written} is not a whole number of fen (more than two decimals): "
                  "no payment moves less than a fen; write the amount with two decimals "
                  "(for a price: a rate that makes whole fen, or the total with @@)"),
        entry,
    )
