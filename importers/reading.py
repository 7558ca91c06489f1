"""Reading CSV, XLS and XLSX exports into plain rows of text, whatever their encoding
(the text's encoding: importers/text_encoding.py).

Banks and payment platforms write GBK/GB18030 or UTF-8 (with or without a BOM), pad cells
with spaces and TABs, guard numbers as ="123", and name CSV files .xls. This module turns any
of them into `Sheet`s of `Row`s (the row number as a spreadsheet or text editor shows it,
and the cells as clean text), so that the importers never see bytes, floats or encodings.
Anything that is not a table at all is an `ImportProblem` naming the file.
"""

from __future__ import annotations

import csv
import datetime
import errno
import io
import re
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from importers import html_table, spreadsheetml
from importers.errors import ImportProblem, said, zh_of
from importers.text_encoding import UTF8_BOM, UnknownEncoding, decode_text, looks_binary, read_bomless_utf16, utf16_byte_order
from importers.values import parse_amount
from ledger.source_files import NotARegularFile, read_regular

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Files larger than this are refused (a statement is never this large; junk may be).
MAX_BYTES = 64 * 1024 * 1024
#: Workbooks whose parts unpack to more than this are refused (about a million rows of eight
#: columns; a small ZIP can unpack to gigabytes, and 3 million rows ran for 15 minutes).
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
#: Rows with more filled cells than this are refused: Excel 2003's own limit of columns, beyond
#: any statement's or register's row (a few dozen); a sheet thousands of columns wide made
#: every layout read each cell of the rows it looks at for its header, for many minutes.
MAX_FILLED_CELLS = 256


@dataclass(frozen=True)
class Row:
    """One row of a sheet: its 1-based number in the file (for messages) and its cells as text."""
    number: int
    cells: tuple[str, ...]

    def get(self, index: int) -> str:
        """The cell at `index`, or empty when the row is shorter (exports drop trailing empty cells)."""
        return self.cells[index] if 0 <= index < len(self.cells) else ""

    @property
    def blank(self) -> bool:
        """Whether every cell is empty."""
        return not any(self.cells)

    @property
    def text(self) -> str:
        """The row's non-empty cells joined by spaces (for searching preambles and footers)."""
        return " ".join(c for c in self.cells if c)


@dataclass
class Sheet:
    """One sheet of a workbook (a CSV file has one): its name and rows."""
    name: str
    rows: list[Row] = field(default_factory=list)
    #: hidden in the workbook (a spreadsheet program shows no tab for it): messages say so
    hidden: bool = False
    #: the numbers of the rows hidden in the sheet (hidden or filtered out): read like the
    #: others, and the import report names them
    hidden_rows: frozenset[int] = frozenset()
    #: rows the reading joined from lines a stray CR split, as older relief versions read
    #: them (their first line alone): the importers keep the ids those readings gave
    unjoined: dict[int, Row] = field(default_factory=dict)
    #: rows with a cell whose leading apostrophe (Excel's text marker, '王小明) the reading
    #: dropped, as older relief versions read them (the apostrophe kept): the importers keep
    #: the ids those readings gave
    marked: dict[int, Row] = field(default_factory=dict)
    #: the workbook's merged cells, each (first row, first column, last row, last column):
    #: rows numbered from 1, columns from 0; the value stands in its first cell only
    merged: tuple[tuple[int, int, int, int], ...] = ()
    #: the 0-based columns hidden in the sheet (a spreadsheet shows them as a thin line)
    hidden_columns: frozenset[int] = frozenset()
    #: hidden "very" (veryHidden): not even the Unhide list names it, only the VBA editor shows it
    very_hidden: bool = False


@dataclass
class Table:
    """A file read as sheets of rows; `kind` is csv, xls, xlsx, html or spreadsheetml; `encoding` for text files."""

    path: Path
    kind: str
    sheets: list[Sheet]
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)
    #: a text file whose last line has no line break may have been cut off inside that line
    open_ended: bool = False
    #: a workbook counting its date numbers from 1904 (old Mac Excel), not 1900
    date1904: bool = False
    #: a text file's cell separator (",", ";", TAB, "|"); "" for a workbook
    delimiter: str = ""


#: the Kangxi radicals and CJK radicals a PDF's text layer gives for common characters
#: (交易⽇期: ⽇ U+2F47 for 日, ⾦ U+2FA6 for 金), and the compatibility ideographs: read as
#: the characters they stand for (NFKC), so a statement copied from a PDF is the same rows,
#: payees and ids as the bank's own CSV of it
_RADICALS = {c: n for c in map(chr, (*range(0x2E80, 0x2FE0), *range(0xF900, 0xFB00)))
             if (n := unicodedata.normalize("NFKC", c)) != c}
#: control characters (but tab and line breaks): never text a cell shows, but a terminal
#: runs them when the dry run prints the cell (ESC ] 52;…: set its clipboard; ESC [2K: wipe a
#: line), so they are dropped; a vertical tab or form feed inside a cell is a space
_CONTROLS = {c: None for c in map(chr, (*range(0x00, 0x20), *range(0x7F, 0xA0))) if c not in "\t\n\r"}
_CONTROLS.update({"\x0b": " ", "\x0c": " "})
_RADICAL_TABLE = str.maketrans({**_RADICALS, **_CONTROLS})
_PLAIN = frozenset("\u3000\ufeff=`'").union(_RADICALS, _CONTROLS)
#: a cell guarded against a spreadsheet's reading, Excel-style: ="123", = "123"
_GUARD = re.compile(r'=\s*"(.*)"', re.DOTALL)
#: padding stripped from both ends of a cell: spaces, TABs, NBSP, and the invisible
#: zero-width characters web banking pages leave in copied cells (a cell that looks like
#: 100.00 in a spreadsheet must read as 100.00)
_PADDING = " \t\r\n\x0b\x0c\xa0\u200b\u200c\u200d\u2060"


def trimmed_cells(cells) -> tuple[str, ...]:
    """Cells without the empty ones at the end (exports drop or pad them unevenly)."""
    cells = tuple(cells)
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


#: the date numbers of 2000-01-01 and 2099-12-31 in a spreadsheet's 1900 date system
SERIAL_DAYS = (36526, 73050)


def serial_date(text: str, date1904: bool = False) -> str | None:
    """A spreadsheet's date number shown as a number (46086, 46086.375: a date cell whose
    format was lost) as the date and time it stands for, `2026-03-05 09:00:00`; None when
    the text is not such a number (this century's days only, so an amount or an id is never
    taken for a date)."""
    try:
        value = Decimal(text)
    except ArithmeticError:
        return None
    if not value.is_finite() or not SERIAL_DAYS[0] <= value <= SERIAL_DAYS[1] or text.strip() != text:
        return None
    origin = datetime.datetime(1904, 1, 1) if date1904 else datetime.datetime(1899, 12, 30)
    seconds = round((value - int(value)) * 86400)
    moment = origin + datetime.timedelta(days=int(value), seconds=seconds)
    return clean_cell(moment)


def clean_cell(value: object, keep_mark: bool = False) -> str:
    """One cell as text: padding, TABs, full-width spaces and ="…" guards removed, and one
    leading apostrophe unless `keep_mark` (as relief read cells before it dropped it)."""
    if value.__class__ is str:
        if _PLAIN.isdisjoint(value):  # the common case, kept fast for 100 000-row files
            return value.strip(_PADDING)
    elif value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if (value.hour, value.minute, value.second) != (0, 0, 0) else value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        if abs(value) >= 1e15:
            # beyond the 15 digits a spreadsheet keeps (a 28-digit transaction id saved as a
            # number): shown as the spreadsheet shows it, 4.20000123420260E+27, which no amount
            # reads and values.is_rounded_id knows for an id that no longer tells rows apart
            return format(value, ".14E")
        # 15 significant digits, as a spreadsheet shows the cell: a sum such as 0.1 + 0.2 is
        # stored as 0.30000000000000004 and means 0.30
        return format(Decimal(format(value, ".15g")), "f")
    if isinstance(value, int):
        return str(value)
    text = str(value).replace("\u3000", " ").replace("\ufeff", "").translate(_RADICAL_TABLE).strip(_PADDING)
    guarded = _GUARD.fullmatch(text)
    if guarded:
        # ="123", or = "123" as some exports space it: the text inside (refused as a formula
        # whose result the file does not store, or, as a last row's time, passed over as a footer)
        text = guarded.group(1).strip(_PADDING)
    elif text.startswith("`"):
        # Why: WeChat Pay's merchant-platform downloads (交易账单, 资金账单) write every cell
        # behind a backtick, `2026-03-05 10:00:00, `1000.00, so a spreadsheet keeps it as text
        text = text[1:].strip(_PADDING)
    elif text.startswith("'") and not keep_mark:
        # Why: Excel's and WPS's text marker, typed before a name or a card number ('王小明,
        # '6222…) to keep it as text, stays in the cell of a CSV saved by hand: the payer was
        # proposed as a new donor named '王小明. One goes; a second was typed as text.
        text = text[1:].strip(_PADDING)
    return text


def refuse_other_sheets(path: str | Path, used: Sheet, others: list[tuple[Sheet, int]], header: int,
                        copying: str = "") -> list[str]:
    """Refuse a workbook whose transactions are spread over several sheets (a sheet per month).

    The importers read the one sheet (`used`, its header on row `header`) that holds the
    layout's header; the rows of another sheet with the same header would be left out
    without a word, and the dry run's money line would count only the sheet read. `others`
    are those sheets with their header row number. A sheet with nothing below its header
    (an empty copy), or only rows the sheet read has too (a copy, as in some WeChat Pay
    exports), is no reason to stop: the names of such sheets are returned, for a note.
    `copying` is added to the advice to copy the rows onto one sheet (what to keep of each sheet)."""
    def body(sheet: Sheet, start: int) -> list[tuple[str, ...]]:
        return [tuple(map(_as_compared, r.cells)) for r in sheet.rows if r.number > start and r.cells and not r.blank]

    if not others:  # one sheet, or a CSV: nothing to compare (reading every cell as money costs seconds on 100,000 rows)
        return []
    read: set[tuple[str, ...]] | None = None
    copies, full, bodies = [], [], {}
    for sheet, start in others:
        rows = body(sheet, start)
        if rows and read is None:
            read = set(body(used, header))
        (copies if not rows or set(rows) <= read else full).append(sheet.name)
        bodies[sheet.name] = set(rows)
    if full:
        summary = _summary_sheet({used.name: read or set(), **{n: bodies[n] for n in full}})
        if summary:
            parts = ", ".join(repr(n) for n in [used.name, *full] if n != summary)
            parts_zh = "、".join(repr(n) for n in [used.name, *full] if n != summary)
            raise ImportProblem(path, said(f"工作簿有几张工作表的表头相同、表头下都有行，其中工作表 {summary!r} 重复了 "
                                           f"{parts_zh} 的行（是它们的汇总）；relief 每个文件只读一张工作表",
                                           f"the workbook has rows under the same header on several sheets, and sheet {summary!r} "
                                           f"repeats the rows of {parts} (a summary of them); relief reads one sheet per file"),
                                hint=said(f"只导入 {summary!r}（另存为单独的文件），或者不要它、把 {parts_zh} 各存为单独的文件导入："
                                          "两者不可都导入，否则每笔捐赠会记两次",
                                          f"import {summary!r} alone (save it as its own file), or each of {parts} as its own file "
                                          f"without it: never both, which would book each gift twice"))
        # Why: a hidden sheet has no tab, so a message naming it alone sent the finance officer
        # looking for a sheet the spreadsheet program does not show
        hidden = [s.name for s, _ in others if s.hidden and s.name in full] + ([used.name] if used.hidden else [])
        def named(name: str) -> str:
            return f"{name!r} (hidden)" if name in hidden else repr(name)

        def named_zh(name: str) -> str:
            return f"{name!r}（隐藏）" if name in hidden else repr(name)
        names = ", ".join(map(named, full))
        # the Chinese of `copying` where the caller gives it (a Said); its English is never put in the Chinese
        copying_zh = f"（{zh_of(copying)}）" if zh_of(copying) else ""
        raise ImportProblem(path, said(f"工作簿的工作表 {named_zh(used.name)} 和 {'、'.join(map(named_zh, full))} 在相同的表头下都有行；"
                                       "relief 每个文件只读一张工作表",
                                       f"the workbook has rows under the same header on sheet {named(used.name)} and on {names}; "
                                       "relief reads one sheet per file"),
                            hint=said(("隐藏的工作表没有标签：右键单击任一工作表标签，选择“取消隐藏”即可看到；然后"
                                       if hidden else "") + "把每张工作表另存为单独的文件（或把各行复制到同一张工作表上"
                                      + copying_zh + "），再导入这些文件",
                                      ("a hidden sheet has no tab: right-click a sheet tab and choose Unhide to see it; then "
                                       if hidden else "") + "save each sheet as its own file (or copy the rows onto one sheet"
                                      + copying + ") and import those"))
    return copies


