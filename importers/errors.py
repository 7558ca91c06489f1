"""Problems with an input file, as data a finance officer can act on.

Every problem names the file, the row (the line of a CSV or the row of a sheet, as a
spreadsheet program numbers it) and the column where it is, and says what to do. The
importers raise `ImportProblem`; `relief import` and Fava show its message, never a
traceback. Rows that are skipped on purpose (no money moved, a failed payment) are not
problems: they are `Skipped` records shown in the dry run with their reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ledger.errors import ReliefError

# Said, said, zh_of and both are ledger.said's: one type of words kept in two languages for
# every command (reconcile's and publish's notes are made of the same values), so an
# importer's reason and a check's problem compose alike and `isinstance(x, Said)` holds for
# both. Words a finance officer reads in the dry run: the string itself is the English (what
# code and tests compare and search), `zh` the Chinese that the dry run prints first. Each
# reason is written once, its Chinese beside its English at the one place that says it.
from ledger.said import Said, both, said, zh_of  # noqa: F401  (re-exported)


class ImportProblem(ReliefError):
    """A file cannot be imported as it is; the message says where and what to do."""

    def __init__(self, filepath: str | Path | None, what: str, *, row: int | None = None,
                 column: str | None = None, hint: str | None = None, sheet: str | None = None):
        self.filepath = str(filepath) if filepath is not None else None
        self.what = what
        self.row = row
        #: the workbook sheet the row is on, named when the workbook has more than one
        self.sheet = sheet
        self.column = column
        self.hint = hint
        super().__init__(self.message)

    @property
    def where(self) -> str:
        """File name, row and column of the problem, as the message starts."""
        parts = [(Path(self.filepath).name or str(self.filepath)) if self.filepath else "<input>"]  # "." has no name
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    @property
    def where_zh(self) -> str:
        """`where` in Chinese: `icbc.csv，工作表 '3月'，第 4 行，列 '金额'`."""
        parts = [(Path(self.filepath).name or str(self.filepath)) if self.filepath else "<输入>"]
        if self.sheet:
            parts.append(f"工作表 {self.sheet!r}")
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.column:
            parts.append(f"列 {self.column!r}")
        return "，".join(parts)

    @property
    def zh(self) -> str | None:
        """The whole message in Chinese, or None where what went wrong is said in English only."""
        what = zh_of(self.what)
        if what is None:
            return None
        hint = zh_of(self.hint)
        return f"{self.where_zh}：{what}" + (f"；{hint}" if hint else "")

    @property
    def message(self) -> str:
        """The whole message: where, what, and what to do."""
        text = f"{self.where}: {self.what}"
        if self.hint:
            text += f"; {self.hint}"
        return text

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Skipped:
    """A row that moves no money or was decided not to import, with the reason shown."""

    row: int
    reason: str
    summary: str = ""
    #: the money the row would have moved, signed from the centre's side (None: the row
    #: names no amount); a skipped row's amount is listed so no yuan leaves silently
    amount: Decimal | None = None
    #: the books account that money is in, when not the file's own account (a payment
    #: bill's row paid by a bank card)
    account: str = ""
    #: the workbook sheet the row is on, named when the workbook has more than one (as
    #: `ImportProblem` names it): `row 5` alone sent the officer to the sheet the workbook
    #: opens on, which may be the instructions
    sheet: str = ""
    #: the row may have moved money that the file does not show (its money and balance cells
    #: empty where nothing beside it settles it): counted apart on the file's money line, so
    #: the +0.00 skipped beside it is not read as the row's money
    unknown: bool = False

    def __str__(self) -> str:
        money = "" if self.amount is None else f", {self.amount:+} CNY"
        text = f"{row_on_sheet(self.row, self.sheet)}: skipped ({self.reason}{money})"
        return f"{text}: {self.summary}" if self.summary else text

    @property
    def zh(self) -> str | None:
        """The line in Chinese (`第 4 行：跳过（原因，+1.00 CNY）：摘要`), None where the reason is English only."""
        reason = zh_of(self.reason)
        if reason is None:
            return None
        money = "" if self.amount is None else f"，{self.amount:+} CNY"
        text = f"{row_on_sheet_zh(self.row, self.sheet)}：跳过（{reason}{money}）"
        return f"{text}：{self.summary}" if self.summary else text


def row_on_sheet(row: int, sheet: str | None = None) -> str:
    """`row 4`, or `sheet '3月', row 4` where the workbook has more than one sheet: how the
    dry run's skipped rows and notes name a row, as `ImportProblem.where` does."""
    return f"sheet {sheet!r}, row {row}" if sheet else f"row {row}"


def row_on_sheet_zh(row: int, sheet: str | None = None) -> str:
    """`第 4 行`, or `工作表 '3月' 第 4 行`: `row_on_sheet` in Chinese."""
    return f"工作表 {sheet!r} 第 {row} 行" if sheet else f"第 {row} 行"


#: the private metadata (never written: `__` keys are left out of the books) naming the
#: workbook sheet an entry's row is on, where the workbook has more than one sheet
#: (month_sheets.mark_sheets): the row's number alone is on every month's sheet
SHEET_META = "__sheet__"


def entry_row(entry) -> str:
    """`row 4`, or `sheet '3月', row 4`: the row of the file an entry was made from, as the
    dry run names it beside the entry (already in the books, dated in a closed period, the
    row a refused write points at).

    Why: a workbook of a sheet per month has a row 2 on every sheet; `(row 2)` beside a gift
    already in the books sent the officer to the sheet the workbook opens on."""
    meta = entry.meta or {}
    return row_on_sheet(meta.get("lineno"), meta.get(SHEET_META) or None)


def entry_row_zh(entry) -> str:
    """`entry_row` in Chinese: `第 4 行`, `工作表 '3月' 第 4 行`."""
    meta = entry.meta or {}
    return row_on_sheet_zh(meta.get("lineno"), meta.get(SHEET_META) or None)


def rows_of_entries_zh(entries: list) -> str:
    """`rows_of_entries` in Chinese: `第 4 行`, `第 4、7 行`, `工作表 '1月' 第 4 行；…`."""
    if any((e.meta or {}).get(SHEET_META) for e in entries):
        return "；".join(entry_row_zh(e) for e in entries)
    return f"第 {'、'.join(str((e.meta or {}).get('lineno')) for e in entries)} 行"


def rows_of_entries(entries: list) -> str:
    """`row 4`, `rows 4, 7`, or, where the entries' rows are on sheets of a workbook,
    `sheet '1月', row 4; sheet '2月', row 4`: the rows a note names by their entries."""
    if any((e.meta or {}).get(SHEET_META) for e in entries):
        return "; ".join(entry_row(e) for e in entries)
    return f"row{'s' if len(entries) > 1 else ''} {', '.join(str((e.meta or {}).get('lineno')) for e in entries)}"
