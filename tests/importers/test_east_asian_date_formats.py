"""Dates and times shown in Chinese Excel's or WPS's own built-in formats (2026年3月1日, 14时30分)
read as the dates and times they show.

Why: such a format is named in the workbook by its number alone (31, 33: the locale gives the
pattern), and openpyxl knows none of the East Asian ones: the dates were read as day numbers
(46082, noted as "date numbers, not dates") and the times as fractions of a day
(0.604166666666667), no time at all: the row's time, which orders a day's rows and is part of
a row's id when the statement has no transaction id, was lost without a word, and the same
statement exported as CSV later was not the same rows.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import openpyxl
from beancount.core import data

from importers.reading import read_table
from tests.importers.support import extract_one

HEADER = ["交易日期", "交易时间", "摘要", "对方户名", "收入金额", "支出金额", "余额"]
ROWS = [(datetime.date(2026, 3, 1), datetime.time(14, 30), "转账存入", "王小明", 100, None, 100),
        (datetime.date(2026, 3, 1), datetime.time(9, 5, 7), "转账存入", "李四", 50, None, 150),
        (datetime.date(2026, 3, 2), datetime.time(10, 0), "付款", "某超市", None, 30, 120)]


def statement(path: Path, east_asian: bool) -> Path:
    """The statement with its dates and times in Excel's built-in formats 14 and 21, or, as
    Chinese Excel and WPS save them, in the East Asian built-in formats 31 and 33."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "明细"
    ws.append(["中国工商银行 企业网上银行 账户明细"])
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
        ws.cell(ws.max_row, 1).number_format = "mm-dd-yy"
        ws.cell(ws.max_row, 2).number_format = "h:mm:ss"
    buffer = io.BytesIO()
    wb.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            blob = src.read(item.filename)
            if item.filename == "xl/styles.xml" and east_asian:
                assert b'numFmtId="14"' in blob and b'numFmtId="21"' in blob
                blob = blob.replace(b'numFmtId="14"', b'numFmtId="31"').replace(b'numFmtId="21"', b'numFmtId="33"')
            dst.writestr(item, blob)
    path.write_bytes(out.getvalue())
    return path


def test_the_cells_read_as_the_dates_and_times_they_show(tmp_path):
    rows = read_table(statement(tmp_path / "s.xlsx", east_asian=True)).sheets[0].rows
    assert [r.cells[:2] for r in rows[2:]] == [("2026-03-01", "14:30:00"), ("2026-03-01", "09:05:07"),
                                               ("2026-03-02", "10:00:00")]


def test_the_statement_imports_as_the_same_rows_as_in_the_common_formats(books, tmp_path):
    def imported(east_asian: bool):
        result = extract_one(books, statement(tmp_path / f"s{int(east_asian)}.xlsx", east_asian))
        assert result.problem is None, result.problem
        entries = [(e.date, e.meta["source_ref"], e.postings[0].units.number)
                   for e in result.new if isinstance(e, data.Transaction)]
        return entries, [str(n) for n in result.report.notes]

    common, common_notes = imported(False)
    east_asian, notes = imported(True)
    assert len(common) == 3
    assert east_asian == common
    assert not any("date numbers" in n for n in notes), notes
    assert len(notes) == len(common_notes)


def test_a_statement_imported_when_its_times_were_not_read_is_already_in_the_books(books, tmp_path, monkeypatch):
    """The time is part of a row's fingerprint id (no transaction id): the rows booked when
    their times were read as no time are found in the books all the same (de-duplication
    matches them by their day, money and balance), nothing proposed a second time."""
    from click.testing import CliRunner

    from cli import cli
    from importers import reading

    path = statement(tmp_path / "s.xlsx", east_asian=True)
    with monkeypatch.context() as patched:
        patched.setattr(reading, "_know_east_asian_dates", lambda workbook: False)  # as relief read it before
        reading._CACHE.clear()
        written = CliRunner().invoke(cli, ["import", str(books), str(path), "--write"])
        assert written.exit_code == 0, written.output
    reading._CACHE.clear()
    again = extract_one(books, path)
    assert again.problem is None, again.problem
    assert [e for e in again.new if isinstance(e, data.Transaction)] == []
    assert len([e for e in again.duplicates if isinstance(e, data.Transaction)]) == 3