def _summary_sheet(bodies: dict[str, set[tuple[str, ...]]]) -> str | None:
    """The sheet whose rows hold every other sheet's rows (a 汇总 sheet of the months), or None.
    Its 合计 rows are no other sheet's: only the others' rows are looked for in it."""
    for name, rows in bodies.items():
        others = [r for n, b in bodies.items() if n != name for r in b]
        if others and all(r in rows for r in others if not _totals_like(r)):
            return name
    return None


def _totals_like(cells: tuple[str, ...]) -> bool:
    """Whether a row's first written cell labels a total (合计, 小计, 总计): no entry of its own."""
    first = next((c for c in cells if c), "")
    return any(w in first for w in ("合计", "小计", "总计", "累计", "合計"))


def column_letter(index: int) -> str:
    """The spreadsheet's letter for the 0-based column `index` (0 -> A, 26 -> AA), as
    messages name a column."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def refuse_headless_sheets(path: str | Path, used: Sheet, after: list[Sheet], what: str,
                           is_entry) -> None:
    """Refuse a workbook whose rows go on in a later sheet without the header (an export or a
    register cut into sheets, the later ones holding rows only): `after` are the sheets after
    `used` (the one read, with the header) that have no header of the layout, and `is_entry`
    says whether a row reads as one of its rows (a date and money in their columns).

    Why: only the sheet with the header was read; the rows of the others, money and all,
    were never booked nor listed. A sheet with a header of its own above its rows (a summary
    by day or month) is another table, not rows of this one: only a title line may stand
    above them."""
    for other in after:
        rows = [r for r in other.rows if is_entry(r)]
        above = [r for r in other.rows if rows and r.number < rows[0].number]
        if rows and all(sum(1 for c in r.cells if c) <= 1 for r in above):
            first = rows[0]
            raise ImportProblem(path, said(f"工作表 {other.name!r} 有 {len(rows)} 行看起来是工作表 {used.name!r} 上"
                                           f"{_what_zh(what)}的行（第 {first.number} 行：{first.text[:60]!r}），但没有表头行："
                                           "relief 只读有表头的工作表，这些行的金额会被漏掉",
                                           f"sheet {other.name!r} has {len(rows)} row(s) that read as rows "
                                           f"of the {what} on sheet {used.name!r} (row {first.number}: "
                                           f"{first.text[:60]!r}) but no header row: relief reads the sheet with "
                                           "the header only, and their money would be left out"), row=first.number,
                                hint=said(f"把这些行移到工作表 {used.name!r} 最后一行的下面（或者给该工作表加上表头行，"
                                          "并把每张工作表另存为单独的文件），然后重新导入",
                                          f"move those rows under the last row of sheet {used.name!r} (or "
                                          "give the sheet the header row and save each sheet as its own "
                                          "file), then import again"))


#: what a refusal calls the file in Chinese, for the callers' English words (statement, bill …)
_WHAT_ZH = {"statement": "对账单", "bill": "账单", "register": "登记表"}


def _what_zh(what: object) -> str:
    """The Chinese of `what` (the statement, the register) a refusal names the file by: its own
    Chinese where the caller gives a Said, else the word's, else 文件 (never the English)."""
    known = zh_of(what) or _WHAT_ZH.get(str(what))
    if known:
        return known
    from importers import registers  # a register names itself by its English title: its own Chinese one

    for register in (getattr(registers, n, None) for n in ("DONATIONS", "ROSTER", "GOODS")):
        if register is not None and register.title_en == str(what):
            return register.title_zh
    return "登记表" if str(what).lower().endswith("register") else "文件"


def _as_compared(cell: str) -> str:
    """A cell as two sheets are compared: an amount by its value to the fen (a WeChat Pay
    workbook may hold its rows twice, as text `¥28.16` and as the number 28.16), else its text."""
    if not cell or not any(ch.isdigit() for ch in cell):
        return cell
    try:
        value = parse_amount(cell)
        return cell if value is None else format(value.quantize(Decimal("0.01")) if value.as_tuple().exponent > -2 else value, "f")
    except (ValueError, ArithmeticError):  # not an amount, or digits past Decimal's precision (a long id)
        return cell


_CACHE: dict[tuple, Table] = {}

#: NotARegularFile's kinds (ledger.source_files) and the commonest reasons a file cannot be
#: opened, in Chinese: the Chinese half of a refusal names them without the system's English
_KIND_ZH = {"a folder": "文件夹", "a named pipe (FIFO)": "命名管道（FIFO）", "a device": "设备",
            "a socket": "套接字", "not a regular file": "特殊文件"}
_ERRNO_ZH = {errno.ENOENT: "文件不存在", errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限",
             errno.EISDIR: "这是文件夹", errno.ENAMETOOLONG: "文件名太长", errno.ELOOP: "符号链接循环",
             errno.EIO: "读取出错（输入/输出错误）"}


def read_table(path: str | Path, encoding: str | None = None) -> Table:
    """Read a CSV, XLS or XLSX file (decided by its content, not its name).

    The last few files read are kept, keyed by path, size and modification time: every
    importer asks about every file (identify), and a file is read once.
    """
    path = Path(path)
    try:
        st = path.stat()
        key = (str(path.resolve()), st.st_size, st.st_mtime_ns, encoding)
    except OSError:
        key = None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    table = _read_table(path, encoding)
    _refuse_wide_rows(path, table)
    if key is not None:
        if len(_CACHE) >= 4:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = table
    return table


def _refuse_wide_rows(path: Path, table: Table) -> None:
    """Refuse a sheet with a row of more than `MAX_FILLED_CELLS` filled cells, naming it.

    Why: a 5 MB CSV of 10,000 columns (or a 0.5 MB one of 2,000) kept `relief import` running
    for over ten minutes without a word, each layout reading every cell of the rows it looks
    at for its header as a date and an amount. Empty cells do not count: a sheet formatted out
    to its last column (XFD) is read as before."""
    for sheet in table.sheets:
        for row in sheet.rows:
            if len(row.cells) <= MAX_FILLED_CELLS:
                continue
            filled = sum(1 for c in row.cells if c)
            if filled > MAX_FILLED_CELLS:
                raise ImportProblem(path, said(f"这一行有 {filled:,} 个非空单元格，超过任何对账单或登记表一行的单元格数"
                                               f"（{MAX_FILLED_CELLS}）：文件已损坏，或者不是导出的文件",
                                               f"this row holds {filled:,} filled cells, more than any statement's "
                                               f"or register's row ({MAX_FILLED_CELLS}): the file is damaged or is not an export"),
                                    row=row.number, sheet=sheet.name if len(table.sheets) > 1 else None,
                                    hint=said("请重新导出文件；如果表格是复制到工作表里的，请删除表格以外的列，或只把表格所在的工作表单独保存",
                                              "export the file again; if the table was copied into a sheet, delete "
                                              "the columns beyond it, or save the table's sheet alone"))


def _read_table(path: Path, encoding: str | None = None) -> Table:
    try:
        raw = read_regular(path, MAX_BYTES + 1)  # a named pipe waited for ever, /dev/zero read for ever
    except NotARegularFile as exc:  # a folder too: read_regular opens it and names it
        raise ImportProblem(path, said(f"这是{_KIND_ZH.get(exc.kind, '特殊文件')}，不是普通文件", f"this is {exc.kind}, not a file"),
                            hint=said("请给出对账单文件本身", "give the statement files themselves")) from None
    except OSError as exc:
        why = _ERRNO_ZH.get(exc.errno, exc.strerror or str(exc))
        raise ImportProblem(path, said(f"无法读取该文件（{why}）", f"cannot read the file ({exc.strerror or exc})")) from None
    if not raw.strip():
        raise ImportProblem(path, said("文件是空的", "the file is empty"),
                            hint=said("请重新导出对账单；可能下载没有成功", "export the statement again; a download may have failed"))
    if len(raw) > MAX_BYTES:
        raise ImportProblem(path, said(f"文件超过 {MAX_BYTES // 1024 // 1024} MB，对一份对账单来说太大了",
                                       f"the file is over {MAX_BYTES // 1024 // 1024} MB, too large for a statement"),
                            hint=said("请导出较短的期间", "export a shorter period"))
    suffix = path.suffix.lower()
    if raw.startswith(XLSX_MAGIC):
        return _read_xlsx(path, raw)
    if raw.startswith(XLS_MAGIC):
        return _read_xls(path, raw)
    bomless = None if encoding else utf16_byte_order(raw)
    raw, padding = _without_nul_padding(raw, encoding, utf16=bool(bomless))
    if bomless:
        if read_bomless_utf16(raw, bomless) is None:
            _refuse_named_workbook(path, suffix)
            raise ImportProblem(path, said("该文件似乎是没有字节顺序标记（BOM）的 UTF-16 文本（每隔一个字节就是一个零字节），"
                                           f"但并非从头到尾都能按 {bomless.upper()} 读出（字节数为奇数，或有字节按这种顺序不是文字）："
                                           "无法可靠地读取",
                                           "the file is UTF-16 text without a byte-order mark, it seems (a zero byte in every "
                                           f"other byte), but it does not read as {bomless.upper()} throughout (an odd number "
                                           "of bytes, or bytes that are no text in that order): it cannot be read reliably"),
                                hint=said("请用电子表格软件打开，另存为 CSV UTF-8 或 .xlsx；或者重新导出",
                                          "open it in a spreadsheet program and save it as CSV UTF-8 or as .xlsx, or "
                                          "export it again"))
        encoding = bomless
    raw, dos_end = _without_dos_end(raw, encoding)
    if not raw.strip():
        raise ImportProblem(path, said("文件里只有 NUL 字节（零）：它是空的", "the file holds only NUL bytes (zeros): it is empty"),
                            hint=said("请重新导出对账单；可能下载或复制没有成功",
                                      "export the statement again; a download or copy may have failed"))
    table = _read_text_kinds(path, raw, encoding, suffix)
    if bomless:
        # Why: such files were refused whatever they held; read now, the reader is told the
        # encoding is a guess (a wrong byte order would not have read as text at all)
        table.notes.append(said(f"{path.name} 是没有字节顺序标记（BOM）的 UTF-16 文本：按 {bomless.upper()} 读取，"
                                "这是根据其中的零字节推测的（每两个字节一个零，UTF-16 中的 ASCII 字符就是这样）；"
                                "请在试运行中核对姓名和摘要，或把它另存为 CSV UTF-8",
                                f"{path.name} is UTF-16 text without a byte-order mark: read as {bomless.upper()}, "
                                "guessed from its zero bytes (one byte in two, as ASCII characters have in UTF-16); "
                                "check the names and memos in the dry run, or save it as CSV UTF-8"))
    if padding:
        table.notes.append(said(f"{path.name} 末尾有 {padding} 个 NUL 字节（零），是有些导出程序在文字后面补的填充："
                                "已去掉，前面的行照常读取",
                                f"{path.name} ends in {padding} NUL bytes (zeros), padding some exporters "
                                "write after the text: dropped, and the rows before them read"))
    if dos_end:
        table.notes.append(said(f"{path.name} 末尾有旧式 DOS 程序写的文件结束标记（Ctrl-Z，字节 1A）：已去掉",
                                f"{path.name} ends in the end-of-file mark (Ctrl-Z, byte 1A) old DOS programs "
                                "write: dropped"))
    return table


