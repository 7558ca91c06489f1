"""Reading the "Excel" files web banking writes as an HTML table.

Many Chinese online banking sites (and some payment back-offices) offer "下载Excel" and
send an HTML page holding one or more `<table>`s, named .xls. Excel and WPS open it as a
sheet, so the finance officer sees a spreadsheet and has no reason to think it is anything
else. This module reads it as Excel shows it: the tables one under another, a `<tr>` a row,
a `<td>`/`<th>` a cell, a cell spanning columns (`colspan`) followed by empty cells, a cell
spanning rows (`rowspan`) empty in the rows below it (as an unmerged sheet shows a merged
cell; its span is kept, `Sheet.merged`, so a register reads its value on every row), text
inside a cell on one line (`<br>` and line breaks become spaces), and no
`<script>`/`<style>` text. The result is the same `Table` of `Row`s the CSV reader gives,
so every bank profile reads such a file as it reads the CSV export of the same statement.

The text is decoded as the page declares (`<meta charset>` or `http-equiv` Content-Type),
else as any text file (importers/text_encoding.py `decode_text`). Python's own `html.parser` is
used: it never fails on broken markup (unclosed cells and rows are closed by the next one),
and what it cannot make sense of is only text, which the importers then refuse by row.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from importers.errors import ImportProblem, said

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
#: collapsed to one space as a browser shows them (a no-break space included: &nbsp; pads cells)
_SPACES = re.compile(r"[ \t\r\n\f\xa0]+")
#: tags after which text outside the tables starts a new row (a title, the account, the period)
_BLOCKS = frozenset({"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "table", "caption", "body", "hr"})
#: how a whole page ends, even one that leaves its last table open
_PAGE_END = re.compile(r"</\s*(body|html)\s*>", re.I)
#: a span larger than this is junk, not a layout (it would make a row of a million cells)
MAX_SPAN = 1000


def declared_charset(raw: bytes) -> str | None:
    """The encoding the page's `<meta>` declares, if Python knows it (gb2312 is read as
    GB18030, which covers it: pages that say gb2312 often hold GBK characters)."""
    import codecs

    found = _CHARSET.search(raw[:4096])
    if not found:
        return None
    name = found.group(1).decode("ascii", "replace").lower()
    if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk"):
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


class _Rows(HTMLParser):
    """Collects the rows of every table, in the order they appear."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._depth = 0  # tables open
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._skip = 0  # inside <script>, <style> or <title>
        self._loose: list[str] = []  # text outside the tables since the last block
        #: per open table: column -> rows still covered by a cell above (rowspan)
        self._spans: list[dict[int, int]] = []
        self._row_depth = 0  # the table depth of the open row
        #: cells spanning rows or columns: (first row, first column, last row, last column),
        #: rows numbered from 1 as `rows` is, columns from 0 (importers/reading.py Sheet.merged)
        self.merged: list[tuple[int, int, int, int]] = []
        #: per table opened inside a cell: (the outer row's number, the outer table's depth,
        #: whether the row has text in cells before that cell)
        self._nests: list[tuple[int, int, bool]] = []
        #: the outer row a nested table split, while its cells after that table are read
        self._split: tuple[int, int] | None = None
        #: rows a table inside one of their cells splits from their other cells (numbered as `rows`)
        self.split_rows: list[int] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "title"):
            self._skip += 1
            return
        if not self._depth and tag in _BLOCKS:
            self._end_loose()
        if tag == "table":
            if self._cell is not None and self._row is not None:
                self._nests.append((len(self.rows) + 1, self._depth, any(self._row)))
            self._end_cell_of_outer()
            self._depth += 1
            self._spans.append({})
        elif tag == "tr" and self._depth:
            self._split = None
            self._end_row()
            self._row, self._row_depth = [], self._depth
        elif tag in ("td", "th") and self._depth:
            if self._row is None or self._row_depth != self._depth:
                self._end_row()
                self._row, self._row_depth = [], self._depth
            self._end_cell()
            attributes = dict(attrs)
            self._fill_spanned()
            self._cell = []
            self._colspan = _span(attributes.get("colspan"))
            self._rowspan = _span(attributes.get("rowspan"))
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self._skip = max(0, self._skip - 1)
            return
        if not self._depth and tag in _BLOCKS:
            self._end_loose()
        if tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag == "table" and self._depth:
            if self._row_depth == self._depth:
                self._end_row()
            self._depth -= 1
            self._spans.pop()
            self._split = None
            if self._nests and self._nests[-1][1] == self._depth:
                number, depth, before = self._nests.pop()
                if before:
                    self.split_rows.append(number)
                else:  # cells after the nested table, in the same outer row, split it too
                    self._split = (number, depth)

    def handle_data(self, data):
        if self._skip:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif self._split is not None and self._split[1] == self._depth and data.strip():
            self.split_rows.append(self._split[0])  # text after the nested table, in the cell holding it
            self._split = None
        elif not self._depth:
            self._loose.append(data)

    def close(self):
        super().close()
        #: tables the page opened and never closed (the file ends inside one: cut off)
        self.open_tables = self._depth
        self._end_row()
        self._end_loose()

    def _end_loose(self) -> None:
        """Text between tables, as Excel shows it: a row of one cell per block of text."""
        text = _SPACES.sub(" ", "".join(self._loose)).strip(" ")
        self._loose = []
        if text:
            self.rows.append([text])

    # --- rows and cells ---------------------------------------------------------------

    def _end_cell_of_outer(self) -> None:
        """A table inside a cell: the outer cell keeps the text before it, its rows are rows."""
        if self._cell is not None:
            self._end_cell()
        if self._row is not None:
            self._end_row()

    def _fill_spanned(self) -> None:
        """Empty cells where cells of rows above still reach down (rowspan)."""
        spans = self._spans[-1] if self._spans else {}
        while spans.get(len(self._row), 0) > 0:
            spans[len(self._row)] -= 1
            self._row.append("")

    def _end_cell(self) -> None:
        if self._cell is None or self._row is None:
            self._cell = None
            return
        text = _SPACES.sub(" ", "".join(self._cell)).strip(" ")
        if text and self._split is not None and self._split[1] == self._depth and self._row_depth == self._depth:
            self.split_rows.append(self._split[0])
            self._split = None
        column = len(self._row)
        self._row.append(text)
        self._row.extend([""] * (self._colspan - 1))
        if self._rowspan > 1 and self._spans:
            for c in range(column, column + self._colspan):
                self._spans[-1][c] = self._rowspan - 1
        if self._rowspan > 1 or self._colspan > 1:
            first = len(self.rows) + 1  # the row being read is appended when it ends
            self.merged.append((first, column, first + self._rowspan - 1, column + self._colspan - 1))
        self._cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self._row is not None:
            self._fill_spanned()  # spans reaching past this row's last cell
            spans = self._spans[-1] if self._spans else {}
            for column in [c for c, left in spans.items() if c >= len(self._row) and left > 0]:
                spans[column] -= 1  # covered in this row too, past its last cell
            self.rows.append(self._row)
        self._row = None


