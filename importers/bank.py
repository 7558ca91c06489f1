"""Bank statements: one importer per profile (importers.profiles), CSV, XLS or XLSX.

The importer finds the profile's header row after whatever preamble the bank writes, reads
the rows until the totals row or footer, checks the totals against the rows, and turns each
row into a `Record`. The statement's own account number picks the books account (through
`account_number` metadata on the `open`, or the import config's map, or --account). The
period the statement covers is the one its preamble states (importers.period), else the
days of its first and last rows; the closing balance becomes a `balance` assertion dated
the day after that period, as beancount's balance directives are checked at the start of
their day.

Its parts: importers/bank_layout.py finds the table and says what a statement is,
importers/bank_checks.py holds the checks a statement must pass against itself before a
row is booked, importers/bank_balance.py reads its running balance; this module reads the
rows and makes the entries.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from beancount.core import data
from beancount.core.amount import Amount

from importers.bank_balance import BalanceChain
from importers.bank_checks import EdgeRowChecks, StatementChecks, signed_total, uncomputed_totals_note
from importers.bank_layout import (
    PREAMBLE_CURRENCY,
    SUB_ACCOUNT,
    SUB_ACCOUNT_LINE,
    Statement,
    amount_or_zero,
    currency_code,
    find_header,
    missing_columns,
    reads_as_date,
    sub_account,
)
from importers.bank_names import TitledBank, titled_bank
from importers.base import ImportOptions, ReliefImporter, Report
from importers.classify import Classifier
from importers.context import BooksContext, rows_before, same_number
from importers.continuation import join_continuations, joined_note
from importers.dedupe import aid_on_another_account, link_roster_aid
from importers.errors import ImportProblem, Said, Skipped, said, zh_of
from importers.period import period_in_name, stated_period
from importers.profiles import Profile, fold_header, header_key, platform_statement, simplified, with_draft
from importers.reading import (
    Row,
    Sheet,
    column_letter,
    hidden_notes,
    read_table,
    refuse_headless_sheets,
    refuse_other_sheets,
    refuse_shifted,
    serial_date,
    trimmed_cells,
)
from importers.receivables import settle_allocations
from importers.records import CENT, ZERO, Record, add_older_ids, assign_fingerprints, qualified_ref
from importers.reordered_header import refuse_reordered_header
from importers.short_rows import cut_short, flag_cut_short
from importers.statement_lines import (
    RUNNING_TOTAL_LABEL,
    TOTALS_LABEL,
    balance_line,
    day_subtotal,
    english_names,
    header_line,
    is_page_subtotal,
    leading_page_label,
    may_hold_totals_label,
    memo_page_label,
    other_money_unit,
    page_line,
    subtotal_kind,
    summary_table_lines,
    year_to_date,
)
from importers.values import (
    amount_hint,
    as_asterisks,
    cell_hint,
    finer_than_fen,
    impossible_time,
    impossible_times_note,
    is_empty,
    is_masked,
    is_masked_figure,
    is_rounded_id,
    money,
    parse_amount,
    parse_date,
    parse_marked_amount,
    parse_time,
    shown_rounded_hint,
    too_many_digits,
)
from ledger.accounts import BANK_ROOT, ONLINE_ROOT
from ledger.errors import counted as count_of
from ledger.period import books_today

#: a cell that is a figure with decimals and nothing else (5.00, -1,200.50, ¥105.00)
_FIGURE = re.compile(r"[+-]?[¥￥]?\d[\d,]*\.\d+")


def _number_note(number: str, account: str, ctx: BooksContext) -> str:
    """The note for a statement taken by the books' only bank account, which has no number yet.

    It names the `open` entry by file and line: a finance officer new to beancount does not
    know where "its open entry" is, and the template's holds an empty account_number to fill in.
    """
    opened = ctx.opened[account]
    meta = opened.meta or {}
    where = where_zh = ""
    if meta.get("filename"):
        path = Path(meta["filename"])
        if ctx.root is not None and path.resolve().is_relative_to(Path(ctx.root).resolve()):
            path = path.resolve().relative_to(Path(ctx.root).resolve())
        where = f" ({path}:{meta.get('lineno')})"
        where_zh = f"（{path}:{meta.get('lineno')}）"
    verb = "fill in" if "account_number" in meta else "add"
    verb_zh = "填上" if "account_number" in meta else "加上"
    last = number.split("*")[-1]
    return said(f"这份对账单是账户 {number} 的；{account} 还没有 account_number：请在它的 open 分录{where_zh}上{verb_zh} "
                f"account_number: \"{last}\"，以便区分其他账户的对账单",
                f"the statement is for account {number}; {account} has no account_number yet: {verb} "
                f"account_number: \"{last}\" on its open entry{where} so other accounts' statements "
                f"are told apart")


class BankStatementImporter(StatementChecks, EdgeRowChecks, BalanceChain, ReliefImporter):
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
        # an Excel 2003 XML workbook too: its Number cells are a workbook's numbers (a date
        # number in one was refused as "not a date")
        self._workbook = table.kind in ("xlsx", "xls", "spreadsheetml")
        self._date1904 = table.date1904
        self._other_sheets = [(other, found[0].number) for other, found in found_in[1:]]
        self._read_unjoined = sheet.unjoined
        self._read_marked = sheet.marked
        # sheets before the statement's without its header: a cover page (查询条件) that may
        # state the account and the period the statement sheet itself leaves out
        statements = {id(s) for s, _ in found_in}
        self._cover = [r for other in table.sheets[:table.sheets.index(sheet)] if id(other) not in statements for r in other.rows]
        # sheets after it without its header: where an export may continue its rows
        self._after = [other for other in table.sheets[table.sheets.index(sheet) + 1:]
                       if id(other) not in statements]
        return sheet, row, columns, memo, table.notes

    def _other_bank(self, filepath: str) -> TitledBank | None:
        """The bank the file's title names, when it is not this profile's bank (None: no title
        names a bank, or it names this one)."""
        sheets = read_table(filepath, self.profile.encoding).sheets
        titled = titled_bank(sheets[0].rows) if sheets else None
        if titled is None or titled.bank and titled.bank == self.profile.bank or titled.name in self.profile.name:
            return None
        return titled

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
            st.notes.append(said(f"日期列中是电子表格的日期序号，而不是日期（第 {first[0]} 行：{first[1]}）：按它们代表的日期读取"
                                 f"（{first[2]}{'，1904 日期系统' if self._date1904 else ''}）；请按对账单核对第一个和最后一个日期",
                                 f"the date column holds spreadsheet date numbers, not dates (row {first[0]}: {first[1]}): read as "
                                 f"the dates they stand for ({first[2]}{', 1904 date system' if self._date1904 else ''}); check the "
                                 "first and last dates against the statement"))

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
            required = ', '.join(self._required_names())
            what = said(f"这不是{self.profile.name}的对账单（没有含 {required} 的表头行）",
                        f"this is not a {self.profile.name} statement (no header row with {', '.join(self._required_names())})")
            other = self._other_bank(filepath)
            if other is not None:
                raise ImportProblem(filepath, said(f"按标题（第 {other.row} 行：{other.text[:60]}），这是{other.name}的对账单，"
                                                   f"不是{self.profile.name}的（没有含 {required} 的表头行）",
                                                   f"this is a {other.name} statement by {other.where()}, not a "
                                                   f"{self.profile.name} one (no header row with {', '.join(self._required_names())})"),
                                    row=other.row, hint=said(f"请选择{other.name}对账单的导入程序，或在 import_config.py 中为它们加一个 "
                                                             "profile（docs/importing.md，\"Bank profiles\"）",
                                                             f"choose the importer for {other.name}'s statements, or add a "
                                                             f"profile for them to import_config.py (docs/importing.md, \"Bank profiles\")"))
            raise ImportProblem(filepath, what,
                                hint=said("请选择该文件所属银行的导入程序，或在 import_config.py 中为它加一个 profile",
                                          "choose the importer for the file's bank, or add a profile for it to import_config.py"))
        sheet, header, columns, memo, notes = located
        copies = refuse_other_sheets(filepath, sheet, self._other_sheets, header.number)
        st = Statement(self.profile, sheet.name, header.number, columns, memo, list(header.cells), notes=list(notes))
        if copies:
            st.notes.append(said(f"读取了工作表 {sheet.name!r}；其他工作表 {'、'.join(map(repr, copies))} 只有它的行：不读取",
                                 f"sheet {sheet.name!r} read; other sheet(s) {', '.join(map(repr, copies))} hold only rows of it: not read"))
        halves = [r for r in sheet.rows if r.number in (header.number - 1, header.number)]
        if halves and halves[-1].cells != header.cells:  # a header written over two rows
            st.header_halves = {trimmed_cells(r.cells) for r in halves}
        english = next((r for r in sheet.rows if r.number > header.number), None)  # the row under the header
        if english is not None and english_names(header, english):  # the names again in English: like the header repeated
            st.header_halves = st.header_halves | {trimmed_cells(english.cells)}
        st.missing = missing_columns(self.profile, header)
        if st.missing:
            shown = ", ".join(c for c in header.cells if c)
            raise ImportProblem(filepath, said(f"profile {self.profile.id}（{self.profile.name}）列出的列 {'; '.join(st.missing)} "
                                               f"在文件的表头行中没有（表头行有：{shown}）",
                                               f"the profile {self.profile.id} ({self.profile.name}) names the column(s) "
                                               f"{'; '.join(st.missing)}, which the file's header row does not have (it has: {shown})"),
                                row=header.number,
                                hint=said("请改正 import_config.py 中该 profile 的列名（比较表头时不计空格），如果这种导出文件确实没有"
                                          "这一列，就把它的键列在 \"optional\" 下",
                                          "correct the column name in the profile in import_config.py (headers are compared without "
                                          "spaces), or list the key under \"optional\" if this export really lacks it"))
        self._refuse_twice_headed(filepath, header, columns)
        # the heading's rows and the line under the header only: a memo may say 单位 too
        unit = other_money_unit([r for r in sheet.rows if r.number <= header.number + 1])
        if unit:
            # why: 1.00 under 单位：万元 (10,000 yuan) was booked as 1.00, its balances agreeing
            raise ImportProblem(filepath, said(f"对账单的金额单位不是元（{unit[1]!r}）：relief 把每个金额都读作元，1.5 会记为 1.50",
                                               f"the statement states its amounts in another unit than the yuan ({unit[1]!r}): "
                                               "relief reads every amount as yuan, so 1.5 would be booked as 1.50"), row=unit[0],
                                hint=said("请导入银行自己导出的、金额以元为单位的对账单",
                                          "import the bank's own export of the statement, whose amounts are in 元"))
        self._serial_dates(sheet, header, columns, st)
        self._unread_columns(filepath, st, header, [r for r in sheet.rows if r.number > header.number])
        preamble = [r for r in sheet.rows if r.number < header.number]
        self._preamble = preamble
        st.number = self._account_number(preamble) or self._account_number(self._cover)
        st.sub_account = sub_account(preamble)
        st.stated = stated_period(preamble) or period_in_name(sheet.name) or stated_period(self._cover)
        self._stated_currency = st.stated_currency = self._preamble_currency(preamble) or self._preamble_currency(self._cover)
        self._refuse_headless_sheets(filepath, st, sheet)
        body = self._join_wrapped_text(st, [r for r in sheet.rows if r.number > header.number])
        st.notes.extend(hidden_notes(sheet, body, "statement", said("（它们是银行的行：按银行写的记账）",
                                                                    " (they are the bank's rows: booked as it wrote them)")))
        self._read_rows(filepath, st, body)
        if getattr(self, "_open_ended", False) and st.records and body and body[-1].number == st.records[-1].row:
            self._check_last_row(filepath, st, body[-1], body)
        self._refuse_mixed_accounts(filepath, st, body, {k: st.header_names[i] for k, i in columns.items()})
        if not st.number and "own_account" in columns and st.records:
            first = next(r for r in sheet.rows if r.number == st.records[0].row)
            st.number = as_asterisks(first.get(columns["own_account"]))
        return st

    def _join_wrapped_text(self, st: Statement, body: list[Row]) -> list[Row]:
        """`body` with each row that holds only the rest of the row above's 摘要 or 对方户名
        joined to that row (importers/continuation.py), and a note naming them.

        Why: such a row was refused as "'' is not a date", or, after the last transaction,
        passed over as a footer and the payer's name read cut short."""
        cols = st.columns
        self._cols = cols
        text = set(st.memo_columns) | ({cols["payer"]} if "payer" in cols else set())
        text -= {i for k, i in cols.items() if k not in ("payer", "memo")}
        formats = tuple(self.profile.date_format or ())

        def dated(row: Row) -> bool:
            return reads_as_date(row.get(cols["date"]), formats)

        def label(row: Row) -> bool:
            return (self._is_footer(row) or self._is_totals(row) or bool(page_line(row, st.memo_columns))
                    or bool(balance_line(row)) or bool(day_subtotal(row)))

        before = {r.number: r for r in body}
        body, joined = join_continuations(body, text, cols["date"], dated, label)
        #: the rows text was joined to, as they were before: their ids of older relief versions
        #: (the reading's own joins of lines a stray CR split first)
        self._unjoined = {**{j.into: before[j.into] for j in joined},
                          **getattr(self, "_read_unjoined", {})}
        if joined:
            st.notes.append(joined_note(joined, st.header_names))
        return body

    def _refuse_twice_headed(self, filepath: str, header: Row, columns: dict[str, int]) -> None:
        """Refuse a header naming a date or money column twice (收入金额 in E and again in F).

        Why: the first was read without a word: a hidden column of other figures beside the
        bank's booked 999.00 and 888.00 for 100.00 and 50.00, with only a balance note. A
        register is refused so too (registers.py)."""
        folded = [fold_header(c) if c else "" for c in header.cells]
        for key in ("date", "in", "out", "amount", "balance"):
            index = columns.get(key)
            if index is None or not folded[index]:
                continue
            at = [i for i, c in enumerate(folded) if c == folded[index]]
            if len(at) > 1:
                both = " and ".join(f"column {column_letter(i)}" for i in at)
                both_zh = "和".join(f"列 {column_letter(i)}" for i in at)
                raise ImportProblem(filepath, said(f"有两列的表头都是 {header.get(index)!r}：{both_zh}；无法判断哪一列是对账单的数字",
                                                   f"two columns are headed {header.get(index)!r}: {both}; "
                                                   "which one holds the statement's figures cannot be told"),
                                    row=header.number,
                                    hint=said("请删除不是银行的那一列（隐藏的也算）或给它改个表头，然后重新导入",
                                              "delete the column that is not the bank's (a hidden one too) "
                                              "or give it another header, then import again"))

    def _refuse_headless_sheets(self, filepath: str, st: Statement, sheet: Sheet) -> None:
        """Refuse a workbook whose statement rows go on in a later sheet without the header
        (reading.refuse_headless_sheets). Why: the balance assertion, taken from the first
        sheet's last row, held, and nothing said the later rows were never read."""
        formats = tuple(self.profile.date_format or ())

        def entry(row: Row) -> bool:
            return reads_as_date(row.get(st.columns["date"]), formats) and self._holds_money(row, st)

        refuse_headless_sheets(filepath, sheet, getattr(self, "_after", []), "statement", entry)

    def _unjoined_refs(self, st: Statement) -> None:
        """Give each record whose row older relief versions read otherwise the id that reading
        gave it, as a legacy id: a row had text joined to it (`_join_wrapped_text`), or a
        leading apostrophe dropped from a cell (`Sheet.marked`: 'ICBC2024…, '王小明).

        Why: older relief versions passed a continuation under the last row over as a footer
        and booked that row with its payer or memo cut short, so its fingerprint differs from
        today's; the same statement imported again booked the row a second time. Likewise a
        row whose payer was written '王小明, or its id 'ICBC2024…, booked before the
        apostrophe was dropped: imported again it was proposed anew, the money twice."""
        for older in (getattr(self, "_unjoined", {}), getattr(self, "_read_marked", {})):
            if older:
                self._older_refs(st, older)

    def _older_refs(self, st: Statement, older: dict[int, Row]) -> None:
        """Add to each record's legacy ids the id its row read as `older` gives it: the bank's
        id as that reading has it, or the fingerprint of that reading's payer, account and memo."""
        p = self.profile
        for r in st.records:
            old = older.get(r.row)
            if old is None:
                continue
            cells = (old.get(i) for i in self._memo_cols)
            memo = " ".join(dict.fromkeys(c for c in cells if c and not is_empty(c)))
            payer, account = self._cell(old, "payer"), self._cell(old, "payer_account")
            ident = r.source_ref if r.source_ref.startswith(f"{p.id}-") else self._cell(old, "id")
            before = dataclasses.replace(r, memo=memo, payer="" if is_empty(payer) else payer, source_ref=ident,
                                         payer_account=r.payer_account and ("" if is_empty(account) else account))
            add_older_ids(r, before, p.id)

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
                if code != self.profile.currency and reads_as_date(row.get(st.columns["date"]), self.profile.date_format):
                    raise ImportProblem(filepath, said(f"文件的列 {cell} 写的是 {text!r}，但格式 {self.profile.name}（{self.name}）"
                                                       f"不读取这一列，会把金额记为 {self.profile.currency}",
                                                       f"the file's column {cell} says {text!r}, but the layout {self.profile.name} "
                                                       f"({self.name}) does not read that column and would book the amounts as "
                                                       f"{self.profile.currency}"), row=row.number, column=cell,
                                        hint=said("请在 import_config.py 中把文件的格式写成一个带币种列的 profile（docs/importing.md，"
                                                  "\"Bank profiles\"）",
                                                  "describe the file's layout as a profile in import_config.py (docs/importing.md, "
                                                  "\"Bank profiles\") with its currency column"))
        if self.profile.sign == "signed":
            rows = [r for r in body if reads_as_date(r.get(st.columns["date"]), self.profile.date_format)]
            for index, cell in unread.get("direction", []) + self._direction_columns(header, rows, st):
                outs = [r for r in rows if self.profile.direction_of(r.get(index)) < 0]
                if outs and not any(amount_or_zero(r.get(st.columns["amount"])) < 0 for r in rows):
                    # unsigned amounts and a direction column the layout does not read: every
                    # payment would be booked as money in
                    raise ImportProblem(filepath, said(f"金额没有正负号，而文件的列 {cell}（此处是 {outs[0].get(index)!r}）"
                                                       f"说明资金的方向，格式 {self.profile.name}（{self.name}）不读取这一列："
                                                       "每一笔付款都会记成收入",
                                                       f"the amounts carry no sign, and the file's column {cell} "
                                                       f"({outs[0].get(index)!r} here) says which way the money went, which the layout "
                                                       f"{self.profile.name} ({self.name}) does not read: every payment would be booked as "
                                                       "money in"), row=outs[0].number, column=cell,
                                        hint=with_draft(said("请在 import_config.py 中把文件的格式写成一个 profile，其中 \"sign\": "
                                                             f"\"direction\"，列中写 \"direction\": \"{cell}\"（docs/importing.md，"
                                                             "\"Bank profiles\"）",
                                                             "describe the file's layout as a profile in import_config.py with \"sign\": "
                                                             f"\"direction\" and \"direction\": \"{cell}\" in its columns (docs/importing.md, "
                                                             "\"Bank profiles\")"), header.cells))
        names = [cell for key in ("balance", "payer", "payer_account") for _, cell in unread.get(key, [])]
        if names and self.profile.optional is None:  # a built-in layout (a books' profile leaves columns out on purpose)
            st.notes.append(said(f"文件的列 {'、'.join(names)} 不被格式 {self.profile.name}（{self.name}）读取：文件是那家银行的吗？"
                                 "要读取它们，请在 import_config.py 中把它的格式写成一个 profile（docs/importing.md，“Bank profiles”）",
                                 f"the file's column(s) {', '.join(names)} are not read by the layout {self.profile.name} ({self.name}): "
                                 "is the file that bank's? Describe its layout as a profile in import_config.py to read them "
                                 "(docs/importing.md, \"Bank profiles\")"))

    def _direction_columns(self, header: Row, rows: list[Row], st: Statement) -> list[tuple[int, str]]:
        """The columns no key but the memo reads whose every filled cell on a dated row says a
        direction (收 / 付, 转入 / 转出, C / D), whatever their header: 收/付, 交易方向, 出入账标志.

        Why: a rural bank's statement of unsigned amounts with its direction under 收/付, read
        with a signed profile (the draft relief offered for it), booked a payment of 12,000.00
        as money in; only a header named like 借贷标志 was looked at."""
        used = set(st.columns.values())
        found = []
        for index, cell in enumerate(header.cells):
            if index in used or not cell or header_key(cell) == "direction":
                continue
            texts = (t for t in (r.get(index) for r in rows) if t and not is_empty(t))
            first = next(texts, None)
            if first is not None and all(self.profile.direction_of(t) for t in (first, *texts)):
                found.append((index, cell))
        return found

    def _direction_code_hint(self, column: str) -> str:
        """What to do with a direction cell relief does not know (1 / 2, + / -: a code whose
        meaning differs by bank, which the statement's legend gives). Why: the refusal listed
        the words relief knows and nothing to do, though a built-in layout had taken the file."""
        todo = ('list the bank\'s codes, as its statement\'s legend gives them, under "direction_in" and '
                '"direction_out" in')
        todo_zh = '请把银行的代码（按对账单的说明）列在 "direction_in" 和 "direction_out" 下，写在'
        if self.profile.optional is not None:  # the books' own profile
            return said(f"{todo_zh} import_config.py 的 profile {self.profile.id} 中", f"{todo} the profile {self.profile.id} in import_config.py")
        return said(f"{todo_zh} import_config.py 中该文件格式的 profile 里，其中 \"sign\": \"direction\"，列中写 \"direction\": "
                    f"\"{column}\"（docs/importing.md，\"Bank profiles\"）",
                    f"{todo} a profile of the file's layout in import_config.py, with \"sign\": \"direction\" and \"direction\": "
                    f"\"{column}\" in its columns (docs/importing.md, \"Bank profiles\")")

    def _required_names(self) -> list[str]:
        return [self.profile.alternatives(k)[0][0] for k in self.profile.required]

    def _account_number(self, rows: list[Row]) -> str:
        """The statement's own account number from its preamble, without the spaces or dashes
        of a number written in groups (6222 0200 0000 1234); "" when it names none."""
        pattern = re.compile(self.profile.account_pattern)
        for row in rows:
            for text in (*row.cells, " ".join(row.cells)):
                # a sub-account's serial is no number; 賬號 / 帳號 (Big5) are 账号 / 帐号
                m = pattern.search(SUB_ACCOUNT.sub("", as_asterisks(simplified(text))))
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
        # 兴业银行 names it in the sub-account line only (卡内账户 002 活期储蓄存款 港币 现汇):
        # its HKD sub-account's statement was booked as so many yuan
        for row in rows:
            for m in SUB_ACCOUNT_LINE.finditer(row.text):
                try:
                    return currency_code(m.group(1), "")
                except ValueError:
                    continue
        return ""

    def _cell(self, row: Row, key: str) -> str:
        """The row's cell of column `key` ("" without that column or past the row's end): Row.get
        written out, as it is asked a dozen times a row of a 100,000-row statement."""
        index = self._cols.get(key)
        if index is None:
            return ""
        cells = row.cells
        return cells[index] if 0 <= index < len(cells) else ""

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
        refuse_reordered_header(filepath, data_rows, st.header_names)
        self._rounded_ids: list[tuple[int, str]] = []
        self._rounded_accounts: list[tuple[int, str]] = []  # counterparty accounts a spreadsheet rounded
        self._impossible_times: list[tuple[int, str]] = []  # times of day no clock shows (77:57:11)
        width = len(trimmed_cells(st.header_names)) if getattr(self, "_text", False) else 0  # CSV rows are checked for shifted cells
        self._date_formats = p.date_format or self._slashed_dates(filepath, data_rows, cols["date"], name["date"])
        daily = {r.number for r in data_rows if day_subtotal(r)}
        dated = {r.number for r in data_rows if self._is_date(r.get(cols["date"])) and not self._dated_footer(r, st)
                 and not self._totals_label(r) and r.number not in daily}  # each date read once
        last_data = max(dated, default=0)
        first_data = min(dated, default=0)
        if not dated:
            self._refuse_time_for_date(filepath, st, data_rows, name)
        self._refuse_currency_heading(st, data_rows, dated, last_data)
        self._refuse_yearless(filepath, st, data_rows, dated, name)
        # transaction rows only: a totals row writes its column's sum with a sign of its own
        self._out_reversals = self._reversal_sign([r for r in data_rows if r.number in dated])
        breaks = self._page_breaks(data_rows, st, dated, last_data, daily)
        still: dict[int, Decimal | None] = {}  # rows with no amount: their balances
        still_days: dict[int, datetime.date] = {}  # their days (a balance line among the rows has none)
        self._empty_amounts: list[int] = []  # a signed layout's rows with an empty amount (beside a balance, or with none)
        first_with_id: dict[str, tuple[int, tuple[str, ...]]] = {}  # id -> (row, cells) of its first row
        counted = 0  # the transaction rows read, skipped ones included, against a count the footer states
        counted_rows: list[int] = []  # their numbers: a page's subtotal counts the rows of its page
        counted_ways = {"in": 0, "out": 0}  # rows of each direction, against 收入总笔数 / 借方总笔数
        for row in data_rows:
            date_text = row.get(cols["date"])
            if row.number in breaks:
                st.skipped.append(Skipped(row.number, breaks[row.number], row.text[:60]))
                continue
            if row.number not in dated and row.number < last_data and balance_line(row) and not self._holds_money(row, st):
                # an undated balance line among the rows (期初余额 in the date column, 上日余额
                # in the memo): it was refused as "'期初余额' is not a date"; its balance is
                # checked against its neighbours' like a row with no amount
                st.skipped.append(Skipped(row.number, said("余额行：不动用资金", "a balance line: it moves no money"), row.text[:60]))
                still[row.number] = self._balance(filepath, row, name)
                continue
            if row.number in daily:
                period = "month" if subtotal_kind(row) == "month" else "day"
                period_zh = "月" if period == "month" else "日"
                st.skipped.append(Skipped(row.number, said(f"本{period_zh}小计：合计本{period_zh}各行，各行已分别记账",
                                                           f"the {period}'s subtotal: it adds up that {period}'s rows, each booked on its own"),
                                          row.text[:60]))
                continue
            # a dated row after the footer is a transaction, the file's last one included (it
            # used to be passed over as footer: its money neither booked nor listed)
            if in_footer and row.number <= last_data:
                resumes = min(n for n in dated if n >= row.number)  # the first transaction row after the footer
                self._refuse_second_account(st, [r for r in data_rows if in_footer < r.number <= resumes])
                raise ImportProblem(filepath, said(f"页脚或合计行（第 {in_footer} 行）之后还有交易行",
                                                   f"transaction rows follow the footer or totals row {in_footer}"), row=row.number,
                                    hint=said("请把对账单重新导出为一张表；如果导出文件分页，每个分页处都必须重复列的表头，relief 才能识别",
                                              "export the statement again as one table; if the export is cut into pages, each "
                                              "page break must repeat the column header for relief to recognise it"))
            if in_footer or row.number not in dated:
                if row.number > last_data and self._sum_row(row, st):
                    totals.append(row)  # a =SUM row under the money columns, with no label: checked like any totals row
                    in_footer = in_footer or row.number
                    continue
                self._refuse_memo_page_line(filepath, st, row)
                if not date_text and not self._labelled(row) and not self._label_after_date(row) and self._holds_money(row, st):
                    # a day merged over several rows in a spreadsheet: only its first row holds it
                    # (a cell that is a totals label, 合计 under 摘要, makes it a totals row: it was
                    # refused so, with a hint to give the totals a date)
                    raise ImportProblem(filepath, said("这一行有金额，但日期单元格是空的，不是日期",
                                                       "the row holds an amount but its date cell is empty, which is not a date"),
                                        row=row.number, column=name["date"], hint=EMPTY_DATE_HINT)
                if row.number < last_data and not self._is_footer(row) and not self._totals_label(row):
                    raise ImportProblem(filepath, said(f"{date_text!r} 不是日期", f"{date_text!r} is not a date"), row=row.number,
                                        column=name["date"],
                                        hint=cell_hint(date_text, said("请改正该单元格（日期的样子如 2026-03-05），如果这一行不是交易就删除它",
                                                                       "fix the cell (dates look like 2026-03-05), or delete the row if it is not a transaction")))
                if row.number > last_data and not self._labelled(row) and not self._label_after_date(row) and self._holds_money(row, st):
                    # after the last dated row, but moving money: not a footer to pass over in silence
                    raise ImportProblem(filepath, said(f"这一行有金额，但日期列中的 {date_text!r} 不是日期",
                                                       f"the row holds an amount but {date_text!r} in its date column is not a date"),
                                        row=row.number, column=name["date"],
                                        hint=cell_hint(date_text, said("请改正日期单元格（电子表格的日期序号，如 46085，保存前必须设为日期格式），"
                                                                       "如果这一行不是交易就删除它",
                                                                       "fix the date cell (a spreadsheet's date number, such as 46085, must be "
                                                                       "formatted as a date before saving), or delete the row if it is not a transaction")))
                if row.number > last_data and self._bare_figures(row, data_rows, last_data):
                    figures = ", ".join(c for c in row.cells if c)
                    raise ImportProblem(filepath, said(f"最后一笔交易之后的这一行有数字（{figures[:60]}），但没有日期也没有文字："
                                                       "它可能是被截断的交易，其资金既没有记账也没有列出",
                                                       f"the row after the last transaction holds figures ({figures[:60]}) but no date and no words: "
                                                       "it may be a transaction cut short, its money neither booked nor listed"),
                                        row=row.number, column=name["date"],
                                        hint=said("请重新导出对账单，或在相应列中写上这一行的日期、摘要和金额；如果它不是交易就删除这一行",
                                                  "export the statement again, or write the row's date, memo and amount in their columns; "
                                                  "delete the row if it is not a transaction"))
                if self._is_totals(row):
                    totals.append(row)
                    if row.number < first_data:
                        # the totals first, right under the header (sorted newest first in a
                        # spreadsheet, a text cell goes before the dates): checked like one under
                        # the rows; it was taken for a footer the transactions then followed
                        continue
                in_footer = in_footer or row.number
                continue
            if len(row.cells) < needed and self._text:
                # a spreadsheet stores no empty cells at a row's end: only a text file's row is cut short
                what = "the row stops short" + (" — the file looks cut off" if row.number == last_data else "")
                what_zh = "这一行不完整" + ("——文件看起来被截断了" if row.number == last_data else "")
                raise ImportProblem(filepath, said(f"{what_zh}：它有 {len(row.cells)} 个单元格，而表头有 {len(st.header_names)} 个",
                                                   f"{what}: it has {count_of(len(row.cells), 'cell', 'cells')} but the header has {len(st.header_names)}"),
                                    row=row.number, column=st.header_names[len(row.cells)] if len(row.cells) < len(st.header_names) else None,
                                    hint=EXPORT_AGAIN)
            if width and len(row.cells) > width:
                refuse_shifted(filepath, row, width, "statement", tuple(st.header_names))
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
            way_in, way_out = self._columns if p.sign == "in-out" else (moved_in, moved_out)
            counted_ways["in"] += bool(way_in)
            counted_ways["out"] += bool(way_out)
            if record is None:
                st.skipped.append(Skipped(row.number, said("金额为零：没有资金变动", "amount is zero: no money moved"), row.text[:60],
                                          amount=moved_in + moved_out))
                still[row.number] = self._balance(filepath, row, name)
                still_days[row.number] = parse_date(self._cell(row, "date"), self._date_formats)
                continue
            if record.source_ref:
                cells = trimmed_cells(row.cells)
                first = first_with_id.setdefault(record.source_ref, (row.number, cells))
                if first[0] != row.number and first[1] == cells:
                    # the same id, date, amount and balance: the export wrote one transaction
                    # twice (a bank gives each its own id; two real ones would move the balance twice)
                    st.skipped.append(Skipped(row.number, said(f"与第 {first[0]} 行逐格相同，包括流水号 {record.source_ref}：同一笔交易写了两次",
                                                         f"repeats row {first[0]} cell for cell, its id {record.source_ref} "
                                                         "included: one transaction written twice"), row.text[:60],
                                              amount=(moved_in + moved_out).quantize(CENT)))
                    continue
            st.records.append(record)
        if not st.records and not st.skipped:
            raise ImportProblem(filepath, said("对账单有表头，但没有交易行", "the statement has a header but no transaction rows"),
                                row=st.header_row, hint=said("请检查导出的期间；什么也没有导入", "check the period you exported; nothing was imported"))
        self._refuse_pasted_twice(st, data_rows)
        if self._text:  # a spreadsheet stores no empty cells at a row's end: only a text file's row is cut short
            st.notes.extend(flag_cut_short(cut_short(data_rows, st.records, cols, st.header_names), st.records, last_data))
        self._check_still_rows(filepath, st, still, name, still_days)
        self._check_carry_lines(filepath, st, [r for r in data_rows if r.number in breaks and (
            memo_page_label(r, st.memo_columns) or (self.options.verify_summary and leading_page_label(r)))], name)
        if self._empty_amounts and not any(r.balance is not None for r in st.records):
            # no row's balance to check it against: nothing says the row moved no money
            raise ImportProblem(filepath, AMOUNT_EMPTY, row=self._empty_amounts[0], column=name["amount"], hint=AMOUNT_NEEDED)
        if self.options.verify_summary:
            self._check_preamble_summary(filepath, st, _in_simplified(getattr(self, "_preamble", [])), counted, counted_ways, name)
            page = max(breaks, default=0)
            footer = _in_simplified([r for r in data_rows if r.number > last_data])
            self._check_count(filepath, footer + summary_table_lines(footer), counted,
                              sum(1 for n in counted_rows if n > page) if page else counted, counted_ways,
                              self._way_sums(st))
            self._check_page_subtotals(filepath, st, [r for r in data_rows if r.number in breaks and is_page_subtotal(r, st.memo_columns)],
                                       name, counted_rows)
            for row in totals:
                # a page's subtotal under the last page adds up that page's rows only
                page = is_page_subtotal(row) and max(breaks, default=0)
                if page:
                    try:
                        self._check_totals(filepath, st, row, name, part=[r for r in st.records if r.row > page],
                                           what=(said("最后一页的小计", "the last page's subtotal"),
                                                 said("最后一页的各行", "the rows of the last page")))
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
            st.notes.append(said(
                f"{len(self._rounded_ids)} 行（第一行：第 {first} 行）的交易流水号被电子表格程序四舍五入（{text}）：改按内容区分这些行；"
                "下次请导入下载下来的原始对账单，不要先用电子表格程序打开再保存",
                f"{len(self._rounded_ids)} row(s) (first: row {first}) have a transaction id that a spreadsheet "
                f"program rounded ({text}): those rows are told apart by their content instead; next time import "
                "the statement as downloaded, without opening and saving it in a spreadsheet program"))
        if self._rounded_accounts:
            first, text = self._rounded_accounts[0]
            st.notes.append(said(
                f"{len(self._rounded_accounts)} 行（第一行：第 {first} 行）的对方账号被电子表格程序四舍五入（{text}）：数字已丢失，"
                "不作为账号读取（不据此匹配或建议捐赠人）；下次请导入下载下来的原始对账单，不要先用电子表格程序打开再保存",
                f"{len(self._rounded_accounts)} row(s) (first: row {first}) have a counterparty account number "
                f"that a spreadsheet program rounded ({text}): its digits are lost, so it is not read as an "
                "account number (no donor is matched or proposed by it); next time import the statement as "
                "downloaded, without opening and saving it in a spreadsheet program"))
        if self._impossible_times:
            st.notes.append(impossible_times_note(self._impossible_times))
        assign_fingerprints(st.records, p.id)
        self._unjoined_refs(st)
        for r in st.records:
            r.source_ref = qualified_ref(p.bank or p.id, r.source_ref)
            source = p.bank or p.id
            r.legacy_ref = (tuple(qualified_ref(source, x) for x in r.legacy_ref)
                            if isinstance(r.legacy_ref, tuple) else qualified_ref(source, r.legacy_ref))
        if st.stated and st.records:
            first, last = st.row_days
            if first < st.stated[0] or last > st.stated[1]:
                st.notes.append(said(f"对账单写明的期间是 {st.stated[0]} 至 {st.stated[1]}，但其中的行是 {first} 至 {last}：改用各行的日期",
                                     f"the statement says it covers {st.stated[0]} to {st.stated[1]} but has rows from {first} to {last}: "
                                     f"its rows' days are used instead"))
                st.stated = None
        if st.stated and st.records and st.row_days[1] < st.stated[1] and st.stated[1] >= (today := books_today()):
            # online banking fills 截止日期 with the period asked for, not the export's moment
            last = st.row_days[1]
            st.notes.append(said(f"对账单写明的期间是 {st.stated[0]} 至 {st.stated[1]}，到本次导入之日 {today} 还没有结束：它是在期末之前导出的，"
                                 f"按 {st.stated[0]} 至 {last}（它的最后一行）处理；{last} 之后的日子结束后，请导入那些日子的对账单",
                                 f"the statement says it covers {st.stated[0]} to {st.stated[1]}, which has not ended on {today}, "
                                 f"the day of this import: it was exported before its end, and is taken to cover {st.stated[0]} "
                                 f"to {last} (its last row); import the statement of the days after {last} when they have ended"))
            st.stated = (st.stated[0], last)
        st.closing = self._closing(st)
        if self.options.verify_summary:
            self._check_stated_closing(filepath, st, _in_simplified([r for r in data_rows if r.number > last_data]), name)
        st.notes.extend(uncomputed_totals_note(st, totals))
        self._flag_unknown_edge_rows(st, still, data_rows, [r for r in data_rows if r.number > last_data], totals, name)


    def _page_breaks(self, rows: list[Row], st: Statement, dated: set[int], last_data: int, daily: set[int]) -> dict[int, Said]:
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
        # the heading's own lines, repeated at a page break: one stating figures (总收入 … 元 in
        # a cell over the money columns) moves no money, being the heading's
        heading = {trimmed_cells(r.cells) for r in getattr(self, "_preamble", []) if any(r.cells)}
        memo = st.memo_columns  # a page line's label may stand there, after its amounts
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
                    money = any(self._holds_money(r, st) for r in block if not page_line(r, memo) and not header_line(r)
                                and trimmed_cells(r.cells) not in heading)
                    if not money and (repeats or all(page_line(r, memo) or header_line(r) for r in block)):
                        self._refuse_second_account(st, block)
                        for r in block:
                            kind = page_line(r, memo) or said("对账单的标题再次出现", "the statement's heading again")
                            breaks[r.number] = (said("分页：表头再次出现", "a page break: the column header again")
                                                if trimmed_cells(r.cells) in headers
                                                else said("表头中的一行：各列的单位或编号", "a line of the header: the columns' units or numbers")
                                                if header_line(r) else said(f"分页：{zh_of(kind)}", f"a page break: {kind}"))
                    block = []
                continue
            block.append(row)
        return breaks


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
                if too_many_digits(row.get(index)):
                    return True  # figures too long to be an amount: the row's own check names them
                continue
            if value:
                return True
        return False

    @staticmethod
    def _bare_figures(row: Row, data_rows: list[Row], last_data: int) -> bool:
        """Whether a row under the last transaction holds nothing but figures with decimals
        (`5.00,,105.00`), one of them not zero, and is not the row of values under a summary's
        row of labels (收入金额 over 1000.00).

        Why: such a row, its figures outside the amount columns, was passed over as a footer
        without a word: a transaction whose date and memo were lost vanished with its money."""
        written = [c.strip() for c in row.cells if c and c.strip()]
        if not written or not all(_FIGURE.fullmatch(c) for c in written):
            return False
        if not any(parse_amount(c) for c in written):
            return False
        footer = [r for r in data_rows if r.number > last_data]
        return row.number not in {line.number for line in summary_table_lines(footer)}

    def _is_date(self, text: str) -> bool:
        return reads_as_date(text, self._date_formats)

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
        return any(w in simplified(first) for w in ("合计", "总计", "Total", "TOTAL")) or self._totals_label(row)  # 總計 (Big5) too

    def _is_footer(self, row: Row) -> bool:
        first = next((c for c in row.cells if c), "")
        return self._footer_word(simplified(first)) or year_to_date(first)

    def _sum_row(self, row: Row, st: Statement) -> bool:
        """Whether a row after the last transaction holds nothing but money-column cells, each
        the total of its column over the rows above: a spreadsheet's =SUM row nobody labelled.

        Why: such a row was refused as a transaction whose date cell is empty, with a hint
        about dates merged over rows, which sent the officer to give a total a date. A row
        that is not its columns' total is still refused so."""
        p = self.profile
        sums = ({"in": st.column_in, "out": st.column_out} if p.sign == "in-out"
                else {"amount": signed_total(st.records, row) * (-1 if p.invert else 1)} if p.sign == "signed" else {})
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
        return may_hold_totals_label(row) and any(TOTALS_LABEL.fullmatch(c) for i, c in enumerate(row.cells) if c and i != date)

    def _label_after_date(self, row: Row) -> bool:
        """Whether a cell of the row other than its date is, all of it, a totals label (合计,
        本期发生额) or a running total's (本年累计), as 对账单 write them under 摘要 with the date
        cell empty. Why: such a row was refused as one whose date cell is empty, with a hint
        to date it."""
        date = self._cols["date"]
        return self._totals_label(row) or any(RUNNING_TOTAL_LABEL.fullmatch(c) for i, c in enumerate(row.cells) if c and i != date)

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
            raise ImportProblem(filepath, said(f"{text!r} 不是金额", f"{text!r} is not an amount"), row=row.number, column=name[key],
                                hint=amount_hint(text, said("金额的样子如 1,234.56、-50.00 或 50.00 DR（带 CR 或 DR 标记时不带正负号）；"
                                                            "请改正该单元格或重新导出对账单",
                                                            "amounts look like 1,234.56, -50.00 or 50.00 DR (a CR or DR mark and no "
                                                            "sign); fix the cell or export the statement again"))) from None
        if self._marks[key] and (key, self._marks[key]) in (("in", -1), ("out", 1)):
            column_zh, mark_zh = ("收入", "支出（DR）") if key == "in" else ("支出", "收入（CR）")
            raise ImportProblem(filepath, said(f"{text!r} 在{column_zh}列中，但它的标记表示{mark_zh}",
                                               f"{text!r} is in the money-{key} column but its mark says money "
                                               f"{'out (DR)' if key == 'in' else 'in (CR)'}"), row=row.number, column=name[key],
                                hint=TWO_SAY_OTHERWISE)
        if finer_than_fen(value):
            raise ImportProblem(filepath, said(f"{text!r} 的小数超过两位：银行不会收付不足一分的钱",
                                               f"{text!r} has more than two decimal places: no bank moves part of a fen"),
                                row=row.number, column=name[key],
                                hint=shown_rounded_hint(text, said("请改正该单元格（可能是电子表格公式或手工修改造成的），或重新导出对账单",
                                                                   "fix the cell (a spreadsheet formula or a hand edit may have made it), "
                                                                   "or export the statement again")))
        return value

    def _record(self, filepath: str, row: Row, name: dict[str, str]) -> Record | None:
        p = self.profile
        day = parse_date(self._cell(row, "date"), self._date_formats)
        if p.sign == "in-out":
            money_in = self._amount(filepath, row, "in", name) or ZERO
            money_out = self._amount(filepath, row, "out", name) or ZERO
            if self._cell(row, "in") and is_masked(self._cell(row, "in")) or self._cell(row, "out") and is_masked(self._cell(row, "out")):
                raise ImportProblem(filepath, AMOUNT_MASKED, row=row.number, column=name["in"], hint=UNMASKED)
            if money_in and money_out:
                # One transaction moves money one way. Booking the difference would issue a
                # receipt for less than the donor gave and hide the payment out.
                raise ImportProblem(filepath, said(f"这一行既有收入（{self._cell(row, 'in')}）又有支出（{self._cell(row, 'out')}）："
                                                   "一个交易行只有一个资金方向",
                                                   f"the row has both money in ({self._cell(row, 'in')}) and money out "
                                                   f"({self._cell(row, 'out')}): a transaction row moves money one way"),
                                    row=row.number, column=name["out"],
                                    hint=said("请把这一行与银行的对账单核对并改正（如果是两笔交易合并了，就拆成两行），或重新导出对账单",
                                              "check the row against the bank's statement and fix it (split it into two rows if two "
                                              "transactions were merged), or export the statement again"))
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
                    raise ImportProblem(filepath, AMOUNT_MASKED, row=row.number, column=name["amount"], hint=UNMASKED)
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
                if "balance" in self._cols and is_empty(self._cell(row, "balance")):
                    # the amount and the balance both empty (—, -, /): read as an in / out
                    # statement's row with its money and balance cells empty, a row that moved
                    # nothing where the balances around it chain, else one whose money is unknown
                    # (_flag_unknown_edge_rows), refused below when no row's balance is known.
                    # Why: such a row stopped a signed statement whole as "the amount is empty",
                    # while the same row of an in / out statement was checked and listed
                    self._empty_amounts.append(row.number)
                    self._moved = (ZERO, ZERO)
                    return None
                raise ImportProblem(filepath, AMOUNT_EMPTY, row=row.number, column=name["amount"], hint=AMOUNT_NEEDED)
            mark = self._marks.get("amount", 0)
            if p.sign == "direction":
                d = self._cell(row, "direction").strip()
                way = p.direction_of(d)
                if mark and (way == -mark or (way == 0 and d and not is_empty(d))):
                    raise ImportProblem(filepath, said(f"金额 {self._cell(row, 'amount')!r} 标记为{'收入' if mark > 0 else '支出'}，"
                                                       f"但它的方向写的是 {d!r}",
                                                       f"the amount {self._cell(row, 'amount')!r} is marked money "
                                                       f"{'in' if mark > 0 else 'out'}, but its direction says {d!r}"), row=row.number,
                                        column=name["direction"], hint=TWO_SAY_OTHERWISE)
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
                    code_hint = self._direction_code_hint(name["direction"])
                    raise ImportProblem(filepath, said(f"{d!r} 既不表示收入也不表示支出", f"{d!r} says neither money in nor money out"),
                                        row=row.number, column=name["direction"],
                                        hint=said(f"收入是 {'、'.join(p.direction_in)} 之一；支出是 {'、'.join(p.direction_out)} 之一；"
                                                  + code_hint.zh,
                                                  f"money in is one of {', '.join(p.direction_in)}; money out one of {', '.join(p.direction_out)}; "
                                                  + code_hint))
            else:
                # a CR / DR mark says the direction from the account holder's side: not inverted
                amount = -value if p.invert and not mark else value
            self._moved = (amount, ZERO) if amount > 0 else (ZERO, amount)
        if amount == 0:
            return None
        balance = self._balance(filepath, row, name)
        memo = " ".join(dict.fromkeys(c for c in (row.get(i) for i in self._memo_cols) if c and not is_empty(c)))
        time = parse_time(self._cell(row, "time")) or parse_time(self._cell(row, "date"))
        if time and impossible_time(time):
            self._impossible_times.append((row.number, time))
        source_ref = ""
        if "id" in self._cols and p.unique_id:
            ident = self._cell(row, "id")
            if ident and not is_empty(ident) and not is_masked(ident):
                if is_rounded_id(ident):  # rounded by a spreadsheet: the row is told apart by its content
                    self._rounded_ids.append((row.number, ident))
                else:
                    source_ref = ident
        payer = self._cell(row, "payer")
        payer_account = self._cell(row, "payer_account")
        payer_account = "" if is_empty(payer_account) else payer_account
        if is_rounded_id(payer_account):
            # 8.15E+14: a spreadsheet program rounded the number, its digits are lost; glued
            # together (81514) they were proposed as the donor's account, and could match another's
            self._rounded_accounts.append((row.number, payer_account))
            payer_account = ""
        return Record(row=row.number, date=day, amount=amount,
                      currency=self._currency(filepath, row, name),
                      payer="" if is_empty(payer) else payer, payer_account=payer_account,
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
            if is_masked_figure(text):  # ＊＊＊＊, xxx,xxx.xx, 已隐藏: hidden, as **** is
                return None
            raise ImportProblem(filepath, said(f"{text!r} 不是金额", f"{text!r} is not an amount"), row=row.number,
                                column=name["balance"],
                                hint=cell_hint(text, said("请改正余额单元格或重新导出对账单",
                                                          "fix the balance cell or export the statement again"))) from None
        return -balance if balance is not None and self.profile.invert and not mark else balance


    def _currency(self, filepath: str, row: Row, name: dict[str, str]) -> str:
        """The row's currency code (the profile's own when the file has no currency column)."""
        text = self._cell(row, "currency")
        try:
            return currency_code(text, getattr(self, "_stated_currency", "") or self.profile.currency)
        except ValueError:
            raise ImportProblem(filepath, said(f"{text!r} 不是 relief 认识的币种", f"{text!r} is not a currency relief knows"),
                                row=row.number, column=name["currency"],
                                hint=said(f"请在该单元格中写它的 ISO 代码（USD、HKD…）；relief 从不把不认识的币种当作 {self.profile.currency}",
                                          "write its ISO code (USD, HKD…) in the cell; relief never takes an unknown currency for "
                                          f"{self.profile.currency}")) from None


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

    def _statement_currency(self, st: Statement) -> str:
        """The currency of a statement's rows where no currency column says otherwise: the one
        its heading states (币种：美元, 兴业银行's 卡内账户 line), else the profile's."""
        return st.stated_currency or self.profile.currency

    def resolve_account(self, st: Statement | None, ctx: BooksContext | None) -> str | None:
        """The books account for a statement: --account, else the import config's or the books'
        account whose number matches the statement's (masked numbers by their visible digits),
        else the only bank account that fits; None when none does."""
        if self.options.account:
            return self.options.account
        number = st.number if st else ""
        if number:
            for key, account in self.options.accounts.items():
                if same_number(key, number):
                    return account
            if ctx is not None:
                found = ctx.account_for_number(number, self.profile.bank, self._statement_currency(st))
                if found:
                    return found
        if self.profile.account:
            return self.profile.account
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
        early = rows_before(st.records, ctx.opened[account].date, opens=f"{account} opens", document="statement",
                            accounts=f"{account} (and of the accounts its entries post to)",
                            zh=(f" {account} 开设", "对账单", f" {account}（及其分录所记各账户）"))
        if early:
            what, row, hint = early
            raise ImportProblem(filepath, what, row=row, hint=hint)

    def _check_counter_accounts(self, filepath: str, entries: list, ctx: BooksContext) -> None:
        """An entry posting to an account the books open only later (an income or payable
        account opened after the bank account): say which, and how to open it earlier."""
        for e in entries:
            if not isinstance(e, data.Transaction):
                continue
            for p in e.postings:
                opened = ctx.opened.get(p.account)
                if opened is not None and e.date < opened.date:
                    raise ImportProblem(filepath, said(f"日期为 {e.date} 的这一行记到 {p.account}，而账簿到 {opened.date} 才开设该账户",
                                                       f"the row dated {e.date} is booked to {p.account}, "
                                                       f"which the books open only on {opened.date}"), row=e.meta.get("lineno"),
                                        hint=said(f"请把 accounts.beancount 中 {p.account} 的开设日期改到 {e.date} 或更早，和银行账户一样",
                                                  f"move the open date of {p.account} in accounts.beancount to {e.date} or earlier, "
                                                  f"as for the bank account"))

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
            heading_zh = ""
            if st.stated_currency == first.currency and "currency" not in st.columns:
                what = what.replace(f"is in {first.currency} (", f"is in {first.currency}, as the statement's heading says (", 1)
                heading_zh = "，对账单的标题也这样写"
            what_zh = (f"这一行的币种是 {first.currency}{heading_zh}（{len(refused)} 行的币种是 {currencies}），"
                       f"但 {account} 只持有 {', '.join(allowed)}")
            # Why: a CNY statement given to the HKD account by mistake was told to import the CNY
            # account's statement instead, or to enter its gifts by hand at the bank's rate
            holders = [o.account for o in ctx.bank_accounts() if first.currency in (o.currencies or ())]
            give = f"give the --account that holds {first.currency}" + (f" ({', '.join(holders)})" if holders else "")
            give_zh = f"请用 --account 指明持有 {first.currency} 的账户" + (f"（{', '.join(holders)}）" if holders else "")
            hint, hint_zh = give, give_zh
            if first.currency != operating:
                what += (f": the books keep donations in {operating}, "
                         f"and statements in other currencies are not yet supported")
                what_zh += f"：账簿以 {operating} 记录捐赠，尚不支持其他币种的对账单"
                hint = (f"import the {operating} account's statement instead, where the bank credits the converted amount, "
                        f"or enter the donation by hand in {operating} at the bank's rate with the original amount in the "
                        f"narration (docs/importing.md, \"Other currencies\"); or {give}")
                hint_zh = (f"请改为导入 {operating} 账户的对账单（银行在那里入账换算后的金额），或按银行的汇率以 {operating} "
                           f"手工录入这笔捐赠，在摘要中写明原币金额（docs/importing.md，\"Other currencies\"）；或{give_zh}")
            raise ImportProblem(filepath, said(what_zh, what), row=first.row, hint=said(hint_zh, hint))
        foreign = [r for r in st.records if r.currency != operating]
        if foreign:
            currencies = ", ".join(sorted({r.currency for r in foreign}))
            report.notes.append(said(f"{len(foreign)} 行的币种是 {currencies}（第一行：第 {foreign[0].row} 行）；它们按该币种记账，"
                                     f"公开的页面只统计 {operating}（其他币种在页脚列出，不相加）",
                                     f"{len(foreign)} row(s) are in {currencies} (first: row {foreign[0].row}); they are booked in "
                                     f"that currency, and the published pages count only {operating} (other currencies are named "
                                     f"in their footer, not added)"))

    def make_entries(self, st: Statement, ctx: BooksContext, existing: list, filepath: str, report: Report) -> list:
        """The statement's records as entries on its books account, plus the balance assertion from its closing balance."""
        account = self.resolve_account(st, ctx)
        mapped = self.options.account or ctx.account_for_number(st.number, self.profile.bank, self._statement_currency(st)) \
            or any(same_number(key, st.number) for key in self.options.accounts)
        what = "" if mapped or self.profile.account else platform_statement(st.header_names)
        if what:
            # Why: taken by the books' only bank account, the merchant account's money was booked
            # as the bank's (and a note said to write the 2088… account's number on its open entry)
            raise ImportProblem(filepath, said(f"这是{getattr(what, 'zh', what)}，没有指明自己在账簿中的账户：如果当作"
                                               f"{account or '银行账户'}，商户账户的钱会被算作银行的",
                                               f"this is {what} and names no books account of its own: taken for "
                                               f"{account or 'a bank account'}, the merchant account's money would be counted as a bank's"),
                                row=st.header_row,
                                hint=said(f"请用 --account 指明它在账簿中的账户（{ONLINE_ROOT}:…），或在 import_config.py 中它的 profile 里"
                                          f"加上 \"account\": \"{ONLINE_ROOT}:…\"（docs/importing.md，\"Merchant accounts\"）",
                                          f"give --account naming its books account ({ONLINE_ROOT}:…), or add \"account\": "
                                          f"\"{ONLINE_ROOT}:…\" to its profile in import_config.py (docs/importing.md, \"Merchant accounts\")"))
        if account is None:
            known = ", ".join(o.account for o in ctx.bank_accounts()) or "none opened"
            known_zh = ", ".join(o.account for o in ctx.bank_accounts()) or "尚未开设"
            number = f"account {st.number}" if st.number else "an account the file does not name"
            number_zh = f"账户 {st.number}" if st.number else "文件没有写明的账户"
            sharing = ctx.accounts_for_number(st.number, self.profile.bank, self._statement_currency(st))
            which = (f"which {len(sharing)} books accounts share ({', '.join(sharing)})" if len(sharing) > 1 else
                     f"which no books account is mapped to (bank accounts: {known})")
            which_zh = (f"账簿中有 {len(sharing)} 个账户共用它（{', '.join(sharing)}）" if len(sharing) > 1 else
                        f"账簿中没有账户对应它（银行账户：{known_zh}）")
            raise ImportProblem(filepath, said(f"这份对账单是{number_zh}的，{which_zh}", f"the statement is for {number}, {which}"),
                                hint=said(f"请给出 --account {BANK_ROOT}:…，或在该账户的 open 分录上写 account_number，"
                                          "或在 import_config.py 中映射它",
                                          f"give --account {BANK_ROOT}:…, or put account_number on that account's open entry, or map it in import_config.py"))
        if account not in ctx.opened:
            raise ImportProblem(filepath, said(f"账簿中没有开设 {account}", f"{account} is not opened in the books"),
                                hint=said("请在 accounts.beancount 中开设它（带 account_number 和 bank 元数据），或给出另一个 --account",
                                          "open it in accounts.beancount (with account_number and bank metadata) or give another --account"))
        report.account = account
        report.file_in, report.file_out = {account: st.file_in}, {account: st.file_out}
        self._check_currency(filepath, st, account, ctx, report)
        self._check_open(filepath, st, account, ctx)
        if st.number and not mapped:
            report.notes.append(_number_note(st.number, account, ctx))
        report.rows = len(st.records) + len(st.skipped)
        report.skipped.extend(st.skipped)
        report.notes.extend(st.notes)
        classifier = Classifier(ctx, self.options.rules, account, filepath, self.profile.id)
        classifier.bank_statement = True
        classifier.platform_accounts = {
            "alipay": (self.options.alipay_account, self.options.alipay_clearing_account),
            "wechat": (self.options.wechat_account, self.options.wechat_clearing_account)}
        entries: list[data.Directive] = [classifier.classify(r) for r in st.records]
        self._check_counter_accounts(filepath, entries, ctx)
        link_roster_aid(entries, existing, ctx, account, self.options.link_window_days, notes=report.notes)
        # Why: a debit paying a case the roster paid from another account (现金, 微信转账) stood
        # flagged on Liabilities:Payable, the aid paid twice, and only the bills said so
        report.notes.extend(aid_on_another_account(entries, existing, ctx, self.options.link_window_days))
        settle_allocations(entries, classifier.government_credits, existing, report.notes)
        entries.extend(classifier.extra)
        if not st.records:
            report.notes.append(said("对账单中没有哪一行动用资金：没有可导入的", "no row of the statement moves money: nothing to import"))
            return entries
        start, end = st.period
        report.period = (start, end)
        if st.closing and self.options.balance:
            day, amount, currency = st.closing
            meta = data.new_metadata(filepath, st.records[-1].row)
            meta["statement_start"], meta["statement_end"] = start, end
            entries.append(data.Balance(meta, day, account, Amount(money(amount), currency), None, None))
        elif self.options.balance:
            report.notes.append(said("文件中没有期末余额（缺失或已遮盖）：不生成余额断言",
                                     "no closing balance in the file (missing or masked): no balance assertion made"))
        return entries


#: what to do about a transaction row without a date
EMPTY_DATE_HINT = said("请在日期单元格中写上这一行的日期；电子表格中跨几行合并的日期只在第一行读到：请取消合并，"
                       "在每一行填上日期（或重新导出对账单）",
                       "write the row's date in its date cell; a date merged over several rows in a spreadsheet is read "
                       "in its first row only: unmerge it and fill in the date on every row (or export the statement again)")
#: a transaction row without an amount, and what to do
AMOUNT_EMPTY = said("金额是空的", "the amount is empty")
AMOUNT_NEEDED = said("每一个交易行都需要金额", "every transaction row needs an amount")
#: the amount cells masked, and what to do
AMOUNT_MASKED = said("金额被遮盖了（****）", "the amount is masked (****)")
UNMASKED = said("请导出不遮盖金额的对账单", "export the statement without masking amounts")
#: what to do when the statement itself is to be had again
EXPORT_AGAIN = said("请重新导出对账单", "export the statement again")
#: what to do when two cells of a row disagree
TWO_SAY_OTHERWISE = said("请把这一行与银行的对账单核对后重新导出；relief 不猜测两者中哪个是对的",
                         "check the row against the bank's statement and export it again; relief does not guess "
                         "which of the two is right")


def _in_simplified(rows: list[Row]) -> list[Row]:
    """Rows of a preamble or footer with their words in simplified characters, for the checks
    that read them (共 5 筆, 期末餘額 as a Big5 statement writes them: they were passed over, a
    statement with rows missing imported without a word)."""
    return [Row(r.number, tuple(simplified(c) for c in r.cells)) for r in rows]
