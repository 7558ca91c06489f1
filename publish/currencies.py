"""How many decimals an amount in a currency is written with: two for renminbi, dollars and
euros, none for yen or won, three for the Kuwaiti dinar.

Why: a gift given in yen (`100000 JPY @ 0.0478 CNY`) was written `JP¥100,000.00` on its
page and letter, and yen held at the year's end `100,000.00 JPY`, places the currency does
not have. The places come from the CLDR data Babel ships (ISO 4217's minor units, as banks
write them), not from a table of our own. Nothing is ever rounded away: an amount with more
places than its currency has keeps them all (the books allow `0.5 JPY`; written 0.5, not 1).
"""

from __future__ import annotations

import functools
from decimal import Decimal

#: places for a code Babel does not know (a made-up commodity used as money): as renminbi
DEFAULT_PLACES = 2


@functools.cache
def places(currency: str | None) -> int:
    """The decimals `currency` is written with (ISO 4217's minor unit, from CLDR via Babel)."""
    if not currency or currency == "CNY":
        return DEFAULT_PLACES
    from babel.numbers import get_currency_precision

    try:
        return get_currency_precision(currency)
    except Exception:  # noqa: BLE001  # Babel's data has no such code: written as renminbi is
        return DEFAULT_PLACES


def number_text(amount: Decimal, currency: str | None) -> str:
    """`amount` with thousands separators and the currency's places, or more where it has
    more (never rounded): 100,000 JPY, 1,000.00 USD, 0.5 JPY, 1.250 KWD."""
    amount = Decimal(amount)
    wanted = places(currency)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > wanted and amount != amount.quantize(Decimal(1).scaleb(-wanted)):
        wanted = -amount.normalize().as_tuple().exponent
    return f"{amount:,.{wanted}f}"
