"""Bank statements: one importer per profile (importers.profiles), CSV, XLS or XLSX.

The importer finds the profile's header row after whatever preamble the bank writes, reads
the rows until the totals row or footer, checks the totals against the rows, and turns each
row into a `Record`. The statement's own account number picks the books account (through
`account_number` metadata on the `open`, or the import config's map, or --account). The
period the statement covers is the one its preamble states (importers.period), else the
days of its first and last rows; the closing balance becomes a `balance` assertion dated
the day after that period, as beancount's balance directives are checked at the start of
their day.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from beancount.core import data
from beancount.core.amount import Amount

from importers.base import ImportOptions, ReliefImporter, Report
from importers.classify import Classifier
from importers.context import BooksContext, same_number
from importers.dedupe import link_roster_aid
from importers.errors import ImportProblem, Skipped
from importers.period import period_in_name, stated_period
from importers.profiles import Profile, draft_profile, fold_header, header_key
from importers.reading import Row, Sheet, read_table, refuse_other_sheets, refuse_shifted, serial_date, trimmed_cells
from importers.records import CENT, ZERO, Record, assign_fingerprints, qualified_ref
from importers.statement_lines import (
    TOTAL_IN_WORDS,
    TOTAL_OUT_WORDS,
    TOTALS_IN_WORDS,
    TOTALS_LABEL,
    balance_line,
    day_subtotal,
    header_line,
    is_page_subtotal,
    page_line,
    stated_count,
    subtotal_kind,
    year_to_date,
)
from importers.values import (
    amount_hint,
    cell_hint,
    finer_than_fen,
    is_empty,
    is_masked,
    is_rounded_id,
    money,
    normalise,
    parse_date,
    parse_marked_amount,
    parse_time,
    slashed_order,
    split_mark,
)
from ledger.accounts import BANK_ROOT, PAYABLE_ACCOUNT

CURRENCIES = {"人民币": "CNY", "rmb": "CNY", "cny": "CNY", "¥": "CNY", "美元": "USD", "usd": "USD", "港币": "HKD",
              "港元": "HKD", "hkd": "HKD", "欧元": "EUR", "eur": "EUR", "日元": "JPY", "jpy": "JPY", "英镑": "GBP",
              "美金": "USD", "港幣": "HKD", "日圆": "JPY",
              # ISO 4217 numeric codes, which some corporate exports write in 币种
              "156": "CNY", "840": "USD", "344": "HKD", "978": "EUR", "392": "JPY", "826": "GBP"}
HEADER_SCAN_ROWS = 60
#: a preamble's statement of the whole statement's currency: 币种：美元, 币别: USD, 货币：港币
PREAMBLE_CURRENCY = re.compile(r"(?:币种|币别|幣別|貨幣|货币|currency)\s*[:：]\s*\[?\s*([^\s,，;；\]]+)", re.IGNORECASE)


def currency_code(text: str, default: str) -> str:
    """An ISO currency code for a statement's currency cell (人民币, RMB, usd, 美元现汇, ...);
    `default` when empty. Raises ValueError for a currency it does not know: taken for the
    default, a row in 新加坡元 or 美金 would be booked as that many yuan."""
    t = normalise(text).lower()  # ＣＮＹ, typed with a Chinese input method's full-width letters
    if not t or is_empty(t):
        return default
    if t in CURRENCIES:
        return CURRENCIES[t]
    if re.fullmatch(r"[a-z]{3}", t):
        return t.upper()
    named = {code for name, code in CURRENCIES.items() if len(name) > 1 and not name.isascii() and name in t}
    if len(named) == 1:  # 人民币元, 美元现汇, 港币(钞)
        return named.pop()
    raise ValueError(text)


@dataclass
class Statement:
    """A bank statement as read: where its header is, its records and skipped rows, and what it states about itself (number, period, totals)."""
    profile: Profile
    sheet: str
    header_row: int
    columns: dict[str, int]
    memo_columns: list[int]
    header_names: list[str]
    records: list[Record] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    number: str = ""
    closing: tuple[datetime.date, Decimal, str] | None = None
    notes: list[str] = field(default_factory=list)
    #: the currency the preamble states for every row (币种：美元), as an ISO code, if it says
    stated_currency: str = ""
    #: the (first, last) day the statement's preamble says it covers, if it says
    stated: tuple[datetime.date, datetime.date] | None = None
    #: the file's own movement over every data row (skipped ones included): money in
    #: (positive) and money out (negative), as its cells say
    file_in: Decimal = ZERO
    file_out: Decimal = ZERO
    #: the two rows of a header written over two rows (as repeated at a page break), else empty
    header_halves: set[tuple[str, ...]] = field(default_factory=set)
    #: mapped columns the profile names that the header row lacks
    missing: list[str] = field(default_factory=list)
    #: for in / out layouts: the money-in and money-out columns summed as written (what a
    #: totals row states)
    column_in: Decimal = ZERO
    column_out: Decimal = ZERO
    #: the same per row, by row number (a day's or a page's subtotal is checked against its rows)
    row_columns: dict[int, tuple[Decimal, Decimal]] = field(default_factory=dict)

    @property
    def row_days(self) -> tuple[datetime.date, datetime.date] | None:
        """The days of its first and last rows."""
        if not self.records:
            return None
        return min(r.date for r in self.records), max(r.date for r in self.records)

    @property
    def period(self) -> tuple[datetime.date, datetime.date] | None:
        """The days the statement covers: the stated period, else its rows' days."""
        return self.stated or self.row_days


def missing_columns(profile: Profile, header: Row) -> list[str]:
    """The header texts of the columns the profile names but the header row lacks (and the
    profile does not allow to be missing)."""
    present = {fold_header(c) for c in header.cells}
    missing = []
    for key in profile.columns:
        if profile.may_lack(key):
            continue
        for alternatives in profile.alternatives(key):
            if not any(fold_header(a) in present for a in alternatives):
                missing.append(f"{' or '.join(alternatives)} ({key})")
    return missing


def find_header(profile: Profile, rows: list[Row]) -> tuple[Row, dict[str, int], list[int]] | None:
    """The header row and the index of each mapped column, or None when this is not the layout.

    A header written over two rows, as printouts saved as spreadsheets and web pages have it
    (交易 above 日期, or 发生额 over 贷方金额 / 借方金额), is read as one: when neither row is
    the header alone, each column's text is the two joined (交易日期), or the lower row's
    where the upper is a title over several columns. The header is then the lower row,
    holding those texts. Such a statement used to be unknown or, its lower row holding 日期
    and 金额, taken for a donation register and refused in that register's words."""
    scan = rows[:HEADER_SCAN_ROWS]
    for i, row in enumerate(scan):
        found = _header_columns(profile, row)
        if found is not None:
            return _merged_down(profile, scan[i - 1] if i else None, row, found)
        below = scan[i + 1] if i + 1 < len(scan) else None
        if row.blank or below is None or not _header_text(below) or _header_columns(profile, below) is not None:
            continue
        width = max(len(row.cells), len(below.cells))
        upper, lower = [row.get(k) for k in range(width)], [below.get(k) for k in range(width)]
        joined_cells = [u + lo for u, lo in zip(upper, lower, strict=True)]
        lower_cells = [lo or u for u, lo in zip(upper, lower, strict=True)]
        known = {fold_header(a) for key in profile.columns for column in profile.alternatives(key) for a in column}
        # a title merged over several columns stands in the first of them only: carried
        # right over the columns that have a lower text, it names each (发生额 over 借方 and
        # 贷方 reads 借方发生额 and 贷方发生额)
        spanned = list(upper)
        for k in range(1, width):
            if not spanned[k] and lower[k] and lower[k - 1]:
                spanned[k] = spanned[k - 1]
        mixed = []
        for k in range(width):
            readings = (joined_cells[k], lower_cells[k], lower[k] + spanned[k], spanned[k] + lower[k])
            mixed.append(next((t for t in readings if fold_header(t) in known), lower_cells[k]))
        candidates = []
        for cells in (mixed, joined_cells, lower_cells):
            joined = Row(below.number, tuple(cells))
            found = _header_columns(profile, joined)
            if found is not None:
                candidates.append((joined, *found))
        if candidates:
            # Why: a title over some columns (对方信息 over 对方户名 and 对方账号) beside
            # columns written over both rows (交易 above 日期) fits neither reading for every
            # column; taking the first reading that found the required columns lost 对方户名,
            # and every gift was booked without its donor's name
            return max(candidates, key=lambda c: len(c[1]) + len(c[2]))
    return None


def _merged_down(profile: Profile, above: Row | None, row: Row,
                 found: tuple[dict[str, int], list[int]]) -> tuple[Row, dict[str, int], list[int]]:
    """The header row with the cells a two-row header writes once, merged over both rows (余额
    beside 发生额 over 借方 / 贷方): the upper row's text where the header row is empty, when
    it names a column of the layout. Why: the header row alone was taken, without the 余额 of
    the row above, and the statement was imported as one "missing or masked" its balances."""
    if above is None or above.blank or not _header_text(above):
        return row, *found
    known = {fold_header(a) for key in profile.columns for column in profile.alternatives(key) for a in column}
    width = max(len(row.cells), len(above.cells))
    cells = [row.get(k) or (above.get(k) if fold_header(above.get(k)) in known else "") for k in range(width)]
    if cells == [row.get(k) for k in range(width)]:
        return row, *found
    filled = Row(row.number, tuple(cells))
    more = _header_columns(profile, filled)
    if more is None or len(more[0]) + len(more[1]) <= len(found[0]) + len(found[1]):
        return row, *found
    return filled, *more


def _header_text(row: Row) -> bool:
    """Whether a row could be the lower half of a header: some text, and no cell a date or an amount."""
    if row.blank:
        return False
    for cell in row.cells:
        try:
            if parse_marked_amount(cell)[0] is not None:
                return False
        except ValueError:
            pass
        try:
            parse_date(cell)
            return False
        except ValueError:
            pass
    return True


