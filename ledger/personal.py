"""Personal details of the people helped, found in what a register would write into the books.

Why: the books hold cases by id only (registry/cases.beancount: unit, cause, household), and
nothing about a beneficiary but counts and totals leaves them. A disbursement roster's 备注
goes into the aid entry's narration; an officer copying from the case file may paste a 身份证
number or a phone number there, and once written the books keep it in every copy, every
audit and every backup. The registers refuse such a cell instead, naming it; the publisher
withholds a transfer's reason that holds such a number (`number_shaped`: publish/withheld.py).

Only shapes that are unmistakable are looked for, so that invoice or approval numbers pass:
an 18-character resident identity number whose check character is right (GB 11643-1999) and
a mainland mobile number (11 digits starting 13-19) standing alone.
"""

from __future__ import annotations

import re

_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z-])(?:\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?!\d)")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def _is_resident_id(text: str) -> bool:
    """The GB 11643 check character of an 18-character identity number."""
    total = sum(int(d) * w for d, w in zip(text[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == text[17].upper()


def personal_details(text: str) -> list[str]:
    """The kinds of personal detail in `text` (身份证号, 手机号), each once, in that order."""
    if not text:
        return []
    found = []
    if any(_is_resident_id(m.group(1)) for m in _ID.finditer(text)):
        found.append("身份证号 (identity number)")
    if _MOBILE.search(text):
        found.append("手机号 (mobile number)")
    return found


#: a run of 16 to 19 digits, perhaps in groups (6217 0000 1234 5678 907): a bank card's length
_CARD = re.compile(r"(?<![0-9A-Za-z])(\d(?:[ -]?\d){15,18})(?![0-9A-Za-z])")
#: words that say a number is a card or an account (打卡, 卡号, 银行卡, 账号)
_CARD_WORDS = ("卡", "账号", "帐号", "账户", "帐户")


def _luhn(digits: str) -> bool:
    """The check digit of a bank card number (ISO/IEC 7812, the Luhn formula)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def card_number(text: str) -> bool:
    """Whether `text` holds what is unmistakably a bank card number: 16 to 19 digits whose
    check digit is right, starting 62 (China UnionPay) or beside a word for a card or an
    account. Why: a roster's 备注 of 打卡6222…, the person's own card, was written into the
    aid entry's narration; an invoice number (20 digits) or a number failing the check passes."""
    if not text:
        return False
    for m in _CARD.finditer(text):
        digits = re.sub(r"[ -]", "", m.group(1))
        if _luhn(digits) and (digits.startswith("62") or any(w in text for w in _CARD_WORDS)):
            return True
    return False


#: a number as long as an identity or bank card number (15 to 19 digits, perhaps ending in X),
#: or one a spreadsheet showed in scientific notation (4.10102E+17)
_LONG = re.compile(r"(?<![0-9A-Za-z])(?:\d{15,19}[Xx]?|\d(?:\.\d+)?[Ee]\+?\d{2})(?![0-9A-Za-z])")


def masked(text: str) -> str:
    """`text` with identity, card and mobile numbers replaced by ****, for what the dry run
    shows of a row it did not book (a note, a 合计): whatever else the cell says stays."""
    return _MOBILE.sub("****", _LONG.sub("****", text))


def number_shaped(text: str) -> bool:
    """Whether `text` holds a number shaped like an identity, bank card or mobile number,
    looked for loosely (no check digit, a card's digits in groups too): for what is to be
    published, where a number withheld too often costs a note and one shown cannot be taken
    back (publish/withheld.py)."""
    return masked(text) != text or _CARD.search(text) is not None
