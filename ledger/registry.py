"""Donors, funds and cases, read from the books' `custom` directives.

The registries are the one place the rest of the project learns who a donor is, what a
fund may pay and whether a case was enrolled on a day. Parsing is tolerant: a malformed
registry entry becomes an error (with file and line) and is left out, so one typo does not
hide every other check.
"""

from __future__ import annotations

import bisect
import datetime
import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from beancount.core import data

from ledger.accounts import EDUCATION_AID_ACCOUNT, is_under
from ledger.bidi import (
    MARKS_PER_CHARACTER,
    as_seen,
    invisible_characters,
    invisible_problem,
    invisible_problem_zh,
    piled_marks,
    without_invisible,
    without_piled_marks,
)
from ledger.errors import RuleError, RuleWarning, bilingual
from ledger.memo import per_entries
from ledger.period import PeriodError, parse_period
from ledger.script import simplified

DONOR_KINDS = ("enterprise", "individual", "organisation")
ANONYMITY = ("none", "public", "all")
LANGUAGES = ("zh", "en")  # the languages a letter is written in
FUND_KINDS = ("restricted", "unrestricted")
CASE_STATUSES = ("enrolled", "adjusted", "exited")
#: Why a case is in hardship (docs/books.md, Cases).
CASE_CAUSES = ("illness", "disability", "education", "unemployment", "disaster", "other")
#: The keys a case entry may carry: the registries in the books carry nothing else.
CASE_KEYS = ("unit", "cause", "household", "reason")
#: What a case's enrolment states, on the `enrolled` entry or on an earlier one of the case.
CASE_ENROLMENT_KEYS = ("unit", "cause", "household")
#: The columns of private/cases.csv: personal details that never go in the books.
PRIVATE_CASE_KEYS = ("name", "id_number", "phone", "address", "family", "cause_detail", "skills", "job_wishes", "state_of_mind")
#: A donor's or a case's id: ASCII letters, digits, - and _ (D0001, C0001, ANON). A donor id
#: names the files of its letters and statements (letters/runner.py refuses anything else,
#: but only when the letters are made); a case id is what a roster's 案例编号 column holds,
#: where anything else is taken for a name.
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
GENERAL_FUND = "GENERAL"
UNIDENTIFIED_DONOR = "UNIDENTIFIED"
#: The donor for a donation box: nobody can be written to, unless registered `reachable: "yes"`.
DONATION_BOX_DONOR = "ANON"
#: Invisible format characters (ledger/bidi.py): in a donor's name, U+202E RIGHT-TO-LEFT
#: OVERRIDE reversed what followed the name on a letter ("尊敬的龙：cba海敏") and in the ack
#: page's paragraph, and a zero-width space made "张\u200b三" another name than "张三" on the
#: site, in donations.csv and on letters; the registry reads these names without them, with
#: a warning (`_invisible_warning`).
#: The donor metadata that is shown as a name (letters, site, open data).
_DONOR_NAME_KEYS = ("name", "display", "display_note")
#: The donor metadata that is text (docs/books.md): `name: 7` was taken for a name "7".
_DONOR_TEXT_KEYS = (*_DONOR_NAME_KEYS, "aliases", "accounts", "contact")
#: The longest name the public is shown without a warning (a company's legal name runs to
#: some 80 characters)
PUBLIC_NAME_LONGEST = 100
#: The keys relief reads on a donor (docs/books.md, Donors; `note` is what an importer's
#: proposal carries). Other keys are the centre's own and are kept, never published; one
#: that looks like a misspelling of these is an error (`anonymus: "all"` was read as no wish).
DONOR_KEYS = ("name", "display", "anonymous", "language", "display_note", "aliases", "accounts", "contact", "reachable", "note")
#: The keys relief reads on a fund (docs/books.md, Funds): `ned: 2026-12-31` left a fund open.
FUND_KEYS = ("name_zh", "name_en", "purpose", "source", "start", "end", "note")




def _values(entry: data.Custom) -> list[Any]:
    return [v.value for v in entry.values or ()]  # None for `custom "donor"` in bean-check


