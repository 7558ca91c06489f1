"""Amounts of money in Chinese capitals (大写金额), as receipts and letters write them.

cn2an does the conversion; this module pins down what it is given and what it may return,
following the People's Bank of China rules for writing amounts (《支付结算办法》附一
《正确填写票据和结算凭证的基本规定》):

- the text starts with 人民币 and uses 零壹贰叁肆伍陆柒捌玖拾佰仟万亿 and 元角分;
- an amount that ends at 元 ends with 整 (人民币壹万元整); one ending at 角 or 分 does not;
- zeros in the middle are written once (壹仟零壹元整); a zero 元 before 角分 may be left out
  (壹仟陆佰捌拾元叁角贰分 and 壹仟陆佰捌拾元零叁角贰分 are both correct);
- 壹拾 is written out in full (壹拾元伍角, not 拾元伍角).

An amount that has fractions of a fen, is negative, or is too large for cn2an is refused
with CapitalsError rather than rounded: a receipt must say exactly what the books say.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ledger.errors import ReliefError
from ledger.said import said

PREFIX = "人民币"
#: cn2an handles up to 16 digits in all; keep a margin: under a trillion yuan.
LIMIT = Decimal("1000000000000")
CAPITAL_CHARS = set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")


class CapitalsError(ReliefError, ValueError):
    """The amount cannot be written in capitals (message says why)."""


def rmb_capitals(amount: Decimal | int | str, *, prefix: bool = True) -> str:
    """`Decimal("12345.67")` -> "人民币壹万贰仟叁佰肆拾伍元陆角柒分"."""
    import cn2an

    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        raise CapitalsError(said(f"{amount!r} 不是金额", f"{amount!r} is not an amount of money")) from None
    if not value.is_finite():
        raise CapitalsError(said(f"{amount!r} 不是金额", f"{amount!r} is not an amount of money"))
    if value < 0:
        raise CapitalsError(said(f"{value} 是负数；收据上写的是正数金额", f"{value} is negative; a receipt states a positive amount"))
    if value >= LIMIT:
        raise CapitalsError(said(f"{value} 太大，无法写成大写（上限为 {LIMIT:,} 元）",
                                 f"{value} is too large to write in capitals (the limit is {LIMIT:,} yuan)"))
    cents = value.quantize(Decimal("0.01"))
    if cents != value:
        raise CapitalsError(said(f"{value} 有不足一分的部分；账簿应记到整分", f"{value} has fractions of a fen; the books should record whole fen"))
    text = cn2an.an2cn(format(cents, "f"), "rmb")
    if not text or set(text) - CAPITAL_CHARS:  # defensive: never print something odd on a receipt
        raise CapitalsError(said(f"{value}：意外的大写 {text!r}", f"{value}: unexpected capitals {text!r}"))
    return (PREFIX + text) if prefix else text


@lru_cache(maxsize=8192)
def gift_capitals(amount: Decimal, currency: str) -> str | None:
    """A gift's amount in capitals for its acknowledgement page, which a donor prints to keep
    with their records as they keep a receipt: None where a receipt could not write it (not
    renminbi, nothing or less than nothing, fractions of a fen); the figures stand alone then.
    Kept per amount: many gifts share one, and each acknowledgement page asks once."""
    if currency != "CNY" or not amount or amount < 0:
        return None
    try:
        return rmb_capitals(amount)
    except CapitalsError:
        return None


def format_amount(amount: Decimal) -> str:
    """Figures with thousands separators and two decimals: 12,345.67."""
    return f"{Decimal(amount).quantize(Decimal('0.01')):,.2f}"