def _span(value: str | None) -> int:
    try:
        return min(max(int(str(value).strip()), 1), MAX_SPAN)
    except (TypeError, ValueError):
        return 1


def looks_like_html_table(raw: bytes) -> bool:
    """An HTML page (or fragment) holding a table: what such a download starts with."""
    head = raw[:65536].lstrip().lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    return head[:1] == b"<" and b"<table" in raw[:1 << 20].lower()


_PAGE_START = re.compile(rb"\s*(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I)
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.I | re.S)


def web_page_without_table(raw: bytes) -> str | None:
    """For a whole web page holding no table: its title as the page shows it ("" when it has
    none); None for anything else.

    Why: web banking that answers "下载Excel" with its own page (the session timed out, a
    login page, "系统繁忙") sends it under the statement's .xls name; it was refused as an
    unknown format whose "first row" was the page's raw HTML, saying nothing of what it was."""
    if not _PAGE_START.match(raw[:4096]) or b"<table" in raw[:1 << 20].lower():
        return None
    import html as html_text

    found = _TITLE.search(raw[:65536])
    if not found:
        return ""
    encoding = declared_charset(raw) or "utf-8"
    try:
        title = found.group(1).decode(encoding)
    except (UnicodeDecodeError, LookupError):
        title = found.group(1).decode("gb18030", "replace")
    return _SPACES.sub(" ", html_text.unescape(title)).strip()[:80]


def table_rows(path: Path, text: str, merged: list | None = None) -> list[list[str]]:
    """Every table row of the page, as Excel shows it (see the module's docstring); given
    `merged`, the cells spanning rows or columns are appended to it (Sheet.merged's form).

    Why: a register saved as a web page with 审批单号 or 日期 spanning a batch's rows was read
    on the first row only; the rows below were refused, as the .xlsx ones were before regX."""
    parser = _Rows()
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # html.parser is lenient; anything else is a file to export again
        raise ImportProblem(path, said("无法读取这个网页的表格（网页内容有错）",
                                       f"the web page's table cannot be read ({type(exc).__name__})"),
                            hint=said("请用电子表格软件打开，另存为 .xlsx 或 CSV",
                                      "open it in a spreadsheet program and save it as .xlsx or CSV")) from None
    if parser.open_tables and not _PAGE_END.search(text[-4096:]):
        # Why: a download cut off between two rows (after a </tr>) read as a whole statement
        # without its last rows, and one cut inside a row as a row with an empty amount. A page
        # that leaves its table open but ends as a page does (</body>, </html>) is sloppy, not cut
        raise ImportProblem(path, said("这个网页在表格中间结束（后面没有 </table>、</body> 或 </html>）：看起来不完整（被截断）",
                                       "the web page ends inside its table (no </table>, </body> or </html> after it): it "
                                       "looks cut off"), row=len(parser.rows) or None,
                            hint=said("请重新导出对账单（下载或复制没有完成）；如果网页是完整的，请用电子表格软件打开，另存为 .xlsx",
                                      "export the statement again (a download or copy did not finish); if the page is whole, "
                                      "open it in a spreadsheet program and save it as .xlsx"))
    if parser.split_rows:
        # Why: a table inside a cell of a statement row was read as the row cut in two, the cells
        # before it one row and those after it another: the bank importer skipped the first half
        # as moving no money and dropped the second, with the row's amount, without a word
        raise ImportProblem(path, said("这个网页在这一行的一个单元格里嵌了一个表格，和这一行的其他单元格并排："
                                       "分不清哪些单元格属于这一行，这一行的金额可能会丢失",
                                       "the web page has a table inside a cell of this row, beside the row's other cells: "
                                       "which cells are the row's cannot be told, and its money could be lost"),
                            row=parser.split_rows[0],
                            hint=said("请用电子表格软件打开文件，检查这一行的单元格是否完整，再另存为 .xlsx；或者重新导出对账单",
                                      "open the file in a spreadsheet program, check that the row's cells are whole, and save it "
                                      "as .xlsx; or export the statement again"))
    if merged is not None:
        merged.extend(parser.merged)
    return parser.rows
