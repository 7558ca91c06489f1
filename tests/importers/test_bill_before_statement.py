"""A WeChat Pay withdrawal to the bank card, with the card's statement, in one run.

The bill's 零钱提现 of 500.00 (a 0.50 fee) is the statement's 财付通 credit of 499.50: booked
from the bill first, the statement's row is linked to it. Given on the command line after
the statement (`relief import BOOKS icbc.csv wechat.csv`, or a shell's `*.csv`), the
statement was read first: its 499.50 became a donation from an unknown payer, with a receipt
number and a donor proposed for 财付通, and the bill's withdrawal was then linked to that
gift and never booked: the WeChat Pay balance stayed 500.00 too high and the fee was lost.
Within a run the bills are now read before the statements, as the rosters are, so the
order on the command line changes nothing.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEAD = ["交易日期", "摘要", "交易场所", "交易国家或地区简称", "钞/汇", "交易金额(收入)", "交易金额(支出)", "交易币种",
        "记账金额(收入)", "记账金额(支出)", "记账币种", "余额", "对方户名"]
BILL = ("微信支付账单明细\n起始时间：[2026-03-01 00:00:00] 终止时间：[2026-03-31 23:59:59]\n共2笔记录\n"
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
        "2026-03-03 10:00:00,二维码收款,王小明,/,收入,¥800.00,/,已收钱,4200601\t,/\t,/\n"
        "2026-03-05 09:00:00,零钱提现,工商银行(2222),/,/,¥500.00,零钱,提现已到账,4200602\t,/\t,服务费¥0.50\n")


def _statement(path: Path) -> Path:
    out = [["明细查询文件下载"], [], ["卡号: 6222****2222"], ["起止日期: 2026-03-01 至 2026-03-31"], [], HEAD,
           ["2026-03-05", "财付通提现", "", "CHN", "钞", "-", "-", "-", "499.50", "", "人民币", "499.50",
            "财付通支付科技有限公司"]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(out)
    path.write_bytes(buf.getvalue().encode("gb18030"))
    return path


def _moved(results) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for r in results:
        assert r.problem is None, r.problem
        for e in r.new:
            for p in getattr(e, "postings", ()):
                out[p.account] = out.get(p.account, Decimal(0)) + p.units.number
    return out


@pytest.mark.parametrize("statement_first", [False, True], ids=["bill-first", "statement-first"])
def test_the_withdrawal_is_a_transfer_whichever_file_is_named_first(books, tmp_path, statement_first):
    bill = tmp_path / "微信支付账单.csv"
    bill.write_text(BILL, encoding="utf-8")
    statement = _statement(tmp_path / "icbc.csv")
    files = [statement, bill] if statement_first else [bill, statement]
    loaded = load_books(books)
    results = extract_files(loaded, files, load_importers(loaded.root))
    moved = _moved(results)
    assert moved["Assets:Online:WeChat"] == Decimal("300.00")  # 800 in, 500 out
    assert moved["Assets:Bank:Basic"] == Decimal("499.50")
    assert moved["Expenses:Operations:BankFees"] == Decimal("0.50")
    assert moved["Income:Donation:Individual"] == Decimal("-800.00")  # the one gift, none from 财付通
    assert not any(e.type == "donor-proposal" for r in results for e in r.new if hasattr(e, "type"))
    # the dry run lists the files as given
    assert [r.path for r in results] == files


def test_a_bill_after_the_statement_in_another_run_names_the_entry_to_change(books, tmp_path):
    """In separate runs the order is the officer's: the statement's 499.50 is in the books,
    held on Liabilities:Payable (a 提现, no gift: the books open no WeChat Pay balance), when the
    bill comes. The bill's withdrawal is linked to it (not booked twice), and a note names that
    entry, what it was booked against and what to change; it said only "linked", and the
    balance stayed 500.00 too high."""
    from click.testing import CliRunner

    from cli import cli

    statement = _statement(tmp_path / "icbc.csv")
    assert CliRunner().invoke(cli, ["import", str(books), str(statement), "--write"]).exit_code == 0
    bill = tmp_path / "微信支付账单.csv"
    bill.write_text(BILL, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(bill)])
    assert result.exit_code == 0, result.output
    assert ("row 6 (零钱提现 工商银行(2222), -500.00 CNY) is linked to the card's statement row at inbox.beancount:"
            in result.output), result.output
    assert "which is booked against Liabilities:Payable: the statement was imported first" in result.output
    assert "(Assets:Online:WeChat -500.00; Expenses:Operations:BankFees 0.50)" in result.output
    assert "void its receipt" not in result.output


def test_a_withdrawal_booked_from_the_balance_less_its_fee_still_names_the_entry(books, tmp_path):
    """With the WeChat Pay balance open in the books, the statement's 财付通提现 of 499.50 is a
    transfer from it; the bill, imported later, says 500.00 left the balance (0.50 its fee).
    The two are linked, and the note still names the entry: the fee is in neither."""
    from click.testing import CliRunner

    from cli import cli

    with (books / "accounts.beancount").open("a", encoding="utf-8") as fh:
        fh.write("\n2026-01-01 open Assets:Online:WeChat CNY\n")
    statement = _statement(tmp_path / "icbc.csv")
    assert CliRunner().invoke(cli, ["import", str(books), str(statement), "--write"]).exit_code == 0
    assert "Assets:Online:WeChat  -499.50 CNY" in (books / "inbox.beancount").read_text(encoding="utf-8")
    bill = tmp_path / "微信支付账单.csv"
    bill.write_text(BILL, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(bill)])
    assert result.exit_code == 0, result.output
    assert "which is booked against Assets:Online:WeChat: the statement was imported first" in result.output
    assert "(Assets:Online:WeChat -500.00; Expenses:Operations:BankFees 0.50)" in result.output
    # what the balance is off by: the fee the statement's transfer of 499.50 left out, not the
    # whole 500.00 (the note said 'Assets:Online:WeChat stays 500.00 off')
    assert "or Assets:Online:WeChat stays 0.50 off" in result.output, result.output


def test_no_such_note_when_the_bill_came_first(books, tmp_path):
    from click.testing import CliRunner

    from cli import cli

    bill = tmp_path / "微信支付账单.csv"
    bill.write_text(BILL, encoding="utf-8")
    assert CliRunner().invoke(cli, ["import", str(books), str(bill), "--write"]).exit_code == 0
    result = CliRunner().invoke(cli, ["import", str(books), str(_statement(tmp_path / "icbc.csv"))])
    assert "linked to the same money already in the books" in result.output
    assert "the statement was imported first" not in result.output


def test_a_withdrawal_booked_from_the_balance_is_linked_without_a_note(books, tmp_path):
    """The same without a fee: the statement's transfer from the balance is the bill's
    withdrawal, linked, and nothing is left to change (the balance moved once, 500.00)."""
    from click.testing import CliRunner

    from cli import cli

    with (books / "accounts.beancount").open("a", encoding="utf-8") as fh:
        fh.write("\n2026-01-01 open Assets:Online:WeChat CNY\n")
    path = _statement(tmp_path / "icbc.csv")
    path.write_bytes(path.read_bytes().replace(b"499.50", b"500.00"))
    assert CliRunner().invoke(cli, ["import", str(books), str(path), "--write"]).exit_code == 0
    bill = tmp_path / "微信支付账单.csv"
    bill.write_text(BILL.replace("服务费¥0.50", "/"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(bill)])
    assert result.exit_code == 0, result.output
    assert "1 linked to card payments" in result.output
    assert "the statement was imported first" not in result.output
