"""A register stating its amounts in another unit than the yuan (单位：万元) above or under its header.

Union offices keep enterprise gifts in 万元 and say so once, in a line of the table's head
(单位：万元, （单位：千元）). relief read every amount as yuan: a gift of 1.5 (万元, that is
15,000.00) was booked as 1.50, with a receipt for it, the 合计 agreeing. Such a register is
now refused, naming the cell, to be written in yuan; 单位：元, a reporting unit (填报单位：市总工会)
and a goods unit (单位：袋) are no such statement.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEAD = ["日期", "捐赠人", "捐赠人类型", "金额", "收款方式", "凭证号"]
ROWS = [["2026-03-03", "某某机械", "企业", "1.5", "银行", "V201"],
        ["2026-03-04", "新华粮油公司", "企业", "0.8", "银行", "V202"],
        ["合计", "", "", "2.3", "", ""]]


def _import(books, path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def _register(path: Path, above: list[list[str]], under: list[list[str]] = ()) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([*above, HEAD, *under, *ROWS])
    return path


@pytest.mark.parametrize("above, under, row", [
    ([["2026年3月企业捐赠登记表"], ["", "", "", "", "", "单位：万元"]], [], 2),
    ([["2026年3月企业捐赠登记表（单位：万元）"]], [], 1),
    ([["填报单位：市总工会", "", "", "金额单位：千元"]], [], 1),
    ([], [["", "", "", "（单位：万元）"]], 2),
    ([["单位:美元"]], [], 1),
])
def test_amounts_in_ten_thousands_are_refused_not_booked_as_yuan(books, tmp_path, above, under, row):
    result = _import(books, _register(tmp_path / "捐赠登记表.csv", above, under))
    assert result.problem is not None, f"1.5 万元 booked as {[e for e in result.new]}"
    message = str(result.problem)
    assert f"row {row}" in message and "another unit than the yuan" in message and "15000" in message


@pytest.mark.parametrize("above", [[["单位：元"]], [["填报单位：市总工会", "", "", "单位：人民币元"]], [["编制单位：市总工会"]]])
def test_yuan_and_reporting_units_are_read_as_before(books, tmp_path, above):
    result = _import(books, _register(tmp_path / "捐赠登记表.csv", above))
    assert result.problem is None, result.problem
    banked = sorted(p.units.number for e in result.new for p in getattr(e, "postings", ()) if p.account == "Assets:Bank:Basic")
    assert [str(x) for x in banked] == ["0.80", "1.50"]


def test_a_goods_register_counting_in_bags_is_read(books, tmp_path):
    path = tmp_path / "物资发放登记表.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([["物资发放登记表", "", "", "单位：袋"], ["日期", "案例编号", "物资", "数量", "审批单号"]])
    with path.open("a", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerow(["2026-03-08", "C0001", "RICE", "2", "SP-2026-0020"])
    result = _import(books, path)
    assert not (result.problem and "another unit" in str(result.problem)), result.problem


@pytest.mark.parametrize("price, ok", [("50元/袋", True), ("50/袋", True), ("每袋50元", False), ("50元/箱", False)])
def test_a_unit_price_written_per_unit(books, tmp_path, price, ok):
    """单价 50元/袋, as goods registers write it, was refused as not a number; per 箱 (a box of
    bags) it is refused naming both units."""
    from beancount.core import data as bdata

    from importers.run import extract_files, load_importers
    from ledger.books import load_books

    path = tmp_path / "捐赠登记表.csv"
    path.write_text(f"日期,捐赠人,物资,数量,单价\n2026-03-06,某某机械,大米,10,{price}\n", encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    if ok:
        assert result.problem is None, result.problem
        (gift,) = [e for e in result.new if isinstance(e, bdata.Transaction)]
        assert gift.postings[0].cost.number_per == 50
    else:
        assert result.problem is not None and "row 2" in str(result.problem)
        if "箱" in price:
            assert "箱" in str(result.problem) and "袋" in str(result.problem), result.problem


@pytest.mark.parametrize("head", ["物资名称", "物品名称", "捐赠物资", "品名"])
def test_a_goods_column_headed_otherwise(books, tmp_path, head):
    """物资名称 大米 was not read: the row was refused as holding neither an amount nor a goods item."""
    from beancount.core import data as bdata

    path = tmp_path / "捐赠登记表.csv"
    path.write_text(f"日期,捐赠人,{head},数量,单价\n2026-03-06,某某机械,大米,10,50\n", encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is None, result.problem
    (gift,) = [e for e in result.new if isinstance(e, bdata.Transaction)]
    assert gift.postings[0].units.currency == "RICE"
