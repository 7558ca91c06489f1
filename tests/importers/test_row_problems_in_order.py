"""A file's row problems are listed in the order of its rows.

Why: they were listed in the order the checks found them: a struck-through row 11 above a
formula in row 8, a goods shortage of row 2 under an unknown item of row 3, so the officer
going down the sheet met them out of order (and could take the list for done at row 11)."""

from __future__ import annotations

from importers.run import extract_files, load_importers
from ledger.books import load_books


def test_problems_follow_the_rows(books, tmp_path):
    path = tmp_path / "物资发放登记表.csv"
    path.write_text("日期,案例编号,物资,数量,审批单号\n2026-03-08,C0001,RICE,5,SP-1\n"
                    "2026-03-08,C0002,GOLD,1,SP-2\n2026-03-09,C0002,RICE,abc,SP-3\n", encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    message = str(result.problem)
    rows = [message.index(f"row {n},") for n in (2, 3, 4)]
    assert rows == sorted(rows), message