def _wide(encoding: str | None) -> bool:
    """Whether a profile's encoding is UTF-16 or UTF-32, whose zero bytes are characters' halves."""
    return bool(encoding) and any(n in encoding.lower() for n in ("16", "32"))


def _without_dos_end(raw: bytes, encoding: str | None = None) -> tuple[bytes, bool]:
    """`raw` without the DOS end-of-file mark (Ctrl-Z, 1A) ending it, and whether it had one.

    Why: an exporter writing it right after the last amount (no line break) made that
    amount `1150.00\x1a`, refused as "not an amount" over a character no one can see."""
    if _wide(encoding) or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw, False  # UTF-16: a 1A or 00 byte is half a character
    kept = raw.rstrip(b"\x1a\x00")
    return (kept, True) if len(kept) < len(raw) else (raw, False)


def _without_nul_padding(raw: bytes, encoding: str | None, utf16: bool = False) -> tuple[bytes, int]:
    """`raw` without the NUL bytes padding its end, and how many there were.

    Why: some exporters pad a text export to a block size with zeros. A short file was
    refused as binary data, and in a long one the zeros were read as a last row of junk.
    NULs inside the text are left for the binary check to refuse. In UTF-16 a character's
    zero byte may end the text (LE "\\n" is 0A 00): the length is kept even, with a byte-order
    mark or without one (`utf16`: text_encoding.utf16_byte_order found the file to be so)."""
    if _wide(encoding):
        return raw, 0  # a profile's BOM-less UTF-16/32: its zero bytes are characters' halves
    kept = raw.rstrip(b"\x00")
    if (utf16 or raw.startswith((b"\xff\xfe", b"\xfe\xff"))) and len(kept) % 2 != len(raw) % 2:
        kept += b"\x00"  # the last character's zero byte (a cut-off file stays cut off)
    return kept, len(raw) - len(kept)


#: the names of workbooks: a file so named that is neither workbook nor readable text is named
#: as no workbook (`_refuse_named_workbook`)
WORKBOOK_SUFFIXES = (".xlsx", ".xls", ".xlsm")


def _refuse_named_workbook(path: Path, suffix: str) -> None:
    """Refuse a file named as a workbook (.xlsx, .xls) that is neither an XLSX (a ZIP archive)
    nor an XLS workbook nor text a table can be read from, saying so plainly; nothing for
    other names (their own refusal stands).

    Why: random bytes or a damaged download named .xlsx were described as "UTF-16 text without
    a byte-order mark" or "binary data … not an XLS/XLSX file either", words that sent the
    finance officer looking at text encodings for a file that simply is no workbook. A CSV
    named .xls (some banks' downloads) is text and is read as the CSV it is."""
    if suffix not in WORKBOOK_SUFFIXES:
        return
    raise ImportProblem(path, said(f"该文件的扩展名是 {suffix}，但它不是工作簿：既不是 XLSX 工作簿（ZIP 压缩格式），"
                                   "也不是 XLS 工作簿，也不是以这个文件名保存的文本表格（CSV）",
                                   f"the file is named {suffix} but is not a workbook: neither an XLSX workbook (a ZIP "
                                   "archive) nor an XLS workbook, nor a text table (CSV) saved under that name"),
                        hint=said("请从银行或支付平台的网站重新导出（下载）对账单；如果该文件能在电子表格软件中打开，"
                                  "请在软件中另存为 .xlsx（Excel 工作簿），再导入另存的文件",
                                  "export the statement again from the bank's or platform's site; if the file opens in a "
                                  "spreadsheet program, save it there as .xlsx (Excel Workbook) and import that file"))


def _decode_error_zh(exc: Exception) -> str:
    """A decoding error in Chinese: where the bytes that are no character are, or the unknown encoding."""
    if isinstance(exc, UnicodeDecodeError):
        return f"第 {exc.start} 个字节起的 {exc.object[exc.start:exc.end].hex(' ')} 不是该编码的字符"
    return "Python 不认识这个编码名称"


def _read_text_kinds(path: Path, raw: bytes, encoding: str | None, suffix: str) -> Table:
    """A file that is not an XLS or XLSX workbook: XML spreadsheet, web page or text."""
    if spreadsheetml.looks_like_spreadsheetml(raw):
        # Excel 2003's XML spreadsheet, often named .xls by web banking (it has <Table> too:
        # checked before the web page)
        return _read_spreadsheetml(path, raw)
    if raw.lstrip()[:12].lower() == b"mime-version" or b"content-type: multipart/related" in raw[:4096].lower():
        # a web page saved as one file (.mht/.mhtml), which some online banking sites name .xls
        raise ImportProblem(path, said("该文件是保存下来的网页（MHTML 网页归档），不是电子表格",
                                       "this file is a saved web page (MHTML web archive), not a spreadsheet"),
                            hint=said("请用电子表格软件打开，另存为 .xlsx 或 CSV；或者重新以 CSV 或 Excel 格式下载对账单",
                                      "open it in a spreadsheet program and save it as .xlsx or CSV, or download the statement "
                                      "again as CSV or Excel"))
    if html_table.looks_like_html_table(raw):
        return _read_html(path, raw, encoding)
    title = html_table.web_page_without_table(raw)
    if title is not None:
        titled = f" (its title: {title})" if title else ""
        titled_zh = f"（标题：{title}）" if title else ""
        raise ImportProblem(path, said(f"该文件是一个没有表格的网页{titled_zh}，不是对账单：银行或支付平台的网站用这个文件名"
                                       "发来了它自己的页面（登录页、会话超时或出错页面）",
                                       f"this file is a web page with no table{titled}, not a statement: the bank's or platform's "
                                       "site sent one of its own pages (a login page, a session that timed out, an error) under "
                                       "the file's name"),
                            hint=said("请重新登录，再以 CSV 或 Excel 格式下载对账单；用浏览器打开该文件可以看到网站说了什么",
                                      "log in again and download the statement again, as CSV or Excel; open the file in a browser "
                                      "to see what the site said"))
    if raw.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise ImportProblem(path, said("这是 PDF 或图片，不是导出的对账单", "this is a PDF or an image, not a statement export"),
                            hint=said("请从银行或支付平台下载 CSV、XLS 或 XLSX 格式的对账单",
                                      "download the statement as CSV, XLS or XLSX from the bank or platform"))
    sample = raw[:4000]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    # a profile naming UTF-16 (or 32) says how to read the zero bytes: neither check applies
    wide = _wide(encoding) or raw.startswith((b"\xff\xfe", b"\xfe\xff"))
    if len(sample) >= 8 and ((odd > len(sample) // 10 and even < len(sample) // 100 + 1) or (even > len(sample) // 10 and odd < len(sample) // 100 + 1)) \
            and not wide:
        _refuse_named_workbook(path, suffix)
        raise ImportProblem(path, said("该文件是没有字节顺序标记（BOM）的 UTF-16 文本，无法可靠地读取",
                                       "the file is UTF-16 text without a byte-order mark, which cannot be read reliably"),
                            hint=said("请用电子表格软件打开，另存为 CSV UTF-8 或 .xlsx",
                                      "open it in a spreadsheet program and save it as CSV UTF-8 or as .xlsx"))
    if not wide and looks_binary(raw):
        _refuse_named_workbook(path, suffix)
        kind = "an XLS/XLSX file" if suffix in (".xls", ".xlsx") else "a CSV file"
        raise ImportProblem(path, said("该文件是二进制数据，不是文本，也不是 CSV 文件",
                                       f"the file holds binary data, not text, and is not {kind} either"),
                            hint=said("它可能已损坏，或者根本不是对账单；请重新导出",
                                      "it may be damaged or not a statement at all; export it again"))
    given = encoding
    decoded: list[str] = []  # what decode_text says of its reading (GBK that was valid UTF-8 too)
    if encoding:
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ImportProblem(path, said(f"该文件不是其配置（profile）所说的 {encoding} 编码文本（{_decode_error_zh(exc)}）",
                                           f"the file is not {encoding} text as its profile says ({exc})"),
                                hint=said("请重新导出，或在 import_config.py 中改正该配置的编码（encoding）",
                                          "export it again, or correct the profile's encoding in import_config.py")) from None
    else:
        try:
            text, encoding = decode_text(raw, path, decoded)
        except UnknownEncoding:
            _refuse_named_workbook(path, suffix)
            raise
    guessed = encoding not in (given, "utf-8", "gb18030", "gbk", "utf-16", "big5")
    if guessed and not given:
        # a file named .xlsx or .xls that reads as text only in a guessed encoding is bytes,
        # not a table saved under a workbook's name (a CSV named .xls reads as UTF-8 or GBK)
        _refuse_named_workbook(path, suffix)
    table = _read_csv_text(path, text, encoding)
    table.notes.extend(decoded)
    if guessed:
        # Why: a guess was read without a word, and a wrong one books payers' names and memos
        # as other characters (the amounts, digits in any of these, are read all the same)
        table.notes.append(said(f"{path.name} 既不是 UTF-8 也不是 GBK 文本：按 {encoding} 读取，这是 charset-normalizer "
                                "推测的编码；请在试运行中核对付款人姓名和摘要（或在配置中写明编码）",
                                f"{path.name} is neither UTF-8 nor GBK text: read as {encoding}, "
                                "charset-normalizer's guess; check the payers' names and memos in the "
                                "dry run (or set the profile's encoding)"))
    if encoding == "gb18030" and raw.startswith(UTF8_BOM):
        table.notes.append(said(f"{path.name} 以 UTF-8 的字节顺序标记（BOM）开头，但其文字是 GBK/GB18030：标记之后按 GBK 读取",
                                f"{path.name} starts with UTF-8's byte-order mark but its text is GBK/GB18030: "
                                "read as GBK after the mark"))
    if encoding == "big5":
        table.notes.append(said(f"{path.name} 是 Big5 文本（繁体中文），不是 GBK：按 Big5 读取；"
                                "表头的繁体字按简体读（對方戶名 即 对方户名），姓名和摘要照文件原样记账",
                                f"{path.name} is Big5 text (Traditional Chinese), not GBK: read as Big5; its header's "
                                "traditional characters are read as simplified ones (對方戶名 as 对方户名), names and memos "
                                "are booked as the file writes them"))
    if suffix in (".xls", ".xlsx"):
        table.notes.append(said(f"{path.name} 的扩展名是 {suffix}，但它是文本（CSV）文件；按 CSV 读取",
                                f"{path.name} is named {suffix} but is a text (CSV) file; read as CSV"))
    return table


#: Excel's first line naming the CSV's delimiter ("sep=;"), written where the list separator is
#: not a comma; Excel honours it, and so does relief
_SEP_LINE = re.compile(r"^\ufeff?sep=(.)\r?$")


def _sniff_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:60] if line.strip()]
    declared = _SEP_LINE.match(lines[0]) if lines else None
    if declared:
        return declared.group(1)
    tabs = sum(line.count("\t") for line in lines)
    commas = sum(line.count(",") for line in lines)
    semicolons = sum(line.count(";") for line in lines)
    if semicolons >= len(lines) and commas == 0 and tabs == 0:
        return ";"  # saved by a spreadsheet set to a European list separator
    if semicolons >= len(lines) and tabs == 0 and _steady_rows(lines, ";") > _steady_rows(lines, ","):
        # the same with commas inside the cells (3,928.11 unquoted: a European list separator
        # and a Hong Kong or Chinese number format): read by commas, every line was a few odd
        # cells and the file "unknown format"; the separator that gives the rows one width wins
        return ";"
    if semicolons >= len(lines) and _steady_rows(lines, ";") > max(_steady_rows(lines, ","), _steady_rows(lines, "\t")):
        # the same where cells end in a TAB (WeChat Pay's and Alipay's ids, guarded so from
        # a spreadsheet's rounding): the TABs barred the two checks above, and a bill saved
        # with semicolons was "unknown format: no row looks like the header"
        return ";"
    if tabs > commas * 2 and commas < len(lines):
        return "\t"
    if tabs and _steady_rows(lines, "\t") > _steady_rows(lines, ","):
        # TAB-separated with commas inside the cells (1,234.00): Excel's "Unicode text"
        # export writes thousands separators unquoted, so a comma count alone would read
        # every line as one cell and the header would not be found
        return "\t"
    if sum(line.count("|") for line in lines) >= len(lines) and _steady_rows(lines, "|") > max(
            _steady_rows(lines, ","), _steady_rows(lines, "\t")):
        # a rural bank's core-system text download: cells between vertical bars (it was read
        # as one cell a line, "no row looks like the header")
        return "|"
    return ","


