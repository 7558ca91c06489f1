"""A person helped's phone, identity number and address, to find in a text meant for the public.

Why: the publish looked for the `name` column of private/cases.csv only. A transfer's reason
written "转给朝阳区幸福里3号楼的困难户", or holding the case's landline (010-6666 8888), went on
the fund pages, statement.csv, model.json and the annual report: a landline has no mobile
number's shape, and an address no shape at all. The file's own values are looked for now.

What counts as found (as a reader sees the text: full-width forms, invisible characters and
blanks aside):
- a number (`phone`, `id_number`, of 7 digits or more): its digits, written in one run or in
  groups joined by a blank or a hyphen (010-6666 8888, 110101 19700307 4321), standing as
  whole groups, not inside a longer run of digits; a mobile with +86 before it too; a
  landline also without its area code (6666 8888 for 010-66668888); an identity number
  ending in X also by its first 17 digits (the X written or not);
- an address: the whole of it, and its street and house number: the Chinese characters
  before its first number, less the divisions it starts with (…省, …市, …区/县/旗,
  …镇/乡/街道), with that number and its unit (号, 弄, 栋, 幢, 座): 幸福里3号 for
  北京市朝阳区幸福里3号楼2单元501室. A district, a city or a street named without the house
  number is never looked for: many people live there, and a reason naming 朝阳区 says nothing
  about one of them. An address without a house number is looked for whole only, and one
  that is divisions alone (朝阳区) not at all.

Looked for in O(length of the text): numbers by a set lookup of the text's groups of digits,
addresses by an index of their first two characters; built once per publish.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ledger.bidi import as_seen

#: how each column is said in a note
KINDS = {"phone": "phone number", "id_number": "identity number", "address": "address"}

#: a number as a text writes it: groups of digits joined by one blank or hyphen
_NUMBER = re.compile(r"[0-9]+(?:[ -][0-9]+)*")
_GROUP = re.compile(r"[0-9]+")
_NOT_A_DIGIT = re.compile(r"[^0-9]")
#: the divisions an address starts with, each optional, in their order
_DIVISIONS = re.compile(r"(?:[^省市区县旗]{1,12}?(?:省|自治区|特别行政区))?(?:[^市区县]{1,12}?(?:市|盟|自治州))?"
                        r"(?:[^区县旗]{1,12}?(?:区|县|旗))?(?:[^镇乡]{1,12}?(?:镇|乡|街道))?")
#: the first house number of an address, with its unit
_HOUSE = re.compile(r"[0-9]+(?:-[0-9]+)*(?:号|弄|栋|幢|座)?")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+$")


def _seen(text: str) -> str:
    """`text` as a reader sees it (ledger.bidi.as_seen), printable ASCII (a phone, an
    identity number) without the character-by-character look: the same text, read cheaper."""
    return " ".join(text.split()) if text.isascii() and text.isprintable() else as_seen(text)


def _folded(text: str) -> str:
    """`text` as a reader sees it, without blanks, in small letters (for addresses)."""
    return "".join(_seen(text).split()).lower()


def number_keys(value: str, column: str) -> set[str]:
    """The digits under which a case's phone or identity number is found (see the module);
    each number of a cell holding more than one (13712340001 / 010-66668888) by itself."""
    keys = set()
    for m in _NUMBER.finditer(_seen(value)):
        digits = _NOT_A_DIGIT.sub("", m.group(0))  # an identity number's X ends the run: its 17 digits
        if len(digits) < 7:
            continue
        keys.add(digits)
        if column == "phone":
            if digits.startswith("86") and len(digits) == 13:
                keys.add(digits[2:])
            if digits.startswith("0") and len(digits) >= 10:  # area code: 010, 02X, else four digits
                local = digits[3:] if digits[1] in "12" else digits[4:]
                if len(local) >= 7:
                    keys.add(local)
    return keys


def address_keys(value: str) -> set[str]:
    """The whole address and its street and house number, folded (see the module); none
    for an address that is divisions alone."""
    folded = _folded(value)
    rest = folded[_DIVISIONS.match(folded).end():]
    if len(rest) < 2:
        return set()
    keys = {folded}
    house = _HOUSE.search(folded)
    if house is not None:
        before = folded[:house.start()]
        han = _HAN.search(before)
        street = "" if han is None else han.group(0)
        local = street[_DIVISIONS.match(street).end():]
        street = local if len(local) >= 2 else street
        if len(street) >= 2:
            keys.add(street + house.group(0))
    return {key for key in keys if len(key) >= 4}


class CaseDetails:
    """The phones, identity numbers and addresses of private/cases.csv, to find in a text
    (`found_in`: the kind and the case id). `details`: (column, value, case id)."""

    def __init__(self, details: Iterable[tuple[str, str, str]]) -> None:
        self.numbers: dict[str, tuple[str, str]] = {}
        self.addresses: dict[str, dict[str, tuple[str, str]]] = {}
        for column, value, case in details:
            if column == "address":
                for key in address_keys(value):
                    self.addresses.setdefault(key[:2], {}).setdefault(key, (column, case))
            elif column in KINDS:
                for key in number_keys(value, column):
                    self.numbers.setdefault(key, (column, case))

    def __bool__(self) -> bool:
        return bool(self.numbers or self.addresses)

    def found_in(self, text: str) -> tuple[str, str] | None:
        """(what it is, as a note says it; case id) of a detail of a case in `text`, else None."""
        if not text or not self:
            return None
        seen = _seen(text)
        if self.numbers:
            for m in _NUMBER.finditer(seen):
                found = self._number(m)
                if found is not None:
                    return KINDS[found[0]], found[1]
        if self.addresses:
            folded = "".join(seen.split()).lower()
            for at in range(len(folded) - 3):
                keys = self.addresses.get(folded[at:at + 2])
                if keys is None:
                    continue
                for key, (column, case) in keys.items():
                    if folded.startswith(key, at) and not (key[-1].isdigit() and folded[at + len(key):at + len(key) + 1].isdigit()):
                        return KINDS[column], case
        return None

    def _number(self, m: re.Match) -> tuple[str, str] | None:
        """A case's number made of whole groups of the number `m` (not inside a longer run of
        digits: the groups are the number's own), with +86 before a mobile too."""
        groups = _GROUP.findall(m.group(0))
        for i in range(len(groups)):
            joined = ""
            for group in groups[i:]:
                joined += group
                found = self.numbers.get(joined)
                if found is None and len(joined) > 2 and joined.startswith("86"):
                    found = self.numbers.get(joined[2:])
                if found is not None:
                    return found
                if len(joined) > 20:
                    break
        return None
