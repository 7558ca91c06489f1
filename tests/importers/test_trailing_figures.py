"""A row of bare figures under a statement's last transaction (`5.00,,105.00`: no date, no
words, no amount in the amount column) was passed over as a footer: if it is a transaction
whose date and memo were lost, its money was neither booked nor listed. It is refused,
naming the row; a footer that states its figures under labels is still read."""

from __future__ import annotations

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEADER = "交易日期,交易时间,交易摘要,交易金额,本次余额,对手信息,日 志 号,交易渠道,交易附言\n"
ROWS = ("20260302,101500,转存,+1000.00,2000.00,王小明,369396693,超级网银,捐款\n"
        "20260303,,转支,-200.00,1800.00,赵小红,369333999,网银,助学金\n")


def _import(books, tmp_path, tail: str):
    path = tmp_path / "abc.csv"
    path.write_text(HEADER + ROWS + tail, encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def test_bare_figures_after_the_last_row_are_refused(books, tmp_path):
    for tail, row in (("5.00,,105.00\n", 4), (",,,,1805.00\n", 4), ("\n5.00,,105.00\n", 5)):
        result = _import(books, tmp_path, tail)
        assert result.problem is not None, (tail, result.report.skipped)
        assert result.problem.row == row, (tail, result.problem.message)
        assert "5.00" in result.problem.message and "no date" in result.problem.message
        assert result.problem.hint and "delete" in result.problem.hint


def test_footers_with_words_or_counts_still_pass(books, tmp_path):
    for tail in ("合计,,,800.00\n", "打印时间:2026-04-01\n", "共 2 笔\n", "0.00,,0.00\n",
                 "收入金额,支出金额\n1000.00,200.00\n"):
        result = _import(books, tmp_path, tail)
        assert result.problem is None, (tail, result.problem)
        assert len([e for e in result.entries if getattr(e, "postings", None)]) == 2, tail
