"""Donor cells as treasurers write a giver who asked not to be named.

匿名捐赠者, 匿名捐款人, 不愿具名的爱心人士 or 爱心人士（不留名） were each proposed as a donor of
that name (the gifts of many strangers listed under it once accepted), and 张三（不留名） or
张三（不愿具名） as a donor named 张三（不留名）, whose name the site would then show: the wish
was read only when written 匿名, 完全匿名 or 网站不公开. Such a cell now names no one (完全匿名,
no proposal), and a name with such a wish beside it is that donor, kept off the site.
"""

from __future__ import annotations

import openpyxl
import pytest
from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books


def _gifts_and_proposals(books, tmp_path, donor):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [["日期", "捐赠人", "金额", "收款方式"], ["2026-03-01", donor, 500, "现金"]]:
        ws.append(r)
    path = tmp_path / "捐赠登记表.xlsx"
    wb.save(path)
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is None, result.problem
    gifts = [e for e in result.new if isinstance(e, data.Transaction)]
    proposals = [e for e in result.new if isinstance(e, data.Custom) and e.type == "donor-proposal"]
    return gifts, proposals


@pytest.mark.parametrize("donor", ["匿名捐赠者", "匿名捐款人", "匿名爱心人士", "不愿具名的爱心人士", "爱心人士（不留名）",
                                   "一位不愿透露姓名的市民", "不愿留名", "某爱心人士", "无名氏（不留名）"])
def test_a_giver_not_named_is_no_donor(books, tmp_path, donor):
    (gift,), proposals = _gifts_and_proposals(books, tmp_path, donor)
    assert proposals == [], [p.meta for p in proposals]
    assert gift.payee is None and donor not in str(gift.meta), gift
    assert gift.meta["donor"] in ("ANON", "UNIDENTIFIED") and gift.meta.get("anonymous", "all") == "all"


@pytest.mark.parametrize("wish", ["不留名", "不愿留名", "不愿具名", "不具名", "不愿透露姓名"])
def test_a_name_with_a_wish_not_to_be_named_is_that_donor_kept_off_the_site(books, tmp_path, wish):
    (gift,), proposals = _gifts_and_proposals(books, tmp_path, f"王小明（{wish}）")
    assert proposals == [], [p.meta for p in proposals]
    assert gift.meta["donor"] == "D0002", gift.meta
    assert gift.meta.get("anonymous") == "public", gift.meta
    assert wish not in str(gift), gift


def test_a_new_name_with_such_a_wish_is_proposed_as_the_name_alone(books, tmp_path):
    (gift,), (proposal,) = _gifts_and_proposals(books, tmp_path, "赵四（不留名）")
    assert proposal.meta["name"] == "赵四", proposal.meta
    assert gift.meta.get("anonymous") == "public", gift.meta
