"""Rows of a text statement cut short: cells missing that every other row of the file fills.

Real ABC and BOCOM exports leave off a row's trailing empty cells (交易渠道 and 交易附言 of a
结息 row), so a row with fewer cells than the header is no fault in itself, and is read when
its date and amount are there. A row cut short (a line broken by a copy, a download
interrupted) loses cells that are never empty: its balance, its counterparty, its id. Its
amount may itself be cut (1,234.56 read as 12), and nothing on the row says so.

Why: such a row imported as if whole, its money unchecked, where one that lost its amount
column was refused. It is now booked flagged for review (!) with a note naming the cells it
lacks, and the dry run says so.
"""

from __future__ import annotations

from importers.errors import Said, said
from importers.reading import Row
from importers.records import Record

#: the columns a bank fills on every transaction row: one of them missing on a short row,
#: where every other row that reaches it holds it, tells a row cut short from one whose
#: trailing empty cells were left off (a memo, a channel: often empty, so never counted)
ALWAYS_FILLED = ("balance", "payer", "payer_account", "id", "currency", "own_account")

#: how many other rows must fill a column before its absence on a short row counts
_WITNESSES = 2


def cut_short(rows: list[Row], records: list[Record], cols: dict[str, int],
              header_names: list[str]) -> dict[int, list[str]]:
    """{row number: the header names of the always-filled columns it lacks} for each record's
    row that stops before a column of ALWAYS_FILLED which every other record's row reaching it
    holds non-empty (at least `_WITNESSES` of them), unless its balance proves its amount."""
    by_number = {r.number: r for r in rows}
    read = [by_number[r.row] for r in records if r.row in by_number]
    indexes = [cols[key] for key in ALWAYS_FILLED if cols.get(key) is not None]
    if not indexes or min(map(len, (r.cells for r in read)), default=0) > max(indexes):
        return {}  # every row reaches every such column: none is short (a whole file's usual case, in one pass)
    found: dict[int, list[str]] = {}
    for key in ALWAYS_FILLED:
        index = cols.get(key)
        if index is None:
            continue
        reaching = [r for r in read if len(r.cells) > index]
        if len(reaching) < _WITNESSES or any(not r.cells[index].strip() for r in reaching):
            continue
        for r in read:
            if len(r.cells) <= index:
                found.setdefault(r.number, []).append(header_names[index])
    proven = _chained(records)
    return {n: lacks for n, lacks in found.items() if n not in proven}


def _chained(records: list[Record]) -> set[int]:
    """The rows whose balance follows from a neighbour's (in file order, oldest or newest
    first) and their own amount: their amount is whole, whatever cells they left off (an
    interest row whose empty counterparty was dropped at the row's end)."""
    ordered = sorted(records, key=lambda r: r.row)
    proven: set[int] = set()
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.balance is None or b.balance is None:
            continue
        if b.balance == a.balance + b.amount:
            proven.add(b.row)  # oldest first: b's amount moved a's balance to b's
        if a.balance == b.balance + a.amount:
            proven.add(a.row)  # newest first
    return proven


def flag_cut_short(found: dict[int, list[str]], records: list[Record], last_row: int) -> list[Said]:
    """Give each record of a row in `found` a note (it is booked flagged !) and return the
    dry run's note on them."""
    if not found:
        return []
    for r in records:
        lacks = found.get(r.row)
        if lacks:
            what = ", ".join(lacks)
            r.note = r.note or (f"the row stops before {what}, which every other row of the file fills: a row cut short? "
                                "check its amount against the bank's statement")
    first = min(found)
    lacks = "、".join(found[first])
    lacks_en = ", ".join(found[first])
    end_zh = "（文件的最后一行：文件可能没有下载完整）" if last_row in found else ""
    end_en = " (the file's last row: the download may have been cut off)" if last_row in found else ""
    return [said(f"{len(found)} 行（第一行：第 {first} 行{end_zh}）在 {lacks} 之前就结束了，而文件的其他各行都填写了这些单元格："
                 "这一行可能被截断，它的金额也可能不完整；已记账但标记为 !，请对照银行对账单核对金额，必要时重新导出",
                 f"{len(found)} row(s) (first: row {first}{end_en}) stop before {lacks_en}, which every other row of the "
                 "file fills: a row cut short, whose amount may be cut too; booked flagged !, check the amount against "
                 "the bank's statement, and export it again if need be")]
