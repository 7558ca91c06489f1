"""Rows that carry only the rest of the row above's text, joined back to it.

Some bank exports wrap a long 摘要 or 对方户名 onto a second physical row: that row has no
date and no amount, only the rest of the text, in the same column. Read as a row of its
own it was refused as "'' is not a date" (or passed over as a footer after the last row,
the payer's name cut short). Such a row is joined to the transaction row above it, column
by column, and the import report says which rows were joined, so the officer can check
the text against the statement.

Only a row whose every written cell is in a text column (the memo columns, the payer's
name) and that is no footer, totals or page line by its words is joined: a row with a
date, an amount, a balance or an id is a row of its own, and is read (or refused) as one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from importers.errors import Said, said
from importers.reading import Row

#: closing words a form writes under its last row (以下空白: "blank below"), never a memo's rest
CLOSING = re.compile(r"(以下空白|以下无(内容|记录|数据)?|(本页|此页)?(结束|完)|[-—=_*.·]+)[。.]?")


@dataclass(frozen=True)
class Joined:
    """One continuation row joined to the row it continues."""
    row: int
    into: int
    text: str
    #: the columns (0-based) whose text it continued
    columns: tuple[int, ...]


def join_continuations(rows: list[Row], text_columns: set[int], date_column: int,
                       is_dated: Callable[[Row], bool],
                       is_label: Callable[[Row], bool]) -> tuple[list[Row], list[Joined]]:
    """`rows` with each continuation row joined to the dated row above it (several in a row
    are joined in turn), and the joins made.

    `is_dated` says whether a row is a transaction row that text may continue; `is_label`
    whether a text-only row is a footer, totals or page line, which is never joined."""
    out: list[Row] = []
    joined: list[Joined] = []
    target: int | None = None  # index in `out` of the dated row the next continuation joins
    for row in rows:
        # (a row with a date is never a continuation: asked first, as nearly every row has one)
        written = [] if target is None or row.get(date_column) else [i for i, c in enumerate(row.cells) if c]
        if (written and all(i in text_columns for i in written) and not is_label(row)
                and not CLOSING.fullmatch(row.text.replace(" ", ""))):
            above = out[target]
            cells = list(above.cells) + [""] * (len(row.cells) - len(above.cells))
            for i in written:
                cells[i] += row.cells[i]
            out[target] = Row(above.number, tuple(cells))
            joined.append(Joined(row.number, above.number, row.text, tuple(written)))
            continue
        target = len(out) if not row.blank and is_dated(row) else None
        out.append(row)
    return out, joined


def joined_note(joined: list[Joined], header: list[str]) -> Said:
    """The import report's line for the joins: which rows, into which, and what to check,
    Chinese first in the dry run (a `Said`)."""
    shown = ", ".join(f"row {j.row} into row {j.into} ({j.text[:20]!r})" for j in joined[:5])
    more = f" and {len(joined) - 5} more" if len(joined) > 5 else ""
    used = sorted({i for j in joined for i in j.columns})
    columns = "/".join(header[i] if i < len(header) and header[i] else f"column {i + 1}"
                       for i in used)
    shown_zh = "，".join(f"第 {j.row} 行并入第 {j.into} 行（{j.text[:20]!r}）" for j in joined[:5])
    more_zh = f"，另有 {len(joined) - 5} 行" if len(joined) > 5 else ""
    columns_zh = "/".join(header[i] if i < len(header) and header[i] else f"第 {i + 1} 列" for i in used)
    return said(f"{len(joined)} 行只有上一行 {columns_zh} 的后半部分（文字折到了第二行，没有日期也没有金额）："
                f"已并入上一行，作为它的一部分读取：{shown_zh}{more_zh}；请与对账单核对并入的文字",
                f"{len(joined)} row(s) hold only the rest of the row above's {columns} (text "
                f"wrapped onto a second row, no date and no amount): joined to the row above and "
                f"read as part of it: {shown}{more}; check the joined text against the statement")
