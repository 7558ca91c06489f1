"""The de-duplication notes name a row's sheet in a workbook of a sheet per month.

Every month's sheet has a row 2: a note saying "row 2: the gift … is booked from the
statement; set the donor on it by hand" sent the officer to the sheet the workbook opens on.
The notes now name the sheet, as the entries' lines and the problems do.
"""

from __future__ import annotations

from importers.run import render, write_import
from ledger.books import load_books

from .test_month_sheets_rows_named import HEAD, _workbook
from .test_register_link import extract, statement


def test_a_note_on_a_linked_gift_names_the_sheet_of_its_row(books, tmp_path):
    stm = statement(tmp_path / "cmb.csv", [("2026-01-05", "100.00", "张三"), ("2026-02-05", "50.00", "王五")])
    loaded = load_books(books)
    (s,) = extract(loaded, [stm])
    assert s.problem is None and write_import(loaded, [s])
    path = _workbook(tmp_path / "捐赠登记表.xlsx", [("1月", [["2026-01-05", "张三", 100, "银行", ""]]),
                                                     ("2月", [["2026-02-05", "王五", 50, "银行", ""]])], head=HEAD)
    (r,) = extract(load_books(books), [path])
    text = render([r])
    notes = [line for line in text.splitlines() if "is booked from the statement" in line]
    assert len(notes) == 2, text
    assert any("sheet '1月', row 2: the gift of 100.00 CNY" in line for line in notes), notes
    assert any("sheet '2月', row 2: the gift of 50.00 CNY" in line for line in notes), notes