def _header_columns(profile: Profile, row: Row) -> tuple[dict[str, int], list[int]] | None:
    """The index of each mapped column, and the memo columns, when `row` is the profile's header row; else None."""
    folded = [fold_header(c) for c in row.cells]
    if not any(folded):
        return None
    present = set(folded)
    if any(fold_header(h) not in present for h in profile.header):
        return None
    if any(fold_header(h) in present for h in profile.not_header):
        return None
    columns: dict[str, int] = {}
    for key in profile.columns:
        if key == "memo":
            continue
        for alternative in profile.alternatives(key)[0]:
            f = fold_header(alternative)
            if f in present:
                columns[key] = folded.index(f)
                break
    if not all(k in columns for k in profile.required):
        return None
    memo = []
    for alts in profile.alternatives("memo"):
        for alternative in alts:
            f = fold_header(alternative)
            if f in present:
                memo.append(folded.index(f))
                break
    return columns, memo


class BankStatementImporter(ReliefImporter):
    """Imports one bank's statements, as described by a Profile (column names, sign convention, preamble)."""
    kind = "bank"

    def __init__(self, profile: Profile, options: ImportOptions | None = None):
        super().__init__(options)
        self.profile = profile
        self.title = profile.name
        #: the CR / DR mark of the amounts `_amount` last read, by column key
        self._marks: dict[str, int] = {}

    @property
    def name(self) -> str:
        """beangulp's importer name, one per bank profile (Fava lists importers by it)."""
        return f"relief.bank.{self.profile.id}"

    # --- recognising and reading --------------------------------------------------
    def _locate(self, filepath: str) -> tuple[Sheet, Row, dict[str, int], list[int], list[str]] | None:
        table = read_table(filepath, self.profile.encoding)
        found_in = [(sheet, found) for sheet in table.sheets if (found := self._header_in(sheet)) is not None]
        if not found_in:
            return None
        sheet, (row, columns, memo) = found_in[0]
        self._open_ended = table.open_ended
        self._text = table.kind == "csv"
        self._workbook = table.kind in ("xlsx", "xls")
        self._date1904 = table.date1904
        self._other_sheets = [(other, found[0].number) for other, found in found_in[1:]]
        # sheets before the statement's without its header: a cover page (查询条件) that may
        # state the account and the period the statement sheet itself leaves out
        statements = {id(s) for s, _ in found_in}
        self._cover = [r for other in table.sheets[:table.sheets.index(sheet)] if id(other) not in statements for r in other.rows]
        return sheet, row, columns, memo, table.notes

    def _serial_dates(self, sheet: Sheet, header: Row, columns: dict[str, int], st: Statement) -> None:
        """A workbook's date cells that show a date number (46086, 46086.375) instead of a
        date, as a program writing the export without a date format leaves them: read as the
        date they stand for, with a note. Only in a workbook (a CSV's 46086 may be anything)
        and only this century's days. Why: such a statement was refused row by row, "46086
        is not a date", with nothing for the finance officer to do but retype every date."""
        if not getattr(self, "_workbook", False):
            return
        index = columns.get("date")
        if index is None:
            return
        first = None
        for i, row in enumerate(sheet.rows):
            if row.number <= header.number:
                continue
            shown = serial_date(row.get(index), self._date1904)
            if shown is None:
                continue
            first = first or (row.number, row.get(index), shown)
            cells = list(row.cells)
            cells[index] = shown
            sheet.rows[i] = Row(row.number, tuple(cells))
        if first:
            st.notes.append(f"the date column holds spreadsheet date numbers, not dates (row {first[0]}: {first[1]}): read as "
                            f"the dates they stand for ({first[2]}{', 1904 date system' if self._date1904 else ''}); check the "
                            "first and last dates against the statement")

    def _header_in(self, sheet: Sheet) -> tuple[Row, dict[str, int], list[int]] | None:
        """The sheet's header row for this profile (and the preamble the profile asks for), or None."""
        found = find_header(self.profile, sheet.rows)
        if found is None:
            return None
        preamble = " ".join(r.text for r in sheet.rows if r.number < found[0].number)
        if self.profile.preamble and not all(w in preamble for w in self.profile.preamble):
            return None
        return found

    def matches(self, filepath: str) -> bool:
        """Whether the file has this profile's header row (read once and cached: every importer asks).

        A profile of the books' own also needs every column it names (but those it lists as
        optional): the books' profiles are tried first, and one whose required columns are
        generic (交易日期, 交易金额) took every bank's file that has them, an ABC statement
        the built-in layout reads included, only to refuse it for lacking the profile's
        交易货币. A file of its own layout with a column misspelt in the profile is then
        identified by nothing, and `relief import` says which column (importers/run.py)."""
        located = self._locate(filepath)
        if located is None:
            return False
        return self.profile.optional is None or not missing_columns(self.profile, located[1])

    def _parse(self, filepath: str) -> Statement:
        located = self._locate(filepath)
        if located is None:
            raise ImportProblem(filepath, f"this is not a {self.profile.name} statement (no header row with "
                                f"{', '.join(self._required_names())})",
                                hint="choose the importer for the file's bank, or add a profile for it to import_config.py")
        sheet, header, columns, memo, notes = located
        copies = refuse_other_sheets(filepath, sheet, self._other_sheets, header.number)
        st = Statement(self.profile, sheet.name, header.number, columns, memo, list(header.cells), notes=list(notes))
        if copies:
            st.notes.append(f"sheet {sheet.name!r} read; other sheet(s) {', '.join(map(repr, copies))} hold only rows of it: not read")
        halves = [r for r in sheet.rows if r.number in (header.number - 1, header.number)]
        if halves and halves[-1].cells != header.cells:  # a header written over two rows
            st.header_halves = {trimmed_cells(r.cells) for r in halves}
        st.missing = missing_columns(self.profile, header)
        if st.missing:
            shown = ", ".join(c for c in header.cells if c)
            raise ImportProblem(filepath, f"the profile {self.profile.id} ({self.profile.name}) names the column(s) "
                                f"{'; '.join(st.missing)}, which the file's header row does not have (it has: {shown})",
                                row=header.number,
                                hint="correct the column name in the profile in import_config.py (headers are compared without "
                                     "spaces), or list the key under \"optional\" if this export really lacks it")
        self._serial_dates(sheet, header, columns, st)
        self._unread_columns(filepath, st, header, [r for r in sheet.rows if r.number > header.number])
        preamble = [r for r in sheet.rows if r.number < header.number]
        st.number = self._account_number(preamble) or self._account_number(self._cover)
        st.stated = stated_period(preamble) or period_in_name(sheet.name) or stated_period(self._cover)
        self._stated_currency = st.stated_currency = self._preamble_currency(preamble) or self._preamble_currency(self._cover)
        body = [r for r in sheet.rows if r.number > header.number]
        self._read_rows(filepath, st, body)
        if getattr(self, "_open_ended", False) and st.records and body and body[-1].number == st.records[-1].row:
            self._check_last_row(filepath, st, body[-1], body)
        if not st.number and "own_account" in columns and st.records:
            first = next(r for r in sheet.rows if r.number == st.records[0].row)
            st.number = first.get(columns["own_account"])
        return st

    def _unread_columns(self, filepath: str, st: Statement, header: Row, body: list[Row]) -> None:
        """The file's columns of a balance, a payer, or a currency that the layout does not
        read, as when another bank's export shares a built-in layout's marks (邮储's 交易渠道
        took the ABC layout, which reads 本次余额 and 对手信息, not 账户余额 and 对方户名).

        Why: such a file was booked with every payer's name dropped and without a balance
        assertion, under a note that its balance was "missing or masked". A currency column
        not read whose rows are in another currency stops the import: its amounts would be
        booked as so many yuan."""
        unread: dict[str, list[tuple[int, str]]] = {}
        for index, cell in enumerate(header.cells):
            key = header_key(cell) if cell else None
            if key in ("balance", "payer", "payer_account", "currency", "direction") and key not in st.columns:
                unread.setdefault(key, []).append((index, cell))
        for index, cell in unread.get("currency", []):
            for row in body:
                text = row.get(index)
                try:
                    code = currency_code(text, self.profile.currency) if text and not is_masked(text) else self.profile.currency
                except ValueError:
                    continue
                if code != self.profile.currency and _dated(row.get(st.columns["date"]), self.profile.date_format):
                    raise ImportProblem(filepath, f"the file's column {cell} says {text!r}, but the layout {self.profile.name} "
                                        f"({self.name}) does not read that column and would book the amounts as "
                                        f"{self.profile.currency}", row=row.number, column=cell,
                                        hint="describe the file's layout as a profile in import_config.py (docs/importing.md, "
                                             "\"Bank profiles\") with its currency column")
        if self.profile.sign == "signed":
            for index, cell in unread.get("direction", []):
                rows = [r for r in body if _dated(r.get(st.columns["date"]), self.profile.date_format)]
                outs = [r for r in rows if self.profile.direction_of(r.get(index)) < 0]
                if outs and not any(_amount_or_zero(r.get(st.columns["amount"])) < 0 for r in rows):
                    # unsigned amounts and a direction column the layout does not read: every
                    # payment would be booked as money in
                    raise ImportProblem(filepath, f"the amounts carry no sign, and the file's column {cell} "
                                        f"({outs[0].get(index)!r} here) says which way the money went, which the layout "
                                        f"{self.profile.name} ({self.name}) does not read: every payment would be booked as "
                                        "money in", row=outs[0].number, column=cell,
                                        hint="describe the file's layout as a profile in import_config.py with \"sign\": "
                                             "\"direction\" and its direction column (docs/importing.md, \"Bank profiles\")")
        names = [cell for key in ("balance", "payer", "payer_account") for _, cell in unread.get(key, [])]
        if names and self.profile.optional is None:  # a built-in layout (a books' profile leaves columns out on purpose)
            st.notes.append(f"the file's column(s) {', '.join(names)} are not read by the layout {self.profile.name} ({self.name}): "
                            "is the file that bank's? Describe its layout as a profile in import_config.py to read them "
                            "(docs/importing.md, \"Bank profiles\")")

    def _required_names(self) -> list[str]:
        return [self.profile.alternatives(k)[0][0] for k in self.profile.required]

    def _account_number(self, rows: list[Row]) -> str:
        """The statement's own account number from its preamble, without the spaces or dashes
        of a number written in groups (6222 0200 0000 1234); "" when it names none."""
        pattern = re.compile(self.profile.account_pattern)
        for row in rows:
            for text in (*row.cells, " ".join(row.cells)):
                m = pattern.search(text)
                if m:
                    return re.sub(r"[\s-]", "", m.group(1))
        return ""

    @staticmethod
    def _preamble_currency(rows: list[Row]) -> str:
        """The currency the preamble states for the whole statement (币种：美元, 币别: USD,
        Currency: HKD), as an ISO code; "" when it states none or none relief knows (全部).

        Why: a debit card holds a sub-account per currency under one card number, and the USD
        sub-account's export from a layout without a currency column (ABC's) says so only
        above its header: its dollars were booked as so many yuan into the CNY account."""
        for row in rows:
            for m in PREAMBLE_CURRENCY.finditer(row.text):
                try:
                    return currency_code(m.group(1), "")
                except ValueError:
                    continue
        return ""

    def _cell(self, row: Row, key: str) -> str:
        index = self._cols.get(key)
        return row.get(index) if index is not None else ""

    def _read_rows(self, filepath: str, st: Statement, rows: list[Row]) -> None:
        p = self.profile
        cols = st.columns
        self._cols = cols
        self._filepath = filepath
        self._memo_cols = st.memo_columns
        name = {k: st.header_names[i] for k, i in cols.items()}
        needed = max(cols[k] for k in p.required) + 1
        totals: list[Row] = []
        in_footer = 0  # the row number of the first footer or totals row, once seen
        data_rows = [r for r in rows if not r.blank]
        self._rounded_ids: list[tuple[int, str]] = []
        width = len(trimmed_cells(st.header_names)) if getattr(self, "_text", False) else 0  # CSV rows are checked for shifted cells
        self._date_formats = p.date_format or self._slashed_dates(filepath, data_rows, cols["date"], name["date"])
        daily = {r.number for r in data_rows if day_subtotal(r)}
        dated = {r.number for r in data_rows if self._is_date(r.get(cols["date"])) and not self._dated_footer(r, st)
                 and not self._totals_label(r) and r.number not in daily}  # each date read once
        last_data = max(dated, default=0)
        if not dated:
            self._refuse_time_for_date(filepath, st, data_rows, name)
        # transaction rows only: a totals row writes its column's sum with a sign of its own
        self._out_reversals = self._reversal_sign([r for r in data_rows if r.number in dated])
        breaks = self._page_breaks(data_rows, st, dated, last_data, daily)
        still: dict[int, Decimal | None] = {}  # rows with no amount: their balances
        self._empty_amounts: list[int] = []  # a signed layout's rows with an empty amount beside a balance
        first_with_id: dict[str, tuple[int, tuple[str, ...]]] = {}  # id -> (row, cells) of its first row
        counted = 0  # the transaction rows read, skipped ones included, against a count the footer states
        counted_rows: list[int] = []  # their numbers: a page's subtotal counts the rows of its page
        for row in data_rows:
            date_text = row.get(cols["date"])
            if row.number in breaks:
                st.skipped.append(Skipped(row.number, breaks[row.number], row.text[:60]))
                continue
            if row.number not in dated and row.number < last_data and balance_line(row) and not self._holds_money(row, st):
                # an undated balance line among the rows (期初余额 in the date column, 上日余额
                # in the memo): it was refused as "'期初余额' is not a date"; its balance is
                # checked against its neighbours' like a row with no amount
                st.skipped.append(Skipped(row.number, "a balance line: it moves no money", row.text[:60]))
                still[row.number] = self._balance(filepath, row, name)
                continue
            if row.number in daily:
                period = "month" if subtotal_kind(row) == "month" else "day"
                st.skipped.append(Skipped(row.number, f"the {period}'s subtotal: it adds up that {period}'s rows, each booked on its own",
                                          row.text[:60]))
                continue
            # a dated row after the footer is a transaction, the file's last one included (it
            # used to be passed over as footer: its money neither booked nor listed)
            if in_footer and row.number <= last_data:
                resumes = min(n for n in dated if n >= row.number)  # the first transaction row after the footer
                self._refuse_second_account(st, [r for r in data_rows if in_footer < r.number <= resumes])
                raise ImportProblem(filepath, f"transaction rows follow the footer or totals row {in_footer}", row=row.number,
                                    hint="export the statement again as one table; if the export is cut into pages, each "
                                         "page break must repeat the column header for relief to recognise it")
            if in_footer or row.number not in dated:
                if row.number > last_data and self._sum_row(row, st):
                    totals.append(row)  # a =SUM row under the money columns, with no label: checked like any totals row
                    in_footer = in_footer or row.number
                    continue
                if not date_text and not self._labelled(row) and self._holds_money(row, st):
                    # a day merged over several rows in a spreadsheet: only its first row holds it
                    raise ImportProblem(filepath, "the row holds an amount but its date cell is empty, which is not a date", row=row.number,
                                        column=name["date"], hint=EMPTY_DATE_HINT)
                if row.number < last_data and not self._is_footer(row) and not self._totals_label(row):
                    raise ImportProblem(filepath, f"{date_text!r} is not a date", row=row.number, column=name["date"],
                                        hint=cell_hint(date_text, "fix the cell (dates look like 2026-03-05), or delete the row if it is not a transaction"))
                if row.number > last_data and not self._labelled(row) and self._holds_money(row, st):
                    # after the last dated row, but moving money: not a footer to pass over in silence
                    raise ImportProblem(filepath, f"the row holds an amount but {date_text!r} in its date column is not a date",
                                        row=row.number, column=name["date"],
                                        hint=cell_hint(date_text, "fix the date cell (a spreadsheet's date number, such as 46085, must be "
                                                       "formatted as a date before saving), or delete the row if it is not a transaction"))
                if self._is_totals(row):
                    totals.append(row)
                in_footer = in_footer or row.number
                continue
            if len(row.cells) < needed and self._text:
                # a spreadsheet stores no empty cells at a row's end: only a text file's row is cut short
                what = "the row stops short" + (" — the file looks cut off" if row.number == last_data else "")
                raise ImportProblem(filepath, f"{what}: it has {len(row.cells)} cells but the header has {len(st.header_names)}",
                                    row=row.number, column=st.header_names[len(row.cells)] if len(row.cells) < len(st.header_names) else None,
                                    hint="export the statement again")
            if width and len(row.cells) > width:
                refuse_shifted(filepath, row, width, "statement")
            counted += 1
            counted_rows.append(row.number)
            record = self._record(filepath, row, name)
            moved_in, moved_out = self._moved
            st.file_in += moved_in
            st.file_out += moved_out
            if p.sign == "in-out":
                st.column_in += self._columns[0]
                st.column_out += self._columns[1]
                st.row_columns[row.number] = self._columns
            if record is None:
                st.skipped.append(Skipped(row.number, "amount is zero: no money moved", row.text[:60],
                                          amount=moved_in + moved_out))
                still[row.number] = self._balance(filepath, row, name)
                continue
            if record.source_ref:
                cells = trimmed_cells(row.cells)
                first = first_with_id.setdefault(record.source_ref, (row.number, cells))
                if first[0] != row.number and first[1] == cells:
                    # the same id, date, amount and balance: the export wrote one transaction
                    # twice (a bank gives each its own id; two real ones would move the balance twice)
                    st.skipped.append(Skipped(row.number, f"repeats row {first[0]} cell for cell, its id {record.source_ref} "
                                              "included: one transaction written twice", row.text[:60],
                                              amount=(moved_in + moved_out).quantize(CENT)))
                    continue
            st.records.append(record)
        if not st.records and not st.skipped:
            raise ImportProblem(filepath, "the statement has a header but no transaction rows",
                                row=st.header_row, hint="check the period you exported; nothing was imported")
        self._check_still_rows(filepath, st, still, name)
        if self._empty_amounts and not any(r.balance is not None for r in st.records):
            # no row's balance to check it against: nothing says the row moved no money
            raise ImportProblem(filepath, "the amount is empty", row=self._empty_amounts[0], column=name["amount"],
                                hint="every transaction row needs an amount")
        if self.options.verify_summary:
            page = max(breaks, default=0)
            self._check_count(filepath, [r for r in data_rows if r.number > last_data], counted,
                              sum(1 for n in counted_rows if n > page) if page else counted)
            self._check_page_subtotals(filepath, st, [r for r in data_rows if r.number in breaks and is_page_subtotal(r)],
                                       name, counted_rows)
            for row in totals:
                # a page's subtotal under the last page adds up that page's rows only
                page = is_page_subtotal(row) and max(breaks, default=0)
                if page:
                    try:
                        self._check_totals(filepath, st, row, name, part=[r for r in st.records if r.row > page],
                                           what=("the last page's subtotal", "the rows of the last page"))
                    except ImportProblem as problem:
                        try:  # a 本页合计 that states the whole statement's total agrees too
                            self._check_totals(filepath, st, row, name)
                        except ImportProblem:
                            raise problem from None
                else:
                    self._check_totals(filepath, st, row, name)
            if daily:
                # each subtotal's rows found in one pass over the file, not one pass each
                by_number = {r.number: r for r in data_rows}
                days: dict[object, list[Record]] = defaultdict(list)
                for r in st.records:
                    days[r.date].append(r)
                    days[(r.date.year, r.date.month)].append(r)
                record_rows = [r.row for r in st.records]  # in row order, as read
                for number in sorted(daily):
                    self._check_day_subtotal(filepath, st, by_number[number], name, days, record_rows)
        self._mark_reversals(st)
        chain = self._chain_notes(st.records)
        if chain:
            self._refuse_inverted(filepath, st)
        st.notes.extend(chain)
        if self._rounded_ids:
            first, text = self._rounded_ids[0]
            st.notes.append(f"{len(self._rounded_ids)} row(s) (first: row {first}) have a transaction id that a spreadsheet "
                            f"program rounded ({text}): those rows are told apart by their content instead; next time import "
                            "the statement as downloaded, without opening and saving it in a spreadsheet program")
        assign_fingerprints(st.records, p.id)
        for r in st.records:
            r.source_ref = qualified_ref(p.bank or p.id, r.source_ref)
            r.legacy_ref = qualified_ref(p.bank or p.id, r.legacy_ref)
        if st.stated and st.records:
            first, last = st.row_days
            if first < st.stated[0] or last > st.stated[1]:
                st.notes.append(f"the statement says it covers {st.stated[0]} to {st.stated[1]} but has rows from {first} to {last}: "
                                f"its rows' days are used instead")
                st.stated = None
        st.closing = self._closing(st)

    def _check_page_subtotals(self, filepath: str, st: Statement, subtotals: list[Row], name: dict[str, str],
                              counted_rows: list[int]) -> None:
        """Each page's subtotal between pages (本页合计, 本页小计: its amounts and a record count
        on it) against the rows of its page, since the page subtotal before it, or, as some banks
        write it, against every row so far.

        Why: they were skipped unread, so a page that lost a row in the export (its subtotal
        saying 300.00 over rows of 200.00) imported without a word where the statement had no
        balances to show it; the last page's subtotal was checked, the others not."""
        start = 0
        for row in subtotals:
            page = [r for r in st.records if start < r.row < row.number]
            try:
                self._check_totals(filepath, st, row, name, part=page, what=("the page's subtotal", "the rows of its page"))
            except ImportProblem as problem:
                try:
                    self._check_totals(filepath, st, row, name, part=[r for r in st.records if r.row < row.number])
                except ImportProblem:
                    raise problem from None
            count = stated_count(row.text)
            if count and count[0] not in (sum(1 for n in counted_rows if start < n < row.number),
                                          sum(1 for n in counted_rows if n < row.number)):
                raise ImportProblem(filepath, f"the page's subtotal says its page has {count[0]} records ({count[1]}) but "
                                    f"{sum(1 for n in counted_rows if start < n < row.number)} transaction rows were read on it",
                                    row=row.number, hint="the file is cut off or was edited; export it again "
                                                         "(relief import --ignore-summary imports the rows anyway)")
            start = row.number

    @staticmethod
    def _check_count(filepath: str, footer: list[Row], counted: int, last_page: int) -> None:
        """A record count stated under the rows (共 3 笔, 共3条记录, 合计笔数：3) against the
        transaction rows read. Why: it was passed over with the footer, so a statement cut off
        or with rows deleted by hand imported without a word. A page's subtotal line
        (本页小计 … 共1笔) counts the last page's rows (`last_page` of them) or, as some banks
        write it, the whole statement's: it was read as the whole statement's count alone, and
        a statement printed in pages was refused as cut off."""
        for row in footer:
            count = stated_count(row.text)
            if count and count[0] != counted and not (is_page_subtotal(row) and count[0] == last_page):
                raise ImportProblem(filepath, f"the statement says it has {count[0]} records ({count[1]}) but {counted} "
                                    "transaction rows were read", row=row.number,
                                    hint="the file is cut off or was edited; export it again "
                                         "(relief import --ignore-summary imports the rows anyway)")

    @staticmethod
    def _mark_reversals(st: Statement) -> None:
        """Rows whose memo says they reverse another (冲正, 红冲, 冲账, 冲销, 抹账) are marked
        so they are booked to Liabilities:Payable, flagged, never as a gift or aid.

        The original in the file is named in the note. A lone one (its original before the
        file's period) takes the direction the running balance gives it: the amount as read
        when the balance follows from it, the other way round when the balance follows only
        so; when the balance cannot tell (no balance, no row beside it), the reading stands
        as a guess, and the note says so. Why: a lone 冲正 of a payment, money coming back,
        was booked as a donation from the payee with a receipt number."""
        records = st.records
        for i, r in enumerate(records):
            if not any(w in f"{r.memo} {r.kind}" for w in REVERSAL_WORDS):
                continue
            r.reversal = True
            original = next((o for o in records if o is not r and o.amount == -r.amount and o.date <= r.date
                             and not any(w in f"{o.memo} {o.kind}" for w in REVERSAL_WORDS)), None)
            if original is not None:
                r.note = (f"a reversal (冲正) of row {original.row} ({original.date}, {original.amount:+,.2f}): held on "
                          f"{PAYABLE_ACCOUNT}; book it against what row {original.row} was booked to")
                continue
            way = _balance_says(records, i)
            if way < 0:
                read = r.amount
                r.amount = -r.amount
                # the file's own movement follows the direction the balance gives the row
                if read > 0:
                    st.file_in -= read
                    st.file_out -= read
                else:
                    st.file_out -= read
                    st.file_in -= read
            how = ("the balance column says the money went this way" if way > 0 else
                   f"its amount reads {-r.amount:+,.2f}, but the balance column says the money went the other way: "
                   f"booked as {r.amount:+,.2f}" if way < 0 else
                   f"the balance column cannot say which way the money went (no balance on this row or the rows "
                   f"beside it): booked as read ({r.amount:+,.2f}), a guess")
            r.note = (f"a reversal (冲正) whose original is not in this file: {how}; held on {PAYABLE_ACCOUNT}: check "
                      "which entry it reverses on the bank's statement and book it against that entry's account")

    def _reversal_sign(self, rows: list[Row]) -> int:
        """Which money-out amounts are reversals: 0 when the money-out column (the 借 rows
        of a direction layout) writes all its amounts with one sign, else the sign (+1, -1)
        of those that are payments reversed in red (红字冲正), money back in.

        A bank writes its payments with one sign; a column holding both has reversals among
        them: the sign whose reading makes the balance column follow row to row, else (no
        balances, or they do not tell) the rarer sign; as many of each with nothing to tell,
        none is taken for a reversal. Why: with payments written positive, a reversal -100.00
        was booked as a second payment; with payments written negative, taking the negative
        ones for reversals would turn every payment into money in."""
        p, cols = self.profile, self._cols
        if p.sign == "signed":
            return 0
        column = cols["out"] if p.sign == "in-out" else cols["amount"]
        # the signs as written: a CR / DR mark is no sign (_written_or_zero)
        signs = {value > 0 for r in rows if (value := _written_or_zero(r.get(column)))}
        if len(signs) < 2:  # the common case, one pass over one column (100 000-row files)
            return 0
        moves: list[tuple[Decimal, Decimal, Decimal | None]] = []  # (money in, money out as written, balance)
        for r in rows:
            if p.sign == "in-out":
                money_in, money_out = _written_or_zero(r.get(cols["in"])), _written_or_zero(r.get(cols["out"]))
            elif p.sign == "direction" and p.direction_of(r.get(cols["direction"])) < 0:
                money_in, money_out = ZERO, _written_or_zero(r.get(cols["amount"]))
            elif p.sign == "direction":
                money_in, money_out = _written_or_zero(r.get(cols["amount"])), ZERO
            else:
                return 0
            balance = None
            if "balance" in cols and not is_masked(r.get(cols["balance"])):
                balance = _amount_or_zero(r.get(cols["balance"])) if r.get(cols["balance"]).strip() else None
            moves.append((money_in, money_out, balance))
        positive = sum(1 for _, o, _ in moves if o > 0)
        negative = sum(1 for _, o, _ in moves if o < 0)
        if not positive or not negative:
            return 0

        def breaks(sign: int) -> int:
            amounts = [i + (abs(o) if sign and o and (o > 0) == (sign > 0) else -abs(o)) for i, o, _ in moves]
            balances = [b for _, _, b in moves]
            pairs = list(zip(range(len(moves)), range(1, len(moves)), strict=False))
            forward = sum(1 for a, b in pairs if balances[b] != balances[a] + amounts[b])
            backward = sum(1 for a, b in pairs if balances[a] != balances[b] + amounts[a])
            return min(forward, backward)

        if all(b is not None for _, _, b in moves):
            scores = {sign: breaks(sign) for sign in (0, -1, 1)}
            winners = [sign for sign, n in scores.items() if n == min(scores.values())]
            if len(winners) == 1:
                return winners[0]
        return -1 if negative < positive else 1 if positive < negative else 0

    def _refuse_time_for_date(self, filepath: str, st: Statement, rows: list[Row], name: dict[str, str]) -> None:
        """No row has a date, and the date column holds times of day: the file is another
        layout that shares this one's columns (招商银行's corporate 交易日 and 交易时间 beside
        借方金额 / 贷方金额 took the ICBC corporate layout, whose date is 交易时间).

        Why: it was refused as "'10:15:22' in its date column is not a date" with a hint to fix
        the cell, which no edit of the file mends."""
        column = st.columns["date"]
        timed = next((r for r in rows if parse_time(r.get(column)) and r.get(column).count(":") >= 1
                      and not self._is_date(r.get(column))), None)
        if timed is None:
            return
        draft = draft_profile(st.header_names)
        raise ImportProblem(filepath, f"{timed.get(column)!r} under {name['date']} is a time of day without a date: the layout "
                            f"{self.profile.name} ({self.name}) reads its dates from {name['date']}, so this file is of "
                            f"another layout", row=timed.number, column=name["date"],
                            hint="describe the file's layout as a profile in import_config.py (docs/importing.md, \"Bank "
                                 "profiles\"), naming its date column" + (f"; read from its header row, a profile could start as "
                                                                          f"{draft}" if draft else ""))

    def _slashed_dates(self, filepath: str, rows: list[Row], column: int, name: str) -> tuple[str, ...]:
        """The date format for a statement whose dates put the year last (03/01/2026), decided
        by the whole column (importers.values.slashed_order); () for other dates. A profile's
        own date_format is used instead, unasked."""
        formats, why, first = slashed_order(r.get(column) for r in rows)
        if why:
            raise ImportProblem(filepath, f"{why}: the rows' days cannot be read for certain", row=rows[first].number, column=name,
                                hint='describe the layout as a profile in import_config.py with "date_format": "%d/%m/%Y" '
                                     '(day first) or "%m/%d/%Y" (month first), as its bank writes them')
        return formats

    def _check_last_row(self, filepath: str, st: Statement, row: Row, rows: list[Row]) -> None:
        """The file ends inside its last row (no line break): make sure that row is whole.

        Its cells must all be there, its last cell, when an amount, written to the fen as the
        other rows write it, and where the statement has balances, the last row's
        balance must follow from its neighbour's and the amount (a cut inside a number
        would otherwise import a wrong amount silently).
        """
        cut = ImportProblem(filepath, "the file ends without a line break and its last row does not add up: it looks cut off",
                            row=row.number, hint="export the statement again")
        if len(row.cells) < len(st.header_names) or self._cut_inside_amount(st, row, rows):
            raise cut
        if len(st.records) < 2:
            return
        last, prev = st.records[-1], st.records[-2]
        if last.balance is None or prev.balance is None:
            return
        if last.date > prev.date:
            ok = last.balance == prev.balance + last.amount
        elif last.date < prev.date:
            ok = prev.balance == last.balance + prev.amount
        else:
            ok = last.balance == prev.balance + last.amount or prev.balance == last.balance + prev.amount
        if not ok:
            raise cut

    @staticmethod
    def _cut_inside_amount(st: Statement, row: Row, rows: list[Row]) -> bool:
        """Whether the last row's last cell is an amount cut short: every other transaction row
        writes that column to the fen (-1,234.56) and this one does not (-123, -1234.5).

        Why: a statement whose amount is its last column and that has no balances (nothing to
        check the amount against) was imported cut off inside that number, -123.00 booked for
        -1,234.56, without a word."""
        last = len(trimmed_cells(row.cells)) - 1
        if last not in {st.columns.get(k) for k in ("in", "out", "amount", "balance")}:
            return False
        recorded = {r.row for r in st.records}
        others = [c for r in rows if r.number in recorded and r is not row for c in [r.get(last)] if c and not is_empty(c)]
        return bool(others) and all(_TO_THE_FEN.search(c) for c in others) and not _TO_THE_FEN.search(row.get(last))

    def _page_breaks(self, rows: list[Row], st: Statement, dated: set[int], last_data: int, daily: set[int]) -> dict[int, str]:
        """Rows of the page breaks of an export cut into pages: {row number: why it is skipped}.

        Online banking exports and printouts saved as spreadsheets repeat, at each page
        break, the column header and often the statement's title, the page number and a
        page subtotal or a carried-forward line (本页合计, 过次页, 承前页). Such a block lies
        between two transaction rows and holds no date in the date column. It is taken for a
        page break only when it repeats the column header, or when every row of it is a
        page's subtotal or carry line or page number; any other text between transactions is
        still an error, and so is a block where a row other than those lines holds an amount
        (a continuation row of a transaction, say). Each skipped row is listed (it moves no
        money: a subtotal only adds up rows that are imported one by one)."""
        headers = {trimmed_cells(st.header_names)} | st.header_halves
        breaks: dict[int, str] = {}
        block: list[Row] = []
        for row in rows:
            if row.number > last_data:
                break
            if row.number in daily or (row.number not in dated and balance_line(row) and not self._holds_money(row, st)):
                continue  # a day's subtotal or a balance line, read on its own
            if row.number in dated:
                if block:
                    repeats = any(trimmed_cells(r.cells) in headers for r in block)
                    money = any(self._holds_money(r, st) for r in block if not page_line(r) and not header_line(r))
                    if not money and (repeats or all(page_line(r) or header_line(r) for r in block)):
                        self._refuse_second_account(st, block)
                        for r in block:
                            breaks[r.number] = ("a page break: the column header again" if trimmed_cells(r.cells) in headers
                                                else "a line of the header: the columns' units or numbers" if header_line(r)
                                                else "a page break: " + (page_line(r) or "the statement's heading again"))
                    block = []
                continue
            block.append(row)
        return breaks

    def _refuse_second_account(self, st: Statement, block: list[Row]) -> None:
        """A block that looks like a page break but names another account number than the
        statement's own is the heading of a second account's statement on the same sheet
        (some online banking sites export every account queried, one under another).

        Why: it was skipped as a page break, and the second account's rows were booked on
        the first account's books account, the money line holding (it counted them too).
        After the first statement's totals row, it is named the same way rather than as
        transaction rows after the footer, which told the officer to export again."""
        if not st.number:
            return
        for r in block:
            number = self._account_number([r])
            if number and not same_number(number, st.number):
                raise ImportProblem(self._filepath, f"this row starts the statement of another account ({number}) "
                                    f"below the rows of account {st.number}: relief imports one account's statement per file",
                                    row=r.number,
                                    hint="export each account's statement on its own, or cut the sheet in two at this row "
                                         "and import each part (each part keeps its account number and header)")

    @staticmethod
    def _holds_money(row: Row, st: Statement) -> bool:
        """Whether an amount column of `row` holds a non-zero amount (never a page-break line)."""
        for key in ("in", "out", "amount"):
            index = st.columns.get(key)
            if index is None:
                continue
            try:
                value = parse_marked_amount(row.get(index))[0]
            except ValueError:
                continue
            if value:
                return True
        return False

    def _is_date(self, text: str) -> bool:
        return _dated(text, self._date_formats)

    def _labelled(self, row: Row) -> bool:
        """Whether a row without a date is a footer, totals or page line by its words, which
        stand in or before its date column.

        Text that starts after the date column is no such line's: it is the payee or memo of
        a transaction whose date cell is empty (merged over two rows in a spreadsheet). A
        payee such as 共青团市委 (共, as in 共 3 笔), 小计餐饮 or TOTAL S.A. took the file's
        last row for the footer, its money neither booked nor listed, and the balance
        assertion, taken from the row before, let a write pass."""
        index = next((i for i, c in enumerate(row.cells) if c), 0)
        return index <= self._cols["date"] and (self._is_footer(row) or self._is_totals(row) or bool(page_line(row)))

    def _dated_footer(self, row: Row, st: Statement) -> bool:
        """Whether a row with a date in its date column is a footer line all the same: a footer
        word before the date column (打印时间:, 导出日期) and no amount.

        Why: a footer whose time stood in the date column (`打印时间:,2026-04-01 10:00:00`)
        was read as a transaction after the totals row, and the whole file refused as "transaction
        rows follow the footer", which no new export mends."""
        date = self._cols["date"]
        if not date or not any(row.cells[:date]) or self._holds_money(row, st):
            return False
        return self._footer_word(next(c for c in row.cells[:date] if c))


    def _footer_word(self, text: str) -> bool:
        """Whether `text` (a row's first written cell) starts or holds one of the profile's footer words."""
        return any(text.lower().startswith(w.lower()) or w in text for w in self.profile.footer)

    def _is_totals(self, row: Row) -> bool:
        first = next((c for c in row.cells if c), "")
        if year_to_date(first):
            return False
        return any(w in first for w in ("合计", "总计", "合計", "Total", "TOTAL")) or self._totals_label(row)

    def _is_footer(self, row: Row) -> bool:
        first = next((c for c in row.cells if c), "")
        return self._footer_word(first) or year_to_date(first)

    def _sum_row(self, row: Row, st: Statement) -> bool:
        """Whether a row after the last transaction holds nothing but money-column cells, each
        the total of its column over the rows above: a spreadsheet's =SUM row nobody labelled.

        Why: such a row was refused as a transaction whose date cell is empty, with a hint
        about dates merged over rows, which sent the officer to give a total a date. A row
        that is not its columns' total is still refused so."""
        p = self.profile
        sums = ({"in": st.column_in, "out": st.column_out} if p.sign == "in-out"
                else {"amount": _signed_total(st.records, row) * (-1 if p.invert else 1)} if p.sign == "signed" else {})
        money = {st.columns[k]: v for k, v in sums.items() if k in st.columns}
        written = {i for i, c in enumerate(row.cells) if c and not is_masked(c)}
        if len(st.records) < 2 or not written or not written <= set(money):
            return False
        try:
            return all(abs(parse_marked_amount(row.cells[i])[0] or ZERO) == abs(money[i]) for i in written)
        except ValueError:
            return False

    def _totals_label(self, row: Row) -> bool:
        """Whether a cell of the row other than its date is a totals label (合计, 本月合计,
        收入合计, 合计笔数:3), as banks write on a totals row that carries the period's last
        day in its date column.

        Why: such a row read as a transaction, dated the day it shows: its total was booked
        once more (a month's 1,200.00 in became 2,400.00), and the money line held, since
        the file's own movement counted the totals row too."""
        date = self._cols["date"]
        return any(TOTALS_LABEL.fullmatch(c) for i, c in enumerate(row.cells) if c and i != date)

    def _amount(self, filepath: str, row: Row, key: str, name: dict[str, str]) -> Decimal | None:
        """The cell's amount; one written with a CR / DR mark (`1,000.00 CR`) signed by it,
        the mark kept in `self._marks[key]` for `_record` (0 without one)."""
        text = self._cell(row, key)
        self._marks[key] = 0
        if is_masked(text):
            return None
        try:
            value, self._marks[key] = parse_marked_amount(text)
        except ValueError:
            raise ImportProblem(filepath, f"{text!r} is not an amount", row=row.number, column=name[key],
                                hint=amount_hint(text, "amounts look like 1,234.56, -50.00 or 50.00 DR (a CR or DR mark and no "
                                                 "sign); fix the cell or export the statement again")) from None
        if self._marks[key] and (key, self._marks[key]) in (("in", -1), ("out", 1)):
            raise ImportProblem(filepath, f"{text!r} is in the money-{key} column but its mark says money "
                                f"{'out (DR)' if key == 'in' else 'in (CR)'}", row=row.number, column=name[key],
                                hint="check the row against the bank's statement and export it again; relief does not guess "
                                     "which of the two is right")
        if finer_than_fen(value):
            raise ImportProblem(filepath, f"{text!r} has more than two decimal places: no bank moves part of a fen",
                                row=row.number, column=name[key],
                                hint="fix the cell (a spreadsheet formula or a hand edit may have made it), or export the statement again")
        return value

    def _record(self, filepath: str, row: Row, name: dict[str, str]) -> Record | None:
        p = self.profile
        day = parse_date(self._cell(row, "date"), self._date_formats)
        if p.sign == "in-out":
            money_in = self._amount(filepath, row, "in", name) or ZERO
            money_out = self._amount(filepath, row, "out", name) or ZERO
            if self._cell(row, "in") and is_masked(self._cell(row, "in")) or self._cell(row, "out") and is_masked(self._cell(row, "out")):
                raise ImportProblem(filepath, "the amount is masked (****)", row=row.number, column=name["in"],
                                    hint="export the statement without masking amounts")
            if money_in and money_out:
                # One transaction moves money one way. Booking the difference would issue a
                # receipt for less than the donor gave and hide the payment out.
                raise ImportProblem(filepath, f"the row has both money in ({self._cell(row, 'in')}) and money out "
                                    f"({self._cell(row, 'out')}): a transaction row moves money one way",
                                    row=row.number, column=name["out"],
                                    hint="check the row against the bank's statement and fix it (split it into two rows if two "
                                         "transactions were merged), or export the statement again")
            # An amount in the money-in column is signed as written: a negative one is a
            # reversal (冲正) and takes money out. Money out counts as out whether the bank
            # writes it 13.40 or -13.40, but where the money-out column holds both signs,
            # those of the reversal sign (_reversal_sign) are payments reversed in red
            # (红字冲正): money back in. Why: such a 冲正 of a payment was booked as a second
            # payment, while the balance column rose by it.
            out = abs(money_out)
            if self._out_reversals and not self._marks.get("out"):  # a DR mark is money out, never a reversal
                out = -out if (money_out > 0) == (self._out_reversals > 0) else out
                self._columns = (money_in, money_out)  # summed as written, as the bank's total does
            amount = money_in - out
            self._moved = (max(money_in, ZERO) + max(-out, ZERO), min(money_in, ZERO) - max(out, ZERO))
            if not self._out_reversals:
                self._columns = (money_in, abs(money_out))
        else:
            value = self._amount(filepath, row, "amount", name)
            if value is None:
                if is_masked(self._cell(row, "amount")):
                    raise ImportProblem(filepath, "the amount is masked (****)", row=row.number, column=name["amount"],
                                        hint="export the statement without masking amounts")
                if balance_line(row):
                    # a dated line stating the balance (期初余额, 上日余额, 期末余额), as the
                    # in / out layouts have it with both money cells empty: it moves nothing,
                    # and its balance is checked against its neighbours' (_check_still_rows).
                    # Why: the whole statement was refused as "the amount is empty"
                    self._moved = (ZERO, ZERO)
                    return None
                if self._balance(filepath, row, name) is not None:
                    # an empty amount (—, -, /) beside a balance, as the in / out layouts have
                    # both money cells empty on a row that moved nothing (a balance enquiry, a
                    # card issued): skipped and listed, and refused by _check_still_rows unless
                    # its balance is its neighbours'. Why: a signed statement was refused whole
                    # for a row the same statement in / out was imported with
                    self._empty_amounts.append(row.number)
                    self._moved = (ZERO, ZERO)
                    return None
                raise ImportProblem(filepath, "the amount is empty", row=row.number, column=name["amount"],
                                    hint="every transaction row needs an amount")
            mark = self._marks.get("amount", 0)
            if p.sign == "direction":
                d = self._cell(row, "direction").strip()
                way = p.direction_of(d)
                if mark and (way == -mark or (way == 0 and d and not is_empty(d))):
                    raise ImportProblem(filepath, f"the amount {self._cell(row, 'amount')!r} is marked money "
                                        f"{'in' if mark > 0 else 'out'}, but its direction says {d!r}", row=row.number,
                                        column=name["direction"],
                                        hint="check the row against the bank's statement and export it again; relief does not "
                                             "guess which of the two is right")
                if mark and way == 0:
                    way = mark  # no direction written: the amount's own CR / DR says it
                    value = abs(value)
                if way > 0:
                    # signed as written, as in the in / out layouts: a negative amount under
                    # 贷 is a reversal (冲正) and takes money out (it was booked as a second
                    # credit, with a receipt, while the balance column fell by it)
                    amount = value
                elif way < 0:
                    # money out either way, but where the 借 rows hold both signs, a negative
                    # one is a reversal in red (红字冲正), as in the in / out layouts
                    reversal = self._out_reversals and not mark and value and (value > 0) == (self._out_reversals > 0)
                    amount = abs(value) if reversal else -abs(value)
                else:
                    raise ImportProblem(filepath, f"{d!r} says neither money in nor money out", row=row.number,
                                        column=name["direction"],
                                        hint=f"money in is one of {', '.join(p.direction_in)}; money out one of {', '.join(p.direction_out)}")
            else:
                # a CR / DR mark says the direction from the account holder's side: not inverted
                amount = -value if p.invert and not mark else value
            self._moved = (amount, ZERO) if amount > 0 else (ZERO, amount)
        if amount == 0:
            return None
        balance = self._balance(filepath, row, name)
        memo = " ".join(dict.fromkeys(c for c in (row.get(i) for i in self._memo_cols) if c and not is_empty(c)))
        time = parse_time(self._cell(row, "time")) or parse_time(self._cell(row, "date"))
        source_ref = ""
        if "id" in self._cols and p.unique_id:
            ident = self._cell(row, "id")
            if ident and not is_empty(ident) and not is_masked(ident):
                if is_rounded_id(ident):  # rounded by a spreadsheet: the row is told apart by its content
                    self._rounded_ids.append((row.number, ident))
                else:
                    source_ref = ident
        payer = self._cell(row, "payer")
        return Record(row=row.number, date=day, amount=amount,
                      currency=self._currency(filepath, row, name),
                      payer="" if is_empty(payer) else payer, payer_account=self._cell(row, "payer_account") if not is_empty(self._cell(row, "payer_account")) else "",
                      memo=memo, kind="", time=time, balance=balance, source_ref=source_ref)

    def _balance(self, filepath: str, row: Row, name: dict[str, str]) -> Decimal | None:
        """The row's balance from the bank's side turned to the centre's (None: no balance
        column, or the cell is empty or masked)."""
        if "balance" not in self._cols:
            return None
        text = self._cell(row, "balance")
        if not text or is_masked(text):
            return None
        try:
            balance, mark = parse_marked_amount(text)  # 5,000.00 DR: overdrawn, or owed on a card
        except ValueError:
            raise ImportProblem(filepath, f"{text!r} is not an amount", row=row.number, column=name["balance"],
                                hint=cell_hint(text, "fix the balance cell or export the statement again")) from None
        return -balance if balance is not None and self.profile.invert and not mark else balance

    def _check_still_rows(self, filepath: str, st: Statement, still: dict[int, Decimal | None], name: dict[str, str]) -> None:
        """A row with no amount moves no money: its balance is the balance of the row before
        it in time, and the row after it in time moves the balance from there by its own
        amount. Why: an amount cell left empty by mistake, or merged with another row's in
        a spreadsheet, was skipped as "amount is zero" while its balance said money moved (a
        300.00 payment lost, listed as +0).

        The file may list the oldest or the newest first, so a neighbour in the file may be
        the row before or after in time: the row is refused only when its balance fits its
        neighbours neither way (and at least one neighbour's balance is known; masked
        balances are not compared)."""
        if "balance" not in self._cols or not still:
            return
        rows = {r.row: (r.balance, r.amount) for r in st.records} | {n: (b, ZERO) for n, b in still.items()}
        order = sorted(rows)
        for i, number in enumerate(order):
            here = still.get(number)
            if number not in still or here is None:
                continue
            before = rows[order[i - 1]] if i > 0 else (None, ZERO)
            after = rows[order[i + 1]] if i + 1 < len(order) else (None, ZERO)
            known = [(b, a) for b, a in (before, after) if b is not None]
            if not known:
                continue
            if _moves_nothing(here, before, after) or _moves_nothing(here, after, before):  # oldest or newest first
                continue
            raise ImportProblem(filepath, f"the row has no amount, yet its balance {here:,.2f} does not follow from the rows "
                                f"beside it ({', '.join(f'{b:,.2f}' for b, _ in known)}): money moved",
                                row=number, column=name.get("balance"),
                                hint="write the row's amount (an amount cell merged over several rows in a spreadsheet must "
                                     "be unmerged, each row with its own amount), or export the statement again")

    def _currency(self, filepath: str, row: Row, name: dict[str, str]) -> str:
        """The row's currency code (the profile's own when the file has no currency column)."""
        text = self._cell(row, "currency")
        try:
            return currency_code(text, getattr(self, "_stated_currency", "") or self.profile.currency)
        except ValueError:
            raise ImportProblem(filepath, f"{text!r} is not a currency relief knows", row=row.number, column=name["currency"],
                                hint="write its ISO code (USD, HKD…) in the cell; relief never takes an unknown currency for "
                                     f"{self.profile.currency}") from None

    def _check_day_subtotal(self, filepath: str, st: Statement, row: Row, name: dict[str, str],
                            days: dict[object, list[Record]], record_rows: list[int]) -> None:
        """A day's subtotal (本日合计, 当日合计) between the days of a statement, checked against
        the rows of its day: the date it shows, else the day of the transaction above it.
        `days`: the records by day and by (year, month); `record_rows`: their rows, in order.

        Why: such a row was taken for the totals row, and the rows of the following days for
        transactions after it: the whole statement was refused as rows after the footer, and
        no export leaves the subtotals out."""
        try:
            day = parse_date(self._cell(row, "date"), self._date_formats)
        except ValueError:
            above = bisect.bisect_left(record_rows, row.number)
            if not above:
                return
            day = st.records[above - 1].date
        if subtotal_kind(row) == "month":
            part = days.get((day.year, day.month), [])
            self._check_totals(filepath, st, row, name, part=part, what=("the month's subtotal", f"the rows of {day:%Y-%m}"))
            return
        part = days.get(day, [])
        self._check_totals(filepath, st, row, name, part=part, what=("the day's subtotal", f"the rows of {day}"))

    def _check_totals(self, filepath: str, st: Statement, row: Row, name: dict[str, str], part: list[Record] | None = None,
                      what: tuple[str, str] = ("the file's own total", "its rows")) -> None:
        """A totals row's amounts against the rows: every row, or only those in `part` (a
        day's or the last page's subtotal, named by `what`)."""
        p = self.profile
        records = st.records if part is None else part
        if p.sign == "in-out":
            if part is None:
                pairs = [("in", st.column_in), ("out", st.column_out)]
            else:
                cells = [st.row_columns[r.row] for r in part if r.row in st.row_columns]
                pairs = [("in", sum((c[0] for c in cells), ZERO)), ("out", sum((c[1] for c in cells), ZERO))]
        else:
            pairs = [("amount", _signed_total(records, row) * (-1 if p.invert else 1))]
        for key, computed in pairs:
            text, column = row.get(st.columns[key]), name[key]
            if not text and key in TOTALS_IN_WORDS:
                # a totals line in words, as CMB writes: "# 收入合计: 2 笔，共 1502.10 元"
                m = TOTALS_IN_WORDS[key].search(row.text)
                text, column = (m.group(1), None) if m else ("", None)
            try:
                stated = parse_marked_amount(text)[0]
            except ValueError:
                continue
            if stated is None:
                continue
            if abs(stated) != abs(computed):
                raise ImportProblem(filepath, f"{what[0]} {text} disagrees with {what[1]}, which add up to {computed:,.2f}",
                                    row=row.number, column=column,
                                    hint="the file may be cut off or edited; export it again (relief import --ignore-summary imports the rows anyway)")

    def _closing(self, st: Statement) -> tuple[datetime.date, Decimal, str] | None:
        with_balance = [r for r in st.records if r.balance is not None]
        if not with_balance or len(with_balance) != len(st.records):
            return None
        last_day = max(r.date for r in st.records)
        on_last = [r for r in st.records if r.date == last_day]
        descending = st.records[0].date > st.records[-1].date
        latest = on_last[0] if descending else on_last[-1]
        if any(r.time for r in on_last):
            latest = max(on_last, key=lambda r: r.time) if all(r.time for r in on_last) else latest
        order = self._balance_order(st.records)
        if order:  # the balances themselves say which row came last (rows of one day, no times)
            latest = st.records[-1] if order > 0 else st.records[0]
        elif len(on_last) > 1 and not all(r.time for r in on_last):
            # The file's order is mixed (oldest first, but its last day newest first, as some
            # banks list a day): the day's balances still chain, and the last row is the one
            # no other row of the day follows from. The row listed last was taken, and the
            # balance assertion failed with a misleading message.
            ends = [r for r in on_last if not any(s is not r and s.balance == r.balance + s.amount for s in on_last)]
            if len(ends) == 1:
                latest = ends[0]
        end = st.stated[1] if st.stated else last_day
        return end + datetime.timedelta(days=1), latest.balance, latest.currency

    @staticmethod
    def _chain_notes(records: list[Record], most: int = 5) -> list[str]:
        """Where the balance column does not follow from the amounts, row to row: a row left
        out of the export between them, one written twice, or one whose direction was read
        against the bank's (a negative debit that the balance shows coming in). Not a refusal:
        anonymised samples mask or scramble balances, and the closing balance's assertion is
        the check that stops a write. Pairs of one day that chain the other way round are a
        day listed in another order, not a break."""
        if len(records) < 2 or any(r.balance is None for r in records):
            return []
        pairs = list(zip(records, records[1:], strict=False))

        def breaks(newest_first: bool) -> list[tuple[Record, Record]]:
            out = []
            for a, b in pairs:
                before, after = (b, a) if newest_first else (a, b)
                if after.balance == before.balance + after.amount:
                    continue
                if a.date == b.date and before.balance == after.balance + before.amount:
                    continue  # the day's rows in the other order
                out.append((before, after))
            return out

        def by_day() -> list[tuple[Record, Record]]:
            # the days oldest first, each day's rows in the order that chains: a file listing
            # its days newest first but each day's rows oldest first (or the other way round)
            # was taken for rows missing between two days
            days: dict[datetime.date, list[Record]] = {}
            for r in records:
                days.setdefault(r.date, []).append(r)
            newest_first = records[0].date > records[-1].date
            seq: list[Record] = []
            for day in sorted(days):
                rows = days[day][::-1] if newest_first else days[day]
                if not _chains(rows) and _chains(rows[::-1]):
                    rows = rows[::-1]
                seq.extend(rows)
            return [(a, b) for a, b in zip(seq, seq[1:], strict=False) if b.balance != a.balance + b.amount]

        found = min(by_day(), breaks(False), breaks(True), key=len)
        if not found:
            return []
        if len(found) > max(2, len(pairs) // 10):
            return [f"the balance column does not follow from the amounts in {len(found)} of {len(pairs)} rows: a masked "
                    "or edited export? The closing balance's assertion checks the statement against the books"]
        notes = []
        for before, after in found[:most]:
            expected = before.balance + after.amount
            other_way = after.balance == before.balance - after.amount
            notes.append(f"row {after.row}: its balance {after.balance:,.2f} does not follow from row {before.row}'s "
                         f"{before.balance:,.2f} and its amount {after.amount:+,.2f} (that gives {expected:,.2f}): "
                         + ("it does if the money went the other way; check the row's direction against the bank's statement"
                            if other_way else "a row missing from the export between them, or one written twice? "
                            "Compare with the bank's statement"))
        if len(found) > most:
            notes.append(f"… and {len(found) - most} more row(s) whose balance does not follow")
        return notes

    def _refuse_inverted(self, filepath: str, st: Statement) -> None:
        """Every row's balance follows from its neighbour's only with the row's amount the
        other way round: the file's money in is read as money out and the other way round
        (a bank writing debits positive in a signed column, or a profile with its columns or
        direction words swapped).

        Why: such a statement was proposed with each payment as a donation and each gift as
        a payment, under a note that the balances did not follow ("a masked or edited
        export?"); only a balance assertion, where the file has one, stopped the write."""
        records = st.records
        if len(records) < 2 or any(r.balance is None for r in records):
            return
        pairs = list(zip(records, records[1:], strict=False))
        if not (all(b.balance == a.balance - b.amount for a, b in pairs) or all(a.balance == b.balance - a.amount for a, b in pairs)):
            return
        p, first = self.profile, records[1]
        if p.sign == "signed":
            # "invert" turns the balance round with the amount (a credit card's debt): it cannot mend this
            where = ("a signed amount column is read with money in positive; export the statement with money in and money "
                     "out in two columns, or with a 借贷 column, if the bank offers it, and describe that layout as a profile")
        else:
            fix = ('swap the profile\'s "in" and "out" columns (on a bank\'s statement 借方 is money out of the account, '
                   '贷方 money in)' if p.sign == "in-out" else 'swap the profile\'s "direction_in" and "direction_out"')
            where = (f"in import_config.py, {fix}" if p.optional is not None  # a profile of the books' own
                     else f"describe the layout as a profile in import_config.py (docs/importing.md, \"Bank profiles\") and {fix}")
        raise ImportProblem(filepath, f"every row's balance follows from the amounts only if they are read the other way round "
                            f"(row {first.row}: {first.amount:+,.2f} read, its balance {first.balance:,.2f}): the file writes "
                            f"money in and money out the opposite way to the layout {p.name} ({self.name})", row=first.row,
                            hint=where)

    @staticmethod
    def _balance_order(records: list[Record]) -> int:
        """+1 when every row's balance follows from the row before it (oldest first), -1 when
        from the row after it (newest first), 0 when the balances do not tell."""
        if len(records) < 2:
            return 0
        pairs = list(zip(records, records[1:], strict=False))
        forward = all(b.balance == a.balance + b.amount for a, b in pairs)
        backward = all(a.balance == b.balance + a.amount for a, b in pairs)
        return 1 if forward and not backward else -1 if backward and not forward else 0

    # --- beangulp's interface ------------------------------------------------------
    def dates(self, filepath: str) -> list[datetime.date]:
        """The days of the statement's records."""
        return [r.date for r in self.parse(filepath).records]

    def date(self, filepath: str) -> datetime.date | None:
        """The statement's date: the last day it covers (stated, else its last row's)."""
        try:
            period = self.parse(filepath).period
        except ImportProblem:
            return None
        return period[1] if period else None

    def account(self, filepath: str) -> str:
        """The books account the statement belongs to (for archiving); Assets:Bank when nothing says which."""
        try:
            st = self.parse(filepath)
        except ImportProblem:
            st = None
        return self.resolve_account(st, self.options.books_context()) or self.options.account or BANK_ROOT

    def resolve_account(self, st: Statement | None, ctx: BooksContext | None) -> str | None:
        """The books account for a statement: --account, else the import config's or the books'
        account whose number matches the statement's (masked numbers by their visible digits),
        else the only bank account that fits; None when none does."""
        if self.options.account:
            return self.options.account
        number = st.number if st else ""
        if number:
            visible = "".join(ch for ch in number.split("*")[-1] if ch.isdigit())
            for key, account in self.options.accounts.items():
                k = "".join(ch for ch in key if ch.isdigit())
                if k and visible and (k == visible or k.endswith(visible) or visible.endswith(k)):
                    return account
            if ctx is not None:
                found = ctx.account_for_number(number, self.profile.bank)
                if found:
                    return found
        if ctx is not None:
            if not number:
                return ctx.default_bank_account(self.profile.bank)
            # The books' only bank account has no account_number yet (new books): it is that one.
            banks = ctx.bank_accounts()
            if len(banks) == 1 and not "".join(ch for ch in str((banks[0].meta or {}).get("account_number", "")) if ch.isdigit()):
                return banks[0].account
        return None

    def _check_open(self, filepath: str, st: Statement, account: str, ctx: BooksContext) -> None:
        """Rows dated before the account opens cannot be booked: say so, and how to open it earlier."""
        opened = ctx.opened[account].date
        early = [r for r in st.records if r.date < opened]
        if not early:
            return
        first = min(early, key=lambda r: (r.date, r.row))
        last = max(r.date for r in early)
        span = f"{first.date}" if first.date == last else f"{first.date} to {last}"
        raise ImportProblem(filepath, f"{len(early)} row(s) are dated before the books open: {span}, while {account} "
                            f"opens on {opened}", row=first.row,
                            hint=f"the books must start before the statement does: for new books run `relief init DIR --year "
                                 f"{first.date.year}`; for books in use, move the open date of {account} (and of the "
                                 f"accounts its entries post to) in accounts.beancount to {first.date.replace(month=1, day=1)} or "
                                 f"earlier and record the opening balance that day; or export the statement from {opened} on")

    def _check_counter_accounts(self, filepath: str, entries: list, ctx: BooksContext) -> None:
        """An entry posting to an account the books open only later (an income or payable
        account opened after the bank account): say which, and how to open it earlier."""
        for e in entries:
            if not isinstance(e, data.Transaction):
                continue
            for p in e.postings:
                opened = ctx.opened.get(p.account)
                if opened is not None and e.date < opened.date:
                    raise ImportProblem(filepath, f"the row dated {e.date} is booked to {p.account}, "
                                        f"which the books open only on {opened.date}", row=e.meta.get("lineno"),
                                        hint=f"move the open date of {p.account} in accounts.beancount to {e.date} or earlier, "
                                             f"as for the bank account")

    def _check_currency(self, filepath: str, st: Statement, account: str, ctx: BooksContext, report: Report) -> None:
        """A row in a currency its account does not hold stops the import on the first such row;
        rows in another currency than CNY that the account does hold get a note."""
        allowed = tuple(ctx.opened[account].currencies or ())
        operating = "CNY"
        refused = [r for r in st.records if allowed and r.currency not in allowed]
        if refused:
            first = refused[0]
            currencies = ", ".join(sorted({r.currency for r in refused}))
            what = f"the row is in {first.currency} ({len(refused)} row(s) in {currencies}), but {account} holds only {', '.join(allowed)}"
            if st.stated_currency == first.currency and "currency" not in st.columns:
                what = what.replace(f"is in {first.currency} (", f"is in {first.currency}, as the statement's heading says (", 1)
            if first.currency != operating:
                what += (f": the books keep donations in {operating}, "
                         f"and statements in other currencies are not yet supported")
            raise ImportProblem(filepath, what, row=first.row,
                                hint=f"import the {operating} account's statement instead, where the bank credits the "
                                     f"converted amount, or enter the donation by hand in {operating} at the bank's rate with "
                                     f"the original amount in the narration (docs/importing.md, \"Other currencies\"); "
                                     f"or give the --account that holds {first.currency}")
        foreign = [r for r in st.records if r.currency != operating]
        if foreign:
            currencies = ", ".join(sorted({r.currency for r in foreign}))
            report.notes.append(f"{len(foreign)} row(s) are in {currencies} (first: row {foreign[0].row}); they are booked in "
                                f"that currency, and the published pages count only {operating} (other currencies are named "
                                f"in their footer, not added)")

    def make_entries(self, st: Statement, ctx: BooksContext, existing: list, filepath: str, report: Report) -> list:
        """The statement's records as entries on its books account, plus the balance assertion from its closing balance."""
        account = self.resolve_account(st, ctx)
        if account is None:
            known = ", ".join(o.account for o in ctx.bank_accounts()) or "none opened"
            number = f"account {st.number}" if st.number else "an account the file does not name"
            raise ImportProblem(filepath, f"the statement is for {number}, which no books account is mapped to (bank accounts: {known})",
                                hint=f"give --account {BANK_ROOT}:…, or put account_number on that account's open entry, or map it in import_config.py")
        if account not in ctx.opened:
            raise ImportProblem(filepath, f"{account} is not opened in the books",
                                hint="open it in accounts.beancount (with account_number and bank metadata) or give another --account")
        report.account = account
        report.file_in, report.file_out = {account: st.file_in}, {account: st.file_out}
        self._check_currency(filepath, st, account, ctx, report)
        self._check_open(filepath, st, account, ctx)
        if st.number and not self.options.account and not ctx.account_for_number(st.number, self.profile.bank):
            report.notes.append(f"the statement is for account {st.number}; {account} has no account_number yet: "
                                f"add account_number: \"{st.number.split('*')[-1]}\" to its open entry so other accounts' statements are told apart")
        report.rows = len(st.records) + len(st.skipped)
        report.skipped.extend(st.skipped)
        report.notes.extend(st.notes)
        classifier = Classifier(ctx, self.options.rules, account, filepath, self.profile.id)
        entries: list[data.Directive] = [classifier.classify(r) for r in st.records]
        self._check_counter_accounts(filepath, entries, ctx)
        link_roster_aid(entries, existing, ctx, account, self.options.link_window_days, notes=report.notes)
        entries.extend(classifier.extra)
        if not st.records:
            report.notes.append("no row of the statement moves money: nothing to import")
            return entries
        start, end = st.period
        report.period = (start, end)
        if st.closing and self.options.balance:
            day, amount, currency = st.closing
            meta = data.new_metadata(filepath, st.records[-1].row)
            meta["statement_start"], meta["statement_end"] = start, end
            entries.append(data.Balance(meta, day, account, Amount(money(amount), currency), None, None))
        elif self.options.balance:
            report.notes.append("no closing balance in the file (missing or masked): no balance assertion made")
        return entries


#: what to do about a transaction row without a date
EMPTY_DATE_HINT = ("write the row's date in its date cell; a date merged over several rows in a spreadsheet is read "
                   "in its first row only: unmerge it and fill in the date on every row (or export the statement again)")

#: an amount written to the fen (1,234.56, -0.50, (12.00), 5.00元)
_TO_THE_FEN = re.compile(r"\.\d{2}\D*$")


#: the words of a statement row that reverses another (冲正 and its kin)
REVERSAL_WORDS = ("冲正", "红冲", "冲账", "冲销", "抹账")


def _balance_says(records: list[Record], i: int) -> int:
    """Which way the running balance says record `i` moved money: +1 as its amount reads,
    -1 the other way round, 0 when it cannot tell (no balances, no row before it in time,
    or both readings fit). The file may list the oldest or the newest row first."""
    r = records[i]
    if r.balance is None:
        return 0
    orders = []
    newest_first = records[0].date > records[-1].date
    oldest_first = records[0].date < records[-1].date
    if not newest_first:
        orders.append((i - 1, i + 1))
    if not oldest_first:
        orders.append((i + 1, i - 1))
    verdicts = set()
    for before_at, after_at in orders:
        before = records[before_at] if 0 <= before_at < len(records) else None
        after = records[after_at] if 0 <= after_at < len(records) else None
        if after is not None and after.balance is not None and after.balance not in (r.balance + after.amount,):
            continue  # the rows do not chain in this order here
        if before is None or before.balance is None:
            continue
        if r.balance == before.balance + r.amount:
            verdicts.add(1)
        elif r.balance == before.balance - r.amount:
            verdicts.add(-1)
    return verdicts.pop() if len(verdicts) == 1 else 0


def _chains(records: list[Record]) -> bool:
    """Whether each record's balance follows from the one before it and its amount."""
    return all(b.balance == a.balance + b.amount for a, b in zip(records, records[1:], strict=False))


def _written_or_zero(text: str) -> Decimal:
    """A cell's amount with the sign it is written with: one carrying a CR / DR mark counts
    as unsigned (what tells reversals apart is the sign a bank writes, not its mark)."""
    number, mark = split_mark(text)
    value = _amount_or_zero(number)
    return abs(value) if mark else value


def _amount_or_zero(text: str) -> Decimal:
    """A cell's amount, 0 for an empty, masked or unreadable one (left to the row's own checks)."""
    try:
        return parse_marked_amount(text)[0] or ZERO
    except ValueError:
        return ZERO


def _dated(text: str, formats: tuple[str, ...]) -> bool:
    """Whether a cell reads as a date."""
    try:
        parse_date(text, formats)
        return True
    except ValueError:
        return False


def _signed_total(records: list[Record], row: Row) -> Decimal:
    """What a totals row of a signed layout adds up: the money in when its label says 收入 (or
    存入, 贷方), the money out when it says 支出 (or 取出, 借方), else every amount.

    Why: a statement that ends with 收入合计 and 支出合计 lines was compared, line by line,
    with the net of its rows, and a whole file was refused as cut off or edited."""
    label = next((c for c in row.cells if c), "")
    ins, outs = any(w in label for w in TOTAL_IN_WORDS), any(w in label for w in TOTAL_OUT_WORDS)
    if ins != outs:
        return sum((r.amount for r in records if (r.amount > 0) == ins), ZERO)
    return sum((r.amount for r in records), ZERO)


def _moves_nothing(balance: Decimal, earlier: tuple, later: tuple) -> bool:
    """Whether a row with `balance` fits between the rows (balance, amount) before and after it
    in time, moving nothing itself (a balance not known fits anything)."""
    return (earlier[0] is None or earlier[0] == balance) and (later[0] is None or later[0] - later[1] == balance)
