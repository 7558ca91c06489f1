"""What the importers need to know about the books they import into.

Built from the entries beangulp hands to `extract(filepath, existing)` (the books as loaded,
plus whatever was extracted earlier in the same run), through ledger/'s registries and
settings, never by reading beancount text. It answers: which books account a statement
number belongs to, who a payer is, which receipt number comes next, which source ids are
already in the books, and which private case names map to case ids (for linking bank debits
to roster aid; the names never leave this object).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from beancount.core import data

from importers.errors import ImportProblem, said, zh_of
from ledger.accounts import is_bank
from ledger.bidi import as_seen
from ledger.personal import CaseNames, read_case_file, saved_otherwise, without_name_dots
from ledger.registry import Registry, build_registry, norm_name
from ledger.settings import Settings, load_settings

PROPOSAL_TYPE = "donor-proposal"


def _norm(text: str | None) -> str:
    """As ledger.registry compares names (`norm_name`: NFKC, no spaces, case folded)."""
    return norm_name(text)


def digits(text: str) -> str:
    """Only the digits of `text` (account numbers are compared without spaces and dashes)."""
    return "".join(ch for ch in str(text or "") if ch.isdigit())


def same_number(a: str, b: str) -> bool:
    """Whether two account numbers as written (with spaces or dashes, masked or not:
    6222****1234) may name one account: their visible last digits are equal, or one ends
    with the other's and that one has four digits or more; and the first digits a masked
    number shows (6222 of 6222****1234) begin the other number too.

    Why the first digits: matched on its last four alone, the statement of another card
    (6217****2222) was taken for the books' account 6222000011112222 and booked there."""
    x, y = (digits(n.split("*")[-1]) for n in (a, b))
    if not (x and y) or not (x == y or (len(x) >= 4 and y.endswith(x)) or (len(y) >= 4 and x.endswith(y))):
        return False
    return _heads_agree(a, b) and _heads_agree(b, a)


def rows_before(records: Iterable, opened: datetime.date, *, opens: str, document: str,
                accounts: str, zh: tuple[str, str, str] | None = None) -> tuple[str, int, str] | None:
    """(what, earliest row, what to do) when rows of a file (`records`: .date, .row) are dated
    before `opened`, else None: such rows post to accounts not yet open.

    Why: a bill of 2023 read into books of 2026 was proposed row by row in the dry run, and
    `--write` refused it with one `Invalid reference to inactive account` line per row.
    `opens` says what opens on that day ("Assets:Bank:Basic opens", "the books open"),
    `document` what the file is, `accounts` which open dates to move; `zh` the three in
    Chinese (`Assets:Bank:Basic 开设`, `对账单`, …), which make the what and the hint `Said`s."""
    early = [r for r in records if r.date < opened]
    if not early:
        return None
    first = min(early, key=lambda r: (r.date, r.row))
    last = max(r.date for r in early)
    span = f"{first.date}" if first.date == last else f"{first.date} to {last}"
    what = f"{len(early)} row(s) are dated before the books open: {span}, while {opens} on {opened}"
    hint = (f"the books must start before the {document} does: for new books run `relief init DIR --year "
            f"{first.date.year}`; for books in use, move the open date of {accounts} in accounts.beancount "
            f"to {first.date.replace(month=1, day=1)} or earlier and record the opening balance that day; "
            f"or export the {document} from {opened} on")
    if zh is None:
        return what, first.row, hint
    from importers.errors import said

    opens_zh, document_zh, accounts_zh = zh
    span_zh = f"{first.date}" if first.date == last else f"{first.date} 至 {last}"
    return (said(f"{len(early)} 行的日期早于账簿开始：{span_zh}，而{opens_zh}于 {opened}", what), first.row,
            said(f"账簿必须在{document_zh}之前开始：新账簿请运行 `relief init DIR --year {first.date.year}`；使用中的账簿，"
                 f"请把 accounts.beancount 中{accounts_zh}的开设日期改到 {first.date.replace(month=1, day=1)} 或更早，"
                 f"并记录那一天的期初余额；或从 {opened} 起导出{document_zh}", hint))


