"""Personal details of the people helped, found in what a register would write into the books.

Why: the books hold cases by id only (registry/cases.beancount: unit, cause, household), and
nothing about a beneficiary but counts and totals leaves them. A disbursement roster's 备注
goes into the aid entry's narration; an officer copying from the case file may paste a 身份证
number or a phone number there, and once written the books keep it in every copy, every
audit and every backup. The registers refuse such a cell instead, naming it; the publisher
withholds a transfer's reason that holds such a number (`number_shaped`: publish/withheld.py).

Only shapes that are unmistakable are looked for, so that invoice or approval numbers pass:
an 18-character resident identity number whose check character is right (GB 11643-1999),
in one run or in groups as a form prints it, and a mainland mobile number (11 digits
starting 13-19) standing alone.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from ledger.bidi import as_seen
from ledger.case_details import CaseDetails
from ledger.relatives import relative_names
from ledger.said import Said, said
from ledger.source_files import read_regular

_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
#: the same in groups, as a form prints it (110105 19491231 002X, 1101-0519-…), not starting
#: inside a longer run of grouped digits (an invoice's, a card's)
_ID_IN_GROUPS = re.compile(r"(?<![0-9A-Za-z])(?<!\d[ -])(\d(?:[ -]?\d){16}[ -]?[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z-])(?:\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?!\d)")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def _is_resident_id(text: str) -> bool:
    """The GB 11643 check character of an 18-character identity number."""
    total = sum(int(d) * w for d, w in zip(text[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == text[17].upper()


def _digits(grouped: str) -> str:
    """A number written in groups, without the blanks and hyphens between them."""
    return grouped.replace(" ", "").replace("-", "")


def _masked_id(m: re.Match) -> str:
    """A grouped identity number whose check character is right, masked; other grouped digits
    as they are: the dry run joins a row's cells with blanks, and a date and amounts side by
    side can take the shape (a skipped row's amount must still show)."""
    return "****" if _is_resident_id(_digits(m.group(1))) else m.group(0)


def personal_details(text: str) -> list[str]:
    """The kinds of personal detail in `text` (身份证号, 手机号), each once, in that order."""
    if not text:
        return []
    found = []
    if any(_is_resident_id(m.group(1)) for m in _ID.finditer(text)) or any(
            _is_resident_id(_digits(m.group(1))) for m in _ID_IN_GROUPS.finditer(text)):
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
    return _MOBILE.sub("****", _LONG.sub("****", _ID_IN_GROUPS.sub(_masked_id, text)))


def number_shaped(text: str) -> bool:
    """Whether `text` holds a number shaped like an identity, bank card or mobile number,
    looked for loosely (no check digit, a card's or an identity number's digits in groups
    too): for what is to be published, where a number withheld too often costs a note and
    one shown cannot be taken back (publish/withheld.py)."""
    return masked(text) != text or _CARD.search(text) is not None or _ID_IN_GROUPS.search(text) is not None


# --- the names of the people helped (private/cases.csv) -------------------------------------

#: the columns of private/cases.csv besides the name that the publish looks for (ledger.case_details)
DETAIL_COLUMNS = ("phone", "id_number", "address")
#: the columns of private/cases.csv whose prose may name a relative of the case (ledger.relatives)
PROSE_COLUMNS = ("family", "cause_detail")


@dataclass(frozen=True)
class CaseFile:
    """private/cases.csv as {name without blanks: case id} and the names it gives more than
    one case, or what is wrong with it (`problem`, at `line`; `hint`: what to do, when the
    reader knows better than "save it as CSV"). No file is no names and no problem."""

    path: Path
    names: dict[str, str] = field(default_factory=dict)
    shared: frozenset[str] = frozenset()
    #: (column, value, case id) of each case's phone, id_number and address (ledger.case_details)
    details: tuple[tuple[str, str, str], ...] = ()
    #: {a relative's name: case id}, from the prose of `family` and `cause_detail` (ledger.relatives)
    relatives: dict[str, str] = field(default_factory=dict)
    problem: str | None = None
    line: int | None = None
    hint: str | None = None
    #: `problem` and `hint` in Chinese, for the importers' refusal (importers/context.py)
    problem_zh: str | None = None
    hint_zh: str | None = None


def read_case_file(root: Path) -> CaseFile:
    """The names in the books' private/cases.csv (the columns `case` and `name`; UTF-8, with
    or without BOM, or GB18030), read by the private side only: the importers, to write a
    case id where a file gives a name, and the publish, to withhold a text that names one.

    Why a problem is kept, not swallowed: a file saved by Excel in GBK, or with its columns
    renamed, used to read as no names at all, and every beneficiary's name went silently
    into the books as the payee of their aid."""
    path = root / "private" / "cases.csv"
    try:
        raw = read_regular(path)  # a named pipe there waited for ever
    except FileNotFoundError:
        return CaseFile(path)
    except OSError as exc:
        return CaseFile(path, problem=f"cannot be read ({exc.strerror or exc})",
                        hint="make it readable by the user running relief, then import again; nothing was imported",
                        problem_zh="无法读取" + ("（没有读取权限）" if isinstance(exc, PermissionError) else ""),
                        hint_zh="请让运行 relief 的用户能读取它，然后重新导入；什么也没有导入")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            return CaseFile(path, problem="is neither UTF-8 nor GBK/GB18030 text", line=raw[: exc.start].count(b"\n") + 1,
                            problem_zh="既不是 UTF-8 也不是 GBK/GB18030 文本")
    reader = csv.DictReader(text.splitlines(), skipinitialspace=True)
    try:
        header = [str(h or "").strip() for h in (reader.fieldnames or ())]
        if "case" not in header or "name" not in header:
            return CaseFile(path, problem=f"has no 'case' and 'name' columns in its first row (it has {', '.join(header) or 'nothing'})", line=1,
                            problem_zh=f"第一行没有 'case' 和 'name' 两列（它有的是：{'、'.join(header) or '什么也没有'}）")
        reader.fieldnames = header
        rows = [row for row in reader if (row.get("case") or "").strip()]
        pairs = [("".join((row.get("name") or "").split()), row["case"].strip()) for row in rows if (row.get("name") or "").strip()]
        details = tuple((column, str(row[column]).strip(), row["case"].strip()) for row in rows
                        for column in DETAIL_COLUMNS if str(row.get(column) or "").strip())
        relatives = {name: row["case"].strip() for row in rows for column in PROSE_COLUMNS
                     for name in relative_names(str(row.get(column) or ""))}
    except csv.Error as exc:
        return CaseFile(path, problem=f"is not a readable CSV file ({exc})", line=reader.line_num,
                        problem_zh="不是能读取的 CSV 文件（引号或换行不成对）")
    seen: dict[str, str] = {}
    shared = {name for name, case in pairs if seen.setdefault(name, case) != case}
    return CaseFile(path, dict(pairs), frozenset(shared), details, relatives)


#: Words a finance officer writes beside a person's name (用于王平大病救助, 慰问王平一家, 王平同志):
#: a two-character name between Chinese characters counts only beside one of them.
_BEFORE_A_NAME = ("于", "给", "为", "向", "对", "慰问", "看望", "救助", "资助", "帮扶", "帮助", "补助", "职工",
                  "对象", "学生", "患者", "家属", "遗属", "困难户", "户主")
_AFTER_A_NAME = ("的", "家", "户", "等", "一家", "同志", "同学", "师傅", "老人", "先生", "女士", "本人", "之",
                 "父", "母", "妻", "夫", "儿", "女", "子", "患", "因", "大病", "住院", "医疗", "治疗", "手术",
                 "救助", "慰问", "生活", "困难", "上学", "就业", "获", "领", "申请", "去世", "病故", "康复")


def _han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003134f"


def _folded(text: str) -> str:
    """`text` as a reader sees it (ledger.bidi.as_seen), without blanks and in small letters:
    胡 浩 鹏, 胡\u200b浩鹏 and ＨＵ Haopeng are found as the names they show."""
    return "".join(as_seen(text).split()).lower()


#: the dot between the parts of a name in Chinese (间隔号: 阿依古丽·买买提), as it is typed too
#: (・ of a Japanese input method, •, ‧, ∙, ⋅, a full stop), standing between Chinese characters
_NAME_DOT = re.compile("(?<=[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f])[\u00b7\u30fb\u2022\u2027\u2219\u22c5.]"
                       "(?=[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f])")


def without_name_dots(text: str) -> str:
    """`text` without the dots standing between Chinese characters (`_NAME_DOT`): 阿依古丽·买买提,
    阿依古丽・买买提 and 阿依古丽买买提 are one name to whoever reads them."""
    return _NAME_DOT.sub("", text)


class CaseNames:
    """The names of the people helped, to find in a text meant for the public (a transfer's
    reason, the year's narrative). A name is looked for whole, as a reader sees both (blanks,
    invisible characters and full-width forms aside), never a part of it: a case named 王平 is
    not found in 和平, nor in 平安. A name of one character is not looked for. A Chinese name of
    three characters or more is found wherever it stands. One of two characters is often an
    ordinary word too (和平, 高峰, 金秋), so it counts only beside a word that goes with a
    person (用于王平大病救助, 慰问王平一家, 王平同志: `_BEFORE_A_NAME`, `_AFTER_A_NAME`), or
    standing alone, with no Chinese character on either side (王平（C0003）, "王平, 男",
    a text of the name alone); beside a Chinese character on one side it is taken for part
    of a word (春节送温暖、金秋助学; 和平社区), and a name written so is missed. A name in letters
    (Li Wei) is found as whole words (not in "Living"). A Chinese name with a dot between its
    parts (阿依古丽·买买提) is a Chinese name without it, found in a text whose dots between
    Chinese characters, whichever dot was typed, are left out too: as a name in letters it
    was found only between blanks, never inside Chinese prose. Built once per publish: a Chinese name
    is looked for by a set lookup per position and length, not one search per name."""

    def __init__(self, names: dict[str, str], relatives: dict[str, str] | None = None) -> None:
        self.by_name: dict[str, str] = {}
        #: the folded names in `by_name` that are a relative's (ledger.relatives), not a case's own
        self.relatives: set[str] = set()
        lettered: dict[str, str] = {}
        for name, case in names.items():
            folded = without_name_dots(_folded(name))
            if len(folded) < 2:
                continue
            if all(_han(ch) for ch in folded):
                self.by_name.setdefault(folded, case)
            else:
                lettered.setdefault(" ".join(as_seen(name).lower().split()), case)
        for name, case in (relatives or {}).items():
            folded = without_name_dots(_folded(name))
            if len(folded) >= 2 and folded not in self.by_name:  # a case's own name says more
                self.by_name[folded] = case
                self.relatives.add(folded)
        self.lengths = sorted({len(name) for name in self.by_name}, reverse=True)
        #: (whole-word pattern, case id) of each name in letters, on a text's blanks collapsed
        self.lettered = [(re.compile(r"(?<![^\W_])" + re.escape(name) + r"(?![^\W_])"), case) for name, case in lettered.items()]

    def __bool__(self) -> bool:
        return bool(self.by_name or self.lettered)

    def named_case(self, text: str) -> str | None:
        """The case id of a name of theirs that `text` holds, else None."""
        found = self.named(text)
        return None if found is None else found[0]

    def named(self, text: str) -> tuple[str, bool] | None:
        """(case id, whether the name is a relative's) of a name of theirs that `text` holds, else None."""
        if not text or not self:
            return None
        seen = _folded(text)
        found = self._chinese_name(seen)
        if found is None and self.by_name:
            undotted = without_name_dots(seen)  # 阿依古丽·买买提 (a two-character name beside a dot stood alone above)
            if undotted != seen:
                found = self._chinese_name(undotted)
        if found is not None:
            return found
        if self.lettered:
            spaced = " ".join(as_seen(text).lower().split())
            return next(((case, False) for pattern, case in self.lettered if pattern.search(spaced)), None)
        return None

    def _chinese_name(self, seen: str) -> tuple[str, bool] | None:
        """(case id, a relative's) of a Chinese name of theirs in `seen` (folded), else None."""
        for size in self.lengths:
            for at in range(len(seen) - size + 1):
                name = seen[at:at + size]
                case = self.by_name.get(name)
                if case is not None and (size > 2 or _stands_as_name(seen, at)):
                    return case, name in self.relatives
        return None


def _stands_as_name(seen: str, at: int) -> bool:
    """Whether the two Chinese characters at `at` in `seen` stand as a name (CaseNames)."""
    before, after = seen[:at], seen[at + 2:]
    if before.endswith(_BEFORE_A_NAME) or after.startswith(_AFTER_A_NAME):
        return True
    return not (before and _han(before[-1])) and not (after and _han(after[0]))


_CASE_NAMES: dict[tuple, tuple[CaseNames, CaseDetails]] = {}


def case_names_of(root: Path) -> tuple[CaseNames, Said | None]:
    """The CaseNames of the books in `root`, and what is wrong with their private/cases.csv
    (as a note says it) when it cannot be read. Read once per state of the file: a publish
    asks for the site and for its notes."""
    names, _details, problem = _case_file_of(root)
    return names, problem


def case_details_of(root: Path) -> CaseDetails:
    """The phones, identity numbers and addresses of the books' private/cases.csv, to find in
    what is published (ledger.case_details); none when it cannot be read (case_names_of says so)."""
    return _case_file_of(root)[1]


def _case_file_of(root: Path) -> tuple[CaseNames, CaseDetails, Said | None]:
    path = root / "private" / "cases.csv"
    try:
        st = path.stat()
        key = (str(path), st.st_mtime_ns, st.st_size, st.st_ino)
    except OSError:
        key = (str(path),)
    if key in _CASE_NAMES:
        return (*_CASE_NAMES[key], None)
    found = read_case_file(root)
    if found.problem is not None:
        where = f"{found.path}:{found.line}" if found.line else str(found.path)
        return CaseNames({}), CaseDetails(()), said(f"{where} {found.problem_zh or found.problem}", f"{where} {found.problem}")
    if not found.names and not path.exists():
        others = saved_otherwise(path)
        if others:
            return CaseNames({}), CaseDetails(()), said(
                f"{path} 不存在，但有 {'、'.join(f'{path.parent.name}/{name}' for name in others)}（是否被 Excel 或 WPS 另存为其他格式？）",
                f"{path} is not there, but {', '.join(f'{path.parent.name}/{name}' for name in others)} "
                "is (saved by Excel or WPS in another format?)")
    names, details = _CASE_NAMES[key] = CaseNames(found.names, found.relatives), CaseDetails(found.details)
    return names, details, None


def saved_otherwise(path: Path) -> list[str]:
    """The names of the other files called cases.* beside private/cases.csv (`path`): the file
    opened in Excel or WPS and saved as a workbook (cases.xlsx; WPS: cases.et) or as text.

    Why: such a file leaves no cases.csv, which reads as books with no people helped: the
    import put their names into the books as payees, and publish looked for no name in
    what it published, each without a word."""
    try:
        return sorted(p.name for p in path.parent.iterdir() if p.stem.lower() == "cases" and p.name != path.name)
    except OSError:
        return []
