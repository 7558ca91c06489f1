"""A second header under the rows whose columns stand in another order than the first's.

Two exports pasted into one file (a month of one download under a month of another, whose
columns the bank or a spreadsheet put in another order) repeat the header with the columns
moved. Read under the first header, the rows below it put the memo where the date is and
the balance where the amount is.

Why: such a file was refused at the first row below the second header, as a row whose date
"'医疗救助' is not a date", which sent the officer to a cell that was not wrong; had the
moved columns held dates and amounts where the first header's stood, the rows would have
been read in the wrong columns.
"""

from __future__ import annotations

from collections import Counter

from importers.errors import ImportProblem, said
from importers.reading import Row, trimmed_cells

#: the kind of file, as the Chinese half names it
WHAT_ZH = {"statement": "对账单", "bill": "账单"}


def refuse_reordered_header(filepath: str, rows: list[Row], header: list[str], what: str = "statement",
                            sheet: str | None = None) -> None:
    """Refuse the first row of `rows` whose cells are the header's names, each as often, in
    another order (padding spaces aside)."""
    names = tuple(c.strip() for c in trimmed_cells(header))
    if len(names) < 3:
        return
    wanted = Counter(names)
    key = max(names, key=len)  # in one cell of a header row, padded or not: a test at C speed
    for row in rows:
        if key not in "\x00".join(row.cells):
            continue
        cells = tuple(c.strip() for c in trimmed_cells(row.cells))
        if len(cells) != len(names) or cells == names or Counter(cells) != wanted:
            continue
        moved = [n for n, c in zip(names, cells, strict=True) if n != c]
        raise ImportProblem(filepath, said(
            f"这一行又是一行表头，但它的列顺序与文件开头的表头不同（{'、'.join(cells[:6])}…，{len(names)} 列中有 {len(moved)} 列换了位置）："
            "两份导出被拼在了一个文件里？"
            f"relief 每个{WHAT_ZH.get(what, '')}文件只按一种列顺序读取",
            "this row is a second header with its columns in another order than the file's first header "
            f"({', '.join(cells[:6])}…; {len(moved)} of {len(names)} columns moved): two exports pasted into one file? "
            f"relief reads each {what} file in one order of columns"), row=row.number, sheet=sheet,
            hint=said(f"在第 {row.number} 行把文件分成两个文件，分别导入（每个文件保留它自己的表头），或分别重新导出",
                      f"cut the file in two at row {row.number} and import each part (each keeps its own header), "
                      "or export each part again"))
