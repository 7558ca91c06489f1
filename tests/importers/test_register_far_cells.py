"""A register workbook with one stray cell far away (row 1,048,576, or column XFD) is read in
about the time of the register itself. Found by fuzzing (fuzzH): looking for struck-through
cells, openpyxl made every cell of the rectangle up to the stray one, 8 or 10 million for a 5 KB
file (over 20 s of CPU; minutes on a busy machine), now 2 s or less; a struck row is still found."""

from __future__ import annotations

import time

import openpyxl
import pytest
from openpyxl.styles import Font

from tests.importers.support import extract_one
from tests.importers.test_struck_rows import DONATIONS, DONATIONS_HEAD, _xlsx


@pytest.mark.parametrize("far", ["A1048576", "XFD600"])
def test_a_stray_far_cell_costs_no_time_and_a_struck_row_is_still_found(books, tmp_path, far):
    path = _xlsx(tmp_path / "donations.xlsx", DONATIONS_HEAD, DONATIONS, struck={4: None})
    book = openpyxl.load_workbook(path)
    book.active[far] = "x"
    book.active[far].font = Font(strike=True)  # outside the register's rows: not one of its cells
    book.save(path)
    started = time.process_time()
    result = extract_one(books, path)
    spent = time.process_time() - started
    assert spent < 5, f"{spent:.1f} s of CPU for a register of three rows"
    assert (
        result.problem is not None
        and "row 4" in result.problem.message
        and "struck" in result.problem.message
    ), result.problem
