"""Every refusal of the reading (importers/reading.py, text_encoding.py, html_table.py,
spreadsheetml.py, month_sheets.py, context.py) says what went wrong and what to do in
Chinese first, its English as before.

Why: the finance officer reads Chinese; a file that could not be read was refused in English
only, and the dry run's summary said 原因见上面的错误 ("the reason is in the error above") of
an error line that was English too. Each refusal is made here from a small bad input and its
Chinese checked (`ImportProblem.zh`: present, Chinese, naming the file, no English words
of the reason inside it); a static check over the files finds a refusal added later
without its Chinese.
"""

from __future__ import annotations

import ast
import io
import re
import zipfile
from pathlib import Path

import pytest

from importers import month_sheets, reading
from importers.errors import ImportProblem, said, zh_of
from importers.reading import Row, Sheet, read_table

HERE = Path(__file__).resolve().parents[2] / "importers"
FILES = ("reading.py", "text_encoding.py", "html_table.py", "spreadsheetml.py", "month_sheets.py", "context.py")
CJK = re.compile("[\u4e00-\u9fff]")
#: English words a reason is written in: never inside its Chinese half (file names, ids,
#: encodings' and formats' names such as UTF-8, CSV, XLSX, Excel, WPS may be)
ENGLISH_WORDS = re.compile(r"\b(?:the|file|is|not|and|or|of|it|row|line|sheet|export|save|open|cell|cells|"
                           r"cannot|which|with|damaged|again)\b")

ICBC = ("交易日期,摘要,收入金额,支出金额,余额,对方户名\n"
        "2026-03-05,捐款,100.00,,100.00,王小明\n2026-03-06,捐款,50.00,,150.00,王小明\n")


