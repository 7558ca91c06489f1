"""Rows of a batch paid under one number (代发): one entry in the books is one of them only.

A corporate statement pays several households under one 凭证号 / 交易流水号 (PZ0001), each
row moving the balance. With the first of them in the books (a statement exported before the
batch had posted in full), a later statement listing two rows of 500.00 under PZ0001 on the
same day had the second taken for the same entry as the first: shown as already in the books,
500.00 dropped, the money line agreeing. Now an entry in the books is taken for one new row,
the one with the same payee first; the other is booked, with a note naming the shared id.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from importers.run import extract_files, load_importers, write_import
from ledger.books import load_books

HEAD = ["交易时间", "交易流水号", "对方单位名称", "对方账号", "借方发生额", "贷方发生额", "余额", "用途"]
LI = ["2026-03-05 09:00:00", "PZ0001", "李大伟", "6222000000000001", 500, None, 9500, "代发帮扶金"]
ZHAO = ["2026-03-05 09:00:00", "PZ0001", "赵小红", "6222000000000002", 500, None, 9000, "代发帮扶金"]


def _statement(path: Path, rows) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["中国工商银行 企业网上银行 账户明细"])
    ws.append(["账号：6222000011112222", "户名：测试帮扶中心"])
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _run(books, path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root), balance=False)
    assert result.problem is None, result.problem
    return loaded, result


@pytest.mark.parametrize("later", [[LI, ZHAO], [ZHAO, LI]], ids=["same-order", "other-order"])
def test_the_second_row_of_a_batch_is_booked_not_taken_for_the_first(books, tmp_path, later):
    loaded, first = _run(books, _statement(tmp_path / "first.xlsx", [LI]))
    write_import(loaded, [first])
    _, result = _run(books, _statement(tmp_path / "later.xlsx", later))
    new = [e for e in result.new if getattr(e, "postings", None)]
    assert [e.payee for e in new] == ["C0002（帮扶对象）"], f"赵小红's 500.00 dropped: {[e.payee for e in new]}"
    assert [e.payee for e in result.duplicates] == ["C0001（帮扶对象）"]
    assert any("its id icbc:PZ0001 is also that of" in n and "代发" in n for n in result.report.notes)


def test_a_batch_imported_again_adds_nothing(books, tmp_path):
    loaded, first = _run(books, _statement(tmp_path / "first.xlsx", [LI, ZHAO]))
    assert len([e for e in first.new if getattr(e, "postings", None)]) == 2
    write_import(loaded, [first])
    _, again = _run(books, _statement(tmp_path / "again.xlsx", [ZHAO, LI]))
    assert not [e for e in again.new if getattr(e, "postings", None)]
    assert sorted(e.payee for e in again.duplicates) == ["C0001（帮扶对象）", "C0002（帮扶对象）"]