def _steady_rows(lines: list[str], delimiter: str) -> int:
    """How many lines split by `delimiter` into the same number (three or more) of cells as
    most lines do: the delimiter a table really uses gives its header and rows one width."""
    try:
        widths = [len(record) for record in csv.reader(lines, delimiter=delimiter)]
    except csv.Error:  # a line read so holds a cell over the csv module's limit: not this table's
        return 0
    counts: dict[int, int] = {}
    for width in widths:
        if width >= 3:
            counts[width] = counts.get(width, 0) + 1
    return max(counts.values(), default=0)


def _rejoin_guards(record: list[str], delimiter: str) -> list[str]:
    """A row's cells with a guarded cell that the delimiter split put back together:
    ="1,234.00" written without CSV quotes reads as the cells '="1' and '234.00"', its
    opening =" and closing " telling where it starts and ends.

    Why: the row was refused as shifted, or, its last cells empty, read with the amount's
    halves in two columns."""
    if not any('="' in c or '= "' in c for c in record):
        return record
    out: list[str] = []
    i = 0
    while i < len(record):
        cell = record[i]
        bare = cell.strip(_PADDING)
        if re.match(r'=\s*"', bare) and not _GUARD.fullmatch(bare):
            end = next((j for j in range(i + 1, len(record)) if record[j].strip(_PADDING).endswith('"')), None)
            if end is not None:
                out.append(delimiter.join(record[i:end + 1]))
                i = end + 1
                continue
        out.append(cell)
        i += 1
    return out


def _read_csv_text(path: Path, text: str, encoding: str) -> Table:
    delimiter = _sniff_delimiter(text)
    mended = _stray_carriage_returns(text, delimiter)
    if mended is None:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        first_line = last_line = None
    else:
        reader = csv.reader(mended[0], delimiter=delimiter)
        first_line, last_line = mended[1], mended[2]
    rows: list[Row] = []
    spanning: list[tuple[int, list[str], int]] = []  # (first line, cells, last line) of records over lines
    start = 1
    marks = "'" in text  # a file without one reads its rows once
    marked: dict[int, Row] = {}
    try:
        for record in reader:
            # the physical line numbers, as a text editor shows them, where stray CRs were joined
            number = first_line[start - 1] if first_line else start
            end = last_line[reader.line_num - 1] if last_line else reader.line_num
            raw = _rejoin_guards(record, delimiter)
            rows.append(Row(number, tuple(clean_cell(c) for c in raw)))
            if marks and any("'" in c for c in raw):
                kept = tuple(clean_cell(c, keep_mark=True) for c in raw)
                if kept != rows[-1].cells:
                    marked[number] = Row(number, kept)
            if end > number:
                spanning.append((number, record, end))
            start = reader.line_num + 1
    except csv.Error as exc:
        start = first_line[start - 1] if first_line and start <= len(first_line) else start
        if "field limit" in str(exc) and '"' not in _line(text, start):
            # Why: a cell of 5 MB with no quote in its line (a damaged file, binary data after
            # the text) was named as a quote left open, sending the user to look for one
            raise ImportProblem(path, said(f"第 {start} 行有一个单元格超过 {csv.field_size_limit():,} 个字符，"
                                           "比任何对账单或登记表的单元格都长：文件已损坏，或者不是导出的文件",
                                           f"a cell of the row on line {start} holds over "
                                           f"{csv.field_size_limit():,} characters, more than any statement's "
                                           "or register's cell: the file is damaged or is not an export"),
                                row=start, hint=said("请重新导出文件；如果文件被编辑过，请用文本编辑器查看这一行",
                                                     "export the file again; if it was edited, look at "
                                                     "that line in a text editor")) from None
        if "field limit" in str(exc):
            raise ImportProblem(path, said(f"第 {start} 行有一个单元格延续了超过 {csv.field_size_limit():,} 个字符："
                                           "其中的引号（\"）没有闭合，所以后面的各行都被当成了这一个单元格的内容",
                                           f"a cell of the row on line {start} runs on for over "
                                           f"{csv.field_size_limit():,} characters: a quote (\") opened in it is "
                                           "not closed, so the lines after it were read as that one cell"), row=start,
                                hint=_stray_quote_hint(start)) from None
        raise ImportProblem(path, said("CSV 文本有错，无法读取（文件里的引号或换行不成对）", f"the CSV text is broken ({exc})"), row=start,
                            hint=said("文件可能不完整或被手工编辑过；请重新导出",
                                      "the file may be cut off or edited by hand; export it again")) from None
    _refuse_swallowed_rows(path, rows, spanning, delimiter)
    table_notes = []
    unjoined = {}
    if mended is not None:
        for number in mended[3]:
            cells = next(csv.reader([mended[4][number]], delimiter=delimiter), [])
            unjoined[number] = Row(number, tuple(clean_cell(c) for c in _rejoin_guards(cells, delimiter)))
    if mended is not None and mended[3]:
        lines = mended[3]
        shown = ", ".join(map(str, lines[:10])) + (f" and {len(lines) - 10} more" if len(lines) > 10 else "")
        shown_zh = "、".join(map(str, lines[:10])) + (f" 等 {len(lines)} 行" if len(lines) > 10 else "")
        table_notes.append(said(f"{path.name}：第 {shown_zh} 行的单元格里有单独的回车符（CR），把这一行断成了两行"
                                "（文本编辑器里就是这样显示的）：按空格读取，这一行的单元格仍作为一行",
                                f"{path.name}: a lone carriage return (CR) inside a cell splits the row on "
                                f"line(s) {shown} in two (a text editor shows it so): read as a space, the "
                                "row's cells as one row"))
    if text and not text.endswith(("\n", "\r")) and rows and '"' in text.splitlines()[-1] and text.splitlines()[-1].count('"') % 2:
        raise ImportProblem(path, said("最后一行在一个带引号的单元格中间结束：文件不完整（被截断）",
                                       "the last line ends inside a quoted cell: the file is cut off"), row=rows[-1].number,
                            hint=said("请重新导出对账单", "export the statement again"))
    return Table(path, "csv", [Sheet(path.stem, rows, unjoined=unjoined, marked=marked)], encoding, notes=table_notes,
                 open_ended=bool(text) and not text.endswith(("\n", "\r")), delimiter=delimiter)


def _line(text: str, number: int) -> str:
    """Line `number` (1-based, as a text editor counts lines) of `text`, "" past its end."""
    lines = text.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _width(line: str, delimiter: str) -> int:
    """The number of cells of `line`; -1 (no row's width) for a line holding a cell over the
    csv module's limit, which the reading proper then names."""
    try:
        return len(next(csv.reader([line], delimiter=delimiter), []))
    except csv.Error:
        return -1


