"""A note written in place of an amount (待定, 见附件, 另付) is refused with what to do about it.

Why: such a cell was refused with "'见附件' is not a number; write numbers like 1234.56", which
tells the officer nothing they did not know: the amount is elsewhere (an attachment) or not
known yet. The message now says the cell holds a note, and to write the amount it stands for
or leave the row out until the amount is known."""

from __future__ import annotations

import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books


@pytest.mark.parametrize("cell", ["待定", "见附件", "另付", "（待核实）"])
def test_a_note_in_the_amount_column(books, tmp_path, cell):
    path = tmp_path / "花名册.csv"
    path.write_text("日期,案例编号,类别,金额,基金,审批单号,发放方式\n"
                    f"2026-03-04,C0001,生活救助,{cell},GENERAL,SP-1,现金\n", encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    message = str(result.problem)
    assert "row 2" in message and "金额" in message and "a note, not an amount" in message, message
    assert "leave the row out" in message, message


def test_a_mistyped_number_keeps_its_message(books, tmp_path):
    path = tmp_path / "花名册.csv"
    path.write_text("日期,案例编号,类别,金额,基金,审批单号,发放方式\n2026-03-04,C0001,生活救助,12o0,GENERAL,SP-1,现金\n",
                    encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert "a note, not an amount" not in str(result.problem) and "is not a number" in str(result.problem)
