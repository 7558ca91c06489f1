"""The hint under a write refused by a statement's balance reads the register's direction.

Why: a roster paying aid by bank that the statement (in the books, with its closing balance)
does not show was refused with "A register books money into Assets:Bank:Basic … check the
register's rows received that way … a gift whose money has not arrived yet is imported once the
statement shows it": a roster receives nothing and holds no gifts, and the finance officer was
sent to look for money that had not come in. It now speaks of the rows paid out that way."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data

from importers.run import extract_files, load_importers, write_import
from ledger.books import load_books

BANK = "Assets:Bank:Basic"
CMB_HEADER = ["记账日期", "货币", "交易金额", "联机余额", "交易摘要", "对手信息", "客户摘要"]


def statement(path: Path, rows: list[tuple]) -> Path:
    """A CMB download; rows: (date, amount, payer)."""
    balance = Decimal("0.00")
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CMB_HEADER)
        for day, amount, payer in rows:
            balance += Decimal(amount)
            w.writerow([day, "CNY", f"{Decimal(amount):,.2f}", f"{balance:,.2f}", "转账汇款", payer, "转账"])
    return path


def refused_write(books_root: Path, tmp_path: Path, name: str, text: str) -> str:
    st_ = statement(tmp_path / "cmb.csv", [("2026-03-05", "800.00", "张三 6222029999998888")])
    loaded = load_books(books_root)
    (s,) = extract_files(loaded, [st_], load_importers(loaded.root), account=BANK)
    assert [e for e in s.new if isinstance(e, data.Balance)]
    write_import(loaded, [s])
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    loaded = load_books(books_root)
    (r,) = extract_files(loaded, [path], load_importers(loaded.root), account=BANK, balance=False)
    assert r.new and not r.problem, r.report
    inbox = (books_root / "inbox.beancount").read_bytes()
    with pytest.raises(Exception) as refused:
        write_import(loaded, [r])
    assert (books_root / "inbox.beancount").read_bytes() == inbox
    return str(refused.value)


def test_a_roster_paying_by_bank_what_the_statement_lacks_is_told_of_rows_paid(books, tmp_path):
    message = refused_write(books, tmp_path, "花名册.csv", "日期,案例编号,类别,金额,基金,审批单号,发放方式\n"
                            "2026-03-04,C0001,生活救助,300.00,GENERAL,SP-1,银行转账\n")
    assert "Balance failed for 'Assets:Bank:Basic'" in message
    assert "pays out of Assets:Bank:Basic" in message and "发放方式" in message, message
    assert "gift" not in message and "received" not in message, message
    assert "import the earlier statements first" not in message


def test_a_donation_register_still_gets_the_gifts_hint(books, tmp_path):
    message = refused_write(books, tmp_path, "捐赠登记表.csv", "日期,捐赠人,金额,收款方式,基金\n"
                            "2026-03-04,D0002,300,银行,GENERAL\n")
    assert "A register books money into Assets:Bank:Basic that the account's statement" in message
    assert "pays out of" not in message


def test_the_balance_message_names_the_rosters_row_not_a_line_taken_out(books, tmp_path):
    """The balance failure lists the entries that may explain it, by place: the roster's own
    entry was named `inbox.beancount:33`, a line the undone write had taken out again."""
    import re

    message = refused_write(books, tmp_path, "花名册.csv", "日期,案例编号,类别,金额,基金,审批单号,发放方式\n"
                            "2026-03-04,C0001,生活救助,300.00,GENERAL,SP-1,银行转账\n")
    lines = (books / "inbox.beancount").read_text(encoding="utf-8").count("\n") + 1
    named = [int(n) for n in re.findall(r"inbox\.beancount:(\d+)", message)]
    assert named and all(n <= lines for n in named), (lines, message)
    assert "花名册.csv, row 2 (2026-03-04 特困救助发放: -300.00)" in message, message
