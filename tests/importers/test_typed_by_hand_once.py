"""One entry typed in by hand stands for one statement row, not for every row near it.

beangulp's fuzzy match takes a statement row for an entry typed in by hand (no source_ref)
when it moves the same account by a close amount within two days. It was asked row by row,
and every row found the same entry: a hand-typed gift of 50.00 on 5 March was taken for
张三's 50.00 that day, 李四's 50.00 the next and 王五's 49.00 two days later, all three shown
as already in the books, 99.00 dropped (the money line agreeing, since it counts "already in
the books"); only a balance assertion, where the statement has balances, could stop it. Now
an entry in the books is taken for one row, the nearest (the same amount on the same day
first), whichever order the statement lists its rows in; the others are booked.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEAD = ["交易日期", "摘要", "交易场所", "交易国家或地区简称", "钞/汇", "交易金额(收入)", "交易金额(支出)", "交易币种",
        "记账金额(收入)", "记账金额(支出)", "记账币种", "余额", "对方户名"]
ROWS = [("2026-03-05", "50.00", "10,050.00", "张三"), ("2026-03-06", "50.00", "10,100.00", "李四"),
        ("2026-03-07", "49.00", "10,149.00", "王五")]
HAND = """
2026-03-05 * "张三" "现金存入 手工录入"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2026-00001"
  Assets:Bank:Basic            50.00 CNY
  Income:Donation:Individual  -50.00 CNY
"""


def _statement(path: Path, rows) -> Path:
    out = [["明细查询文件下载"], [], ["卡号: 6222****2222"], ["起止日期: 2026-03-01 至 2026-03-31"], [], HEAD]
    out += [[d, "他行汇入", "", "CHN", "钞", "-", "-", "-", amount, "", "人民币", balance, payer] for d, amount, balance, payer in rows]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(out)
    path.write_bytes(buf.getvalue().encode("gb18030"))
    return path


@pytest.mark.parametrize("order", [1, -1], ids=["oldest-first", "newest-first"])
def test_one_hand_typed_entry_is_taken_for_one_row(books, tmp_path, order):
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(HAND)
    loaded = load_books(books)
    (result,) = extract_files(loaded, [_statement(tmp_path / "icbc.csv", ROWS[::order])], load_importers(loaded.root))
    assert result.problem is None, result.problem
    payers = sorted(e.payee for e in result.new if getattr(e, "postings", None))
    assert payers == ["李四", "王五"], f"rows dropped as the one hand-typed entry: {payers}"
    assert [e.payee for e in result.duplicates if getattr(e, "postings", None)] == ["张三"]


def test_a_hand_typed_entry_a_day_off_is_still_found(books, tmp_path):
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(HAND.replace("2026-03-05", "2026-03-04"))
    loaded = load_books(books)
    (result,) = extract_files(loaded, [_statement(tmp_path / "icbc.csv", ROWS[:1])], load_importers(loaded.root))
    assert result.problem is None, result.problem
    assert not [e for e in result.new if getattr(e, "postings", None)]
