"""A register row whose 备注 says the money went back (已退回, 退款, 发放失败已退回) is refused.

Why: a donation register's row noted 已退回 (the gift given back) was proposed as a gift, with
a receipt, its narration 已退回; a roster's row noted 发放失败，已退回 (the bank sent the aid
back: a closed card) as aid paid: the books held money given or paid that had come back, without
a word. Such a row is now refused naming the row, as a note saying 作废 is."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books


def _import(books, path: Path, text: str):
    path.write_text(text, encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


@pytest.mark.parametrize("note", ["已退回", "（已退还）", "款已退回捐赠人", "退款", "发放失败，已退回", "银行退票"])
def test_a_row_whose_money_came_back_is_refused(books, tmp_path, note):
    donations = _import(books, tmp_path / "捐赠登记表.csv",
                        f"日期,捐赠人,金额,收款方式,备注\n2026-03-05,王小明,100,现金,\n2026-03-06,王小明,300,现金,{note}\n")
    roster = _import(books, tmp_path / "花名册.csv", "日期,案例编号,类别,金额,基金,审批单号,发放方式,备注\n"
                     f"2026-03-05,C0001,生活救助,300,GENERAL,SP-1,银行,{note}\n")
    for result, row in ((donations, 3), (roster, 2)):
        assert result.problem is not None, (note, result.new)
        message = str(result.problem)
        assert f"row {row}" in message and "备注" in message and "A gift given back" in message, message


@pytest.mark.parametrize("note", ["退休职工", "原路退回的手续费另记", "退伍军人", "不退回"])
def test_other_notes_are_read_as_before(books, tmp_path, note):
    result = _import(books, tmp_path / "花名册.csv", "日期,案例编号,类别,金额,基金,审批单号,发放方式,备注\n"
                     f"2026-03-05,C0001,生活救助,300,GENERAL,SP-1,银行,{note}\n")
    assert result.problem is None, result.problem
