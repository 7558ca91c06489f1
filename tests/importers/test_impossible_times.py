"""A statement's time of day that no clock shows (77:57:11, 09:70:58, 19:41:60), as a
converter's desensitised export writes them (tests/importers/real/boc-debit/boc-debit-converted.csv).

The row's date is read as written and the row booked (the time is only the order within the
day and part of the row's id, kept as it was so a file imported before is not proposed
again), and the dry run names the rows, so the officer knows the file was altered."""

from __future__ import annotations

from pathlib import Path

from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEAD = "记账日期,记账时间,币别,金额,余额,交易名称,渠道,网点名称,附言,对方账户名,对方卡号/账号,对方开户行,借记卡号\n"


def _row(day: str, time: str, amount: str, balance: str) -> str:
    return f"{day},{time},人民币,{amount},{balance},转账,手机银行,-------,捐赠,王小明,6222******0001,中国银行,6222000011112222\n"


def _import(books: Path, path: Path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def test_times_no_clock_shows_are_named_and_the_rows_booked(books, tmp_path):
    path = tmp_path / "boc.csv"
    path.write_text("中国银行交易流水明细单\n" + HEAD + _row("2026-03-05", "77:57:11", "100.00", "1100.00")
                    + _row("2026-03-06", "09:70:58", "50.00", "1150.00") + _row("2026-03-07", "10:15:22", "20.00", "1170.00")
                    + _row("2026-03-08", "19:41:60", "30.00", "1200.00"), encoding="utf-8")
    result = _import(books, path)
    assert result.problem is None, result.problem
    txns = [e for e in result.new if isinstance(e, data.Transaction)]
    assert [str(t.date) for t in txns] == ["2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08"]
    notes = [n for n in result.report.notes if "no clock shows" in n]
    assert len(notes) == 1, result.report.notes
    assert "3 row(s)" in notes[0] and "row 3 (77:57:11)" in notes[0] and "row 4 (09:70:58)" in notes[0] \
        and "row 6 (19:41:60)" in notes[0] and "10:15:22" not in notes[0], notes[0]


def test_the_row_ids_are_those_the_times_gave_before(books, tmp_path):
    """The note changes nothing booked: the same rows with possible times would have other
    ids, so the ids come from the times as written."""
    one, other = tmp_path / "a.csv", tmp_path / "b.csv"
    one.write_text(HEAD + _row("2026-03-05", "77:57:11", "100.00", "1100.00"), encoding="utf-8")
    other.write_text(HEAD + _row("2026-03-05", "07:57:11", "100.00", "1100.00"), encoding="utf-8")
    first, second = _import(books, one), _import(books, other)
    assert first.new[0].meta["source_ref"] != second.new[0].meta["source_ref"]
    assert not [n for n in second.report.notes if "no clock shows" in n]


def test_a_bill_s_impossible_time_is_named_too(books, tmp_path):
    """WeChat Pay's 交易时间 2026-03-05 25:61:00: the day read, the row booked, the row named."""
    from tests.importers.malformed import WECHAT_HEAD

    path = tmp_path / "微信支付账单.csv"
    path.write_text(WECHAT_HEAD + "2026-03-05 25:61:00,二维码收款,王小明,/,收入,¥50.00,/,已收钱,1001\t,/\t,/\n"
                    "2026-03-06 10:00:00,二维码收款,王小明,/,收入,¥20.00,/,已收钱,1002\t,/\t,/\n", encoding="utf-8")
    result = _import(books, path)
    assert result.problem is None, result.problem
    assert [str(t.date) for t in result.new if isinstance(t, data.Transaction)] == ["2026-03-05", "2026-03-06"]
    notes = [n for n in result.report.notes if "no clock shows" in n]
    assert len(notes) == 1 and "1 row(s)" in notes[0] and "row 7 (25:61:00)" in notes[0], result.report.notes