def _heads_agree(masked: str, other: str) -> bool:
    """Whether the first digits `masked` shows before its mask begin `other` (true when
    `masked` is not masked, shows none, or `other` is a number's last digits only)."""
    if "*" not in masked:
        return True
    head = digits(masked.split("*")[0])
    if not head:
        return True
    if "*" in other:
        theirs = digits(other.split("*")[0])
        return head.startswith(theirs) or theirs.startswith(head)
    full = digits(other)
    if len(full) < len(head) + len(digits(masked.split("*")[-1])):
        return True  # 2222: the last digits only, nothing to compare the head with
    return full.startswith(head)


@dataclass
class BooksContext:
    """What the books already hold that an import needs, read once from the existing entries (and the private case names)."""
    registry: Registry
    settings: Settings
    opened: dict[str, data.Open]
    commodities: set[str]
    receipts: dict[int, int]
    proposals: dict[str, data.Custom]
    first_date: datetime.date | None
    root: Path | None = None
    case_names: dict[str, str] = field(default_factory=dict)
    #: why private/cases.csv could not be read (raised at the first name looked up)
    case_names_problem: ImportProblem | None = None
    #: names private/cases.csv gives more than one case (a name that cannot tell its case)
    case_names_shared: frozenset[str] = frozenset()

    # --- accounts ---------------------------------------------------------------------
    def bank_accounts(self) -> list[data.Open]:
        """The open bank accounts (Assets:Bank:...), in name order."""
        return [o for a, o in sorted(self.opened.items()) if is_bank(a)]

    def accounts_for_number(self, number: str, bank: str = "", currency: str = "") -> list[str]:
        """The books accounts whose `account_number` metadata matches a statement's number,
        narrowed where several do to those of the statement's bank, then to those that hold its
        currency (a card's CNY and HKD sub-accounts share the card's number: 兴业银行's).

        Masked numbers (6222****1234) match on their visible last digits.
        """
        if not digits(number.split("*")[-1]):
            return []
        hits = [o.account for o in self.bank_accounts() if same_number(number, str((o.meta or {}).get("account_number", "")))]
        if len(hits) > 1 and bank:
            hits = [a for a in hits if str((self.opened[a].meta or {}).get("bank", "")) == bank] or hits
        if len(hits) > 1 and currency:
            hits = [a for a in hits if currency in (self.opened[a].currencies or ())] or hits
        return hits

    def account_for_number(self, number: str, bank: str = "", currency: str = "") -> str | None:
        """The one books account `accounts_for_number` finds, or None."""
        hits = self.accounts_for_number(number, bank, currency)
        return hits[0] if len(hits) == 1 else None

    def default_bank_account(self, bank: str = "") -> str | None:
        """The one bank account a file can go to without being told: the only one of `bank`, else the only one at all, else None."""
        banks = self.bank_accounts()
        if bank:
            same = [o for o in banks if str((o.meta or {}).get("bank", "")) == bank]
            if len(same) == 1:
                return same[0].account
        return banks[0].account if len(banks) == 1 else None

    # --- donors (indexed once: a statement may have 100 000 rows) -------------------
    def donor_by_name(self, name: str):
        """The donor whose name, display name or alias matches (ignoring spaces and case), indexed on first use."""
        index = self.__dict__.get("_names")
        if index is None:
            index = {}
            for donor in self.registry.donors.values():
                for n in (donor.name, donor.display, *donor.aliases):
                    index.setdefault(_norm(n), donor)
            self.__dict__["_names"] = index
        key = _norm(name)
        return index.get(key) if key else None

    def donor_by_account(self, number: str):
        """The donor who gives from this account number (registry `accounts`), cached per number."""
        key = digits(number)
        if not key:
            return None
        cache = self.__dict__.setdefault("_accounts", {})
        if key not in cache:
            cache[key] = self.registry.donor_by_account(number)
        return cache[key]

    # --- receipts ---------------------------------------------------------------------
    def next_receipt(self, year: int) -> str:
        """The next receipt number of `year` in the books' receipt pattern; it follows the highest already used in the books (or in this import)."""
        seq = self.receipts.get(year, 0) + 1
        self.receipts[year] = seq
        return self.settings.receipt(year, seq)

    # --- cases ------------------------------------------------------------------------
    def case_for_name(self, name: str, masked: bool = True) -> str | None:
        """The case id for a person's name in private/cases.csv (names never go into the books; the register gives a name);
        with `masked`, also the one case a masked name (李*) fits."""
        if self.case_names_problem is not None:
            raise self.case_names_problem
        key = "".join(str(name or "").split())
        found = self.case_names.get(key)
        if found is None and key:
            index = self._case_names_undotted()
            if index:  # only a case file with such names
                found = index.get(without_name_dots(as_seen(key)))
        if found is None and masked and ("*" in key or "＊" in key):
            fitting = self.cases_for_masked_name(key)
            found = next(iter(fitting)) if len(fitting) == 1 else None
        return found

    def _case_names_undotted(self) -> dict[str, str]:
        """The names in private/cases.csv with a dot between their parts (阿依古丽·买买提, which
        a bank writes 阿依古丽.买买提 or 阿依古丽买买提), as a reader sees them, without the dot
        (a name two cases share so is none); empty when the file has none, so that the payees
        of a statement cost a second look only where such names are. Built on first use."""
        index = self.__dict__.get("_undotted_index")
        if index is None:
            index, shared = {}, set()
            for known, case in self.case_names.items():
                folded = without_name_dots(as_seen(known))
                if folded != known and index.setdefault(folded, case) != case:
                    shared.add(folded)
            index = self.__dict__["_undotted_index"] = {k: v for k, v in index.items() if k not in shared}
        return index

    def case_name_finder(self) -> CaseNames:
        """The names in private/cases.csv as ledger.personal.CaseNames finds them in a text, built on first use."""
        finder = self.__dict__.get("_case_name_finder")
        if finder is None:
            finder = self.__dict__["_case_name_finder"] = CaseNames(self.case_names)
        return finder

    def names_of_case(self, case_id: str) -> list[str]:
        """The names private/cases.csv gives `case_id` (without spaces), indexed on first use."""
        index = self.__dict__.get("_case_names_by_id")
        if index is None:
            index = self.__dict__["_case_names_by_id"] = {}
            for name, case in self.case_names.items():
                index.setdefault(case, []).append(name)
        return index.get(case_id, [])

    def cases_for_masked_name(self, name: str) -> set[str]:
        """The case ids whose name in private/cases.csv fits a name the bank masked (李*伟,
        欧阳**, *伟: each run of stars one character or more). Why: a statement writing its
        payees so had no debit linked to the roster's aid it paid, and the aid was paid out
        twice in the books (the roster's from the bank, and the debit on Liabilities:Payable)."""
        if self.case_names_problem is not None:
            raise self.case_names_problem
        key = "".join(str(name or "").split()).replace("＊", "*")
        if "*" not in key or not key.strip("*"):
            return set()
        pattern = re.compile("".join(".+" if part.startswith("*") else re.escape(part) for part in re.split(r"(\*+)", key) if part))
        return {case for known, case in self.case_names.items() if pattern.fullmatch(known)}


