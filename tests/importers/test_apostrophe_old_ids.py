"""A statement imported before a5df961 dropped a cell's leading apostrophe (Excel's text
marker, '王小明, 'ICBC2024…) is already in the books when imported again.

Why: the payer, account and memo are part of a row's fingerprint id, and the bank's own id
is the row's id; read without the apostrophe, every such row got an id the books did not
hold, and the same statement imported again proposed its money a second time (50,100.00 of
two gifts and a 200.00 gift of the statements below). The entries here are what relief
wrote for them at a5df961^, ids and all."""

from __future__ import annotations

from pathlib import Path

from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books
from ledger.init_books import init_books

NO_ID = ("交易日期,摘要,对方户名,对方账号,收入金额,支出金额,余额\n"
         "2024-03-04,'转账存入,'某某机械制造有限公司,'6222020000001234,50000.00,,50000.00\n"
         "2024-03-05,转账存入,'王小明,6222020000009999,100.00,,50100.00\n")
WITH_ID = ("交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额\n"
           "2024-03-06,'ICBC20240306000001,转账存入,'李四,200.00,,50300.00\n")

#: what `relief import --write` of the two files wrote at a5df961^ (its documents left out)
WRITTEN_BEFORE = """
2024-03-04 ! "'某某机械制造有限公司" "'转账存入"
  fund: "GENERAL"
  donor: "UNIDENTIFIED"
  source_ref: "icbc:icbc-corporate-a5c12f5d8ef7f734"
  receipt: "JZ-2024-00001"
  Assets:Bank:Basic            50000.00 CNY
  Income:Donation:Enterprise  -50000.00 CNY

2024-03-05 ! "'王小明" "转账存入"
  fund: "GENERAL"
  donor: "UNIDENTIFIED"
  source_ref: "icbc:icbc-corporate-75a8554aabdfcb45"
  receipt: "JZ-2024-00002"
  Assets:Bank:Basic            100.00 CNY
  Income:Donation:Individual  -100.00 CNY

2024-03-06 balance Assets:Bank:Basic                               50100.00 CNY
  statement_start: 2024-03-04
  statement_end: 2024-03-05

2024-03-06 ! "'李四" "转账存入"
  fund: "GENERAL"
  donor: "UNIDENTIFIED"
  source_ref: "icbc:'ICBC20240306000001"
  receipt: "JZ-2024-00003"
  Assets:Bank:Basic            200.00 CNY
  Income:Donation:Individual  -200.00 CNY

2024-03-07 balance Assets:Bank:Basic                               50300.00 CNY
  statement_start: 2024-03-06
  statement_end: 2024-03-06
"""


def test_rows_booked_with_the_apostrophe_are_already_in_the_books(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2024)
    with (main.parent / "inbox.beancount").open("a", encoding="utf-8") as f:
        f.write(WRITTEN_BEFORE)
    loaded = load_books(main)
    assert not loaded.errors, loaded.errors
    for name, text in (("noid.csv", NO_ID), ("withid.csv", WITH_ID)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        (result,) = extract_files(loaded, [path], load_importers(loaded.root), account="Assets:Bank:Basic")
        assert result.problem is None, result.problem
        assert not [e for e in result.new if isinstance(e, data.Transaction)], (name, result.new)


def test_the_apostrophe_still_leaves_the_payer(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2024)
    loaded = load_books(main)
    path = tmp_path / "withid.csv"
    path.write_text(WITH_ID, encoding="utf-8")
    (result,) = extract_files(loaded, [path], load_importers(loaded.root), account="Assets:Bank:Basic")
    (gift,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert gift.payee == "李四" and gift.meta["source_ref"] == "icbc:ICBC20240306000001"
