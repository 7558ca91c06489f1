"""A register's gift booked as cash beside the same gift on the bank statement.

A donation register without a 收款方式 column (or with it left empty) books every gift as
cash. The gift that came by bank was then booked twice, once as cash from the register and
once from the statement, each with a receipt: the register-statement link asks for the same
account, and nothing said so. It stays two entries (a donor may give the same sum in cash
and by bank), but the dry run now says which row may be the statement's gift, and what to
write in 收款方式, whichever file comes first.
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


def _statement(path: Path, payer: str) -> Path:
    rows = [["明细查询文件下载"], [], ["卡号: 6222****2222"], ["起止日期: 2026-03-01 至 2026-03-31"], [], HEAD,
            ["2026-03-04", "他行汇入", "", "CHN", "钞", "-", "-", "-", "200.00", "", "人民币", "10,200.00", payer]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode("gb18030"))
    return path


def _notes(books, tmp_path, payer, register_first):
    register = tmp_path / "捐赠登记表.csv"
    register.write_text("日期,捐赠人,金额\n2026-03-03,王小明,200\n", encoding="utf-8")
    files = [register, _statement(tmp_path / "icbc.csv", payer)]
    loaded = load_books(books)
    results = extract_files(loaded, files if register_first else files[::-1], load_importers(loaded.root))
    assert all(r.problem is None for r in results), [r.problem for r in results]
    return results, [n for r in results for n in r.report.notes if "counted twice" in n]


@pytest.mark.parametrize("register_first", [True, False], ids=["register-first", "statement-first"])
def test_the_second_file_says_the_gift_may_be_booked_twice(books, tmp_path, register_first):
    results, notes = _notes(books, tmp_path, "王小明", register_first)
    assert len(notes) == 1 and "200.00" in notes[0] and "王小明" in notes[0] and "收款方式" in notes[0]
    assert ("as cash" if not register_first else "on Assets:Bank:Basic") in notes[0]


def test_another_payers_gift_says_nothing(books, tmp_path):
    _, notes = _notes(books, tmp_path, "李四", True)
    assert notes == []
