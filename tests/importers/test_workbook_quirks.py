"""XLSX statements as some bank exporters write them: the workbook's own bookkeeping (its
stated size, rows hidden in the sheet) must never make a row's money vanish or go unseen."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from importers.reading import read_table
from tests.importers.support import booked_amounts as booked
from tests.importers.support import extract_one as extract

HEADER = ["交易日期", "交易流水号", "摘要", "对方户名", "收入金额", "支出金额", "余额"]
ROWS = [[datetime.datetime(2026, 3, 1), "X1", "转账存入", "王小明", 100, None, 1100],
        [datetime.datetime(2026, 3, 2), "X2", "转账存入", "李四", 50, None, 1150],
        [datetime.datetime(2026, 3, 3), "X3", "付款", "某超市", None, 30, 1120]]


def statement(path: Path, rows=ROWS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "明细"
    ws.append(["中国工商银行 企业网上银行 账户明细"])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def rewrite_sheet(path: Path, change) -> Path:
    """The workbook with its first sheet's XML passed through `change` (bytes -> bytes)."""
    src = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            blob = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                blob = change(blob)
            dst.writestr(item, blob)
    src.close()
    path.write_bytes(out.getvalue())
    return path


def _dimension(ref: str):
    def change(blob: bytes) -> bytes:
        new = f'<dimension ref="{ref}"/>'.encode()
        blob, n = re.subn(rb'<dimension ref="[^"]*"\s*/>', new, blob)
        assert n == 1
        return blob
    return change


def test_a_dimension_smaller_than_the_data_loses_no_row_or_column(books, tmp_path):
    """Some exporters write the sheet's size (<dimension ref>) before the rows and never
    correct it. The reader trusted it: the last row, and the columns past it, were dropped
    without a word (a payment of 30.00 and every balance gone)."""
    path = rewrite_sheet(statement(tmp_path / "s.xlsx"), _dimension("A1:E4"))
    rows = read_table(path).sheets[0].rows
    assert [r.number for r in rows] == [1, 2, 3, 4, 5]
    assert rows[-1].cells[-2:] == ("30", "1120")
    assert booked(extract(books, path)) == {"X1": Decimal("100.00"), "X2": Decimal("50.00"),
                                            "X3": Decimal("-30.00")}


def test_a_dimension_of_one_cell_reads_the_whole_sheet(books, tmp_path):
    path = rewrite_sheet(statement(tmp_path / "s.xlsx"), _dimension("A1"))
    assert len(read_table(path).sheets[0].rows) == 5
    assert len(booked(extract(books, path))) == 3


def test_a_dimension_larger_than_the_data_adds_no_rows(tmp_path):
    """A dimension of the whole sheet (A1:XFD1048576) made the reader yield a million empty
    rows of 16,384 cells each."""
    path = rewrite_sheet(statement(tmp_path / "s.xlsx"), _dimension("A1:XFD1048576"))
    rows = read_table(path).sheets[0].rows
    assert [r.number for r in rows] == [1, 2, 3, 4, 5]


