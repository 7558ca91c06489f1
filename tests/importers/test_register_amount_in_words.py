"""A register kept as receipts are written: the figure in 金额（小写） and the amount in words
beside it in 金额（大写） or 大写金额.

Such a roster was refused as having no 金额 column (a hint about bank profiles), and where
the figure's column was headed 金额, a 大写金额 of 壹佰元整 beside 1000 was ignored: one of the
two is wrong, and which only the receipt tells. The words are now checked against the figure.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from beancount.core import data
from hypothesis import given, settings
from hypothesis import strategies as st

from importers.run import extract_files, load_importers
from ledger.books import load_books


def _import(books, path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def _amounts(result):
    return [e.postings[0].units.number for e in result.new if isinstance(e, data.Transaction)]


@pytest.mark.parametrize("figure, words", [("金额（小写）", "金额（大写）"), ("金额", "大写金额"), ("小写金额", "大写")])
def test_a_roster_with_the_amount_in_words_beside_it(books, tmp_path, figure, words):
    path = tmp_path / "花名册.csv"
    path.write_text(f"日期,案例编号,类别,{figure},{words},审批单号\n"
                    "2026-03-05,C0001,特困救助,800,捌佰元整,SP-1\n2026-03-05,C0002,特困救助,600.50,人民币陆佰元伍角,SP-1\n",
                    encoding="utf-8")
    result = _import(books, path)
    assert result.problem is None, result.problem
    assert _amounts(result) == [Decimal(800), Decimal("600.50")]


def test_words_that_disagree_with_the_figure_are_refused(books, tmp_path):
    path = tmp_path / "捐赠登记表.csv"
    path.write_text("日期,捐赠人,金额,大写金额,收款方式\n2026-03-05,张三,1000,壹仟元整,现金\n"
                    "2026-03-05,李四,1000,壹佰元整,现金\n", encoding="utf-8")
    result = _import(books, path)
    assert result.problem is not None
    message = str(result.problem)
    assert "row 3" in message and "壹佰元整" in message and "100.00" in message and "1,000.00" in message, message
    assert "row 2" not in message


@pytest.mark.parametrize("figure, words, reads", [("1000.01", "壹仟元整", "1,000.00"), ("1000", "壹仟元零壹分", "1,000.01")])
def test_words_a_fen_off_the_figure_are_refused(books, tmp_path, figure, words, reads):
    """One of the two is wrong by a fen: refused like any other difference (a check that let
    a fen pass, abs(words - figure) > 0.01 for !=, passed the test above)."""
    path = tmp_path / "捐赠登记表.csv"
    path.write_text(f"日期,捐赠人,金额,大写金额,收款方式\n2026-03-05,张三,{figure},{words},现金\n", encoding="utf-8")
    result = _import(books, path)
    assert result.problem is not None and "row 2" in str(result.problem) and words in str(result.problem), result.problem
    assert reads in str(result.problem), result.problem


def test_words_that_do_not_read_are_refused(books, tmp_path):
    path = tmp_path / "捐赠登记表.csv"
    path.write_text("日期,捐赠人,金额（小写）,金额（大写）,收款方式\n2026-03-05,张三,150,壹佰伍,现金\n", encoding="utf-8")
    result = _import(books, path)
    assert result.problem is not None and "row 2" in str(result.problem) and "壹佰伍" in str(result.problem)


def test_empty_words_are_not_checked(books, tmp_path):
    path = tmp_path / "捐赠登记表.csv"
    path.write_text("日期,捐赠人,金额,大写金额,收款方式\n2026-03-05,张三,1000,,现金\n", encoding="utf-8")
    result = _import(books, path)
    assert result.problem is None, result.problem
    assert _amounts(result) == [Decimal(1000)]


@pytest.mark.parametrize("label, ok", [("合计（大写）：伍仟伍佰元整", True), ("合计（大写）：伍仟元整", False),
                                       ("合计人民币（大写）伍仟伍佰元整", True)])
def test_a_totals_row_s_words_are_checked(books, tmp_path, label, ok):
    """合计（大写）：伍仟元整 beside 5,500.00 under rows adding up to 5,500.00 was listed as agreeing."""
    path = tmp_path / "捐赠登记表.csv"
    path.write_text("日期,捐赠人,金额,收款方式\n2026-03-02,张三,5000,现金\n2026-03-02,李四,500,现金\n"
                    f"{label},,\"5,500.00\",\n", encoding="utf-8")
    result = _import(books, path)
    if ok:
        assert result.problem is None, result.problem
    else:
        assert result.problem is not None and "row 4" in str(result.problem) and "5,000.00" in str(result.problem), result.problem


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999999999.99"), places=2))
def test_any_amount_in_words_reads_back_to_the_fen(amount):
    """An amount a register writes in words (大写) is read to the fen: the words made for it by
    publish/capitals.py (cn2an, a reading of its own), with and without 人民币, read back as
    the amount. Why: the examples above use no 叁, so reading 叁 as 4 passed every test."""
    from importers.amount_words import parse_amount_words
    from publish.capitals import rmb_capitals

    assert parse_amount_words(rmb_capitals(amount)) == amount
    assert parse_amount_words(rmb_capitals(amount, prefix=False)) == amount
