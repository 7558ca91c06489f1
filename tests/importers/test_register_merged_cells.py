"""Registers kept in Excel or WPS with a cell merged down a column: one date for the five
gifts of a morning, one 审批单号 and one 发放方式 for a batch of aid. The spreadsheet shows the
value on every row of the merge and stores it in the first row only.

Every row under a merge reads the value the officer sees; an amount merged over rows (one
figure for several rows) is refused, naming the rows, since how it divides only the
register's keeper knows.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlwt
from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.accounts import HOLIDAY_AID_ACCOUNT
from ledger.books import load_books


def _import(books, path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def _xlsx(path: Path, rows, merges) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)
    return path


def _spans(merges):
    """Merges as (first row, last row, first col, last col), 0-based: each merge's first cell
    -> its last row and column, and every cell a merge covers."""
    spans = {(r0, c0): (r1, c1) for r0, r1, c0, c1 in merges}
    inside = {(r, c) for r0, r1, c0, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    return spans, inside


def _xls(path: Path, rows, merges) -> Path:
    """An Excel 97 workbook; merges as (first row, last row, first col, last col), 0-based."""
    wb = xlwt.Workbook()
    ws = wb.add_sheet("三月")
    spans, inside = _spans(merges)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if (r, c) in spans:
                r1, c1 = spans[(r, c)]
                ws.write_merge(r, r1, c, c1, value)
            elif (r, c) not in inside and value is not None:
                ws.write(r, c, value)
    wb.save(str(path))
    return path


def _html(path: Path, rows, merges) -> Path:
    """Web banking's "Excel" download: a web page whose table spans cells (rowspan, colspan)."""
    spans, inside = _spans(merges)
    body = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            if (r, c) in spans:
                r1, c1 = spans[(r, c)]
                cells.append(f'<td rowspan="{r1 - r + 1}" colspan="{c1 - c + 1}">{value}</td>')
            elif (r, c) not in inside:
                cells.append(f"<td>{'' if value is None else value}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    path.write_text("<html><body><table>" + "\n".join(body) + "</table></body></html>", encoding="utf-8")
    return path


def _spreadsheetml(path: Path, rows, merges) -> Path:
    """Excel 2003's XML spreadsheet: a merge is ss:MergeDown / ss:MergeAcross on its first cell,
    and the cells it covers are left out (the next cell's ss:Index jumps over them)."""
    spans, inside = _spans(merges)
    body = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            if (r, c) in inside and (r, c) not in spans or value is None:
                continue
            r1, c1 = spans.get((r, c), (r, c))
            kind = "Number" if isinstance(value, int) else "String"
            cells.append(f'<Cell ss:Index="{c + 1}" ss:MergeDown="{r1 - r}" ss:MergeAcross="{c1 - c}">'
                         f'<Data ss:Type="{kind}">{value}</Data></Cell>')
        body.append("<Row>" + "".join(cells) + "</Row>")
    path.write_text('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                    'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="三月"><Table>'
                    + "".join(body) + "</Table></Worksheet></Workbook>", encoding="utf-8")
    return path


ROSTER = [
    ["2026年3月节日慰问发放花名册"],
    ["序号", "案例编号", "类别", "金额", "审批单号", "发放方式", "日期"],
    [1, "C0001", "节日慰问", 500, "SP-2026-0301", "现金", "2026-03-05"],
    [2, "C0002", None, 300, None, None, None],
    ["合计", None, None, 800, None, None, None],
]


@pytest.mark.parametrize("kind", ["xlsx", "xls", "html", "spreadsheetml"])
def test_a_roster_s_batch_merged_down_reads_on_every_row(books, tmp_path, kind):
    """类别, 审批单号, 发放方式 and 日期 merged over the two rows: both rows are holiday aid paid
    in cash on 2026-03-05 under SP-2026-0301. The second row was refused as having no
    category, approval or date; had only 发放方式 been merged, its 300.00 paid from the cash
    box was booked as paid from the bank, without a word. The same register saved as a web
    page (rowspan) or as Excel 2003 XML (ss:MergeDown) was read on the first row only."""
    if kind == "xlsx":
        path = _xlsx(tmp_path / "花名册.xlsx", ROSTER, ["A1:G1", "C3:C4", "E3:E4", "F3:F4", "G3:G4"])
    else:
        write = {"xls": _xls, "html": _html, "spreadsheetml": _spreadsheetml}[kind]
        path = write(tmp_path / "花名册.xls", ROSTER, [(0, 0, 0, 6), (2, 3, 2, 2), (2, 3, 4, 4), (2, 3, 5, 5), (2, 3, 6, 6)])
    result = _import(books, path)
    assert result.problem is None, result.problem
    paid = [e for e in result.new if isinstance(e, data.Transaction)]
    assert [(str(p.date), p.meta["case"], p.meta["approval"], p.postings[0].account, p.postings[1].account,
             p.postings[1].units.number) for p in paid] == [
        ("2026-03-05", "C0001", "SP-2026-0301", HOLIDAY_AID_ACCOUNT, "Assets:Cash", Decimal("-500")),
        ("2026-03-05", "C0002", "SP-2026-0301", HOLIDAY_AID_ACCOUNT, "Assets:Cash", Decimal("-300")),
    ]
    assert result.conserved
    assert any("merged over rows 3 to 4" in n for n in result.report.notes), result.report.notes


def test_only_the_payment_way_merged_is_not_read_as_the_bank(books, tmp_path):
    rows = [
        ["案例编号", "类别", "金额", "审批单号", "发放方式", "日期"],
        ["C0001", "节日慰问", 500, "SP-1", "现金", "2026-03-05"],
        ["C0002", "节日慰问", 300, "SP-2", None, "2026-03-05"],
    ]
    result = _import(books, _xlsx(tmp_path / "花名册.xlsx", rows, ["E2:E3"]))
    assert result.problem is None, result.problem
    sources = [e.postings[1].account for e in result.new if isinstance(e, data.Transaction)]
    assert sources == ["Assets:Cash", "Assets:Cash"]


def test_a_donation_register_s_merged_date_and_donor(books, tmp_path):
    """One date merged over a morning's gifts, one company's name over its two gifts."""
    rows = [
        ["日期", "捐赠人", "金额", "收款方式"],
        ["2026年3月5日", "某某机械制造有限公司", "1,000.00", "现金"],
        [None, None, "500", "现金"],
        [None, "王小明", "200", "现金"],
        ["合计", None, "1700", None],
    ]
    result = _import(books, _xlsx(tmp_path / "捐赠登记表.xlsx", rows, ["A2:A4", "B2:B3"]))
    assert result.problem is None, result.problem
    gifts = [e for e in result.new if isinstance(e, data.Transaction)]
    assert [(str(g.date), g.meta["donor"], g.postings[0].units.number) for g in gifts] == [
        ("2026-03-05", "D0001", Decimal("1000.00")), ("2026-03-05", "D0001", Decimal("500")),
        ("2026-03-05", "D0002", Decimal("200"))]


def test_an_amount_merged_over_rows_is_refused_naming_them(books, tmp_path):
    """金额 merged over two cases' rows: one figure for both, which the rows cannot divide."""
    rows = [
        ["案例编号", "类别", "金额", "审批单号", "日期"],
        ["C0001", "节日慰问", 800, "SP-1", "2026-03-05"],
        ["C0002", "节日慰问", None, "SP-2", "2026-03-05"],
    ]
    result = _import(books, _xlsx(tmp_path / "花名册.xlsx", rows, ["C2:C3"]))
    assert result.problem is not None
    message = str(result.problem)
    assert "merged over rows 2 to 3" in message and "金额" in message, message
    assert not result.new


def test_a_gift_under_a_merged_donor_keeps_the_id_it_had(books, tmp_path):
    """The row's id (source_ref) is made from its cells as stored, so a register imported
    before merges were read is not proposed again under new ids."""
    rows = [["日期", "捐赠人", "金额"], ["2026-03-05", "某某机械制造有限公司", 100], ["2026-03-05", None, 50]]
    merged = _import(books, _xlsx(tmp_path / "a.xlsx", rows, ["B2:B3"]))
    plain = _import(books, _xlsx(tmp_path / "b.xlsx", rows, []))
    assert [e.meta["source_ref"] for e in merged.new] == [e.meta["source_ref"] for e in plain.new]
    assert [e.meta["donor"] for e in merged.new] == ["D0001", "D0001"]


@pytest.mark.parametrize("kind", ["xlsx", "xls"])
def test_a_hidden_column_the_register_reads_is_named(books, tmp_path, kind):
    """基金 hidden in the sheet, charging a row to the restricted EDU-2026: read like any column
    (the register is the office's own), but the officer, who does not see it, is told."""
    rows = [["案例编号", "类别", "金额", "审批单号", "日期", "基金"],
            ["C0001", "助学", 500, "SP-1", "2026-03-05", "EDU-2026"]]
    if kind == "xlsx":
        path = _xlsx(tmp_path / "花名册.xlsx", rows, [])
        wb = openpyxl.load_workbook(path)
        wb.active.column_dimensions["F"].hidden = True
        wb.save(path)
    else:
        path = tmp_path / "花名册.xls"
        wb = xlwt.Workbook()
        ws = wb.add_sheet("三月")
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                ws.write(r, c, value)
        ws.col(5).hidden = True
        wb.save(str(path))
    result = _import(books, path)
    assert result.problem is None, result.problem
    assert result.new[0].meta["fund"] == "EDU-2026"
    assert any("column F (基金) is hidden" in n for n in result.report.notes), result.report.notes


def test_a_csv_saved_from_a_merged_date_says_so(books, tmp_path):
    """Saved as CSV, a date merged over rows stands in the first row only: the others' empty
    date cells are refused, saying why they may be empty and what to do."""
    path = tmp_path / "捐赠登记表.csv"
    path.write_text("日期,捐赠人,金额\n2026-03-05,张三,100\n,李四,50\n", encoding="utf-8")
    result = _import(books, path)
    assert result.problem is not None
    assert "row 3" in str(result.problem) and "merged over several rows" in str(result.problem), result.problem


def test_a_total_of_the_rows_shown_names_the_hidden_ones(books, tmp_path):
    """A filtered sheet: row 3 (200.00) filtered out, 合计 =SUBTOTAL of the rows shown (400).
    The refusal said the rows add up to 600, which the officer, seeing 100 + 300, could not
    find; it now names the hidden row that makes the difference."""
    path = _xlsx(tmp_path / "捐赠登记表.xlsx", [["日期", "捐赠人", "金额", "收款方式"], ["2026-03-05", "张三", 100, "现金"],
                                              ["2026-03-05", "李四", 200, "现金"], ["2026-03-06", "王五", 300, "现金"],
                                              ["合计", None, 400, None]], [])
    wb = openpyxl.load_workbook(path)
    wb.active.row_dimensions[3].hidden = True
    wb.save(path)
    result = _import(books, path)
    assert result.problem is not None
    message = str(result.problem)
    assert "row 5" in message and "the rows shown" in message and "row 3" in message and "hidden" in message, message