def _stray_carriage_returns(text: str, delimiter: str) -> tuple[list[str], list[int], list[int], list[int],
                                                                  dict[int, str]] | None:
    """The text's lines with each lone CR that splits a row joined back as a space, with the
    first and last physical line of each (as a text editor numbers them), the lines joined
    and each one's first line alone; None when there is no such CR (a CR-only file's CRs are
    its line ends).

    Why: a memo pasted with a CR in it (a Mac's line break) in a file whose lines end in LF
    or CR LF broke its row in two at the CR: the row was refused as "stopping short" with
    the advice to export again, or, the memo the last column, its rest read as a row of
    its own. A CR is taken for such only when the line after it has fewer cells than the
    file's rows and the two joined have as many: in a file mixing line ends, a CR before a
    whole row stays a line end."""
    if "\n" not in text or not re.search(r"\r(?!\n)", text.rstrip("\r")):
        return None
    lines = io.StringIO(text, newline="").readlines()
    counts: dict[int, int] = {}
    for line in lines[:500]:
        if not line.endswith("\r") or line.endswith("\r\n"):
            counts[_width(line, delimiter)] = counts.get(_width(line, delimiter), 0) + 1
    width = max((w for w in counts if w >= 3), key=lambda w: (counts[w], w), default=0)
    if not width:
        return None
    out: list[str] = []
    first: list[int] = []
    last: list[int] = []
    joined: list[int] = []
    i = 0
    while i < len(lines):
        line, j = lines[i], i
        while (line.endswith("\r") and not line.endswith("\r\n") and j + 1 < len(lines)
               and _width(line, delimiter) <= width and _width(lines[j + 1], delimiter) < width):
            candidate = line[:-1] + " " + lines[j + 1]
            if _width(candidate, delimiter) > width:
                break
            line, j = candidate, j + 1
        if j > i and _width(line, delimiter) == width:
            out.append(line)
            joined.append(i + 1)
        else:
            line, j = lines[i], i
            out.append(line)
        first.append(i + 1)
        last.append(j + 1)
        i = j + 1
    return (out, first, last, joined, {n: lines[n - 1] for n in joined}) if joined else None


_STRAY_QUOTE_HINT = ("open the file in a text editor and delete the stray \" on line {line} (or write it "
                     "twice, \"\", if it belongs to the text), or export the statement again")
_STRAY_QUOTE_HINT_ZH = ("请用文本编辑器打开文件，删除第 {line} 行多出的引号（\"）（如果它是文字的一部分，就写成两个：\"\"），"
                        "或者重新导出对账单")


def _stray_quote_hint(line: int) -> str:
    """What to do of a quote left open on `line`, in both languages."""
    return said(_STRAY_QUOTE_HINT_ZH.format(line=line), _STRAY_QUOTE_HINT.format(line=line))


def _refuse_swallowed_rows(path: Path, rows: list[Row], spanning: list[tuple[int, list[str], int]],
                           delimiter: str) -> None:
    """Refuse a CSV where a quote (") opened in a cell and not closed where the cell ends
    made the lines after it part of that cell: lines that read as whole rows of their own.

    Why: a memo written `"转账存入` (the closing quote lost) swallowed the rows below it into
    its text; with the memo the last column, every cell of the first row was still there,
    and the rows swallowed, their money and all, were never booked nor listed, the money
    line holding since the file's own movement lost them too. A cell with a line break in
    it (a memo over two lines) is fine: only lines splitting into about as many cells as
    the file's rows have (all but two) are taken for rows."""
    if not spanning:
        return
    widths: dict[int, int] = {}
    for row in rows:
        if len(row.cells) >= 3:
            widths[len(row.cells)] = widths.get(len(row.cells), 0) + 1
    if not widths:
        return
    width = max(widths, key=lambda w: (widths[w], w))
    for first, record, last in spanning:
        # the file's last record, its cell ending in a line break: the quote is never closed
        never = first == rows[-1].number and record and record[-1].endswith(("\n", "\r"))
        until = "never closed (the file ends inside the cell)" if never else f"not closed until line {last}"
        until_zh = "一直没有闭合（文件在这个单元格中结束）" if never else f"直到第 {last} 行才闭合"
        for index, cell in enumerate(record):
            parts = _LINE_BREAK.split(cell)
            inside = [p for p in parts[1:] if _width(p, delimiter) >= max(3, width - 2)]
            if inside:
                opened = first + sum(len(_LINE_BREAK.findall(c)) for c in record[:index])
                taken = len([p for p in parts[1:] if p])
                raise ImportProblem(path, said(f"第 {opened} 行的第 {index + 1} 个单元格中有一个引号（\"），"
                                               f"{until_zh}，所以它后面本身是独立行的 {taken} 行（{inside[0][:40]!r}）"
                                               "被当成了这个单元格的文字",
                                               f"a quote (\") opens in cell {index + 1} of the row on line "
                                               f"{opened} and is {until}, so {taken} line(s) after it, which read "
                                               f"as rows of their own ({inside[0][:40]!r}), were taken for that "
                                               "cell's text"), row=first, hint=_stray_quote_hint(opened))


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


#: what zipfile raises on a damaged archive: besides BadZipFile (a bad CRC, no directory),
#: zlib.error and EOFError from a member whose compressed data is broken or cut short. Why:
#: one byte changed inside xl/workbook.xml's data stopped the import as relief's internal
#: error (zlib.error: invalid distance too far back), not as a damaged XLSX
_DAMAGED_ZIP = (zipfile.BadZipFile, OSError, KeyError, ValueError, RuntimeError, EOFError,
                zlib.error)


def _not_a_workbook(path: Path, raw: bytes) -> None:
    """Refuse a ZIP file that is not an XLSX workbook, saying what it is.

    XLSX files are ZIP archives, and so are the .zip a bank e-mails statements in, an
    OpenDocument spreadsheet and a Word document: calling any of these a damaged XLSX sends
    the finance officer to export again a file that was never broken. A ZIP that cannot be
    opened at all is left to the XLSX reader, which reports it as damaged."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            names = zf.namelist()
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
            book = zf.read("xl/workbook.xml")[:4096] if "xl/workbook.xml" in names else b""
    except _DAMAGED_ZIP:
        return
    if b"purl.oclc.org/ooxml/spreadsheetml" in book:
        # Why: openpyxl finds no sheet in Excel's "Strict Open XML" workbook (other names for
        # the same parts), and the file was named of unknown format, its rows never shown
        raise ImportProblem(path, said("该工作簿保存为 Excel 的“Strict Open XML 电子表格”格式，relief 读不了",
                                       "this workbook is saved as Excel's \"Strict Open XML Spreadsheet\", "
                                       "which relief cannot read"),
                            hint=said("请用 Excel 打开，另存为“Excel 工作簿 (.xlsx)”或 CSV UTF-8，再导入另存的文件",
                                      "open it in Excel and save it as \"Excel Workbook (.xlsx)\" or as CSV "
                                      "UTF-8, then import that file"))
    if any(n.lower().startswith("xl/") for n in names):
        return  # a workbook (damaged or not: the XLSX reader says)
    if b"opendocument.spreadsheet" in mimetype:
        raise ImportProblem(path, said("这是 OpenDocument 电子表格（.ods），relief 不读这种格式",
                                       "this is an OpenDocument spreadsheet (.ods), which relief does not read"),
                            hint=said("请用 LibreOffice 或 WPS 打开，另存为 .xlsx 或 CSV",
                                      "open it in LibreOffice or WPS and save it as .xlsx or CSV"))
    if any(n.startswith(("word/", "ppt/")) for n in names) or b"opendocument.text" in mimetype:
        raise ImportProblem(path, said("这是文字处理或演示文稿文档，不是导出的对账单",
                                       "this is a word-processor or presentation document, not a statement export"),
                            hint=said("请从银行或支付平台下载 CSV、XLS 或 XLSX 格式的对账单",
                                      "download the statement as CSV, XLS or XLSX from the bank or platform"))
    inside = [n for n in names if not n.endswith("/")]
    shown = ", ".join(inside[:5]) + (f" and {len(inside) - 5} more" if len(inside) > 5 else "")
    shown_zh = "、".join(inside[:5]) + (f" 等 {len(inside)} 个文件" if len(inside) > 5 else "")
    raise ImportProblem(path, said(f"这是一个 ZIP 压缩包（{shown_zh or '空的'}），不是电子表格",
                                   f"this is a ZIP archive ({shown or 'empty'}), not a spreadsheet"),
                        hint=said("请先解压（如果要求密码，用银行或支付平台发来的密码），再导入里面的对账单文件",
                                  "unzip it (with the password the bank or platform sent, if it asks for one) and import "
                                  "the statement file inside"))


#: why a ZIP does not open, in Chinese, by the exception's name (the English names the exception)
_ZIP_FAULT_ZH = {"BadZipFile": "不是完整的 ZIP 压缩包", "KeyError": "缺少工作簿必需的部分",
                 "ValueError": "其中的内容格式不对", "TypeError": "其中的内容格式不对"}


def _refuse_huge_workbook(path: Path, raw: bytes) -> None:
    """Refuse a workbook whose parts unpack to more than MAX_UNPACKED_BYTES, measured from the
    ZIP's directory (nothing is unpacked); a ZIP that cannot be opened is left to the reader."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
    except _DAMAGED_ZIP:
        return
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportProblem(path, said(f"该工作簿解压后有 {unpacked / 1024 / 1024:,.2f} MB，超过了读取对账单的上限 "
                                       f"{MAX_UNPACKED_BYTES / 1024 / 1024:,.2f} MB",
                                       f"the workbook unpacks to {unpacked / 1024 / 1024:,.2f} MB, over the "
                                       f"{MAX_UNPACKED_BYTES / 1024 / 1024:,.2f} MB a statement is read up to"),
                            hint=said("请导出较短的期间（一个月或一个季度），或者只把对账单所在的工作表单独保存",
                                      "export a shorter period (a month or a quarter), or save the sheet that holds the "
                                      "statement alone"))


#: a relationship's target written with backslashes (Target="worksheets\\sheet1.xml")
_BACKSLASH_TARGET = re.compile(rb"""(\bTarget\s*=\s*["'])([^"']*\\[^"']*)(["'])""")
#: a relationship (its tag): one whose TargetMode is External (a hyperlink to ..\凭证\001.pdf) is no part
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")


def _slashed_targets(blob: bytes) -> bytes:
    """A .rels part with its internal targets' backslashes as forward slashes (external ones,
    a hyperlink to a file on a Windows disk, as they are)."""
    def mended(tag: re.Match) -> bytes:
        text = tag.group(0)
        if b"External" in text:
            return text
        return _BACKSLASH_TARGET.sub(lambda m: m.group(1) + m.group(2).replace(b"\\", b"/") + m.group(3), text)
    return _RELATIONSHIP.sub(mended, blob)


