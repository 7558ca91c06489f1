"""A register's gift and the statement's, one of the two amounts mistyped.

Found by fuzzing the money (fuzzH): a donation register's 金额 with one digit changed
(1,000.01 where the statement shows 1,000.00, 银行 in 收款方式, the same donor and day) was
not linked (the link asks for the same amount) and both were booked into the bank with a
receipt each, without a word: the gift counted twice. The statement's balance assertion
stopped the write; with --no-balance, or a masked balance, nothing did. Both stay booked
(one donor may give twice within days), but the second file's dry run now names the other
entry and says it is counted twice if it is one gift, whichever file comes first."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books

STATEMENT = "交易日期,摘要,收入金额,支出金额,余额,对方户名\n2026-03-05,捐款,1000.00,,1000.00,{payer}\n"


def _notes(books: Path, tmp_path: Path, register_amount: str, payer: str, register_first: bool):
    register = tmp_path / "register.csv"
    register.write_text(f"日期,捐赠人,金额,收款方式\n2026-03-04,王小明,{register_amount},银行\n",
                        encoding="utf-8")
    statement = tmp_path / "statement.csv"
    statement.write_text(STATEMENT.format(payer=payer), encoding="utf-8")
    files = [register, statement] if register_first else [statement, register]
    loaded = load_books(books)
    results = extract_files(loaded, files, load_importers(loaded.root), account="Assets:Bank:Basic")
    assert all(r.problem is None for r in results), [r.problem for r in results]
    return [n for r in results for n in r.report.notes if "amounts differ" in n]


@pytest.mark.parametrize("register_first", [True, False], ids=["register-first", "statement-first"])
def test_a_mistyped_amount_is_named_by_the_second_file(books, tmp_path, register_first):
    notes = _notes(books, tmp_path, "1000.01", "王小明", register_first)
    assert len(notes) == 1, notes
    assert "1,000.01" in notes[0] and "1,000.00" in notes[0] and "王小明" in notes[0]
    assert "counted twice" in notes[0]


def test_the_same_amount_is_linked_and_not_named(books, tmp_path):
    assert _notes(books, tmp_path, "1000.00", "王小明", True) == []


def test_another_payers_gift_is_not_named(books, tmp_path):
    assert _notes(books, tmp_path, "1000.01", "李四", True) == []
