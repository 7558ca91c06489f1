"""Cells written the ways real exports and hand-saved files write them book the money they
show, or stop the import naming the row, never a different amount in silence.

Each statement here is the same two rows (100.00 received from 王小明, 30.00 paid to 某超市)
written another way; every way that imports must book exactly those two amounts on those
two days, and the dry run's money line must add up. The ways relief refuses are named by
row and column with what to do.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books

IN_OUT = ["交易日期", "交易流水号", "摘要", "对方户名", "收入金额", "支出金额", "余额"]  # icbc-corporate
SIGNED = ["记账日期", "货币", "交易金额", "联机余额", "交易摘要", "对手信息", "客户摘要"]  # cmb-debit
CLEAN = [(datetime.date(2026, 3, 5), Decimal("100.00")), (datetime.date(2026, 3, 6), Decimal("-30.00"))]


def _write(tmp_path: Path, head: list[str], rows: list[tuple[str, ...]]) -> Path:
    path = tmp_path / "statement.csv"
    path.write_text(",".join(head) + "\n" + "".join(",".join(f'"{c}"' for c in r) + "\n" for r in rows), encoding="utf-8")
    return path


def _result(books: Path, path: Path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def in_out(day1="2026-03-05", in1="100.00", day2="2026-03-06", out2="30.00", bal1="1100.00", bal2="1070.00", payer1="王小明"):
    return IN_OUT, [(day1, "T1", "转账存入", payer1, in1, "", bal1), (day2, "T2", "付款", "某超市", "", out2, bal2)]


def signed(a1="100.00", a2="-30.00", cur="CNY", day2="2026-03-06"):
    return SIGNED, [("2026-03-05", cur, a1, "1100.00", "转账", "王小明 6222", "捐赠"), (day2, cur, a2, "1070.00", "付款", "某超市 6228", "")]


BOOKED_AS_SHOWN = {
    "full-width digits": in_out(in1="１００．００", out2="３０．００"),
    "full-width dates": in_out(day1="２０２６－０３－０５"),
    "dates 2026年3月5日 and 20260306": in_out(day1="2026年3月5日", day2="20260306"),
    "money out in parentheses": in_out(out2="(30.00)"),
    "a leading +": in_out(in1="+100.00"),
    "masked balances": in_out(bal1="****", bal2="--"),
    "masked payer": in_out(payer1="****"),
    "signed, parentheses": signed(a2="(30.00)"),
    "signed, trailing minus": signed(a2="30.00-"),
    "signed, full-width minus": signed(a2="－３０．００"),
    "signed, full-width currency code": signed(cur="ＣＮＹ"),
    "signed, currency 人民币元": signed(cur="人民币元"),
    # WeChat Pay's merchant-platform downloads (资金账单) write each cell so: read as text
    # beginning with a backtick, no row had a date and the file was refused as empty
    "every cell behind a backtick": (IN_OUT, [tuple(f"`{c}" for c in r) for r in in_out()[1]]),
    "signed, every cell behind a backtick": (SIGNED, [tuple(f"`{c}" for c in r) for r in signed()[1]]),
    "signed, currency as its ISO number 156": signed(cur="156"),
    # an apostrophe kept before numbers, dates and balances to make a spreadsheet keep them as text
    "leading apostrophes": in_out(day1="'20260305", day2="'2026-03-06", in1="'100.00", out2="'30.00", bal1="'1,100.00"),
    "signed, a leading apostrophe on a negative amount": signed(a2="'-30.00"),
    # a credit / debit mark instead of a sign, as statements written for accountants do:
    # CR money into the account, DR money out of it (the balance may carry one too)
    "a trailing CR in the money-in column": in_out(in1="100.00CR", bal1="1,100.00 CR"),
    "a trailing DR in the money-out column": in_out(out2="30.00 DR"),
    "signed, a trailing DR": signed(a2="30.00 DR"),
    "signed, marks before the amounts": signed(a1="CR 100.00", a2="Dr. 30.00"),
    "signed, full-width marks": signed(a1="１００．００ＣＲ", a2="３０．００ＤＲ"),
    # a mainframe core system's timestamp (DB2's 2026-03-05-10.15.22.123456), as rural banks'
    # exports write 交易日期: refused as "a time of day without a date"
    "DB2 timestamps": in_out(day1="2026-03-05-10.15.22.123456", day2="2026-03-06-09.00.01.000000"),
    "dates with the time after a hyphen": in_out(day1="2026/03/05-10:15:22", day2="20260306-090001"),
    # the weekday in brackets after the day, as app and printout exports add it: refused as no date
    "dates with their weekday in brackets": in_out(day1="2026-03-05(周四)", day2="2026年03月06日（星期五）"),
}


@pytest.mark.parametrize("case", BOOKED_AS_SHOWN)
def test_cell_written_another_way_books_the_same_money(books, tmp_path, case):
    result = _result(books, _write(tmp_path, *BOOKED_AS_SHOWN[case]))
    assert result.problem is None, result.problem
    assert result.conserved
    assert sorted((e.date, e.postings[0].units.number) for e in result.new if isinstance(e, data.Transaction)) == CLEAN


REFUSED = {
    # (statement, row, column, words of the message)
    # a mark and a sign, or a mark against its column, say the direction twice: which is right is not known
    "a sign and a DR": (signed(a2="-30.00 DR"), 3, "交易金额", "'-30.00 DR' is not an amount"),
    "DR in the money-in column": (in_out(in1="100.00 DR"), 2, "收入金额", "is in the money-in column but its mark says money out (DR)"),
    "CR in the money-out column": (in_out(out2="30.00 CR"), 3, "支出金额", "is in the money-out column but its mark says money in (CR)"),
    "a trailing +": (signed(a1="100.00+"), 2, "交易金额", "'100.00+' is not an amount"),
    "a masked amount": (in_out(out2="****"), 3, "收入金额", "the amount is masked"),
    # an empty amount beside a balance that moved (1,100.00 to 1,070.00): money moved, its amount lost
    "-- for an amount": (signed(a2="--"), 3, "联机余额", "the row has no amount, yet its balance 1,070.00 does not follow"),
    "a masked date": (in_out(day2="****"), 3, "交易日期", "'****' in its date column is not a date"),
    "/ for a date": (in_out(day2="/"), 3, "交易日期", "'/' in its date column is not a date"),
    "a masked currency": (signed(cur="****"), 2, "货币", "'****' is not a currency relief knows"),
    # parentheses and a minus: the minus may repeat what they say or undo it; read as +30.00 the payment became money in
    "a sign inside parentheses": (signed(a2="(-30.00)"), 3, "交易金额", "'(-30.00)' is not an amount"),
    "money in in parentheses with a minus": (in_out(in1="(-100.00)"), 2, "收入金额", "'(-100.00)' is not an amount"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_cell_that_cannot_be_read_stops_the_import_naming_it(books, tmp_path, case):
    statement, row, column, words = REFUSED[case]
    result = _result(books, _write(tmp_path, *statement))
    assert result.problem is not None and result.entries == []
    assert (result.problem.row, result.problem.column) == (row, column)
    assert words in result.problem.message and result.problem.hint
    assert "statement.csv" in str(result.problem)


@pytest.mark.parametrize("footer", ["合计,,,,100.00,30.00,", "本页小计,,,,100.00,30.00,", "共 2 笔,,,,,,", "温馨提示：本明细仅供参考,,,,,,",
                                    "打印时间：2026-03-07 10:00:00,,,,,,", "以上为全部交易,,,,,,"])
def test_footer_wordings_after_the_last_row_are_passed_over(books, tmp_path, footer):
    path = _write(tmp_path, *in_out())
    path.write_text(path.read_text(encoding="utf-8") + footer + "\n\n", encoding="utf-8")
    result = _result(books, path)
    assert result.problem is None, result.problem
    assert result.conserved and [s.amount for s in result.report.skipped if s.amount] == []
    assert sorted((e.date, e.postings[0].units.number) for e in result.new if isinstance(e, data.Transaction)) == CLEAN
