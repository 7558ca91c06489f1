"""A goods item typed by a shorter name than the books give it is refused with the item meant.

Why: a goods register's 牛奶, beside MILK named 纯牛奶（整箱） in the books, was refused as
"not declared in the books; use the commodity code of goods received (e.g. RICE)": the officer
was not told the books have it as MILK, and a donation register's was told to declare a new
commodity (a second code for the same milk). The message now names the item(s) whose name holds
what was typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books

MILK = '\n2026-01-01 commodity MILK\n  name_zh: "纯牛奶（整箱）"\n  name_en: "Milk (case)"\n  unit_zh: "箱"\n'


def _import(books, path: Path):
    with (books / "accounts.beancount").open("a", encoding="utf-8") as fh:
        fh.write(MILK)
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


@pytest.mark.parametrize("name, text", [
    ("物资发放登记表.csv", "日期,案例编号,物资,数量,审批单号\n2026-03-08,C0001,牛奶,1,SP-1\n"),
    ("捐赠登记表.csv", "日期,捐赠人,物资,数量,单价\n2026-03-06,某某机械,牛奶,10,50\n"),
])
def test_the_item_whose_name_holds_what_was_typed_is_named(books, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = _import(books, path)
    message = str(result.problem)
    assert "row 2" in message and "'牛奶'" in message and "MILK (纯牛奶（整箱）)" in message, message
    assert "add `commodity" not in message


def test_an_item_like_none_keeps_its_message(books, tmp_path):
    path = tmp_path / "物资发放登记表.csv"
    path.write_text("日期,案例编号,物资,数量,审批单号\n2026-03-08,C0001,毛毯,1,SP-1\n", encoding="utf-8")
    message = str(_import(books, path).problem)
    assert "'毛毯' is not declared in the books" in message and "MILK" not in message, message
