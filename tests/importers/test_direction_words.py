"""A direction column in the words banks write besides 借 / 贷: 存入 / 支取, 转入 / 转出,
收款 / 付款. A statement saying 存入 was refused ("says neither money in nor money out"),
and the only way in was a profile of one's own."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.importers.test_behaviour import extract, run, txns

HEAD = "交易日期,交易时间,交易金额,借贷标志,余额,对方户名,对方账号,摘要\n"


@pytest.mark.parametrize(("money_in", "money_out"), [("存入", "支取"), ("转入", "转出"), ("收款", "付款"),
                                                  ("贷  方", "借  方"), ("贷\u3000方", "借\u3000方"),  # padded to a column width
                                                  # full-width letters, as a GBK export types them: refused as
                                                  # "'Ｃ' says neither money in nor money out"
                                                  ("Ｃ", "Ｄ"), ("ＣＲ", "ＤＲ"), ("收", "付")])
def test_plain_direction_words_are_read(books, tmp_path, money_in, money_out):
    path = tmp_path / "statement.csv"
    path.write_text(HEAD + f'2026-03-02,09:00:00,"1,000.00",{money_in},"11,000.00",某某机械厂,,捐赠\n'
                    f"2026-03-03,10:00:00,200.00,{money_out},\"10,800.00\",张三,,救助\n", encoding="utf-8")
    (r,) = extract(books, path)
    assert [t.postings[0].units.number for t in txns(r)] == [Decimal("1000.00"), Decimal("-200.00")]


def test_a_direction_word_that_says_neither_is_still_refused_naming_the_row(books, tmp_path):
    path = tmp_path / "statement.csv"
    path.write_text(HEAD + '2026-03-02,09:00:00,"1,000.00",冲正,"11,000.00",某某机械厂,,捐赠\n', encoding="utf-8")
    result = run(books, path)
    assert result.exit_code != 0 and "row 2" in result.output and "'冲正' says neither money in nor money out" in result.output


def test_an_empty_direction_is_taken_from_the_amounts_cr_dr_mark(books, tmp_path):
    """Some rows write the direction on the amount (1,000.00 CR) and leave 借贷 empty: it was
    refused as "'' says neither money in nor money out"."""
    path = tmp_path / "statement.csv"
    path.write_text(HEAD + '2026-03-02,09:00:00,"1,000.00 CR",,"11,000.00",某某机械厂,,捐赠\n'
                    '2026-03-03,10:00:00,200.00DR,借,"10,800.00",张三,,救助\n', encoding="utf-8")
    (r,) = extract(books, path)
    assert r.problem is None and r.conserved
    assert [t.postings[0].units.number for t in txns(r)] == [Decimal("1000.00"), Decimal("-200.00")]


def test_a_cr_dr_mark_against_the_direction_column_is_refused(books, tmp_path):
    path = tmp_path / "statement.csv"
    path.write_text(HEAD + '2026-03-02,09:00:00,"1,000.00 DR",贷,"11,000.00",某某机械厂,,捐赠\n', encoding="utf-8")
    result = run(books, path)
    assert result.exit_code != 0 and "row 2" in result.output
    assert "is marked money out, but its direction says '贷'" in result.output


def test_a_dr_mark_is_money_out_never_a_reversal(books, tmp_path):
    """Marked and unmarked 借 rows in one file: the DR mark's minus is no sign the bank wrote,
    so it does not make the column look like one of payments and reversals in red (红字冲正)."""
    path = tmp_path / "statement.csv"
    path.write_text(HEAD + '2026-03-02,09:00:00,"1,000.00 CR",贷,"11,000.00",某某机械厂,,捐赠\n'
                    '2026-03-03,10:00:00,200.00 DR,借,"10,800.00",张三,,救助\n'
                    '2026-03-04,10:00:00,100.00,借,"10,700.00",李四,,救助\n'
                    '2026-03-05,10:00:00,50.00 DR,,"10,650.00",王五,,救助\n', encoding="utf-8")
    (r,) = extract(books, path)
    assert r.problem is None and r.conserved
    assert [t.postings[0].units.number for t in txns(r)] == [Decimal("1000.00"), Decimal("-200.00"), Decimal("-100.00"),
                                                             Decimal("-50.00")]
    # without balances to tell, the rarer sign was taken for the reversals: the one DR row became money in
    path.write_text(HEAD + '2026-03-02,09:00:00,"1,000.00",贷,,某某机械厂,,捐赠\n'
                    '2026-03-03,10:00:00,200.00,借,,张三,,救助\n'
                    '2026-03-04,10:00:00,100.00,借,,李四,,救助\n'
                    '2026-03-05,10:00:00,50.00 DR,借,,王五,,救助\n', encoding="utf-8")
    (r,) = extract(books, path)
    assert [t.postings[0].units.number for t in txns(r)] == [Decimal("1000.00"), Decimal("-200.00"), Decimal("-100.00"),
                                                             Decimal("-50.00")]


@pytest.mark.parametrize(("money_in", "money_out"), [("2", "1"), ("+", "-")])
def test_a_direction_code_says_how_to_name_it(books, tmp_path, money_in, money_out):
    """Some core-banking exports write 借贷标志 as a code (1 / 2, + / -), which means either
    way by bank; the statement's legend says which. Why: the refusal listed the words relief
    knows and nothing to do: a built-in layout took the file, and no profile of the books' own
    existed to add the code to."""
    path = tmp_path / "statement.csv"
    path.write_text(HEAD + f'2026-03-02,09:00:00,"1,000.00",{money_in},"11,000.00",某某机械厂,,捐赠\n'
                    f"2026-03-03,10:00:00,200.00,{money_out},\"10,800.00\",张三,,救助\n", encoding="utf-8")
    result = run(books, path)
    assert result.exit_code != 0 and "statement.csv, row 2" in result.output
    assert f"'{money_in}' says neither money in nor money out" in result.output
    assert '"direction_in"' in result.output and '"direction": "借贷标志"' in result.output
