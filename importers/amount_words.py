"""Amounts written in Chinese numerals, as on a receipt: 壹仟元整, 人民币壹仟贰佰零伍元伍角, 一千二百元.

Why: a donation register's 金额 of 壹仟元整, copied from the receipt (大写金额), was refused as not
a number. It is read when it can be read one way only; a colloquial shortening that drops a
unit (壹佰伍 for 150, 壹万伍 for 15000) or a misordered one is refused as before, since a
program guessing it could book the wrong sum. The dry run names each cell read so.
"""

from __future__ import annotations

import re
from decimal import Decimal

from importers.errors import Said
from importers.values import normalise
from ledger.script import simplified

DIGITS = {**dict(zip("零壹贰叁肆伍陆柒捌玖", range(10), strict=True)), **dict(zip("〇一二三四五六七八九", range(10), strict=True)),
          "两": 2, "贰": 2, "貳": 2, "陸": 6, "參": 3}
SMALL = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}


def _integer(text: str) -> int | None:
    """The yuan of `text` (壹仟贰佰零伍), or None when it is not written in one sure way."""
    total, section, pending, zero = 0, 0, None, False
    last_small, last_big = 10_000, 10**12
    for ch in text:
        if ch in ("零", "〇"):
            if pending is not None:
                return None
            zero = True
        elif ch in DIGITS:
            if pending is not None:
                return None
            pending = DIGITS[ch]
        elif ch in SMALL:
            unit = SMALL[ch]
            if unit >= last_small:
                return None
            if pending is None:
                if unit != 10 or section or zero:
                    return None  # only a section's 拾 may stand for 壹拾
                pending = 1
            section += pending * unit
            last_small, pending, zero = unit, None, False
        elif ch in BIG:
            unit = BIG[ch]
            if unit >= last_big or (pending is not None and not _sure(last_small, zero)):
                return None
            section += pending or 0
            if not section:
                return None
            total += section * unit
            section, pending, zero, last_small, last_big = 0, None, False, 10_000, unit
        else:
            return None
    if pending is not None:
        if not _sure(last_small, zero) or (last_small == 10_000 and last_big < 10**12 and not zero):
            return None  # 壹佰伍, 壹万伍: 150 or 105? 15000 or 10005?
        section += pending
    return total + section


def _sure(last_small: int, zero: bool) -> bool:
    """Whether a last digit after unit `last_small` can only be the ones (壹佰零伍, 壹拾伍)."""
    return zero or last_small in (10, 10_000)


def parse_amount_words(text: str) -> Decimal | None:
    """The amount `text` writes in Chinese numerals, or None when it is not such an amount
    (or could be read more than one way)."""
    # in simplified characters: 壹佰圓整, 叄佰元整 and 人民幣 as a receipt in traditional characters writes them
    t = simplified("".join(text.split())).removeprefix("人民币").removeprefix("￥").removeprefix("¥")
    t = t.removesuffix("整").removesuffix("正")
    if t.endswith(("元", "圆")) and re.fullmatch(r"\d+(\.\d{1,2})?", normalise(t[:-1])):
        return Decimal(normalise(t[:-1]))  # 1000元整: figures, with the receipt's 元整
    scaled = _SCALED.fullmatch(normalise(t))
    if scaled:
        # 0.5万, 1千, 1.2万元: figures and a unit, as officers jot a gift down. Why: refused with
        # a hint about amounts in words; read, to the fen only, and named in the dry run like them
        value = Decimal(scaled.group(1)) * _SCALES[scaled.group(2)]
        return value if value == value.quantize(Decimal("0.01")) else None
    if not t or not any(ch in DIGITS or ch in SMALL or ch in BIG for ch in t):
        return None
    head, sep, tail = t.partition("元") if "元" in t else t.partition("圆")
    if not sep and t.endswith(("角", "分")) and not any(ch in SMALL or ch in BIG for ch in t):
        # less than a yuan, as a receipt writes it without 元 (人民币伍角, 人民币壹分): only 角
        # and 分. Why: refused as not an amount, while 壹元零壹分 was read
        head, tail = "", t
    elif not sep and tail:
        return None
    yuan = _integer(head) if head else 0
    if yuan is None or (not head and not tail):
        return None
    fen = _fraction(tail)
    if fen is None:
        return None
    if not sep and fen and head:
        return None
    return Decimal(yuan) + Decimal(fen) / 100


#: figures with a unit of ten thousand, a thousand or a hundred after them (0.5万, 1千元)
_SCALED = re.compile(r"(\d+(?:\.\d+)?)(万|萬|千|百)[元圆]?")
_SCALES = {"万": 10_000, "萬": 10_000, "千": 1000, "百": 100}


def _fraction(text: str) -> int | None:
    """The fen of what follows 元 (伍角, 零伍分, 伍角陆分), or None when it is not that."""
    if text.startswith(("零", "〇")):
        text = text[1:]
        if "角" in text:
            return None
    fen = 0
    for unit, size in (("角", 10), ("分", 1)):
        if text[:2].endswith(unit) and len(text) >= 2 and text[0] in DIGITS:
            fen += DIGITS[text[0]] * size
            text = text[2:]
    return None if text else fen


#: what to do about an amount in numerals that is not read
WORDS_HINT = Said("请用数字写金额（1234.56）；大写金额只有在只能读成一种数目时才读取（壹佰伍拾元，而不是可能为 150 或 105 的 壹佰伍）",
                  "write the amount in figures (1234.56); one in words is read only when it can be read one way "
                  "(壹佰伍拾元, not 壹佰伍, which may be 150 or 105)")


def looks_worded(text: str) -> bool:
    """Whether `text` tries to write an amount in Chinese numerals (for the hint)."""
    return any(ch in DIGITS or ch in SMALL or ch in BIG for ch in text)