def _with_forward_slashes(raw: bytes) -> bytes:
    """The XLSX with the paths of its parts, and its relationships' targets, written with
    forward slashes, as the format has them; `raw` itself when they are so already.

    Why: some generators write the ZIP's paths (xl\\worksheets\\sheet1.xml) or the
    relationships' targets (worksheets\\sheet1.xml) with Windows backslashes. Excel opens such
    a workbook; openpyxl found no sheet in it, and the statement was "unknown format" (every
    part so written: "a ZIP archive, not a spreadsheet"), its rows never shown."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            items = zf.infolist()
            renamed = any("\\" in item.filename for item in items)
            rels = {item.filename: zf.read(item.filename) for item in items if item.filename.endswith(".rels")}
            targets = any(_slashed_targets(blob) != blob for blob in rels.values() if b"\\" in blob)
            if not renamed and not targets:
                return raw
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
                for item in items:
                    blob = rels.get(item.filename)
                    if blob is None:
                        blob = zf.read(item.filename)
                    elif targets:
                        blob = _slashed_targets(blob)
                    dst.writestr(item.filename.replace("\\", "/"), blob)
            return out.getvalue()
    except _DAMAGED_ZIP:  # the reading proper names a damaged file
        return raw


def _missing_sheets(raw: bytes) -> list[str]:
    """The names of the worksheets the XLSX's workbook lists whose part is not in the archive.

    Why: openpyxl passes over such a sheet without a word: a workbook of a sheet per month
    whose January part was lost was read as February alone, January's money never booked nor
    named; one whose only sheet was lost was "unknown format"."""
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
                return []
            book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (*_DAMAGED_ZIP, ElementTree.ParseError):  # the reading proper names a damaged file
        return []
    targets = {}
    for rel in rels:
        if rel.get("Type", "").endswith("/worksheet") and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    missing = []
    for sheet in book.iter():
        if sheet.tag.rpartition("}")[2] != "sheet":
            continue
        ref = next((v for k, v in sheet.attrib.items() if k.rpartition("}")[2] == "id" and k.startswith("{")), None)
        part = targets.get(ref)
        if part is not None and _normalised_part(part) not in names:
            missing.append(sheet.get("name", ""))
    return missing


def _normalised_part(part: str) -> str:
    """A part's path in the archive with its ./ and ../ resolved (xl/worksheets/../x.xml: xl/x.xml)."""
    out: list[str] = []
    for piece in part.split("/"):
        if piece == "..":
            if out:
                out.pop()
        elif piece not in ("", "."):
            out.append(piece)
    return "/".join(out)


def _refuse_missing_sheets(path: Path, raw: bytes) -> None:
    """Refuse an XLSX naming a worksheet its archive does not hold (`_missing_sheets`)."""
    missing = _missing_sheets(raw)
    if missing:
        shown = ", ".join(map(repr, missing))
        raise ImportProblem(path, said(f"该 XLSX 文件已损坏：工作簿列出了工作表 {'、'.join(map(repr, missing))}，"
                                       "但文件里没有它的内容，它的行无法读取",
                                       f"the XLSX file is damaged: the workbook lists sheet(s) {shown}, but the file "
                                       "does not hold its content, so its rows cannot be read"),
                            hint=said("请重新导出，或用电子表格软件打开（它会提示修复）后另存为 .xlsx，核对这张工作表的行，再导入另存的文件",
                                      "export it again, or open it in a spreadsheet program (which offers to repair it), "
                                      "check that sheet's rows, save it as .xlsx and import that file"))


def _read_xlsx(path: Path, raw: bytes) -> Table:
    import openpyxl

    raw = _with_forward_slashes(raw)
    _not_a_workbook(path, raw)
    _refuse_huge_workbook(path, raw)
    _refuse_missing_sheets(path, raw)

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (*_DAMAGED_ZIP, TypeError) as exc:
        broken = isinstance(exc, (zlib.error, EOFError))
        why = "its compressed data is broken" if broken else type(exc).__name__
        why_zh = "其中的压缩数据已损坏" if broken else _ZIP_FAULT_ZH.get(type(exc).__name__, "无法解开")
        raise ImportProblem(path, said(f"该 XLSX 文件已损坏或不完整（{why_zh}）", f"the XLSX file is damaged or cut off ({why})"),
                            hint=said("请用电子表格软件打开后重新保存，或者重新导出",
                                      "open it in a spreadsheet program and save it again, or export it again")) from None
    except Exception as exc:  # openpyxl raises many kinds on malformed parts
        raise ImportProblem(path, said("无法读取该 XLSX 文件（其中的组成部分格式不对）",
                                       f"the XLSX file cannot be read ({type(exc).__name__}: {exc})"),
                            hint=said("请用电子表格软件打开，再另存为 .xlsx",
                                      "open it in a spreadsheet program and save it again as .xlsx")) from None
    _know_east_asian_dates(workbook)
    formulas = _uncalculated_formulas(path, raw) if _has_uncalculated_formula(raw) else {}
    sheets = []
    try:
        for ws in workbook.worksheets:
            marked: dict[int, Row] = {}
            rows = _xlsx_rows(ws, formulas.get(ws.title, {}), marked)
            # the sheet's part in the ZIP (openpyxl keeps it, privately)
            hidden, merged, columns = _sheet_marks(raw, getattr(ws, "_worksheet_path", ""))
            state = getattr(ws, "sheet_state", "visible")
            sheets.append(Sheet(ws.title, rows, hidden=state != "visible", very_hidden=state == "veryHidden",
                                hidden_rows=hidden, merged=merged, hidden_columns=columns, marked=marked))
    except Exception as exc:  # openpyxl raises many kinds while reading a damaged sheet's rows
        raise ImportProblem(path, said("该 XLSX 文件已损坏（工作表的内容读不下去）",
                                       f"the XLSX file is damaged ({type(exc).__name__})"),
                            hint=said("请用电子表格软件打开后重新保存", "open it in a spreadsheet program and save it again")) from None
    finally:
        workbook.close()
    return Table(path, "xlsx", sheets, date1904=getattr(workbook, "epoch", None) == datetime.datetime(1904, 1, 1))


def _xlsx_rows(ws, kept: dict[int, dict[int, str]], marked: dict[int, Row]) -> list[Row]:
    """The rows of the read-only worksheet `ws`, with the formulas `kept` (by row and column:
    those without a stored result) as their text, and the characters written as codes
    (_x000D_) as those characters; each row that changes so is put in `marked` as it was
    written (Sheet.marked: the ids of rows booked before keep their reading)."""
    # Why: read-only openpyxl stops at the size the sheet states (<dimension ref>),
    # which some bank exporters write too small and never correct: the rows and
    # columns past it were dropped without a word. Every row the sheet holds is read.
    ws.reset_dimensions()
    rows = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        if values.count(None) == len(values) and number not in kept:
            # an empty row (openpyxl fills the gap up to a stray far cell with them:
            # a million for a cell on row 1,048,576), without a call per cell
            rows.append(Row(number, ()))
            continue
        cells = tuple(clean_cell(v) for v in values)
        if "_x" in "\x00".join(cells):
            written = cells
            cells = tuple(clean_cell(_unescaped(c)) if "_x" in c else c for c in cells)
            if cells != written:
                marked[number] = Row(number, trimmed_cells(written))
        if number in kept:
            cells = tuple(kept[number].get(i, c) for i, c in enumerate(cells))
        rows.append(Row(number, trimmed_cells(cells)))
    return rows


#: a character written as its code in an XLSX's text (ST_Xstring): _x000D_ a carriage return,
#: _x005F_ the underscore itself (so _x005F_x000D_ is the text "_x000D_")
_XSTRING_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescaped(text: str) -> str:
    """An XLSX cell's text with the characters written as codes (_x000D_) as those characters,
    a carriage return as a line break (the XML's own line breaks are LF).

    Why: Excel writes a carriage return in a cell (text pasted with Windows line breaks:
    王小明 then CR LF) as _x000D_, which openpyxl leaves as it is: the payer was read as
    王小明_x000D_, no registered donor, and proposed as a new one so named; a memo kept the
    code in the books' narration."""
    text = _XSTRING_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


#: the built-in number formats Excel and WPS keep for East Asian locales, all of them dates
#: or times: 31 yyyy"年"m"月"d"日", 28 m"月"d"日", 32 h"时"mm"分", 33 h"时"mm"分"ss"秒" …
#: (ECMA-376 18.8.30). A workbook names them by number only, the locale giving the pattern.
EAST_ASIAN_DATE_FORMATS = frozenset((*range(27, 37), *range(50, 59)))


def _know_east_asian_dates(workbook) -> bool:
    """Have openpyxl read the cells of an East Asian built-in date or time format as the dates
    and times a spreadsheet shows, as it does those of the other built-in formats.

    Why: openpyxl knows none of them, so a statement saved by Chinese Excel or WPS with its
    dates shown as 2026年3月1日 was read as day numbers (46082, noted as "date numbers, not
    dates"), and its 交易时间 shown as 14时30分 as 0.604166666666667, no time at all: the
    row's time, which orders a day's rows and is part of its id, was lost without a word.
    Whether the workbook has such a format."""
    styles = getattr(workbook, "_cell_styles", None)
    dates = getattr(workbook, "_date_formats", None)
    if styles is None or not isinstance(dates, set):  # another openpyxl: read as before
        return False
    found = {i for i, style in enumerate(styles) if getattr(style, "numFmtId", None) in EAST_ASIAN_DATE_FORMATS}
    dates.update(found)
    return bool(found)


#: a row's start tag in a worksheet's XML, and its number and hidden attributes
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")
_ROW_HIDDEN = re.compile(rb"""\bhidden\s*=\s*["'](?:1|true)["']""", re.IGNORECASE)
#: a row made zero high (ht="0"), which some tools write to hide it: Excel shows it no more
_ROW_FLAT = re.compile(rb"""\bht\s*=\s*["']0*(?:\.0*)?["']""")


def _hidden_rows(raw: bytes, part: str) -> frozenset[int]:
    """The numbers of the rows hidden (or filtered out) in the XLSX's worksheet `part`."""
    return _sheet_marks(raw, part)[0]


#: a hidden column range in a worksheet's XML: <col min="6" max="6" hidden="1"/>
_HIDDEN_COLUMNS = re.compile(rb"""<(?:\w+:)?col\b[^>]*\bhidden\s*=\s*["'](?:1|true)["'][^>]*>""", re.IGNORECASE)
_COL_MIN = re.compile(rb"""\bmin\s*=\s*["'](\d+)["']""")
_COL_MAX = re.compile(rb"""\bmax\s*=\s*["'](\d+)["']""")


#: a merged cell in a worksheet's XML: <mergeCell ref="A3:A7"/>
_MERGE_CELL = re.compile(rb"""<(?:\w+:)?mergeCell\b[^>]*\bref\s*=\s*["']\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)["']""")


def _column_index(letters: bytes) -> int:
    """A column's letters (A, AB) as its 0-based index."""
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index - 1


def _sheet_marks(raw: bytes, part: str) -> tuple[frozenset[int], tuple[tuple[int, int, int, int], ...], frozenset[int]]:
    """The rows hidden (or filtered out) in the XLSX's worksheet `part`, its merged cells
    (Sheet.merged) and its hidden columns, from its XML: the values openpyxl reads say
    nothing of them.

    Why: a hidden row was booked like the others without a word, money the officer looking
    at the statement in Excel or WPS does not see; and a register's 发放方式 现金 merged down
    over a batch of aid was read on its first row only, the others' cash booked as paid from
    the bank. The XML is read a megabyte at a time (a sheet of 100,000 rows is tens of
    megabytes unpacked)."""
    hidden, merged, columns, number = set(), [], set(), 0
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf, zf.open(part.lstrip("/")) as fh:
            rest = b""
            while chunk := fh.read(1 << 20):
                text = rest + chunk
                cut = text.rfind(b"<")  # a tag may run on into the next chunk: kept for it
                text, rest = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
                for tag in _ROW_TAG.finditer(text):
                    attrs = tag.group(1)
                    stated = _ROW_NUMBER.search(attrs)
                    number = int(stated.group(1)) if stated else number + 1  # no r=: after the last
                    if _ROW_HIDDEN.search(attrs) or _ROW_FLAT.search(attrs):
                        hidden.add(number)
                if b"<col " in text or b":col " in text:
                    for tag in _HIDDEN_COLUMNS.finditer(text):
                        first, last = _COL_MIN.search(tag.group(0)), _COL_MAX.search(tag.group(0))
                        if first and last and int(last.group(1)) - int(first.group(1)) < 16384:
                            columns.update(range(int(first.group(1)) - 1, int(last.group(1))))
                if b"mergeCell" in text:
                    merged.extend((int(r0), _column_index(c0), int(r1), _column_index(c1))
                                  for c0, r0, c1, r1 in _MERGE_CELL.findall(text))
    except _DAMAGED_ZIP:
        return frozenset(), (), frozenset()  # the reading proper names a damaged file
    return frozenset(hidden), tuple(merged), frozenset(columns)


