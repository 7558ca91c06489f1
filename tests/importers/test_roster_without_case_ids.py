"""A roster keyed by 姓名 / 身份证号, without 案例编号, is told to add the case ids.

Why: such a roster, as offices keep them, was refused as "unknown format: looks like 发放花名册,
but the column(s) 案例编号 or case or 档案编号 … are missing", with the advice to export the file
again with all its columns or to write a bank profile: neither helps an officer whose roster
never had case ids. The message now says the books keep aid by case id and where to find them."""

from __future__ import annotations

import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books


@pytest.mark.parametrize("head, row", [
    ("序号,姓名,身份证号,类别,金额,基金,审批单号,发放方式,日期", "1,张三,00000019721103014X,生活救助,500,GENERAL,SP-1,现金,2026-03-05"),
    ("日期,姓名,物资,数量,审批单号", "2026-03-05,张三,RICE,1,SP-1"),
])
def test_a_roster_by_name_is_told_to_add_case_ids(books, tmp_path, head, row):
    path = tmp_path / "花名册.csv"
    path.write_text(f"{head}\n{row}\n", encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    message = str(result.problem)
    assert "案例编号" in message and "private/cases.csv" in message and "profile" not in message, message
    assert "张三" not in message and "00000019721103014X" not in message
