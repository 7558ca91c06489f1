"""A donor written only as a surname and a courtesy (王先生, 李女士, 张总, 欧阳老师): it names no
one (every 王 in town is 王先生), so it is never proposed as a donor. Proposed, the site and the
letters would list one donor 王先生 holding the gifts of many strangers, and a confirmed
proposal would collect every later 王先生's gift. The gift is booked, flagged, from an
unidentified giver, with a note saying why, for the officer to name if they know who it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from beancount.core import data

from importers.run import extract_files, load_importers
from importers.values import is_courtesy_only
from ledger.books import load_books
from ledger.registry import UNIDENTIFIED_DONOR


def _import(books: Path, path: Path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is None, result.problem
    return result


@pytest.mark.parametrize("name", ["王先生", "李女士", "张小姐", "刘老师", "陈总", "赵经理", "欧阳先生", "周 先生", "Mr. Wang"])
def test_a_courtesy_after_a_surname_names_no_one(name):
    assert is_courtesy_only(name)


@pytest.mark.parametrize("name", ["王小明", "王小明先生", "先生", "某某机械制造有限公司", "李总经理办公室", "王先生家政服务部"])
def test_a_name_is_not_a_courtesy_only(name):
    assert not is_courtesy_only(name)


def test_a_register_s_courtesy_only_donors_are_not_proposed(books, tmp_path):
    path = tmp_path / "捐赠登记表.csv"
    path.write_text("日期,捐赠人,金额,收款方式\n2026-03-05,王先生,200,现金\n2026-03-05,李女士,100,现金\n"
                    "2026-03-06,王先生,50,现金\n2026-03-06,张三丰,30,现金\n", encoding="utf-8")
    result = _import(books, path)
    proposals = [e for e in result.new if isinstance(e, data.Custom)]
    assert [str(p.meta["name"]) for p in proposals] == ["张三丰"]
    gifts = [e for e in result.new if isinstance(e, data.Transaction)]
    assert [(g.meta["donor"], g.flag) for g in gifts[:3]] == [(UNIDENTIFIED_DONOR, "!")] * 3
    assert all("proposed_donor" not in g.meta for g in gifts[:3])
    assert all("names no one" in g.meta["note"] and "王先生李女士"[i * 3:i * 3 + 3] in g.meta["note"]
               for i, g in enumerate(gifts[:2])), [g.meta.get("note") for g in gifts]


def test_a_statement_s_courtesy_only_payer_is_not_proposed(books, tmp_path):
    path = tmp_path / "cmb.csv"
    path.write_text("记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"
                    "2026-03-02,CNY,500.00,10500.00,转账汇款,李女士,捐赠\n", encoding="utf-8")
    result = _import(books, path)
    assert not [e for e in result.new if isinstance(e, data.Custom)]
    (gift,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert gift.meta["donor"] == UNIDENTIFIED_DONOR and gift.flag == "!" and "names no one" in gift.meta["note"]


def test_the_fast_path_knows_every_courtesy():
    """is_courtesy_only answers most names by their last character, without the regex: a
    courtesy whose last character it did not know would never be found."""
    import re

    from importers.values import _COURTESY_ONLY_RE

    words = re.search(r"\(\?:(先生[^)]*)\)", _COURTESY_ONLY_RE.pattern).group(1).split("|")
    assert len(words) > 10
    for word in words:
        assert is_courtesy_only(f"王{word}"), word