def _split(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(part.strip() for part in str(value).split("|") if part.strip())


@dataclass(frozen=True)
class Donor:
    """A donor as the registry declares them (`custom "donor"`): kind, names, how anonymous, accounts."""
    id: str
    kind: str
    name: str
    display: str
    anonymous: str = "none"
    language: str = "zh"
    aliases: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    date: datetime.date | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    #: False for a donation box and anyone else nobody can write to: no letters, no statements
    reachable: bool = True
    #: the day a donor named in a closed period asked not to be named any more (declared
    #: again, docs/books.md): their gifts before it were on that period's pages by name, which
    #: the pages now say (a closed year's honour roll changed)
    named_until: datetime.date | None = None

    @functools.cached_property
    def public_name(self) -> str | None:
        """The name the public site may show, or None for an anonymous donor (without invisible
        format characters: ledger/bidi.py), and None for a display that shows nothing (an
        error of the registry): published anyway, such a donor is unnamed, never shown by
        the legal name the display was given to stand in for. Kept once read: the site
        asks it for every gift."""
        if self.anonymous in ("public", "all"):
            return None
        shown = without_invisible(self.display)
        return shown if as_seen(shown) else None

    @property
    def letter_name(self) -> str | None:
        """The name a private acknowledgement letter may show, or None (without invisible characters)."""
        return None if self.anonymous == "all" else without_invisible(self.name)


@dataclass(frozen=True)
class Fund:
    """A fund as the registry declares it (`custom "fund"`): kind, names, purpose and open dates."""
    id: str
    kind: str
    name_zh: str
    name_en: str
    purpose: tuple[str, ...] = ()
    source: str | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    date: datetime.date | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def restricted(self) -> bool:
        """True for a fund whose money may pay only its purpose."""
        return self.kind == "restricted"

    def may_pay(self, account: str) -> bool:
        """True when this fund may be spent on `account`."""
        if not self.restricted:
            return True
        return any(is_under(account, p) for p in self.purpose)

    def is_open_on(self, day: datetime.date) -> bool:
        """True when the fund may be used on `day` (between its start and its end, both included)."""
        start = self.start or self.date
        if start and day < start:
            return False
        return not (self.end and day > self.end)


@dataclass(frozen=True)
class CaseEvent:
    """One change in a case's enrolment (`custom "case"`), with its metadata."""
    date: datetime.date
    status: str
    meta: dict[str, Any]


@dataclass
class Case:
    """A case's history: enrolled, adjusted, exited, perhaps enrolled again."""

    id: str
    events: list[CaseEvent] = field(default_factory=list)

    def _state(self) -> tuple[list[datetime.date], list[bool]]:
        # Cached list of (date, active-after-this-event) for bisecting.
        cache = self.__dict__.get("_cache")
        if cache is None:
            dates, active, on = [], [], False
            for ev in sorted(self.events, key=lambda e: e.date):
                if ev.status == "enrolled":
                    on = True
                elif ev.status == "exited":
                    on = False
                dates.append(ev.date)
                active.append(on)
            cache = (dates, active)
            self.__dict__["_cache"] = cache
        return cache

    def enrolled_on(self, day: datetime.date) -> bool:
        """True when the case is enrolled on `day` (enrolled on or before it, not exited)."""
        dates, active = self._state()
        i = bisect.bisect_right(dates, day)
        return i > 0 and active[i - 1]

    def attribute(self, key: str, day: datetime.date | None = None) -> Any:
        """The latest value of a metadata key (unit, cause, household) as of `day`."""
        value = None
        for ev in sorted(self.events, key=lambda e: e.date):
            if day is not None and ev.date > day:
                break
            if key in ev.meta:
                value = ev.meta[key]
        return value

    @property
    def status(self) -> str:
        """The case's latest status: enrolled, exited, or unknown when it has no event."""
        return sorted(self.events, key=lambda e: e.date)[-1].status if self.events else "unknown"

    @property
    def enrolled_date(self) -> datetime.date | None:
        """The day the case was first enrolled."""
        return next((e.date for e in sorted(self.events, key=lambda e: e.date) if e.status == "enrolled"), None)

    @property
    def exited_date(self) -> datetime.date | None:
        """The day the case left, when it has left."""
        exits = [e.date for e in self.events if e.status == "exited"]
        return max(exits) if exits and self.status == "exited" else None


def posting_case(entry: data.Transaction, posting: data.Posting) -> str | None:
    """The case of an aid posting: its own `case`, else the transaction's."""
    if posting.meta and posting.meta.get("case") is not None:
        return str(posting.meta["case"])
    case = entry.meta.get("case")
    return None if case is None else str(case)


class AidUnits:
    """Which reporting union (unit) an aid posting is counted under: the one rule of the
    site's aid tables (publish/facts.py) and Fava's cases view (ledger/audit/cases.py).

    The case's unit as registered on the day of the aid (a case may move between unions);
    for aid before its enrolment, the first unit registered for it; for aid to no registered
    case, or to one registered without a unit, the posting's own `unit`, else the
    transaction's; else None. Call it as `units(entry, posting)`.

    Why one rule: the site took the payment's `unit` first and gave aid before enrolment no
    union, while the cases view took the registry first and never read a posting's `unit`:
    the same aid was under two unions on the two sides, and an auditor could not trace the
    site's table. The case's history is read once per case (bisected by day)."""

    def __init__(self, cases: dict[str, Case]) -> None:
        self.cases = cases
        self._memo: dict[str, tuple[list[datetime.date], list[Any], Any, str | None]] = {}

    def of_case(self, case_id: str, day: datetime.date) -> str | None:
        """The registered unit of `case_id` on `day` (the first registered before its
        enrolment); None for a case not registered or registered without a unit."""
        hist = self._memo.get(case_id)
        if hist is None:
            case = self.cases.get(case_id)
            dates: list[datetime.date] = []
            units: list[Any] = []
            unit = first = None
            for ev in sorted(case.events, key=lambda e: e.date) if case is not None else ():
                if ev.meta.get("unit"):
                    unit = ev.meta["unit"]
                    first = unit if first is None else first
                dates.append(ev.date)
                units.append(unit)
            # a case registered under one unit all along (most): that unit on every day,
            # before its enrolment too (the first one registered), without a bisect per payment
            same = str(first) if first is not None and all(u == first for u in units) else None
            hist = self._memo[case_id] = (dates, units, first, same)
        if hist[3] is not None:
            return hist[3]
        i = bisect.bisect_right(hist[0], day)
        unit = hist[1][i - 1] if i else None
        if unit is None:
            unit = hist[2]
        return None if unit is None else str(unit)

    def __call__(self, entry: data.Transaction, posting: data.Posting, case_id: str | None = None) -> str | None:
        """The unit of an aid `posting` of `entry` (`case_id`: its case, when already known)."""
        case_id = posting_case(entry, posting) if case_id is None else case_id
        unit = self.of_case(case_id, entry.date) if case_id is not None else None
        if unit is None:
            unit = (posting.meta or {}).get("unit") or entry.meta.get("unit")
            # an error (rule aid_case) when it has invisible characters; shown without them
            return None if unit is None else without_invisible(str(unit))
        return str(unit)


@dataclass
class Registry:
    """The books' donors, funds, cases and voided receipts, with the declarations' errors."""
    donors: dict[str, Donor] = field(default_factory=dict)
    funds: dict[str, Fund] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    voids: dict[str, data.Custom] = field(default_factory=dict)
    errors: list[RuleError | RuleWarning] = field(default_factory=list)  # a warning: a donor name read without invisible characters
    #: while reading: each donor id's first declaration, and (entry, id, first) for an id
    #: declared again for another name (the errors are made once every id is known)
    declared_at: dict[str, data.Custom] = field(default_factory=dict, repr=False, compare=False)
    clashes: list[tuple[data.Custom, str, data.Custom]] = field(default_factory=list, repr=False, compare=False)
    #: the closed periods seen so far ([start, end) of each `period-close`, in date order): a
    #: declaration in one can no longer be edited, only declared again (_add_donor)
    closed: list[tuple[datetime.date, datetime.date]] = field(default_factory=list, repr=False, compare=False)

    def donor_by_name(self, name: str) -> Donor | None:
        """Match a payer name against legal names, display names and aliases (`norm_name`:
        another spelling is found too; `other_spelling` says whether it was one)."""
        key = norm_name(name)
        if not key:
            return None
        for donor in self.donors.values():
            if key in {norm_name(n) for n in (donor.name, donor.display, *donor.aliases)}:
                return donor
        return None

    def donor_by_account(self, number: str) -> Donor | None:
        """The donor whose declared bank account number matches, by digits."""
        digits = "".join(ch for ch in str(number) if ch.isdigit())
        if not digits:
            return None
        for donor in self.donors.values():
            for acct in donor.accounts:
                if acct == digits or (len(acct) >= 4 and digits.endswith(acct)):
                    return donor
        return None


def norm_name(text: str | None) -> str:
    """A donor's name as names are compared: Unicode NFKC (full-width letters, digits and
    brackets as their plain forms: （北京） as (北京), ＡＣＭＥ as ACME), spaces of any width
    removed, case folded, in simplified characters (陳大文 as 陈大文, 某某機械 as 某某机械: a
    name typed in traditional characters, as Hong Kong and Taiwan banks and some registers
    write it, was proposed as a new donor). Nothing else is changed: names differing
    otherwise stay apart. Only the comparison folds: a name is booked as the file writes it."""
    return _norm_text(str(text or ""))


@functools.lru_cache(maxsize=1 << 16)
def _norm_text(text: str) -> str:
    """norm_name's work, kept per name: a 100 000-row statement names a few hundred payers."""
    return simplified(_same_script(text))


def _same_script(text: str) -> str:
    """A name as norm_name compares it, but in the script it is written in."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def matched_by_script(donor: Donor, written: str) -> bool:
    """Whether `written` is one of the donor's registered names (legal, display or alias) only
    once both are read in simplified characters: 陳大文 for 陈大文, but also 於小明 for 于小明 and
    李昇 for 李升, which may be other people (於 is a surname of its own, 昇 a character of names):
    such a match is the officer's to confirm, never booked as certain."""
    key = _same_script(str(written or ""))
    return bool(key) and all(_same_script(n) != key for n in (donor.name, donor.display, *donor.aliases) if n)


def other_spelling(donor: Donor, written: str) -> str | None:
    """The donor's registered name (legal, display or alias) that `written` matched by
    `norm_name` when the file spells it otherwise (brackets, spaces, case, full-width forms),
    or None when `written` is one of them as it stands (its outer spaces aside).

    Why: such a match was silent; the officer is to see the two spellings (and may add the
    file's as an alias), never have a donor found by a name the registry does not hold."""
    spellings = [n for n in (donor.name, donor.display, *donor.aliases) if n]
    if str(written or "").strip() in spellings:
        return None
    key = norm_name(written)
    return next((n for n in spellings if norm_name(n) == key), None)


_META_SKIP = ("filename", "lineno")


def _clean_meta(meta: dict[str, Any] | None) -> dict[str, Any]:
    return {k: v for k, v in (meta or {}).items() if k not in _META_SKIP and not k.startswith("__")}


def as_written(value: Any) -> str:
    """A metadata value as it is written in the books: -2, 2.5, "three", TRUE (not Python's
    Decimal('-2') or 'three')."""
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def _misspelt_keys(meta: dict[str, Any], known: tuple[str, ...]) -> dict[str, list[str]]:
    """The keys of `meta` that look like misspellings of `known` ones, each with what it may
    have meant: close in spelling (anonymus, dispaly, reacheable), its letters swapped (ned)
    or the start of one (anon, lang). Keys unlike any known one (email, wechat) are the centre's own and are let be."""
    found = {}
    for key in meta:
        if key in known:
            continue
        meant = difflib.get_close_matches(key, known, n=2, cutoff=0.75)
        meant += [k for k in known if k not in meant and len(key) >= 3 and (k.startswith(key) or sorted(k) == sorted(key))]
        if meant:
            found[key] = meant
    return found


def _looks_like_anonymous(key: str) -> bool:
    """Whether a misspelt key was probably meant as `anonymous` (anonymus, anon, anonymity)."""
    return key.startswith("anon") or difflib.SequenceMatcher(None, key, "anonymous").ratio() >= 0.6


def _err(entry: data.Custom, zh: str, en: str) -> RuleError:
    """A registry error on `entry`, in both languages (ledger.errors.bilingual)."""
    return RuleError(entry.meta, bilingual(zh, en), entry)


def _kind_of(value: Any) -> str:
    """What a metadata value is, for a message: "the number 7", "a date"."""
    if isinstance(value, bool):
        return f"the truth value {value}"
    if isinstance(value, Decimal | int):
        return f"the number {value}"
    if isinstance(value, datetime.date):
        return f"the date {value}"
    return f"the {type(value).__name__.lower()} {value}"


def _as_date(value: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


@per_entries
def build_registry(entries: Iterable[data.Directive]) -> Registry:
    """Read every registry directive into a Registry (errors collected, never raised)."""
    reg = Registry()
    opened: set[str] = set()
    declared: list[tuple[data.Custom, Fund]] = []
    position: dict[int, int] = {}  # the registry entries' order in the books
    proposed: set[str] = set()
    for entry in entries:
        if isinstance(entry, data.Open):
            opened.add(entry.account)
        if not isinstance(entry, data.Custom):
            continue
        position[id(entry)] = len(position)
        kind = entry.type
        if kind == "donor":
            _add_donor(reg, entry)
        elif kind == "period-close":
            _add_closed(reg, entry)
        elif kind == "donor-proposal":
            proposed.update(v for v in _values(entry)[:1] if isinstance(v, str))
        elif kind == "fund":
            fund = _add_fund(reg, entry)
            if fund is not None:
                declared.append((entry, fund))
        elif kind == "case":
            _add_case(reg, entry)
        elif kind == "receipt-void":
            values = _values(entry)
            if not values or not isinstance(values[0], str):
                reg.errors.append(_err(entry, '作废收据须写明收据号：custom "receipt-void" "JZ-2026-00017"',
                                       'receipt-void needs the receipt number: custom "receipt-void" "JZ-2026-00017"'))
            else:
                reg.voids[values[0]] = entry
    if reg.clashes:
        reg.errors.extend(_clash_errors(reg, reg.clashes, proposed))
    read = len(reg.errors)
    for entry, fund in declared:
        if fund.restricted:
            _check_purpose(reg, entry, fund, opened)
    if len(reg.errors) > read:  # in the books' order, beside the fund's other errors
        reg.errors.sort(key=lambda error: position.get(id(error.entry), 0))
    return reg


def _check_purpose(reg: Registry, entry: data.Custom, fund: Fund, opened: set[str]) -> None:
    """Each purpose account is opened, or is the parent of one (a parent covers its children):
    `purpose: "Expenses:Nope"` let the fund pay nothing, and said so nowhere."""
    for purpose in fund.purpose:
        if not any(is_under(account, purpose) for account in opened):
            reg.errors.append(_err(entry, f"基金 {fund.id}：限定用途 {purpose} 不是本账簿的科目（没有开设它或其下级科目的 open）："
                                          "请改正科目名，或在 accounts.beancount 中开设该科目",
                                   f"Fund {fund.id}: purpose {purpose} is not an account of the books (no open entry for it or under it): "
                                   "correct the name, or open the account in accounts.beancount"))


def _clash_errors(reg: Registry, clashes: list[tuple[data.Custom, str, data.Custom]], proposed: set[str]) -> list[RuleError]:
    """An error for each donor id declared again for another name, with the next free id.

    Why: two officers importing on two machines each proposed the next id (D0007) for
    another new payer (吴强 on one, 郑丽 on the other); merged and confirmed, the second
    declaration was reported as the same donor declared twice, "keep one declaration", and
    keeping one put both people's gifts under one name."""
    numbers = [int(m.group(1)) for i in (*reg.donors, *proposed) for m in [re.fullmatch(r"D(\d+)", i)] if m]
    free = max(numbers, default=0) + 1
    errors = []
    for entry, donor_id, first in clashes:
        first_name = str((first.meta or {}).get("name") or (first.meta or {}).get("display") or "")
        name = str((entry.meta or {}).get("name") or (entry.meta or {}).get("display") or "")
        at = f"{first.meta.get('filename')}:{first.meta.get('lineno')}"
        errors.append(_err(entry, f"捐赠人 {donor_id} 登记了两次，名称不同：{first_name}（{at}）和这里的 {name}"
                                  "（两次导入，在两台电脑或两个分支上，提出了同一个编号）：如果是两位捐赠人，"
                                  f"请给这一位下一个空号 D{free:04d}，这里和其捐赠上（donor:、proposed_donor:）都要改；"
                                  "如果是同一位，只保留一条登记",
                                  f"Donor {donor_id} is declared twice, for two names: {first_name} "
                                  f"({at}) and {name} here (two imports, "
                                  f"on two machines or branches, proposed the same id): if they are two donors, give this one "
                                  f"the next free id, D{free:04d}, here and on its donations (donor:, proposed_donor:); if "
                                  "they are one, keep one declaration"))
        free += 1
    return errors


def _add_closed(reg: Registry, entry: data.Custom) -> None:
    """Note a closed period's days (a close that names no period is the closed_period rule's error)."""
    values = _values(entry)
    try:
        period = parse_period(values[0]) if values and isinstance(values[0], str) else None
    except PeriodError:
        period = None
    if period is not None:
        reg.closed.append((period.start, period.end))


def _sealed(reg: Registry, day: datetime.date) -> bool:
    """Whether `day` lies in a period closed by a close seen so far."""
    return any(start <= day < end for start, end in reg.closed)


def _add_donor(reg: Registry, entry: data.Custom) -> None:
    values = _values(entry)
    if len(values) < 2 or not all(isinstance(v, str) for v in values[:2]):
        reg.errors.append(_err(entry, '捐赠人登记须有编号和类别：custom "donor" "D0001" "enterprise"',
                               'A donor needs an id and a kind: custom "donor" "D0001" "enterprise"'))
        return
    donor_id, kind = values[0], values[1]
    if not ID_RE.match(donor_id):
        reg.errors.append(_err(entry, f"捐赠人编号 {donor_id!r}：编号只能由英文字母、数字、- 和 _ 组成（D0001），不含空格；"
                                      "请在这里和该捐赠人的捐赠上改正",
                               f"Donor id {donor_id!r}: an id is made of ASCII letters, digits, - and _ (D0001), "
                               "with no spaces; correct it here and on the donor's donations"))
        return
    meta = _clean_meta(entry.meta)
    not_text = [key for key in _DONOR_TEXT_KEYS if key in meta and not isinstance(meta[key], str)]
    for key in not_text:
        reg.errors.append(_err(entry, f'捐赠人 {donor_id}：{key} 须为加引号的文本（{key}: "{meta[key]}"），不能是 {_kind_of(meta[key])}',
                               f'Donor {donor_id}: {key} must be text in quotes ({key}: "{meta[key]}"), not {_kind_of(meta[key])}'))
        del meta[key]  # never shown as written: `display: 7` made the site name the donor "7"
    for key in _DONOR_NAME_KEYS:
        if isinstance(meta.get(key), str) and invisible_characters(meta[key]):
            if as_seen(meta[key]):  # a name of nothing else is the error below
                reg.errors.append(_invisible_warning(entry, donor_id, key, meta[key]))
            meta[key] = without_invisible(meta[key])
        piled = piled_marks(meta[key]) if isinstance(meta.get(key), str) else 0
        if piled:
            reg.errors.append(RuleWarning(entry.meta, bilingual(
                f"警告：捐赠人 {donor_id}：{key} 的一个字上叠了 {piled} 个组合符号（“Zalgo”文字），在页面上会压住前后几行和金额；"
                f"显示时每个字最多保留 {MARKS_PER_CHARACTER} 个，请改正名称",
                f"Warning: Donor {donor_id}: {key} has {piled} combining marks on one character (Zalgo text), which run "
                f"over the lines and amounts around it on a page; each character is shown with at most {MARKS_PER_CHARACTER}: "
                "correct the name"), entry))
            meta[key] = without_piled_marks(meta[key])
    if kind not in DONOR_KINDS:
        reg.errors.append(_err(entry, f"捐赠人 {donor_id}：未知的类别 {kind!r}；请用 {', '.join(DONOR_KINDS)} 之一",
                               f"Donor {donor_id}: unknown kind {kind!r}; use one of {', '.join(DONOR_KINDS)}"))
        return
    misspelt = _misspelt_keys(meta, DONOR_KEYS)
    for key, meant in misspelt.items():
        reg.errors.append(_err(entry, f"捐赠人 {donor_id}：未知的键 {key}：是不是 {' 或 '.join(meant)}？"
                                      f"请改正（捐赠人的键：{', '.join(DONOR_KEYS)}）",
                               f"Donor {donor_id}: unknown key {key}: did you mean {' or '.join(meant)}? "
                               f"Correct it (a donor's keys: {', '.join(DONOR_KEYS)})"))
    anonymous = meta.get("anonymous", "none")
    if "anonymous" not in meta and any(_looks_like_anonymous(key) for key in misspelt):
        anonymous = "all"  # fail safe: a wish to stay anonymous, misspelt, is still honoured until corrected
    if anonymous is True:
        anonymous = "public"
    elif anonymous is False:
        anonymous = "none"
    if not isinstance(anonymous, str) or anonymous not in ANONYMITY:  # an amount raised when compared with text
        reg.errors.append(_err(entry, f"捐赠人 {donor_id}：anonymous 须为 {', '.join(ANONYMITY)} 之一，不能是 {anonymous!r}",
                               f"Donor {donor_id}: anonymous must be one of {', '.join(ANONYMITY)}, not {anonymous!r}"))
        anonymous = "all"  # fail safe: an unclear wish is treated as the strictest
    given = [_visible(str(meta.get(k) or "")) for k in ("name", "display")]
    if not any(given) and anonymous != "all" and not {"name", "display"} & set(not_text):
        # the id stood in for the name: letters said "尊敬的D0004：" and the site listed "D0004"
        reg.errors.append(_err(entry, f'捐赠人 {donor_id}：没有名称：请加 name: "<法定名称>"（致谢信以它称呼，'
                                      "网站也显示它，除非另给了 display 显示名）",
                               f'Donor {donor_id}: no name: add name: "<legal name>" (letters are addressed to it, '
                               'and the site shows it unless a display name is given)'))
    if "display" in meta and "display" not in not_text and not given[1] and anonymous == "none":
        # a display of blanks or invisible characters put a line with no name on the honour roll
        reg.errors.append(_err(entry, f"捐赠人 {donor_id}：display 什么也不显示（只有空格或看不见的字符）：请写网站要显示的名称，"
                                      '或去掉 display 以显示 name，或加 anonymous: "public"',
                               f'Donor {donor_id}: display shows nothing (only blanks or invisible characters): write the name '
                               'the site is to show, leave display out to show the name, or add anonymous: "public"'))
    shown_key = "display" if given[1] else "name"
    shown = len(as_seen(given[1] or given[0]))
    if shown > PUBLIC_NAME_LONGEST and anonymous == "none":
        # a name pasted over and over: one line of the roll two and a half pages long
        reg.errors.append(RuleWarning(entry.meta, bilingual(
            f"警告：捐赠人 {donor_id}：{shown_key} 有 {shown:,} 个字符：鸣谢名单会整段显示它；请写一个较短的 display（显示名）",
            f"Warning: Donor {donor_id}: {shown_key} has {shown:,} characters: the honour roll shows it whole; "
            "write a shorter display"), entry))
    language = meta.get("language", "zh")
    if language not in LANGUAGES:
        # an unknown language silently gave a Chinese letter to a donor who asked for another
        reg.errors.append(_err(entry, f'捐赠人 {donor_id}：language 须为 "zh" 或 "en"（致谢信的语言），不能是 {language!r}',
                               f'Donor {donor_id}: language must be "zh" or "en" (the letters\' language), not {language!r}'))
        language = "zh"
    name = given[0] or given[1] or donor_id  # without a legal name, the letter uses the display name
    reachable = meta.get("reachable", "no" if donor_id == DONATION_BOX_DONOR else "yes")
    if isinstance(reachable, bool):
        reachable = "yes" if reachable else "no"
    if reachable not in ("yes", "no"):
        reg.errors.append(_err(entry, f'捐赠人 {donor_id}：reachable 须为 "yes" 或 "no"（no：捐款箱或无法写信联系的人），不能是 {reachable!r}',
                               f'Donor {donor_id}: reachable must be "yes" or "no" (no: a donation box or anyone nobody can write to), '
                               f"not {reachable!r}"))
        reachable = "no"  # fail safe: no letter to an address nobody gave
    if donor_id in reg.donors:
        first = reg.donors[donor_id]
        earlier = reg.declared_at.get(donor_id)
        if earlier is not None and norm_name(name) != norm_name(first.name) and not {
                norm_name(name), norm_name(str(meta.get("display") or ""))} & {norm_name(first.name), norm_name(first.display)}:
            reg.clashes.append((entry, donor_id, earlier))
        elif (earlier is not None and earlier.date < entry.date and _sealed(reg, earlier.date)
              and ANONYMITY.index(anonymous) > ANONYMITY.index(first.anonymous)):
            # the donor asked later not to be named, and the first declaration is in a closed
            # period, where it can no longer be edited: declaring them again is the one way
            # to record the wish (docs/books.md), so it is no error; it is honoured below
            if first.anonymous == "none":
                first = reg.donors[donor_id] = replace(first, named_until=entry.date)
        else:
            reg.errors.append(_err(entry, f"捐赠人 {donor_id} 登记了两次：请只保留一条登记（按捐赠人现在的意愿）；"
                                          "在此之前，按两条中较严格的不具名要求处理",
                                   f"Donor {donor_id} is declared twice: keep one declaration (with the donor's present "
                                   "wishes); until then the stricter anonymity of the two is honoured"))
        if ANONYMITY.index(anonymous) > ANONYMITY.index(first.anonymous):
            # fail safe: a donor declared again to ask for anonymity (a second entry added
            # instead of the first edited) was named on the site published with --allow-errors
            reg.donors[donor_id] = replace(first, anonymous=anonymous)
        return
    reg.declared_at[donor_id] = entry
    reg.donors[donor_id] = Donor(
        id=donor_id,
        kind=kind,
        name=name,
        display=meta["display"].strip() if isinstance(meta.get("display"), str) else name,
        anonymous=anonymous,
        language=language,
        aliases=_split(meta.get("aliases")),
        accounts=tuple("".join(c for c in a if c.isdigit()) for a in _split(meta.get("accounts"))),
        date=entry.date,
        meta=meta,
        reachable=reachable == "yes",
    )


def _invisible_warning(entry: data.Custom, donor_id: str, key: str, text: str) -> RuleWarning:
    """A warning for a donor name with invisible characters, which the registry reads without
    them. Why a warning, where a fund's or a union's name is an error: a donor's name is
    typed by the donor (a register, a payment form) and is no key of any table; shown without
    them, "张\u200b三" is the same name as "张三" everywhere, and the books are not wrong, but the
    finance officer should see it (an importer matching names may not)."""
    zh, en = invisible_problem_zh(f"捐赠人 {donor_id}：{key}", text), invisible_problem(f"Donor {donor_id}: {key}", text)
    return RuleWarning(entry.meta, bilingual(f"警告：{zh}；在此之前显示时不带这些字符",
                                             f"Warning: {en}; until then it is shown without them"), entry)


def _add_fund(reg: Registry, entry: data.Custom) -> Fund | None:
    values = _values(entry)
    if len(values) < 2 or not all(isinstance(v, str) for v in values[:2]) or not values[0].strip():
        reg.errors.append(_err(entry, '基金登记须有编号和类别：custom "fund" "EDU-2026" "restricted"',
                               'A fund needs an id and a kind: custom "fund" "EDU-2026" "restricted"'))
        return None
    fund_id, kind = values[0], values[1]
    meta = _clean_meta(entry.meta)
    problem = invisible_problem("The fund id", fund_id)
    if problem:
        # kept as typed (its entries name it so), but said: shown, it reordered what follows
        # ("EDU\u202e-2026" read "EDU6202-"), or was a second fund looking like the first
        zh = invisible_problem_zh("基金编号", fund_id)
        reg.errors.append(_err(entry, f"{zh}：这里和其每笔分录的 fund: 都要改",
                               f"{problem}, here and in the fund: of each of its entries"))
    elif fund_id != fund_id.strip():
        # Why: "EDU-2026 " (a space left at the end) was told only at each entry naming
        # EDU-2026, as an unknown fund, beside a list of funds where the space cannot be seen
        reg.errors.append(_err(entry, f"基金编号 {fund_id!r} 首尾有空格，各笔分录的 fund: \"{fund_id.strip()}\" 都找不到它："
                                      f'请去掉空格，写作 custom "fund" "{fund_id.strip()}"',
                               f"The fund id {fund_id!r} begins or ends with a space, so no entry's fund: \"{fund_id.strip()}\" "
                               f'finds it: remove the space, write custom "fund" "{fund_id.strip()}"'))
    if kind not in FUND_KINDS:
        reg.errors.append(_err(entry, f"基金 {fund_id}：类别须为 restricted（限定性）或 unrestricted（非限定性），不能是 {kind!r}",
                               f"Fund {fund_id}: kind must be restricted or unrestricted, not {kind!r}"))
        return None
    for key, meant in _misspelt_keys(meta, FUND_KEYS).items():
        reg.errors.append(_err(entry, f"基金 {fund_id}：未知的键 {key}：是不是 {' 或 '.join(meant)}？"
                                      f"请改正（基金的键：{', '.join(FUND_KEYS)}）",
                               f"Fund {fund_id}: unknown key {key}: did you mean {' or '.join(meant)}? "
                               f"Correct it (a fund's keys: {', '.join(FUND_KEYS)})"))
    purpose = _split(meta.get("purpose"))
    if kind == "restricted" and not purpose:
        reg.errors.append(_err(entry, f'限定性基金 {fund_id} 须写 purpose（限定用途）：它可以支付的科目，例如 purpose: "{EDUCATION_AID_ACCOUNT}"',
                               f"Restricted fund {fund_id} needs purpose: the accounts it may pay, e.g. purpose: \"{EDUCATION_AID_ACCOUNT}\""))
    start, end = _as_date(meta.get("start")), _as_date(meta.get("end"))
    if (meta.get("start") is not None and start is None) or (meta.get("end") is not None and end is None):
        reg.errors.append(_err(entry, f"基金 {fund_id}：start 和 end 须为日期（2026-08-01）",
                               f"Fund {fund_id}: start and end must be dates (2026-08-01)"))
    elif end is not None and end < (start or entry.date):
        # the fund was never open: every use of it was refused, and only there
        since = f"start {start}" if start else f"the day it is declared, {entry.date}"
        since_zh = f"start {start}" if start else f"登记之日 {entry.date}"
        reg.errors.append(_err(entry, f"基金 {fund_id}：end {end} 早于 {since_zh}：请改正日期（end 是基金的最后一天）",
                               f"Fund {fund_id}: end {end} is before {since}: correct the dates (end is the fund's last day)"))
    if fund_id in reg.funds:
        first = reg.funds[fund_id]
        if (end is not None and first.date is not None and first.date < entry.date and _sealed(reg, first.date)
                and (kind, purpose) == (first.kind, first.purpose) and start in (None, first.start)):
            # the fund is ended after the period holding its declaration was closed, where it
            # can no longer be edited: declaring it again with its end is the one way to
            # record it (docs/books.md), so it is no error; only the end is taken
            reg.funds[fund_id] = replace(first, end=end)
            return None
        reg.errors.append(_err(entry, f"基金 {fund_id} 登记了两次", f"Fund {fund_id} is declared twice"))
        return None
    for key in ("name_zh", "name_en"):
        problem = invisible_problem(f"Fund {fund_id}: {key}", meta.get(key))
        if problem:
            reg.errors.append(_err(entry, invisible_problem_zh(f"基金 {fund_id}：{key}", meta[key]), problem))
            meta[key] = without_invisible(meta[key])  # shown without them, should it be published anyway
        if isinstance(meta.get(key), str) and meta[key] and not as_seen(meta[key]):
            if not problem:  # blanks (spaces, a Hangul filler): a fund page headed by nothing
                reg.errors.append(_err(entry, f"基金 {fund_id}：{key} 什么也不显示（只有空格）：请写基金的名称，或去掉这一行",
                                       f"Fund {fund_id}: {key} shows nothing (only blanks): write the fund's name, or remove the line"))
            meta[key] = ""  # shown as if not given (its other name, else its id)
    fund = reg.funds[fund_id] = Fund(
        id=fund_id,
        kind=kind,
        name_zh=str(meta.get("name_zh") or fund_id),
        name_en=str(meta.get("name_en") or meta.get("name_zh") or fund_id),
        purpose=purpose,
        source=meta.get("source"),
        start=start,
        end=end,
        date=entry.date,
        meta=meta,
    )
    return fund


def _add_case(reg: Registry, entry: data.Custom) -> None:
    values = _values(entry)
    if len(values) < 2 or not all(isinstance(v, str) for v in values[:2]):
        reg.errors.append(_err(entry, '帮扶对象登记须有编号和状态：custom "case" "C0001" "enrolled"',
                               'A case needs an id and a status: custom "case" "C0001" "enrolled"'))
        return
    case_id, status = values[0], values[1]
    if not ID_RE.match(case_id):
        reg.errors.append(_err(entry, f"帮扶对象编号 {case_id!r}：编号只能由英文字母、数字、- 和 _ 组成（C0001），不含空格，"
                                      "也绝不能是姓名（姓名只放在 private/cases.csv）；请在这里和该对象的帮扶支出上改正",
                               f"Case id {case_id!r}: an id is made of ASCII letters, digits, - and _ (C0001), with no spaces "
                               "and never a name (names live only in private/cases.csv); correct it here and on the case's aid"))
        return
    if status not in CASE_STATUSES:
        reg.errors.append(_err(entry, f"帮扶对象 {case_id}：状态须为 {', '.join(CASE_STATUSES)} 之一，不能是 {status!r}",
                               f"Case {case_id}: status must be one of {', '.join(CASE_STATUSES)}, not {status!r}"))
        return
    meta = _clean_meta(entry.meta)
    for key in [k for k in meta if k not in CASE_KEYS]:
        if key in PRIVATE_CASE_KEYS:
            what = (f"{key} is a personal detail: it belongs only in private/cases.csv, never in the books "
                    "(Fava shows them and every copy keeps them); remove it here")
            what_zh = (f"{key} 是个人信息：只能放在 private/cases.csv，绝不能写进账簿"
                       "（Fava 会显示，每份副本都会保留）；请从这里删除")
        else:
            what = f"unknown key {key}: a case carries only {', '.join(CASE_KEYS)} (personal details go in private/cases.csv); remove it"
            what_zh = f"未知的键 {key}：帮扶对象只有 {', '.join(CASE_KEYS)} 这些键（个人信息放在 private/cases.csv）；请删除"
        reg.errors.append(_err(entry, f"帮扶对象 {case_id}：{what_zh}", f"Case {case_id}: {what}"))
        del meta[key]
    household = meta.get("household")
    if household is not None and not (isinstance(household, Decimal | int) and int(household) == household and household > 0):
        reg.errors.append(_err(entry, f"帮扶对象 {case_id}：household（家庭人口）须为整数（1 或以上），不能是 {as_written(household)}",
                               f"Case {case_id}: household must be a whole number of people (1 or more), not {as_written(household)}"))
    cause = meta.get("cause")
    if cause is not None and (not isinstance(cause, str) or cause not in CASE_CAUSES):  # an amount raised when compared with text
        shown = repr(cause) if isinstance(cause, str) else as_written(cause)
        reg.errors.append(_err(entry, f"帮扶对象 {case_id}：cause（致困原因）须为 {', '.join(CASE_CAUSES)} 之一，不能是 {shown}",
                               f"Case {case_id}: cause must be one of {', '.join(CASE_CAUSES)}, not {shown}"))
    unit = meta.get("unit")
    if unit is not None and not (isinstance(unit, str) and as_seen(unit)):  # not a Braille blank either
        given = repr(unit) if isinstance(unit, str) else _kind_of(unit)
        reg.errors.append(_err(entry, f'帮扶对象 {case_id}：unit 须为加引号的报送工会名称（unit: "市机械冶金工会"），不能是 {given}',
                               f'Case {case_id}: unit must be the reporting union\'s name in quotes (unit: "市机械冶金工会"), not {given}'))
    elif invisible_problem(f"Case {case_id}: unit", unit):
        reg.errors.append(_err(entry, invisible_problem_zh(f"帮扶对象 {case_id}：unit", unit),
                               invisible_problem(f"Case {case_id}: unit", unit)))
        meta["unit"] = without_invisible(unit)  # one union, not two that look alike, should it be published anyway
    case = reg.cases.get(case_id)
    if case is None:
        if status != "enrolled":
            reg.errors.append(_err(entry, f"帮扶对象 {case_id} 从未建档在册，却已是 {status}",
                                   f"Case {case_id} is {status} before it was ever enrolled"))
        case = reg.cases[case_id] = Case(case_id)
    if status == "enrolled":
        # a re-enrolment may keep what the case's earlier entries state
        stated = {k for ev in case.events for k in ev.meta} | set(meta)
        missing = [k for k in CASE_ENROLMENT_KEYS if k not in stated]
        if missing:
            reg.errors.append(_err(entry, f"帮扶对象 {case_id}：建档时缺少 {', '.join(missing)}：建档须写明报送工会（unit）、"
                                          f"致困原因（cause：{' | '.join(CASE_CAUSES)}）和家庭人口（household）",
                                   f"Case {case_id}: enrolled without {', '.join(missing)}: an enrolment states the reporting union (unit), "
                                   f"the cause ({' | '.join(CASE_CAUSES)}) and the household's size (household)"))
    case.events.append(CaseEvent(entry.date, status, meta))
    case.__dict__.pop("_cache", None)


def _visible(text: str) -> str:
    """`text` stripped, or "" when it shows nothing: only blanks and invisible format
    characters (zero-width space and joiners, direction controls, soft hyphen)."""
    text = text.strip()
    return text if as_seen(text) else ""


def gift_asks_anonymity(meta) -> bool:
    """Whether a donation's own `anonymous` metadata (`meta`: the entry's) keeps its donor's
    name off the public record whatever the registry says: anything but absent, `"none"` or
    FALSE does (an unclear wish, `"yes"`, is read as the strictest, as a donor's misspelt
    `anonymous` is). The publisher honours it; the auditors' donor view shows it.

    Why: a donor who asked anonymity for one gift only had it written on that entry, which
    nothing read: the site, donations.csv and the annual report named them beside it."""
    value = _wish((meta or {}).get("anonymous"))
    return value is not None and value is not False and value != "none"


def _wish(value):
    """A donation's `anonymous` value as the functions here compare it: text and TRUE/FALSE
    as written, anything else as its text (`1` is "1", an unclear wish, not TRUE).

    Why: a value beancount reads as an amount (`anonymous: 12.50 CNY`, a cell pasted in the
    wrong column) raised when compared with text, and took every rule down with it (bean-check
    and Fava reported only "Error applying plugin"); `1` compared equal to TRUE and was read
    as "public" where the rule's warning said "all"."""
    return value if value is None or isinstance(value, (str, bool)) else str(value)


def gift_asks_no_name_on_letter(meta) -> bool:
    """Whether a donation's own `anonymous` metadata (`meta`: the entry's) keeps its donor's
    name off even what goes to the donor: the gift's acknowledgement letter, the yearly
    statement that lists it, and the record of a refund of it. `"all"` does, as a donor's
    registered `anonymous: "all"` does; so does a wish that is none of the known values
    (`"yes"`: read as the strictest). `"public"` (or TRUE) keeps the name off the public
    record only (`gift_asks_anonymity`).

    Why one function: the letters, the statements and the refund lines each decided it, and
    a gift that asked "all" was named on its own letter."""
    if not gift_asks_anonymity(meta):
        return False
    return _wish((meta or {}).get("anonymous")) not in (True, "public")


def gift_anonymity(meta) -> str:
    """The wish a donation's own `anonymous` metadata (`meta`: the entry's) states, named as
    the registry names a donor's (ANONYMITY): "none", "public" (no name on the site, the open
    data and the reports; the letter names the donor) or "all" (no name on the letter
    either): `gift_asks_no_name_on_letter`, else `gift_asks_anonymity`.

    Why: the auditors' donor view showed only whether a gift asked for anonymity, so a gift
    that asked "all" looked the same as one that asked "public", and whether its letter
    should name the donor could not be checked there."""
    if gift_asks_no_name_on_letter(meta):
        return "all"
    return "public" if gift_asks_anonymity(meta) else "none"