def hidden_sheet_note(sheet: Sheet) -> str | None:
    """The import report's line for a sheet read that is hidden in the workbook (no tab shows
    it), or None. Why: its rows were booked without a word, while the officer opening the
    workbook sees another sheet, or none."""
    if not sheet.hidden:
        return None
    if sheet.very_hidden:
        # Why: the Unhide list does not name a veryHidden sheet, and the note sent the officer to it
        return said(f"读取了工作表 {sheet.name!r} 的行，但它在工作簿中是“深度隐藏”的（veryHidden：没有标签，"
                    "“取消隐藏”的列表里也没有它）：在 Excel 中按 Alt+F11 打开 VBA 编辑器，在左侧选中这张工作表，"
                    "把属性中的 Visible 设为 -1 - xlSheetVisible，即可核对这些行",
                    f"sheet {sheet.name!r}, whose rows were read, is \"very hidden\" in the workbook (veryHidden: no tab, "
                    "and the Unhide list does not name it): in Excel press Alt+F11 for the VBA editor, select the sheet "
                    "on the left and set its Visible property to -1 - xlSheetVisible to check them")
    return said(f"读取了工作表 {sheet.name!r} 的行，但它在工作簿中是隐藏的（没有标签）：右键单击任一工作表标签，"
                "选择“取消隐藏”即可核对这些行",
                f"sheet {sheet.name!r}, whose rows were read, is hidden in the workbook (no tab shows it): "
                "right-click a sheet tab and choose Unhide to check them")


def hidden_rows_note(sheet: Sheet, rows: list[Row], what: str) -> str | None:
    """The import report's line naming the rows of `rows` (those read) hidden in `sheet`, or
    None: they are read like the others (the file's rows are the bank's or the office's
    own), and the officer, who does not see them in Excel or WPS, is told which to check
    against the `what` (the statement, the register)."""
    hidden = [r.number for r in rows if r.number in sheet.hidden_rows and not r.blank]
    if not hidden:
        return None
    shown = ", ".join(map(str, hidden[:10])) + (f" and {len(hidden) - 10} more" if len(hidden) > 10 else "")
    many = len(hidden) > 1
    it = "them" if many else "it"
    s, are = ("s", "are") if many else ("", "is")
    shown_zh = "、".join(map(str, hidden[:10])) + (f" 等 {len(hidden)} 行" if len(hidden) > 10 else "")
    return said(f"第 {shown_zh} 行在工作表中是隐藏的（被隐藏或被筛选掉：Excel 和 WPS 不显示），和其他行一样读取："
                f"读取了 {len(hidden)} 个隐藏行；请对照{_what_zh(what)}核对",
                f"row{s} {shown} {are} hidden in the sheet (hidden or filtered out: Excel and WPS "
                f"do not show {it}) and read like the others: {len(hidden)} hidden row{s} read; "
                f"check {it} against the {what}")


def hidden_notes(sheet: Sheet, rows: list[Row], what: str, then: str) -> list[str]:
    """The import report's lines for what of `sheet` the officer does not see: the sheet
    itself hidden (hidden_sheet_note), rows of `rows` hidden (hidden_rows_note, checked
    against the `what`, followed by `then`: what the officer should know or do of them)."""
    notes = [note for note in (hidden_sheet_note(sheet),) if note]
    rows_note = hidden_rows_note(sheet, rows, what)
    if rows_note:
        # the Chinese of `then` where the caller gives it (a Said); its English never goes into
        # the Chinese (words without Chinese: the note stays English)
        then_zh = zh_of(then) if then else ""
        notes.append(said(rows_note.zh + then_zh, rows_note + then) if then_zh is not None else rows_note + then)
    return notes


#: a formula cell whose result is not stored: its <f> is the last thing in the cell (no <v>)
_FORMULA_WITHOUT_VALUE = re.compile(rb"(?:</f>|<f\b[^>]*/>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")


