"""A register's 单位 column (its own column beside 数量) is the unit the count is in.

Why: registers kept by hand write the unit in a column of its own (物资 食用油, 规格 5L*4桶/箱,
单位 箱, 数量 0.5). relief read only 数量 and booked 0.5 of the books' unit (桶) where the office
handed out half a box of four (2 桶), and 10 箱 of rice received as 10 袋: the goods in the books
were not the goods in the register, without a word. A 单位 that is not the unit the books count
the item in is now refused naming the row and both units, as 数量 written 10箱 is; the books' own
unit (袋), or a work unit's name in a column so headed, is read as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books


def _import(books, path: Path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


@pytest.mark.parametrize("head", ["单位", "计量单位"])
def test_a_count_in_boxes_is_refused_naming_the_row_and_both_units(books, tmp_path, head):
    path = tmp_path / "捐赠登记表.csv"
    path.write_text(f"日期,捐赠人,物资,规格,{head},数量,单价\n"
                    "2026-03-06,某某机械,大米,10kg*2袋/箱,箱,10,100\n", encoding="utf-8")
    result = _import(books, path)
    assert result.problem is not None, [e for e in result.new if isinstance(e, data.Transaction)]
    message = str(result.problem)
    assert "row 2" in message and "箱" in message and "袋" in message, message


@pytest.mark.parametrize("unit", ["袋", "", "市纺织工会", "个人", "企业", "工会"])
def test_the_books_own_unit_or_no_unit_is_read_as_before(books, tmp_path, unit):
    path = tmp_path / "捐赠登记表.csv"
    path.write_text(f"日期,捐赠人,物资,单位,数量,单价\n2026-03-06,某某机械,大米,{unit},10,50\n", encoding="utf-8")
    result = _import(books, path)
    assert result.problem is None, result.problem
    (gift,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert gift.postings[0].units.number == 10 and gift.postings[0].units.currency == "RICE"


def test_a_goods_register_handing_out_half_a_box(books, tmp_path):
    path = tmp_path / "物资发放登记表.csv"
    path.write_text("日期,案例编号,物资,规格,单位,数量,审批单号\n"
                    "2026-03-08,C0001,RICE,10kg*4袋/箱,箱,0.5,SP-2026-0020\n", encoding="utf-8")
    result = _import(books, path)
    assert result.problem is not None, [e for e in result.new if isinstance(e, data.Transaction)]
    message = str(result.problem)
    assert "row 2" in message and "箱" in message and "袋" in message and "单位" in message, message