def _private_case_names(root: Path | None) -> tuple[dict[str, str], ImportProblem | None, frozenset[str]]:
    """private/cases.csv as {name without spaces: case id}, or why it cannot be read
    (ledger.personal.read_case_file), and the names it gives more than one case.

    Why the problem is kept, not swallowed: the names map a bank payee to a case id so the
    person's name stays out of the books. A file saved by Excel in GBK, or with its columns
    renamed, used to read as no names at all, and every beneficiary's name went silently
    into the books as the payee of their aid. No file (books without private case records)
    is no names."""
    if root is None:
        return {}, None, frozenset()
    found = read_case_file(root)
    if found.problem is not None:
        return {}, _cases_problem(found.path, said(found.problem_zh or "无法读取", found.problem), found.line,
                                  said(found.hint_zh, found.hint) if found.hint else None), frozenset()
    if not found.names and not found.path.exists():
        return {}, _saved_otherwise(found.path), frozenset()
    return found.names, None, found.shared


def _saved_otherwise(path: Path) -> ImportProblem | None:
    """The problem when private/cases.csv is not there but the file is, saved otherwise: as a
    workbook by Excel or WPS (cases.xlsx, cases.et) or as text (cases.txt); else None.

    Why: such a file left no cases.csv, which read as books without private records, and a
    beneficiary's name went into the books as the payee of their aid without a word."""
    others = saved_otherwise(path)
    if not others:
        return None
    shown = ", ".join(f"{path.parent.name}/{name}" for name in others)
    shown_zh = "、".join(f"{path.parent.name}/{name}" for name in others)
    return ImportProblem(
        path, said(f"{path} 不存在，但有 {shown_zh}（是用 Excel 或 WPS 存成了别的格式吗？），所以受助人的姓名无法换成"
                   "案例编号（姓名从不写入账簿）",
                   f"{path} is not there, but {shown} is (saved by Excel or WPS in another format?), so a payee's name could not "
                   "be replaced by their case id (names never go into the books)"),
        row=None,
        hint=said(f"请打开 {shown_zh}，另存为 CSV（UTF-8），文件名为 cases.csv，列为 case,name,…（与 `relief init` 写的一样），"
                  "然后重新导入；什么也没有导入",
                  f"open {shown} and save it as CSV (UTF-8) named cases.csv, with the columns case,name,... as `relief init` "
                  "writes it, then import again; nothing was imported"),
    )


