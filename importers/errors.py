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

    def __str__(self) -> str:
        money = "" if self.amount is None else f", {self.amount:+} CNY"
        text = f"{row_on_sheet(self.row, self.sheet)}: skipped ({self.reason}{money})"
        return f"{text}: {self.summary}" if self.summary else text


def row_on_sheet(row: int, sheet: str | None = None) -> str:
    """`row 4`, or `sheet '3月', row 4` where the workbook has more than one sheet: how the
    dry run's skipped rows and notes name a row, as `ImportProblem.where` does."""
    return f"sheet {sheet!r}, row {row}" if sheet else f"row {row}"


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


def rows_of_entries(entries: list) -> str:
    """`row 4`, `rows 4, 7`, or, where the entries' rows are on sheets of a workbook,
    `sheet '1月', row 4; sheet '2月', row 4`: the rows a note names by their entries."""
    if any((e.meta or {}).get(SHEET_META) for e in entries):
        return "; ".join(entry_row(e) for e in entries)
    return f"row{'s' if len(entries) > 1 else ''} {', '.join(str((e.meta or {}).get('lineno')) for e in entries)}"