def _has_uncalculated_formula(raw: bytes) -> bool:
    """Whether a worksheet of the XLSX holds a formula without its result.

    Excel and WPS store each formula's last result beside it, and that result is what
    openpyxl reads (data_only). A file written by a program that does not calculate stores
    only the formula: its cells would read as empty, and an empty amount is taken for "no
    money", so such cells are found here (a scan of the sheets' XML, cheap) and kept as
    their formula's text instead, for the importers to name."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            for name in zf.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    if _FORMULA_WITHOUT_VALUE.search(zf.read(name)):
                        return True
    except _DAMAGED_ZIP:
        return False
    return False


def _uncalculated_formulas(path: Path, raw: bytes) -> dict[str, dict[int, dict[int, str]]]:
    """{sheet title: {row number: {column index: "=formula"}}} of the formula cells without a
    stored result (read once more, formulas instead of values; only for such files)."""
    import openpyxl

    found: dict[str, dict[int, dict[int, str]]] = {}
    try:
        values = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception:  # the main read reports a damaged file
        return found
    try:
        for ws_v, ws_f in zip(values.worksheets, formulas.worksheets, strict=True):
            ws_v.reset_dimensions()  # every row, whatever size the sheet states (_read_xlsx)
            ws_f.reset_dimensions()
            for number, (row_v, row_f) in enumerate(zip(ws_v.iter_rows(values_only=True), ws_f.iter_rows(values_only=True), strict=False), start=1):
                for i, (v, f) in enumerate(zip(row_v, row_f, strict=False)):
                    if v is None and isinstance(f, str) and f.startswith("="):
                        found.setdefault(ws_v.title, {}).setdefault(number, {})[i] = f
    except Exception:  # openpyxl raises many kinds while reading a damaged sheet's rows
        return found
    finally:
        values.close()
        formulas.close()
    return found


def _read_html(path: Path, raw: bytes, encoding: str | None) -> Table:
    """A web page holding the statement as a table (web banking's "Excel" download), read as
    the sheet Excel shows for it (importers/html_table.py)."""
    text = None
    for declared in [e for e in (encoding, html_table.declared_charset(raw)) if e]:
        try:
            text = raw.decode(declared)
            encoding = declared
            break
        except (UnicodeDecodeError, LookupError):
            continue
    if text is None:
        text, encoding = decode_text(raw, path)
    rows, merged = [], []
    for number, cells in enumerate(html_table.table_rows(path, text.lstrip("\ufeff"), merged), 1):
        cleaned = [clean_cell(c) for c in cells]
        while cleaned and not cleaned[-1]:
            cleaned.pop()
        rows.append(Row(number, tuple(cleaned)))
    if not any(not r.blank for r in rows):
        raise ImportProblem(path, said("这个网页的表格里没有带文字的行", "this web page holds no table rows with text"),
                            hint=said("请重新以 CSV 或 Excel 格式下载对账单", "download the statement again as CSV or Excel"))
    table = Table(path, "html", [Sheet(path.stem, rows, merged=tuple(merged))], encoding)
    table.notes.append(said(f"{path.name} 是一个含表格的网页（网银的“Excel”下载常常是这样）；"
                            "按电子表格软件显示它的样子作为一张工作表读取，行号也按它的编号",
                            f"{path.name} is a web page holding a table (as web banking's Excel downloads often are); "
                            "read as the sheet a spreadsheet program shows for it, rows numbered as it numbers them"))
    return table


def _read_spreadsheetml(path: Path, raw: bytes) -> Table:
    """Excel 2003's XML spreadsheet, read as Excel shows it (importers/spreadsheetml.py)."""
    sheets = []
    hidden: list[set[int]] = []  # each sheet's hidden rows, filled by the parse
    merges: list[list[tuple[int, int, int, int]]] = []  # and its merged cells
    parsed = spreadsheetml.sheets(path, raw, hidden, merges)
    for (name, rows), concealed, merged in zip(parsed, hidden, merges, strict=True):
        read = []
        for number, values in rows:
            cells = [clean_cell(v) for v in values]
            while cells and not cells[-1]:
                cells.pop()
            read.append(Row(number, tuple(cells)))
        sheets.append(Sheet(name, read, hidden_rows=frozenset(concealed), merged=tuple(merged)))
    if not any(not r.blank for sheet in sheets for r in sheet.rows):
        raise ImportProblem(path, said("这个 Excel 2003 XML 电子表格里没有带文字的行",
                                       "this Excel 2003 XML spreadsheet holds no rows with text"),
                            hint=said("请重新导出对账单", "export the statement again"))
    table = Table(path, "spreadsheetml", sheets)
    table.notes.append(said(f"{path.name} 是 Excel 2003 XML 电子表格（SpreadsheetML）；按电子表格软件显示它的样子作为工作簿读取",
                            f"{path.name} is an Excel 2003 XML spreadsheet (SpreadsheetML); read as the workbook a "
                            "spreadsheet program shows for it"))
    return table


def _encrypted_package(raw: bytes) -> bool:
    """Whether an OLE compound file (CDFV2, as an .xls is) holds an encrypted XLSX: a workbook
    saved with a password to open it is kept so, in its stream EncryptedPackage."""
    from xlrd import compdoc

    try:
        names = {entry.name for entry in compdoc.CompDoc(raw, logfile=io.StringIO()).dirlist}
    except Exception:  # a damaged compound file: the XLS reading names it
        return False
    return "EncryptedPackage" in names or "EncryptionInfo" in names


def _refuse_encrypted(path: Path) -> None:
    """Refuse a workbook saved with a password to open it (Excel's or WPS's 用密码进行加密).

    Why: an encrypted .xlsx is an OLE compound file holding the workbook encrypted, and was
    refused as "the XLS file is damaged or cut off" (an .xlsx named XLS, and damaged): the
    finance officer exported it again and again, never told the password was the trouble."""
    raise ImportProblem(path, said("该工作簿设置了打开密码（已加密）：relief 不能读取加密的工作簿",
                                   "the workbook is protected by a password to open it (encrypted): relief cannot "
                                   "read an encrypted workbook"),
                        hint=said("请用 Excel 或 WPS 输入密码打开它，取消密码（Excel：文件 → 信息 → 保护工作簿 → "
                                  "用密码进行加密，清空密码；WPS：文件 → 文档加密 → 密码加密，清空密码），"
                                  "另存为 .xlsx，再导入另存的文件",
                                  "open it in Excel or WPS with its password, remove the password (Excel: File → "
                                  "Info → Protect Workbook → Encrypt with Password, clear it; WPS: File → Document "
                                  "Encryption → Password Encryption, clear it), save it as .xlsx and import that file"))


#: what an .xls cell shows for a formula stored without its result (the formula's text is
#: not kept in a readable form): named as such (values.cell_hint), never read as empty
XLS_FORMULA_WITHOUT_RESULT = "=…"


def _xls_formulas_without_results(raw: bytes) -> dict[int, set[tuple[int, int]]]:
    """{worksheet index: {(row, column) 0-based}} of the .xls's formula cells whose stored
    result is an empty text, when no formula of the workbook stores any other result: a file
    written by a program that does not calculate (xlwt writes every formula so); {} otherwise.

    Why: xlrd reads such a cell as empty: a statement's 收入 computed by a formula was skipped
    as "no amount and no balance" (cells cleared? the file cut short?) and its balance
    assertions dropped, where the same file as .xlsx is refused naming the formula. A workbook
    saved by Excel or WPS, whose formulas (=IF(B5="","",…)) may give an empty text, stores the
    others' results, and is read as before."""
    from xlrd import compdoc

    try:
        doc = compdoc.CompDoc(raw, logfile=io.StringIO())
        for name in ("Workbook", "Book"):
            mem, base, size = doc.locate_named_stream(name)
            if mem is not None:
                break
        else:
            return {}
        stream = mem[base:base + size]

        head = struct.Struct("<HH").unpack_from
        end = len(stream) - 4

        def records(at: int, wanted: int):
            """The data of the records of kind `wanted` from `at` to the substream's EOF."""
            while at <= end:
                code, length = head(stream, at)
                if code == wanted:
                    yield stream[at + 4:at + 4 + length]
                elif code == 0x000A:  # EOF: the end of a substream
                    return
                at += 4 + length

        if end < 8 or head(stream, 0)[0] != 0x0809 or stream[4:6] != b"\x00\x06":  # BIFF8 only (Excel 97 and later)
            return {}
        # BOUNDSHEET: where each worksheet's substream starts (other kinds of sheet are not read)
        starts = [int.from_bytes(data[:4], "little") for data in records(0, 0x0085) if len(data) >= 6 and data[5] == 0]
        found: dict[int, set[tuple[int, int]]] = {}
        for index, start in enumerate(starts):
            for data in records(start, 0x0006):  # FORMULA
                if len(data) < 14:
                    continue
                if data[12:14] == b"\xff\xff" and data[6] == 3:  # an empty text
                    found.setdefault(index, set()).add((int.from_bytes(data[:2], "little"), int.from_bytes(data[2:4], "little")))
                else:
                    return {}  # a result stored: a program that calculates wrote the file
        return found
    except Exception:  # a damaged compound file or stream: xlrd's reading names it
        return {}


def _read_xls(path: Path, raw: bytes) -> Table:
    import xlrd

    # Why: xlrd writes its warnings on a damaged file (WARNING *** file size (727) not 512 +
    # multiple of sector size) to standard output, into the dry run's beancount text, once
    # for each layout that read the file; what is wrong is said in relief's own words
    chatter = io.StringIO()
    try:
        # with its formatting, for the rows hidden in a sheet (the values alone say nothing of
        # it); a file whose formatting xlrd cannot read is read without
        book = xlrd.open_workbook(file_contents=raw, formatting_info=True, logfile=chatter)
    except Exception:
        book = None
    try:
        book = book or xlrd.open_workbook(file_contents=raw, logfile=chatter)
    except Exception as exc:  # xlrd raises XLRDError, struct errors, AssertionError on junk
        # an .xls saved with a password to open it (its FILEPASS record), or an encrypted .xlsx
        # (its compound file holds no workbook, which xlrd cannot find): looked for only here,
        # where xlrd failed, not in every .xls read
        if "encrypted" in str(exc).lower() or _encrypted_package(raw):
            _refuse_encrypted(path)
        raise ImportProblem(path, said("该 XLS 文件已损坏或不完整（无法解开其中的工作簿）",
                                       f"the XLS file is damaged or cut off ({type(exc).__name__})"),
                            hint=said("请用电子表格软件打开，另存为 .xlsx；或者重新导出",
                                      "open it in a spreadsheet program and save it as .xlsx, or export it again")) from None
    sheets = []
    uncalculated = _xls_formulas_without_results(raw)
    for index, sh in enumerate(book.sheets()):
        rows = []
        formulas = uncalculated.get(index, ())
        for r in range(sh.nrows):
            cells = []
            for c in range(sh.ncols):
                kind, value = sh.cell_type(r, c), sh.cell_value(r, c)
                if formulas and (r, c) in formulas and value == "":
                    value = XLS_FORMULA_WITHOUT_RESULT
                elif kind == xlrd.XL_CELL_ERROR:
                    # the error the cell shows (#REF!), not xlrd's code for it: #REF! is 23, and
                    # an amount cell showing it was booked as 23.00
                    value = xlrd.error_text_from_code.get(value, f"#ERROR{value}")
                elif kind == xlrd.XL_CELL_BOOLEAN:
                    value = bool(value)  # TRUE / FALSE as a spreadsheet shows it, not 1 / 0
                elif kind == xlrd.XL_CELL_DATE:
                    try:
                        value = xlrd.xldate_as_datetime(value, book.datemode)
                    except (ValueError, OverflowError):  # xlrd's XLDateError kinds: the number stays as it is
                        pass
                    else:
                        if 0 <= sh.cell_value(r, c) < 1:
                            # a time of day alone (a cell formatted h:mm:ss), as a spreadsheet shows it and as
                            # the XLSX reading gives it: xlrd dates it 1899-12-31, and a register's date
                            # column so written was refused as "'1899-12-31 12:00:00' is a span of days"
                            value = value.time()
                cells.append(clean_cell(value))
            while cells and not cells[-1]:
                cells.pop()
            rows.append(Row(r + 1, tuple(cells)))
        hidden = frozenset(r + 1 for r, info in getattr(sh, "rowinfo_map", {}).items()
                           if (info.hidden or _zero_high(info)) and r < sh.nrows)
        # merged cells are known only with the formatting: (rlo, rhi, clo, chi), the highs past the end
        merged = tuple((r0 + 1, c0, r1, c1 - 1) for r0, r1, c0, c1 in getattr(sh, "merged_cells", ()))
        columns = frozenset(c for c, info in getattr(sh, "colinfo_map", {}).items() if info.hidden)
        sheets.append(Sheet(sh.name, rows, hidden=bool(getattr(sh, "visibility", 0)), hidden_rows=hidden, merged=merged,
                            hidden_columns=columns, very_hidden=getattr(sh, "visibility", 0) == 2))
    return Table(path, "xls", sheets, date1904=book.datemode == 1)


def _zero_high(info) -> bool:
    """Whether an XLS row's own height (not the sheet's default) is zero: hidden so."""
    return info.height == 0 and bool(info.height_mismatch) and not getattr(info, "has_default_height", 0)


#: the two halves of an amount split at its thousands comma (1 | 234.00, -12 | 345, ¥1 | 000.00)
_SPLIT_HEAD = re.compile(r"^[+-]?[¥￥]?\d{1,3}$")
_SPLIT_TAIL = re.compile(r"^\d{3}(\.\d+)?$")


def _runs_into_header(cells: tuple[str, ...], header: tuple[str, ...]) -> bool:
    """Whether a row's cells hold the header's names after its own: a second export joined
    onto a file whose last row had no line break (that row's last cell glued to the header's
    first name, the rest of the header after it)."""
    names = tuple(h for h in header[1:4] if h)
    return len(names) >= 2 and any(cells[j:j + len(names)] == names for j in range(1, len(cells)))


def refuse_shifted(filepath, row: Row, width: int, what: str, header: tuple[str, ...] = ()) -> None:
    """A text row with more filled cells than the header has columns: a cell held a comma
    that is not inside quotes (a memo "Ref 12,34"), so every cell after it moved one
    column right, and an amount column may now hold another column's number (a payment
    of 50.00 read as 34.00 received). In a spreadsheet cells cannot move: only CSV, whose
    header has `width` cells. `what` names the file for the hint (statement, bill).

    An amount written with a thousands comma outside quotes (1,234.00, ¥1,000.00) lies split
    over two cells: named as such, even when the extra cell is empty because the row's last
    column was, where 1.00 was booked for 1,234.00 and every cell after it read from its
    neighbour's column."""
    if header and _runs_into_header(row.cells, header):
        raise ImportProblem(filepath, said(f"这一行后面接上了另一份{_what_zh(what)}的表头（{'、'.join(header[1:4])} …）："
                                           "两个文件被拼在了一起，前一个文件的最后一行后面没有换行",
                                           f"the row runs into the header of another {what} ({', '.join(header[1:4])} …): two "
                                           "files were joined, the first without a line break after its last row"),
                            row=row.number,
                            hint=said(f"请把每份{_what_zh(what)}按下载时的样子分别作为单独的文件导入",
                                      f"import each {what} as its own file, as downloaded"))
    for i in range(len(row.cells) - 1):
        if _SPLIT_HEAD.match(row.cells[i]) and _SPLIT_TAIL.match(row.cells[i + 1]):
            split = f"{row.cells[i]},{row.cells[i + 1]}"
            raise ImportProblem(filepath, said(f"这一行有 {len(row.cells)} 个单元格，而表头只有 {width} 个：{split!r} 是一个金额，"
                                               "它的千位分隔逗号不在引号里，所以被拆成了两个单元格，后面的单元格都错了位",
                                               f"the row has {len(row.cells)} cells but the header has {width}: {split!r} is an "
                                               "amount whose thousands comma is not inside quotes, so it is split over two cells and the "
                                               "cells after it are shifted"), row=row.number,
                                hint=said(f"请重新导出{_what_zh(what)}；或者用电子表格软件打开，把拆开的金额合回一个单元格，"
                                          "再另存为 CSV（会自动加上引号）",
                                          f"export the {what} again, or open it in a spreadsheet program, put the split amount "
                                          "back together and save it as CSV (which quotes it)"))
    extra = [c for c in row.cells[width:] if c]
    if extra:
        raise ImportProblem(filepath, said(f"这一行有 {width + len(row.cells[width:])} 个单元格，而表头只有 {width} 个："
                                           f"某个单元格里有不在引号中的逗号，所以它后面的单元格都错了位（多出的：{extra[0]!r}）",
                                           f"the row has {width + len(row.cells[width:])} cells but the header has {width}: a cell "
                                           f"holds a comma that is not inside quotes, so the cells after it are shifted (extra: {extra[0]!r})"),
                            row=row.number,
                            hint=said(f"请重新导出{_what_zh(what)}；或者用电子表格软件打开，把拆开的单元格合回去，"
                                      "再另存为 CSV（会自动加上引号）",
                                      f"export the {what} again, or open it in a spreadsheet program, put the split cell "
                                      "back together and save it as CSV (which quotes it)"))