def _cases_problem(path: Path, what: str, row: int | None, hint: str | None = None) -> ImportProblem:
    """The refusal for a private/cases.csv that cannot be read: `what` is wrong with it and
    `hint` what to do (Saids: their Chinese makes the refusal's)."""
    what_zh = zh_of(what) or "无法读取"
    return ImportProblem(
        path, said(f"{path} {what_zh}，所以受助人的姓名无法换成案例编号（姓名从不写入账簿）",
                   f"{path} {what}, so a payee's name could not be replaced by their case id (names never go into the books)"),
        row=row,
        hint=hint or said("请另存为 CSV（UTF-8），列为 case,name,…（与 `relief init` 写的一样），然后重新导入；什么也没有导入",
                          "save it as CSV (UTF-8) with the columns case,name,... as `relief init` writes it, then import again; "
                          "nothing was imported"),
    )


def build_context(existing: Iterable[data.Directive], root: Path | None = None) -> BooksContext:
    """The BooksContext of `existing` entries (and of the books folder `root`, for private case names)."""
    entries = list(existing or [])
    settings, _ = load_settings(entries)
    registry = build_registry(entries)
    pattern = settings.receipt_pattern()
    opened: dict[str, data.Open] = {}
    commodities: set[str] = set()
    receipts: dict[int, int] = defaultdict(int)
    proposals: dict[str, data.Custom] = {}
    first = None
    for entry in entries:
        if isinstance(entry, data.Open):
            opened[entry.account] = entry
            first = entry.date if first is None else min(first, entry.date)
        elif isinstance(entry, data.Commodity):
            commodities.add(entry.currency)
        elif isinstance(entry, data.Transaction):
            meta = entry.meta or {}
            if meta.get("__duplicate__"):
                continue
            m = pattern.match(str(meta.get("receipt", "")))
            if m:
                receipts[int(m.group(1))] = max(receipts[int(m.group(1))], int(m.group(2)))
            for p in entry.postings:
                if p.units is not None and p.units.currency:
                    commodities.add(p.units.currency)
        elif isinstance(entry, data.Custom) and entry.type == PROPOSAL_TYPE and entry.values:
            proposals[str(entry.meta.get("name") or entry.values[0].value)] = entry
    for number in registry.voids:
        m = pattern.match(number)
        if m:
            receipts[int(m.group(1))] = max(receipts[int(m.group(1))], int(m.group(2)))
    return BooksContext(registry, settings, opened, commodities, receipts, proposals, first, root,
                        *_private_case_names(root))


ZERO = Decimal(0)
