"""Web banking's "Excel" download that is an HTML page holding a table (importers/html_table.py).

Every golden input is turned into such a page (the rows the project reads from the file, as
`<tr>`s of `<td>`s, cells padded with &nbsp;, a title and a heading outside the table, in the
page's declared encoding) and must import exactly as the file itself does: the same entries,
the same money, the same rows skipped. Then the reader's own cases: spans, line breaks,
script and style, nested tables, broken markup, a declared GBK page.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from beancount.core import data

from importers.html_table import table_rows
from importers.reading import read_table
from importers.run import extract_files, load_importers
from ledger.books import load_books
from tests.importers.test_golden import INPUTS

#: golden inputs whose reading depends on the workbook itself (the sheet's name gives the period)
WORKBOOK_ONLY = {"ccb-debit-detail.xls"}


def as_web_page(rows: list[tuple[str, ...]], encoding: str = "utf-8") -> bytes:
    """The rows as web banking writes them: one table, every cell padded, a title outside."""
    body = "\n".join("<tr>" + "".join(f"<td>&nbsp;{html.escape(c)}&nbsp;</td>" for c in cells) + "</tr>" for cells in rows)
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
            f"<title>明细下载</title><style>td {{ mso-number-format: '\\@'; }}</style></head>\n"
            f"<body><table border=\"1\">\n{body}\n</table></body></html>\n")
    return page.encode("gb18030" if encoding == "gbk" else encoding)


def _entries(books, path: Path):
    (result,) = extract_files(books, [path], load_importers(books.root))
    assert result.problem is None, result.problem
    return result


def _comparable(entry):
    """An entry without where it came from (file name, line), which differ by construction."""
    meta = {k: v for k, v in (entry.meta or {}).items() if k not in ("filename", "lineno", "document")}
    if isinstance(entry, data.Document):
        return ("document", entry.date, entry.account, Path(entry.filename).suffix and "", sorted(meta.items()))
    if isinstance(entry, data.Transaction):
        postings = [(p.account, p.units, p.cost, p.price, p.flag) for p in entry.postings]
        return ("txn", entry.date, entry.flag, entry.payee, entry.narration, sorted(meta.items(), key=str), postings)
    return (type(entry).__name__, entry.date, sorted(meta.items(), key=str), getattr(entry, "amount", None), getattr(entry, "account", None))


@pytest.mark.parametrize("path", [p for p in INPUTS if p.name not in WORKBOOK_ONLY], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_golden_file_imports_the_same_as_a_web_page(golden_books, tmp_path, path):
    rows = [row.cells for row in read_table(path).sheets[0].rows]
    encoding = "gbk" if len(path.name) % 2 else "utf-8"
    page = tmp_path / (path.stem + ".xls")
    page.write_bytes(as_web_page(rows, encoding))
    original, from_page = _entries(golden_books, path), _entries(golden_books, page)
    assert from_page.importer.name == original.importer.name
    assert [_comparable(e) for e in from_page.entries] == [_comparable(e) for e in original.entries]
    assert from_page.report.skipped == original.report.skipped
    assert (from_page.report.rows, from_page.report.period) == (original.report.rows, original.report.period)
    assert (from_page.report.file_in, from_page.report.file_out) == (original.report.file_in, original.report.file_out)


def rows_of(page: str) -> list[list[str]]:
    return table_rows(Path("page.xls"), page)


def test_spans_are_laid_out_as_a_spreadsheet_shows_them():
    page = """<table>
      <tr><th colspan="3">明细</th></tr>
      <tr><td>日期</td><td>金额</td><td>附言</td></tr>
      <tr><td rowspan="2">2026-03-05</td><td>1,000.00</td><td>捐赠</td></tr>
      <tr><td>-20.00</td><td>手续费</td></tr>
      <tr><td>2026-03-06</td><td rowspan="3">5.00</td></tr>
      <tr><td>2026-03-07</td></tr>
      <tr><td>2026-03-08</td><td></td><td>x</td></tr>
    </table>"""
    assert rows_of(page) == [
        ["明细", "", ""],
        ["日期", "金额", "附言"],
        ["2026-03-05", "1,000.00", "捐赠"],
        ["", "-20.00", "手续费"],  # the merged date is empty below its first row, as unmerged
        ["2026-03-06", "5.00"],
        ["2026-03-07", ""],
        ["2026-03-08", "", "", "x"],  # the 5.00 above still covers the second column
    ]


def test_text_is_read_as_shown():
    page = """<html><head><title>下载</title><style>td { color: red }</style>
      <script>document.write("<td>9,999.00</td>")</script></head><body>
      <h3>交易明细</h3><div>账号：6222****2222<br>起止日期：2026-03-01 至 2026-03-31</div>
      <table><tr><td>捐赠<br>王&nbsp;&nbsp;小明</td><td>&#165;1,000.00</td><td>a &amp; b</td></tr></table>
      <p>合计 1 笔</p></body></html>"""
    assert rows_of(page) == [["交易明细"], ["账号：6222****2222"], ["起止日期：2026-03-01 至 2026-03-31"],
                             ["捐赠 王 小明", "¥1,000.00", "a & b"], ["合计 1 笔"]]


def test_broken_and_nested_markup():
    """Unclosed cells, rows and tables are closed by what follows; a table that is the whole
    of a cell (a page laid out in an outer table, a title above the statement in the same
    cell) gives its rows as rows."""
    page = """<table><tr><td>日期<td>金额<tr><td>2026-03-05<td>10.00
      <tr><td>外层<table><tr><td>内层</td></tr></table></td></tr></table><table><tr><td>第二个表</body></html>"""
    assert rows_of(page) == [["日期", "金额"], ["2026-03-05", "10.00"], ["外层"], ["内层"], ["第二个表"]]
    wrapped = "<table><tr><td><table><tr><td>日期</td><td>金额</td></tr><tr><td>2026-03-05</td><td>5.00</td></tr></table></td></tr></table>"
    assert [r for r in rows_of(wrapped) if any(r)] == [["日期", "金额"], ["2026-03-05", "5.00"]]


@pytest.mark.parametrize("row", [
    "<tr><td>外层<table><tr><td>内层</td></tr></table></td><td>后</td></tr>",  # cells after the nested table
    "<tr><td>2026-03-05</td><td>附言<table><tr><td>内层</td></tr></table></td></tr>",  # cells before it
    "<tr><td>2026-03-05<table><tr><td>内层</td></tr></table>5.00</td></tr>",  # text after it, in its cell
])
def test_a_row_split_by_a_table_inside_a_cell_is_refused(row):
    """A table inside a cell of a row that has other cells was read as that row cut in two:
    the cells before the nested table as one row, its rows, then the cells after it as another,
    so a statement row's amount ended on a row of its own and was dropped without a word. The
    page is refused, naming the row, since which cells are the row's cannot be told."""
    from importers.errors import ImportProblem

    page = f"<table><tr><td>日期</td><td>金额</td></tr>{row}</table>"
    with pytest.raises(ImportProblem) as refused:
        rows_of(page)
    assert refused.value.row == 2 and "inside" in refused.value.what and refused.value.hint


