"""A donation register and goods registers as an officer types them by hand: a giver written as
爱心人士 (a kind-hearted person, nobody in particular), a quantity typed with its unit (50袋).

Every row of the file is either booked right or refused naming the row and what to do.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books


def _import(books, path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def _csv(path: Path, rows) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


@pytest.mark.parametrize("giver", ["爱心人士", "热心人士", "爱心市民", "匿名人士", "不愿透露姓名"])
def test_a_kind_hearted_person_is_an_anonymous_gift_not_a_donor(books, tmp_path, giver):
    path = _csv(tmp_path / "捐赠登记表.csv", [["日期", "捐赠人", "金额", "收款方式"],
                                             ["2026-03-10", giver, "30.50", "现金"],
                                             ["2026-03-11", "王小明", "20", "现金"]])
    result = _import(books, path)
    assert result.problem is None, result.problem
    proposals = [e for e in result.new if isinstance(e, data.Custom) and e.type == "donor-proposal"]
    assert proposals == []
    gift, other = [e for e in result.new if isinstance(e, data.Transaction)]
    assert gift.payee is None and gift.meta["donor"] == "ANON"  # 匿名捐赠人, anonymous: all
    assert gift.postings[0].units.number == 30.50
    assert other.meta["donor"] == "D0002"