def test_hidden_rows_of_a_statement_are_booked_and_named(books, tmp_path):
    """Rows hidden in the sheet (or filtered out) are the bank's rows: booked, and the
    report says which, since the officer looking at the sheet in Excel does not see them.
    They were booked without a word."""
    path = statement(tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active.row_dimensions[4].hidden = True
    wb.active.row_dimensions[5].hidden = True
    wb.save(path)
    assert read_table(path).sheets[0].hidden_rows == {4, 5}
    result = extract(books, path)
    assert booked(result) == {"X1": Decimal("100.00"), "X2": Decimal("50.00"), "X3": Decimal("-30.00")}
    note = next(n for n in result.report.notes if "hidden" in n)
    assert note.startswith("rows 4, 5 are hidden in the sheet") and "2 hidden rows read" in note


def test_no_note_without_hidden_rows(books, tmp_path):
    result = extract(books, statement(tmp_path / "s.xlsx"))
    assert len(booked(result)) == 3 and not any("hidden" in n for n in result.report.notes)


def test_a_hidden_row_without_its_number_is_counted_in_order(tmp_path):
    """A row element may leave out r= (it follows the row before): the hidden one is still
    named by the number the spreadsheet shows."""
    path = statement(tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active.row_dimensions[4].hidden = True
    wb.save(path)
    rewrite_sheet(path, lambda blob: re.sub(rb'(<row) r="\d+"', rb"\1", blob))
    assert read_table(path).sheets[0].hidden_rows == {4}


def test_hidden_rows_of_a_wechat_bill_are_booked_and_named(books, tmp_path):
    golden = Path(__file__).parent / "golden" / "wechat" / "wechat.xlsx"
    wb = openpyxl.load_workbook(golden)
    ws = wb.worksheets[0]
    before = extract(books, golden)
    assert before.problem is None, before.problem
    last = ws.max_row
    ws.row_dimensions[last].hidden = True
    path = tmp_path / "wechat.xlsx"
    wb.save(path)
    result = extract(books, path)
    assert result.problem is None, result.problem
    assert len(result.new) == len(before.new)
    assert any(n.startswith(f"row {last} is hidden in the sheet") and "1 hidden row read" in n
               for n in result.report.notes), result.report.notes


def test_hidden_rows_of_an_xls_statement_are_named(books, tmp_path):
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("明细")
    for i, row in enumerate([HEADER, *([r[0].strftime("%Y-%m-%d"), *r[1:]] for r in ROWS)]):
        for j, value in enumerate(row):
            ws.write(i, j, "" if value is None else value)
    ws.row(2).hidden = True
    path = tmp_path / "s.xls"
    wb.save(str(path))
    assert read_table(path).sheets[0].hidden_rows == {3}
    result = extract(books, path)
    assert len(booked(result)) == 3
    assert any(n.startswith("row 3 is hidden in the sheet") for n in result.report.notes)


def test_a_hidden_row_of_an_xls_register_is_named(books, tmp_path):
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("登记")
    rows = [["日期", "案例编号", "类别", "金额", "审批单号"],
            ["2026-03-01", "C0001", "特困救助", 500, "SP-5"],
            ["2026-03-01", "C0002", "特困救助", 600, "SP-5"]]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            ws.write(i, j, value)
    ws.row(2).hidden = True
    path = tmp_path / "发放花名册.xls"
    wb.save(str(path))
    result = extract(books, path)
    assert result.problem is None, result.problem
    assert any(n.startswith("row 3 is hidden in the sheet") and "delete a row" in n
               for n in result.report.notes), result.report.notes


@pytest.mark.parametrize("error, cause", [("#REF!", "deleted"), ("#DIV/0!", "divides by zero"),
                                          ("#N/A", "lookup found nothing")])
def test_a_spreadsheet_error_in_an_amount_is_named_as_such(books, tmp_path, error, cause):
    """'#REF!' is not an amount; fix the cell: the cell shows a formula's error, and the
    formula is what is to be mended."""
    rows = [ROWS[0], [*ROWS[1][:4], error, None, 1150], ROWS[2]]
    result = extract(books, statement(tmp_path / "s.xlsx", rows))
    assert result.problem is not None and result.problem.row == 4, result.problem
    message = result.problem.message
    assert f"spreadsheet error {error}" in message and cause in message, message


def test_a_spreadsheet_error_in_a_balance_is_named_as_such(books, tmp_path):
    rows = [ROWS[0], [*ROWS[1][:6], "#VALUE!"], ROWS[2]]
    result = extract(books, statement(tmp_path / "s.xlsx", rows))
    assert result.problem is not None and "spreadsheet error #VALUE!" in result.problem.message


def test_a_strict_open_xml_workbook_is_named_as_such(books, tmp_path):
    """Excel's "Strict Open XML" save: openpyxl found no sheet in it, and the file was named
    of unknown format with no row shown."""
    path = statement(tmp_path / "strict.xlsx")
    src = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            blob = src.read(item.filename).replace(
                b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                b"http://purl.oclc.org/ooxml/spreadsheetml/main").replace(
                b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                b"http://purl.oclc.org/ooxml/officeDocument/relationships")
            dst.writestr(item, blob)
    src.close()
    path.write_bytes(out.getvalue())
    result = extract(books, path)
    assert result.problem is not None and "Strict Open XML" in result.problem.message
    assert "Excel Workbook (.xlsx)" in result.problem.message


def test_hidden_rows_of_an_excel_2003_xml_statement_are_named(books, tmp_path):
    def cell(v):
        kind = "Number" if isinstance(v, (int, float)) else "String"
        return f'<Cell><Data ss:Type="{kind}">{v}</Data></Cell>' if v not in (None, "") else "<Cell/>"

    rows = [HEADER, *([r[0].strftime("%Y-%m-%d"), *r[1:]] for r in ROWS)]
    hide = ' ss:Hidden="1"'
    body = "".join(f'<Row{hide if i == 2 else ""}>{"".join(map(cell, r))}</Row>' for i, r in enumerate(rows))
    path = tmp_path / "s.xls"
    path.write_text('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                    'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="明细"><Table>'
                    f"{body}</Table></Worksheet></Workbook>\n", encoding="utf-8")
    assert read_table(path).sheets[0].hidden_rows == {3}
    result = extract(books, path)
    assert len(booked(result)) == 3
    assert any(n.startswith("row 3 is hidden in the sheet") for n in result.report.notes), result.report.notes


def test_rows_going_on_in_a_sheet_without_the_header_are_not_left_out(books, tmp_path):
    """An export cut into sheets, the later ones holding rows only: only the sheet with the
    header was read, and the 500.00 in and 70.00 out on 'Sheet2' were never booked nor
    listed (the balance assertion, from the first sheet's last row, held)."""
    path = statement(tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(path)
    more = wb.create_sheet("Sheet2")
    more.append(["（续）"])
    more.append([datetime.datetime(2026, 3, 4), "X4", "转账存入", "李四", 500, None, 1620])
    more.append([datetime.datetime(2026, 3, 5), "X5", "付款", "某超市", None, 70, 1550])
    wb.save(path)
    result = extract(books, path)
    assert result.problem is not None, "the rows of Sheet2 were left out"
    message = result.problem.message
    assert "sheet 'Sheet2' has 2 row(s)" in message and "明细" in message


def test_a_summary_sheet_with_its_own_header_is_no_continuation(books, tmp_path):
    path = statement(tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(path)
    summary = wb.create_sheet("汇总")
    summary.append(["日期", "笔数", "说明", "", "收入", "支出"])
    summary.append([datetime.datetime(2026, 3, 3), 3, "", "", 150, 30])
    wb.save(path)
    assert len(booked(extract(books, path))) == 3


def test_a_register_going_on_in_a_sheet_without_the_header_is_refused(books, tmp_path):
    """A roster's 700.00 typed on 'Sheet2' under the rows of '三月', without the header, was
    never booked nor listed."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "三月"
    for r in [["日期", "案例编号", "类别", "金额", "审批单号"], ["2026-03-01", "C0001", "特困救助", 500, "SP-5"],
              ["2026-03-02", "C0002", "特困救助", 600, "SP-5"]]:
        ws.append(r)
    wb.create_sheet("Sheet2").append(["2026-03-03", "C0001", "医疗救助", 700, "SP-6"])
    wb.create_sheet("说明").append(["2026-03-01", "示例", "", 100])  # instructions: never rows
    path = tmp_path / "发放花名册.xlsx"
    wb.save(path)
    result = extract(books, path)
    assert result.problem is not None, "the 700.00 on Sheet2 was left out"
    message = result.problem.message
    assert "sheet 'Sheet2' has 1 row(s)" in message and "'三月'" in message


def _xls_statement(path: Path, at: tuple[int, int], setup) -> Path:
    """The statement as an XLS, the cell `at` (0-based) written by `setup(row, column)`."""
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("明细")
    for i, row in enumerate([HEADER, *([r[0].strftime("%Y-%m-%d"), *r[1:]] for r in ROWS)]):
        for j, value in enumerate(row):
            if value not in (None, "") and (i, j) != at:
                ws.write(i, j, value)
    setup(ws.row(at[0]), at[1])
    wb.save(str(path))
    return path


@pytest.mark.parametrize("error, code", [("#REF!", 0x17), ("#DIV/0!", 0x07), ("#N/A", 0x2A)])
def test_an_xls_amount_showing_an_error_is_not_read_as_its_code(books, tmp_path, error, code):
    """xlrd gives an error cell as its code: #REF! is 23, #DIV/0! 7, #N/A 42, and an amount
    cell showing #REF! was booked as 23.00 yuan."""
    path = _xls_statement(tmp_path / "s.xls", (2, 4), lambda row, col: row.set_cell_error(col, code))
    assert read_table(path).sheets[0].rows[2].cells[4] == error
    result = extract(books, path)
    assert result.problem is not None and result.problem.row == 3, result.problem
    assert f"spreadsheet error {error}" in result.problem.message


def test_an_xls_boolean_is_read_as_it_shows(tmp_path):
    path = _xls_statement(tmp_path / "s.xls", (2, 2), lambda row, col: row.set_cell_boolean(col, True))
    assert read_table(path).sheets[0].rows[2].cells[2] == "TRUE"


def test_a_statement_with_two_columns_headed_alike_is_refused(books, tmp_path):
    """收入金额 in E (hidden, other figures) and again in F: E was read without a word, 999.00
    and 888.00 booked for the bank's 100.00 and 50.00, with only a balance note."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [["交易日期", "交易流水号", "摘要", "对方户名", "收入金额", "收入金额", "支出金额", "余额"],
              ["2026-03-01", "X1", "转账存入", "王小明", 999, 100, None, 1100],
              ["2026-03-02", "X2", "转账存入", "李四", 888, 50, None, 1150]]:
        ws.append(r)
    ws.column_dimensions["E"].hidden = True
    path = tmp_path / "s.xlsx"
    wb.save(path)
    result = extract(books, path)
    assert result.problem is not None and result.problem.row == 1, result.problem
    assert "two columns are headed '收入金额': column E and column F" in result.problem.message


def test_a_hidden_statement_sheet_read_is_named(books, tmp_path):
    """The statement on a hidden sheet, a cover sheet shown: its rows were booked without a
    word, though no tab shows them."""
    path = statement(tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(path)
    cover = wb.create_sheet("封面", 0)
    cover.append(["账户明细"])
    wb["明细"].sheet_state = "hidden"
    wb.active = 0
    wb.save(path)
    result = extract(books, path)
    assert len(booked(result)) == 3
    assert any("sheet '明细', whose rows were read, is hidden" in n for n in result.report.notes)


def test_a_hidden_register_or_bill_sheet_read_is_named(books, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "登记"
    for r in [["日期", "案例编号", "类别", "金额", "审批单号"], ["2026-03-01", "C0001", "特困救助", 500, "SP-5"]]:
        ws.append(r)
    wb.create_sheet("封面", 0).append(["发放花名册"])
    ws.sheet_state = "hidden"
    wb.active = 0
    register = tmp_path / "发放花名册.xlsx"
    wb.save(register)
    bill = openpyxl.load_workbook(Path(__file__).parent / "golden" / "wechat" / "wechat.xlsx")
    bill.create_sheet("封面", 0).append(["微信支付账单"])
    bill.worksheets[1].sheet_state = "hidden"
    bill.active = 0
    bill.save(tmp_path / "wechat.xlsx")
    for path in (register, tmp_path / "wechat.xlsx"):
        result = extract(books, path)
        assert result.problem is None, result.problem
        assert any("whose rows were read, is hidden" in n for n in result.report.notes), result.report.notes


def test_a_row_made_zero_high_is_named_as_hidden(books, tmp_path):
    """Some tools hide a row by making it zero high (ht="0"), not by hidden="1": Excel shows
    it no more, and it was booked without a word."""
    path = rewrite_sheet(statement(tmp_path / "s.xlsx"),
                         lambda blob: blob.replace(b'<row r="4"', b'<row r="4" ht="0" customHeight="1"'))
    assert read_table(path).sheets[0].hidden_rows == {4}
    result = extract(books, path)
    assert len(booked(result)) == 3
    assert any(n.startswith("row 4 is hidden in the sheet") for n in result.report.notes)

    def flat(row, col):
        row.write(col, "2026-03-02")
        row.height, row.height_mismatch = 0, True

    assert read_table(_xls_statement(tmp_path / "s.xls", (2, 0), flat)).sheets[0].hidden_rows == {3}


def test_hidden_rows_are_found_across_the_reading_s_chunks():
    """The sheet XML is scanned a megabyte at a time: a row tag cut by a chunk's end is
    still read whole."""
    from importers.reading import _hidden_rows

    def row(n: int) -> bytes:
        hidden = b' hidden="1"' if n % 997 == 0 else b""
        return b'<row r="%d"%s><c r="A%d"><v>%d</v></c></row>' % (n, hidden, n, n)

    rows = b"".join(row(n) for n in range(1, 60001))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"<worksheet><sheetData>" + rows + b"</sheetData></worksheet>")
    assert len(rows) > 2 << 20
    expected = {n for n in range(1, 60001) if n % 997 == 0}
    assert _hidden_rows(buf.getvalue(), "/xl/worksheets/sheet1.xml") == expected