def test_a_statement_row_split_by_a_nested_table_loses_no_money(tmp_path, books):
    """The bank importer called the first half of such a row "skipped (amount is zero)" and
    never saw the second, with its 5.00: the file is refused naming the row instead."""
    rows = [("记账日期", "货币", "交易金额", "联机余额", "交易摘要", "对手信息", "客户摘要"),
            ("2026-03-02", "CNY", "1,234.00", "11,234.00", "转账汇款", "某某机械厂", "捐赠"),
            ("2026-03-03", "CNY", "-1,000.00", "10,234.00", "转账汇款", "张三", "转账")]
    whole = as_web_page(rows).decode("utf-8")
    nested = ("<tr><td>2026-03-04</td><td>CNY<table><tr><td>人民币</td></tr></table></td><td>5.00</td><td>10,239.00</td>"
              "<td>转账汇款</td><td>李四</td><td>捐赠</td></tr>\n</table>")
    page = tmp_path / "cmb.xls"
    page.write_bytes(whole.replace("</table>", nested).encode("utf-8"))
    loaded = load_books(books)
    (result,) = extract_files(loaded, [page], load_importers(loaded.root))
    assert result.problem is not None, [s for s in result.report.skipped]
    assert result.problem.row == 4 and "inside" in result.problem.message


