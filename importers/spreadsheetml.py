"""Reading Excel 2003's XML spreadsheet (SpreadsheetML), which some web banking names .xls.

An XML file of `<Workbook>`, `<Worksheet ss:Name>`, `<Table>`, `<Row>`, `<Cell>` and
`<Data ss:Type>`; Excel and WPS open it as a workbook, so the finance officer sees a
spreadsheet. It is read as they show it: a row's `ss:Index` skips the rows before it, a
cell's `ss:Index` the cells before it, `ss:MergeAcross` is followed by empty cells, a cell
merged down (`ss:MergeDown`) is empty in the rows below (the file leaves those cells out and
the next cell's index says so). A `Number` is what the cell shows (15 significant digits, as
openpyxl's and xlrd's numbers are read) and a `DateTime` a date, so every bank profile reads
such a file as it reads the XLSX export of the same statement.

Python's own XML parser reads it; it does not fetch external entities, and its expat
refuses entity expansion attacks. A file it cannot parse is named as damaged.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from pathlib import Path

from importers.errors import ImportProblem, said

SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
#: a row or column index past this is junk, not a statement
MAX_INDEX = 1_048_576


def looks_like_spreadsheetml(raw: bytes) -> bool:
    """An XML file whose root is Excel 2003's Workbook."""
    head = raw[:65536].lower()
    return raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<" and b"urn:schemas-microsoft-com:office:spreadsheet" in head and b"<workbook" in head


#: the parts an index is given to, in Chinese
_WHAT_ZH = {"row": "一行", "cell": "一个单元格"}


def _index(element: ET.Element, path: Path, what: str) -> int | None:
    value = element.get(SS + "Index")
    if value is None:
        return None
    try:
        index = int(value)
    except ValueError:
        index = 0
    if not 1 <= index <= MAX_INDEX:
        raise ImportProblem(path, said(f"有{_WHAT_ZH.get(what, what)}的序号是 {value!r}，任何电子表格都没有这样的序号",
                                       f"a {what} has the index {value!r}, which no spreadsheet has"),
                            hint=said("文件已损坏；请用电子表格软件打开，另存为 .xlsx，或者重新导出",
                                      "the file is damaged; open it in a spreadsheet program and save it as .xlsx, or export it again"))
    return index


def _span(element: ET.Element, name: str) -> int:
    """A merge's extent (ss:MergeAcross, ss:MergeDown), bounded: a huge one is junk."""
    try:
        return min(max(int(element.get(SS + name, "0")), 0), 1000)
    except ValueError:
        return 0


def _value(cell: ET.Element) -> object:
    """The cell's value as openpyxl would give it: text, a float for a number, a datetime."""
    data = cell.find(SS + "Data")
    if data is None:
        return ""
    text = "".join(data.itertext())
    kind = data.get(SS + "Type", "String")
    if kind == "Number":
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "DateTime":
        try:
            return datetime.datetime.fromisoformat(text.strip()[:19])
        except ValueError:
            return text
    if kind == "Boolean":
        return text.strip() == "1"
    return text


def sheets(path: Path, raw: bytes, hidden: list[set[int]] | None = None,
           merged: list[list[tuple[int, int, int, int]]] | None = None) -> list[tuple[str, list[tuple[int, list[object]]]]]:
    """[(sheet name, [(row number, cell values)])] of every worksheet, laid out as Excel shows it.

    Cells merged down are left out of the rows below by the file itself (the next cell's
    ss:Index jumps over them), so they come out empty there, as in an unmerged sheet. Given
    `hidden`, the numbers of each sheet's hidden rows (ss:Hidden) are appended to it; given
    `merged`, each sheet's merges as (first row, first column, last row, last column), rows
    from 1 and columns from 0 (importers/reading.py Sheet.merged). Why: a register's 审批单号
    or 日期 merged down a batch's rows was read on the first row only, the others refused."""
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        at = f"（第 {line} 行第 {column + 1} 个字符处）" if line else ""
        raise ImportProblem(path, said(f"该 Excel 2003 XML 电子表格已损坏或不完整{at}",
                                       f"the Excel 2003 XML spreadsheet is damaged or cut off ({exc})"),
                            hint=said("请用电子表格软件打开，另存为 .xlsx；或者重新导出",
                                      "open it in a spreadsheet program and save it as .xlsx, or export it again")) from None
    out = []
    for sheet in root.iter(SS + "Worksheet"):
        rows: list[tuple[int, list[object]]] = []
        number = 0
        concealed: set[int] = set()
        spans: list[tuple[int, int, int, int]] = []
        for table in sheet.iter(SS + "Table"):
            for row in table.iter(SS + "Row"):
                number = _index(row, path, "row") or number + 1
                if row.get(SS + "Hidden") in ("1", "true"):
                    concealed.add(number)
                cells: list[object] = []
                for cell in row.iter(SS + "Cell"):
                    column = (_index(cell, path, "cell") or len(cells) + 1) - 1
                    cells.extend([""] * (column - len(cells)))
                    cells.append(_value(cell))
                    across, down = _span(cell, "MergeAcross"), _span(cell, "MergeDown")
                    cells.extend([""] * across)
                    if across or down:
                        spans.append((number, column, number + down, column + across))
                rows.append((number, cells))
        out.append((sheet.get(SS + "Name") or path.stem, rows))
        if hidden is not None:
            hidden.append(concealed)
        if merged is not None:
            merged.append(spans)
    return out
