"""A case id typed with the input method in full-width mode (Ｃ０００１, as a Chinese IME
writes letters and digits when full-width is on) in a roster or a goods register.

It was refused as "'Ｃ０００１' is not a case id: the roster takes the case's id, never a
name", sending the officer to look for a name in a cell that shows the id. Folded as names
are (Unicode NFKC), it is the registered case C0001, and the file imports as the one typed
in half-width does, entry for entry.
"""

from __future__ import annotations

from pathlib import Path

from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books
from tests.importers.conftest import STOCK

ROSTER = "日期,案例编号,类别,金额,基金,审批单号,发放方式,备注\n2026-03-10,{c1},医疗救助,800,GENERAL,SP-2026-0010,银行,住院补助\n"
GOODS = "日期,案例编号,物资,数量,基金,审批单号,备注\n2026-03-08,{c1},RICE,2,GENERAL,SP-2026-0020,春节慰问\n"


def _entries(books: Path, path: Path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is None, result.problem
    return [(e.date, e.meta.get("case"), tuple((p.account, p.units) for p in e.postings))
            for e in result.entries if isinstance(e, data.Transaction)]


def test_a_full_width_case_id_is_the_case(books, tmp_path):
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(STOCK)
    for name, text in (("roster.csv", ROSTER), ("goods.csv", GOODS)):
        half = tmp_path / f"half-{name}"
        full = tmp_path / f"full-{name}"
        half.write_text(text.format(c1="C0001"), encoding="utf-8")
        full.write_text(text.format(c1="Ｃ０００１"), encoding="utf-8")
        expected = _entries(books, half)
        assert expected and expected[0][1] == "C0001"
        assert _entries(books, full) == expected