def test_a_page_cut_off_inside_its_table_is_refused(tmp_path, books):
    """A download cut off between two rows read as the whole statement without its last rows
    (the money line agreeing with what was read), one cut inside a row as a row with an empty
    amount. A page that leaves its table open but ends as a page does is still read."""
    rows = [("记账日期", "货币", "交易金额", "联机余额", "交易摘要", "对手信息", "客户摘要"),
            ("2026-03-02", "CNY", "1,234.00", "11,234.00", "转账汇款", "某某机械厂", "捐赠"),
            ("2026-03-03", "CNY", "-1,000.00", "10,234.00", "转账汇款", "张三", "转账"),
            ("2026-03-04", "CNY", "50.00", "10,284.00", "转账汇款", "李四", "捐赠")]
    whole = as_web_page(rows)
    page = tmp_path / "cmb.xls"
    loaded = load_books(books)
    for cut, refused in ((whole.rindex(b"</tr>") - 10, True), (whole.rindex(b"</tr>", 0, whole.rindex(b"</tr>")) + 5, True),
                         (len(whole), False)):
        page.write_bytes(whole[:cut])
        (result,) = extract_files(loaded, [page], load_importers(loaded.root))
        assert (result.problem is not None and "cut off" in result.problem.message) == refused, (cut, result.problem)
    page.write_bytes(whole.replace(b"</table>", b""))
    (result,) = extract_files(loaded, [page], load_importers(loaded.root))
    assert result.problem is None, result.problem


def test_a_declared_gbk_page_and_the_dry_run(tmp_path, books):
    """A GBK page (declared gb2312, holding characters outside GB 2312) with its period and
    account above the table imports with the money conserved; the dry run says what it read."""
    from click.testing import CliRunner

    from cli import cli

    header = ("记账日期", "记账时间", "币别", "金额", "余额", "交易名称", "渠道", "网点名称", "附言",
              "对方账户名", "对方卡号/账号", "对方开户行", "借记卡号")
    rows = [("中国银行交易流水明细单",), header,
            ("2026-03-05", "12:24:20", "人民币", "3,000.00", "4,000.00", "转账汇入", "手机银行", "-", "捐赠", "王喆",
             "6222******0258", "-", "2222"),
            ("2026-03-09", "17:57:17", "人民币", "-71.89", "3,928.11", "网上快捷支付", "银企对接", "-", "-", "某某文具店",
             "6226******5669", "-", "2222")]
    page = tmp_path / "boc.xls"
    page.write_bytes(as_web_page(rows, "gbk").replace(b"charset=gbk", b"charset=gb2312"))
    assert "喆".encode("gb18030") in page.read_bytes()  # not in GB 2312: read as GB18030
    result = CliRunner().invoke(cli, ["import", str(books), str(page)])
    assert result.exit_code == 0, result.output
    assert "is a web page holding a table" in result.output
    assert "王喆" in result.output and "3,000.00 CNY" in result.output.replace("3000.00 CNY", "3,000.00 CNY")
    money = [line for line in result.output.splitlines() if line.startswith(";; 金额 ") and "。 money " in line]
    assert money and all("in +3,000.00, out -71.89" in line for line in money), money


# --- Excel 2003 XML (SpreadsheetML), the other "xls" web banking sends --------------------


def as_spreadsheetml(rows: list[tuple[str, ...]], sheet: str = "明细") -> bytes:
    """The rows as Excel 2003 XML (text cells, as web banking writes them), every empty cell
    left out and the next one's ss:Index saying where it is."""
    from xml.sax.saxutils import escape, quoteattr

    out = []
    for cells in rows:
        parts, skipped = [], False
        for i, c in enumerate(cells, 1):
            if not c:
                skipped = True
                continue
            index = f' ss:Index="{i}"' if skipped else ""
            parts.append(f'<Cell{index}><Data ss:Type="String">{escape(c)}</Data></Cell>')
            skipped = False
        out.append("<Row>" + "".join(parts) + "</Row>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n'
            f'<Worksheet ss:Name={quoteattr(sheet)}><Table>\n' + "\n".join(out) + "\n</Table></Worksheet></Workbook>\n").encode("utf-8")


