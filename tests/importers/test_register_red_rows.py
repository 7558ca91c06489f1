"""A register row filled red (as offices mark a cancelled row) is named in the dry run.

Why: a row filled red for "cancelled" was booked like the others without a word: relief reads
values, not colours, and a struck-through row was already refused, but red fill is also used
to ask for attention, so it is not refused: the dry run names the row, to delete it if it is
void (and correct a 合计 that counts it)."""

from __future__ import annotations

import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books


def _roster(path, colour: str | None):
    import openpyxl
    from openpyxl.styles import PatternFill

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["日期", "案例编号", "类别", "金额", "基金", "审批单号", "发放方式"])
    ws.append(["2026-03-04", "C0001", "生活救助", 500, "GENERAL", "SP-1", "现金"])
    ws.append(["2026-03-04", "C0002", "生活救助", 300, "GENERAL", "SP-2", "现金"])
    if colour:
        for cell in ws[3]:
            cell.fill = PatternFill("solid", fgColor=colour)
    wb.save(path)
    return path


def _notes(books, path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is None, result.problem
    assert len([e for e in result.new if hasattr(e, "postings")]) == 2
    return result.report.notes


@pytest.mark.parametrize("colour", ["FFFF0000", "FFC00000", "FFFF3333"])
def test_a_red_row_is_named(books, tmp_path, colour):
    notes = _notes(books, _roster(tmp_path / "花名册.xlsx", colour))
    assert any("row 3" in n and "filled red" in n for n in notes), notes


@pytest.mark.parametrize("colour", [None, "FFFFFF00", "FFDDEBF7"])
def test_other_rows_get_no_such_note(books, tmp_path, colour):
    notes = _notes(books, _roster(tmp_path / "花名册.xlsx", colour))
    assert not any("filled red" in n for n in notes), notes


def test_a_red_totals_row_gets_no_such_note(books, tmp_path):
    import openpyxl
    from openpyxl.styles import PatternFill

    path = _roster(tmp_path / "花名册.xlsx", None)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.append(["合计", "", "", 800, "", "", ""])
    for cell in ws[4]:
        cell.fill = PatternFill("solid", fgColor="FFFF0000")
    wb.save(path)
    notes = _notes(books, path)
    assert not any("filled red" in n for n in notes), notes