def _zip(files: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _xlsx(rows: list[list[object]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _alternating(zeros: int, size: int = 1000) -> bytes:
    """ASCII letters with a zero byte at `zeros` of the odd places (UTF-16-like, or not quite)."""
    out = bytearray(b"ab" * (size // 2))
    for i in range(zeros):
        out[2 * i + 1] = 0
    return bytes(out)


SPREADSHEETML = ('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                 'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="明细"><Table>{}'
                 '</Table></Worksheet></Workbook>')

#: (file name, its bytes, words of the English refusal)
FILES_REFUSED = [
    ("empty.csv", b"", "the file is empty"),
    ("zeros.csv", b"\x00" * 64, "only NUL bytes"),
    ("bomless.csv", _alternating(500) + b"x", "UTF-16 text without a byte-order mark, it seems"),
    ("half-utf16.csv", _alternating(110), "UTF-16 text without a byte-order mark, which cannot"),
    ("page.mht", b"MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n\r\n", "MHTML web archive"),
    ("login.xls", "<html><head><title>请登录</title></head><body>会话超时</body></html>".encode(), "web page with no table"),
    ("scan.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF or an image"),
    ("junk.csv", bytes(range(256)) * 8, "binary data"),
    ("junk.xlsx", bytes(range(256)) * 8, "is named .xlsx but is not a workbook"),
    ("utf8-damaged.csv", ICBC.encode() + b"\xff" * 200, "UTF-8 text up to row 4"),
    ("unknown.csv", bytes(range(0x80, 0x100)) * 12, "its encoding cannot be recognised"),
    ("ambiguous.csv", "date,amount,payer\r\n2026-03-05,100.00,医院\r\n2026-03-06,50.00,学校\r\n".encode("gbk"),
     "reads both as UTF-8 and as GBK"),
    ("stray.csv", ICBC.encode() + b"2026-03-07," + "捐款".encode("gbk") + ",1.00,,151.00,王小明\n".encode(),
     "line 4 holds bytes that are no UTF-8"),
    ("gbk-damaged.csv", ICBC.encode("gbk") + "2026-03-07,捐款,1.00,,151.00,王小明\n".encode(), "GBK/GB18030 text up to row 4"),
    ("joined.csv", ICBC.encode("gbk") + "2026-03-07,转账存入,1.00,,151.00,张三\n".encode(), "line 4 is UTF-8 ('转账存入'"),
    ("utf16-cut.txt", b"\xff\xfe" + ICBC.encode("utf-16-le")[:-1], "(UTF-16 text) ends in the middle"),
    ("utf16-damaged.txt", b"\xff\xfe" + ICBC.replace("王小明\n2026", "\ud800\n2026").encode("utf-16-le", "surrogatepass"),
     "UTF-16 text up to row 2"),
    ("huge-cell.csv", (ICBC + "2026-03-07,捐款,1.00,,151.00," + "9" * 200_000 + "\n").encode(), "holds over 131,072"),
    ("open-quote.csv", (ICBC + '2026-03-07,"捐款' + ",1.00" * 70_000 + "\n").encode(), "runs on for over 131,072"),
    ("cut-quote.csv", (ICBC + '2026-03-07,捐款,1.00,,151.00,"王').encode(), "ends inside a quoted cell"),
    ("swallowed.csv", (ICBC.replace("王小明\n2026-03-06", '"王小明\n2026-03-06', 1)
                       + "2026-03-07,捐款,1.00,,151.00,王小明\n").encode(), "opens in cell 6 of the row on line 2"),
    ("strict.xlsx", _zip({"xl/workbook.xml": '<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"/>'}),
     "Strict Open XML"),
    ("sheet.ods", _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}),
     "OpenDocument spreadsheet"),
    ("letter.xlsx", _zip({"word/document.xml": "<w/>"}), "word-processor or presentation"),
    ("statements.zip.xlsx", _zip({"icbc.csv": ICBC}), "this is a ZIP archive (icbc.csv)"),
    ("cut.xlsx", _xlsx([["日期", "金额"], ["2026-03-01", 100]])[:400], "XLSX file is damaged or cut off"),
    ("ole.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01\x02junk" * 100, "XLS file is damaged or cut off"),
    ("blank.xls", b"<html><body><table><tr><td>&nbsp;</td></tr></table></body></html>", "holds no table rows with text"),
    ("cut-page.xls", "<html><body><table><tr><td>交易日期</td><td>金额</td></tr><tr><td>2026-03-05".encode(),
     "ends inside its table"),
    ("nested.xls", ("<html><body><table><tr><td>交易日期</td><td>金额</td></tr><tr><td>2026-03-05</td>"
                    "<td><table><tr><td>100.00</td></tr></table></td></tr></table></body></html>").encode(),
     "table inside a cell of this row"),
    ("empty-ss.xls", SPREADSHEETML.format('<Row><Cell><Data ss:Type="String"> </Data></Cell></Row>').encode(),
     "Excel 2003 XML spreadsheet holds no rows"),
    ("broken-ss.xls", SPREADSHEETML.format("<Row><Cell>").encode(), "Excel 2003 XML spreadsheet is damaged"),
    ("index-ss.xls", SPREADSHEETML.format('<Row ss:Index="0"><Cell><Data ss:Type="String">x</Data></Cell></Row>').encode(),
     "has the index '0'"),
    ("wide.csv", (",".join(f"c{i}" for i in range(300)) + "\n").encode(), "300 filled cells"),
]


def _assert_chinese_first(problem: ImportProblem, name: str, english: str) -> None:
    """The refusal's English is as before; its Chinese is there, names the file, and holds no English reason."""
    assert english in problem.message, problem.message
    zh = problem.zh
    assert zh is not None, f"no Chinese for: {problem.message}"
    assert zh.startswith(name) and CJK.search(zh), zh
    # the hint too, where the English has one: the Chinese half is whole
    assert problem.hint is None or zh_of(problem.hint), f"no Chinese for the hint: {problem.hint}"
    said = zh[len(problem.where_zh):]
    assert not ENGLISH_WORDS.search(said.replace(str(problem.filepath), "").replace(name, "")), said


@pytest.mark.parametrize(("name", "raw", "english"), FILES_REFUSED, ids=[c[0] for c in FILES_REFUSED])
def test_each_refusal_of_a_file_read_is_chinese_first(tmp_path, name, raw, english):
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(ImportProblem) as caught:
        read_table(path)
    _assert_chinese_first(caught.value, name, english)


def test_a_folder_a_missing_file_a_large_one_and_a_wrong_profile_encoding_are_chinese_first(tmp_path, monkeypatch):
    folder = tmp_path / "statements"
    folder.mkdir()
    for path, english, zh in [(folder, "this is a folder, not a file", "这是文件夹"),
                              (tmp_path / "gone.csv", "cannot read the file (No such file", "文件不存在")]:
        with pytest.raises(ImportProblem) as caught:
            read_table(path)
        _assert_chinese_first(caught.value, path.name, english)
        assert zh in caught.value.zh
    big = tmp_path / "big.csv"
    big.write_text(ICBC, encoding="utf-8")
    monkeypatch.setattr(reading, "MAX_BYTES", 64)
    with pytest.raises(ImportProblem) as caught:
        read_table(big)
    _assert_chinese_first(caught.value, "big.csv", "too large for a statement")
    monkeypatch.undo()
    with pytest.raises(ImportProblem) as caught:
        read_table(big, encoding="ascii")
    _assert_chinese_first(caught.value, "big.csv", "is not ascii text as its profile says")
    book = tmp_path / "book.xlsx"
    book.write_bytes(_xlsx([["日期", "金额"], ["2026-03-01", 100]]))
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 100)
    with pytest.raises(ImportProblem) as caught:
        read_table(book)
    _assert_chinese_first(caught.value, "book.xlsx", "the workbook unpacks to")


def _refused(call, *args, **kwargs) -> ImportProblem:
    with pytest.raises(ImportProblem) as caught:
        call(*args, **kwargs)
    return caught.value


def test_the_refusals_of_rows_and_sheets_are_chinese_first():
    header = ("交易日期", "摘要", "收入金额", "余额")
    shifted = [
        (Row(5, ("2026-03-05", "捐款", "1", "234.00", "1,334.00")), "is an amount whose thousands comma"),
        (Row(5, ("2026-03-05", "Ref 12", "x34", "100.00", "1,334.00")), "a cell holds a comma that is not inside quotes"),
        (Row(5, ("2026-03-05", "捐款交易日期", "摘要", "收入金额", "余额")), "runs into the header of another statement"),
    ]
    for row, english in shifted:
        problem = _refused(reading.refuse_shifted, "s.csv", row, 4, "statement", header)
        _assert_chinese_first(problem, "s.csv", english)
        assert "对账单" in problem.zh
    rows = [Row(1, header), Row(2, ("2026-03-05", "捐款", "100.00", "100.00"))]
    first, second = Sheet("1月", rows), Sheet("2月", [Row(1, header), Row(2, ("2026-03-06", "捐款", "50.00", "150.00"))])
    summary = Sheet("汇总", [*rows, Row(3, ("2026-03-06", "捐款", "50.00", "150.00"))])
    _assert_chinese_first(_refused(reading.refuse_other_sheets, "b.xlsx", first, [(second, 1)], 1), "b.xlsx",
                          "the workbook has rows under the same header on sheet '1月' and on '2月'")
    _assert_chinese_first(_refused(reading.refuse_other_sheets, "b.xlsx", first, [(second, 1), (summary, 1)], 1),
                          "b.xlsx", "sheet '汇总' repeats the rows of '1月', '2月'")
    headless = Sheet("续", [Row(1, ("2026-03-07", "捐款", "1.00", "151.00"))])
    problem = _refused(reading.refuse_headless_sheets, "b.xlsx", first, [headless], "register", lambda r: r.get(0).startswith("2026"))
    _assert_chinese_first(problem, "b.xlsx", "sheet '续' has 1 row(s) that read as rows of the register")
    assert "登记表" in problem.zh


class _Located:
    """What month_sheets reads of a located register: its header row, rows and columns."""

    def __init__(self, rows, amount=2):
        self.header = rows[0]
        self.rows = rows[1:]
        self.columns = {"date": 0, "amount": amount}


class _Record:
    def __init__(self, row, ref):
        self.row, self.source_ref = row, ref


class _Titled:
    def __init__(self, title):
        self.title = title


def test_the_refusals_of_a_workbook_of_month_sheets_are_chinese_first():
    header = Row(1, ("日期", "捐赠人", "金额"))
    def sheet(name, *cells):
        rows = [header, *(Row(n, c) for n, c in enumerate(cells, 2))]
        return Sheet(name, rows), _Located(rows)
    months = [sheet("1月", ("2026-01-05", "王小明", "100.00")), sheet("2月", ("2026-02-05", "李四", "50.00")),
              sheet("补录", ("2026-02-07", "张三", "20.00"))]
    _assert_chinese_first(_refused(month_sheets.refuse_sheets_of_no_month, "r.xlsx", months), "r.xlsx",
                          "'补录' holds rows of its own under the register's header but is named for no month")
    summary = sheet("汇总", ("2026-01-31", "合计", "999.00"), ("2026-02-28", "合计", "1.00"))
    problem = _refused(month_sheets.summary_notes, "r.xlsx", summary, months[:2], [("金额", 2, [2, 2])], True)
    _assert_chinese_first(problem, "r.xlsx", "adds up to 金额 1,000.00 while the month sheets' rows add up to 150.00")
    assert "1,000.00" in problem.zh and "150.00" in problem.zh
    made = [(_Titled("1月"), [(_Record(2, "ref-1"), None)]), (_Titled("2月"), [(_Record(4, "ref-1"), None)])]
    problem = _refused(month_sheets.refuse_shared_ids, "r.xlsx", made)
    _assert_chinese_first(problem, "r.xlsx", "sheet '2月', row 4 is the same entry as sheet '1月', row 2")
    assert "工作表 '2月' 第 4 行" in problem.zh and "工作表 '1月' 第 2 行" in problem.zh


def test_raise_all_composes_the_rows_chinese():
    class Errors:
        def __init__(self, *problems):
            self.problems = list(problems)

    one = ImportProblem("r.xlsx", month_sheets.said("金额不是数字", "the amount is not a number"), row=3, sheet="1月")
    two = ImportProblem("r.xlsx", month_sheets.said("日期不是日期", "the date is not a date"), row=5, sheet="2月")
    problem = _refused(month_sheets.raise_all, "r.xlsx", [Errors(one), Errors(two)])
    assert problem.message.startswith("r.xlsx: 2 rows cannot be imported; fix them and import the file again:")
    assert problem.zh.startswith("r.xlsx：有 2 行不能导入；请改正后重新导入该文件：")
    assert one.zh in problem.zh and two.zh in problem.zh
    english_only = ImportProblem("r.xlsx", "the payer is unknown", row=7, sheet="2月")
    assert _refused(month_sheets.raise_all, "r.xlsx", [Errors(one), Errors(english_only)]).zh is None  # never English inside


@pytest.mark.parametrize(("saved", "english"), [
    ("case,姓名\nC0001,王小明\n", "has no 'case' and 'name' columns in its first row"),
    (b"case,name\nC0001,\xff\xfe\xfd\n", "is neither UTF-8 nor GBK/GB18030 text"),
    (None, "is not there, but private/cases.xlsx is"),
])
def test_a_private_cases_file_that_cannot_be_read_is_refused_chinese_first(tmp_path, saved, english):
    from importers.context import build_context

    private = tmp_path / "private"
    private.mkdir()
    if saved is None:
        (private / "cases.xlsx").write_bytes(_xlsx([["case", "name"]]))
    elif isinstance(saved, bytes):
        (private / "cases.csv").write_bytes(saved)
    else:
        (private / "cases.csv").write_text(saved, encoding="utf-8")
    problem = build_context([], tmp_path).case_names_problem
    assert problem is not None
    _assert_chinese_first(problem, "cases.csv", english)
    assert "案例编号" in problem.zh


def _refusals_without_chinese(source: str) -> list[str]:
    """The ImportProblem(...) calls of `source` whose `what` (or hint=) is not a said(...) call,
    a name bound to one in the function, or a helper that gives one (`..._hint(...)`)."""
    tree = ast.parse(source)
    bad = []
    for func in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.Module))]:
        bound = {t.id for node in ast.walk(func) if isinstance(node, ast.Assign) and _is_said(node.value, set())
                 for t in node.targets if isinstance(t, ast.Name)}
        for call in [n for n in ast.walk(func) if isinstance(n, ast.Call)]:
            name = getattr(call.func, "id", getattr(call.func, "attr", ""))
            if name not in ("ImportProblem", "UnknownEncoding"):
                continue
            parts = ([call.args[1]] if len(call.args) > 1 else []) + [k.value for k in call.keywords if k.arg == "hint"]
            if len(call.args) < 2 or not all(_is_said(p, bound) for p in parts):
                bad.append(f"line {call.lineno}: {ast.unparse(call)[:100]}")
    return sorted(set(bad))