@pytest.mark.parametrize("path", [p for p in INPUTS if p.name not in WORKBOOK_ONLY], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_golden_file_imports_the_same_as_excel_2003_xml(golden_books, tmp_path, path):
    rows = [row.cells for row in read_table(path).sheets[0].rows]
    page = tmp_path / (path.stem + ".xls")
    page.write_bytes(as_spreadsheetml(rows))
    original, from_xml = _entries(golden_books, path), _entries(golden_books, page)
    assert from_xml.importer.name == original.importer.name
    assert [_comparable(e) for e in from_xml.entries] == [_comparable(e) for e in original.entries]
    assert from_xml.report.skipped == original.report.skipped
    assert (from_xml.report.file_in, from_xml.report.file_out) == (original.report.file_in, original.report.file_out)


def test_excel_2003_xml_layout():
    from importers.spreadsheetml import sheets

    xml = ('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
           '<Worksheet ss:Name="封面"><Table><Row><Cell><Data ss:Type="String">对账单</Data></Cell></Row></Table></Worksheet>'
           '<Worksheet ss:Name="明细"><Table>'
           '<Row ss:Index="2"><Cell ss:MergeAcross="2"><Data ss:Type="String">明细</Data></Cell></Row>'
           '<Row><Cell ss:MergeDown="1"><Data ss:Type="DateTime">2026-03-05T00:00:00.000</Data></Cell>'
           '<Cell><Data ss:Type="Number">0.30000000000000004</Data></Cell><Cell ss:Index="4"><Data ss:Type="String">a &amp; b</Data></Cell></Row>'
           '<Row><Cell ss:Index="2"><Data ss:Type="Number">-20</Data></Cell></Row>'
           '</Table></Worksheet></Workbook>').encode()
    (cover, cover_rows), (name, rows) = sheets(Path("x.xls"), xml)
    assert (cover, cover_rows) == ("封面", [(1, ["对账单"])])
    assert name == "明细"
    import datetime

    assert rows == [(2, ["明细", "", ""]), (3, [datetime.datetime(2026, 3, 5), 0.30000000000000004, "", "a & b"]), (4, ["", -20.0])]
    from importers.reading import clean_cell

    assert [clean_cell(v) for v in rows[1][1]] == ["2026-03-05", "0.3", "", "a & b"]


def test_excel_2003_xml_refuses_entities():
    """No entity is expanded from outside the file (a local file's text must never enter the books)."""
    from importers.errors import ImportProblem
    from importers.spreadsheetml import sheets

    xml = (b'<?xml version="1.0"?><!DOCTYPE Workbook [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
           b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
           b'<Worksheet><Table><Row><Cell><Data ss:Type="String">&secret;</Data></Cell></Row></Table></Worksheet></Workbook>')
    try:
        found = sheets(Path("x.xls"), xml)
    except ImportProblem:
        return
    assert "root:" not in repr(found)


@pytest.mark.parametrize("page, said", [
    ('<html><head><meta charset="gbk"><title>会话超时</title></head><body><p>您的会话已超时，请重新登录</p></body></html>',
     "(its title: 会话超时)"),
    ("\ufeff<!DOCTYPE html>\n<html><body><h1>系统繁忙</h1></body></html>", "web page with no table, not"),
])
def test_a_web_page_without_a_table_is_named_as_the_banks_own_page(tmp_path, page, said):
    """Web banking that answers "下载Excel" with its own page (a session timed out) sends it
    under the statement's .xls name: it was "unknown format" whose first row "reads" as the
    page's raw HTML. It is now named as a web page, with its title and what to do."""
    from click.testing import CliRunner

    from cli import cli

    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    path = tmp_path / "明细.xls"
    path.write_bytes(page.encode("gb18030" if "gbk" in page else "utf-8"))
    done = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert done.exit_code == 1, done.output
    assert "明细.xls: this file is a web page with no table" in done.output and said in done.output, done.output
    assert "log in again and download the statement again" in done.output and "<html" not in done.output, done.output