def _is_said(node, bound: set[str]) -> bool:
    if isinstance(node, ast.Call):
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        return name == "said" or name.endswith("_hint")
    if isinstance(node, ast.Name):
        return node.id in bound or node.id == "hint"  # context's parameter: a Said or None, said() its default
    if isinstance(node, ast.BoolOp):
        return all(_is_said(v, bound) for v in node.values)
    if isinstance(node, ast.IfExp):
        return _is_said(node.body, bound) and (_is_said(node.orelse, bound) or
                                              isinstance(node.orelse, ast.Constant) and node.orelse.value is None)
    return False


@pytest.mark.parametrize("name", FILES)
def test_every_refusal_written_in_the_files_has_its_chinese(name):
    assert _refusals_without_chinese((HERE / name).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(("name", "raw", "english"), [
    ("icbc.xls", ICBC.encode(), "is named .xls but is a text (CSV) file; read as CSV"),
    ("padded.csv", ICBC.encode() + b"\x00" * 16, "ends in 16 NUL bytes"),
    ("dos.csv", ICBC.encode() + b"\x1a", "end-of-file mark (Ctrl-Z, byte 1A)"),
    ("bom-gbk.csv", b"\xef\xbb\xbf" + ICBC.encode("gbk"), "starts with UTF-8's byte-order mark but its text is GBK"),
    ("utf16.csv", ICBC.encode("utf-16-le"), "UTF-16 text without a byte-order mark: read as UTF-16-LE"),
    ("crs.csv", ICBC.replace("捐款,100.00", "捐\r款,100.00").encode(), "a lone carriage return (CR) inside a cell"),
    ("page.xls", ("<html><body><table><tr><td>交易日期</td><td>金额</td></tr><tr><td>2026-03-05</td><td>1.00</td></tr>"
                  "</table></body></html>").encode(), "is a web page holding a table"),
    ("ss.xls", SPREADSHEETML.format('<Row><Cell><Data ss:Type="String">交易日期</Data></Cell></Row>').encode(),
     "is an Excel 2003 XML spreadsheet (SpreadsheetML)"),
    ("memo.csv", "Date,摘要,Amount\r\n2026-03-05,支取,-100.00\r\n".encode("gbk"), "is valid UTF-8 and valid GBK: read as GBK"),
])
def test_what_the_reading_notes_of_a_file_is_chinese_first(tmp_path, name, raw, english):
    path = tmp_path / name
    path.write_bytes(raw)
    notes = [n for n in read_table(path).notes if english in n]
    assert notes, read_table(path).notes
    zh = zh_of(notes[0])
    assert zh and zh.startswith(name) and CJK.search(zh), notes[0]
    assert not ENGLISH_WORDS.search(zh.replace(name, "")), zh


def test_hidden_sheets_and_rows_are_noted_chinese_first():
    rows = [Row(1, ("交易日期", "金额")), Row(2, ("2026-03-05", "1.00")), Row(3, ("2026-03-06", "2.00"))]
    sheet = Sheet("明细", rows, hidden=True, hidden_rows=frozenset({3}))
    notes = reading.hidden_notes(sheet, rows[1:], "statement",
                                 said("（它们是银行的行：按银行写的记账）", " (they are the bank's rows: booked as it wrote them)"))
    assert [str(n) for n in notes] == [
        "sheet '明细', whose rows were read, is hidden in the workbook (no tab shows it): right-click a sheet tab and "
        "choose Unhide to check them",
        "row 3 is hidden in the sheet (hidden or filtered out: Excel and WPS do not show it) and read like the others: "
        "1 hidden row read; check it against the statement (they are the bank's rows: booked as it wrote them)"]
    assert zh_of(notes[0]).startswith("读取了工作表 '明细' 的行，但它在工作簿中是隐藏的")
    assert zh_of(notes[1]) == ("第 3 行在工作表中是隐藏的（被隐藏或被筛选掉：Excel 和 WPS 不显示），和其他行一样读取："
                               "读取了 1 个隐藏行；请对照对账单核对（它们是银行的行：按银行写的记账）")
    # words the note's caller gives in English only: the note stays English, never half
    assert zh_of(reading.hidden_notes(sheet, rows[1:], "statement", " (unknown words)")[1]) is None


@pytest.mark.parametrize(("name", "raw", "zh", "english"), [
    ("scan.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "这是 PDF 或图片，不是导出的对账单", "this is a PDF or an image"),
    ("login.xls", "<html><head><title>请登录</title></head><body>会话超时</body></html>".encode(),
     "该文件是一个没有表格的网页（标题：请登录）", "this file is a web page with no table (its title: 请登录)"),
    ("statements.xlsx", _zip({"icbc.csv": ICBC}), "这是一个 ZIP 压缩包（icbc.csv），不是电子表格",
     "this is a ZIP archive (icbc.csv), not a spreadsheet"),
    ("utf8-damaged.csv", ICBC.encode() + b"\xff" * 200, "该文件直到第 4 行都是 UTF-8 文本", "the file is UTF-8 text up to row 4"),
])
def test_the_dry_runs_error_and_summary_lines_of_a_refused_file_are_chinese_first(books, tmp_path, name, raw, zh, english):
    from click.testing import CliRunner

    from cli import cli

    path = tmp_path / name
    path.write_bytes(raw)
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert any(line.startswith(f";; 错误：{name}") and zh in line for line in lines), lines
    assert any(line.startswith(f";; ERROR {name}") and english in line for line in lines), lines
    summary = next(line for line in lines if line.startswith(f";; {name}："))
    assert summary.startswith(f";; {name}：未导入（") and zh in summary and f"{name}: not imported ({english}" in summary
    assert any(line.startswith(f"错误：{name}") and zh in line for line in lines), lines
    assert "原因见上面的错误" not in result.output


def test_a_row_on_another_month_sheet_is_named_in_chinese_too():
    assert month_sheets.place_zh("1月", 4, "1月") == "第 4 行"
    assert month_sheets.place_zh("1月", 4, "2月") == "工作表 '1月' 第 4 行"
    assert month_sheets.place("1月", 4, "2月") == "sheet '1月', row 4"


def test_a_register_is_named_by_its_own_chinese_title():
    rows = [Row(1, ("日期", "案例编号", "金额")), Row(2, ("2026-03-05", "C0001", "100.00"))]
    headless = Sheet("续", [Row(1, ("2026-03-07", "C0002", "1.00"))])
    problem = _refused(reading.refuse_headless_sheets, "r.xlsx", Sheet("3月", rows), [headless], "Disbursement roster",
                       lambda r: r.get(0).startswith("2026"))
    assert "rows of the Disbursement roster on sheet '3月'" in problem.message
    assert "看起来是工作表 '3月' 上发放花名册的行" in problem.zh, problem.zh
