"""A roster row whose 发放方式 is 微信转账 / 支付宝转账 (aid paid from the WeChat Pay or Alipay balance).

Such a row was refused ("not read: it would not be linked to the bill's row that paid it"),
and the officer had to book the aid by hand from the bill. It is now read as aid paid from
the platform's balance account and linked to the bill's row that paid it, as a bank debit is
linked to the roster's aid (importers/dedupe.py link_roster_aid, link_paid_aid), whichever
file comes first: the money leaves the balance once in the books.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from ledger.books import load_books

DOCS = Path(__file__).resolve().parents[2] / "docs" / "importing.md"
WECHAT = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
ALIPAY = "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n"
BILLS = {"微信转账": ("wechat.csv", WECHAT + "2026-04-11 10:00:00,转账,李大伟,/,支出,¥200.00,零钱,对方已收钱,4200000401\t,/\t,/\n",
                  "Assets:Online:WeChat"),
         "支付宝转账": ("alipay.csv", ALIPAY + "2026-04-11 10:00:00,转账红包,李大伟,ldw***@163.com,转账,支出,200.00,余额,交易成功,"
                   "2026041122001400001,,,\n", "Assets:Online:Alipay")}


def roster(tmp_path, way):
    path = tmp_path / "roster.csv"
    path.write_text("日期,案例编号,类别,金额,基金,审批单号,发放方式,备注\n"
                    f"2026-04-10,C0001,特困救助,200,GENERAL,SP-2026-0010,{way},\n", encoding="utf-8")
    return path


def bill(tmp_path, way):
    name, text, account = BILLS[way]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path, account


def run(books, *args):
    return CliRunner().invoke(cli, ["import", str(books), *map(str, args)])


def paid_out(books, account):
    """What the books took out of `account` (positive)."""
    return -sum(p.units.number for e in load_books(books).entries if hasattr(e, "postings")
                for p in e.postings if p.account == account)


@pytest.mark.parametrize("way", list(BILLS))
def test_the_roster_first_then_the_bill_pays_the_aid_once(books, tmp_path, way):
    result = run(books, roster(tmp_path, way), "--write")
    assert result.exit_code == 0, result.output
    path, account = bill(tmp_path, way)
    assert paid_out(books, account) == 200
    result = run(books, path)
    assert result.exit_code == 0, result.output
    assert "paid by aid already in the books" in result.output and "1 linked to aid" in result.output, result.output
    assert run(books, path, "--write").exit_code == 0
    assert paid_out(books, account) == 200


@pytest.mark.parametrize("way", list(BILLS))
def test_the_bill_first_then_the_roster_is_linked_to_its_row(books, tmp_path, way):
    path, account = bill(tmp_path, way)
    assert run(books, path, "--write").exit_code == 0
    result = run(books, roster(tmp_path, way))
    assert result.exit_code == 0, result.output
    assert "1 linked to aid" in result.output, result.output
    assert "was paid by the bill's row already in the books" in result.output, result.output
    assert "on that entry, book the money to Expenses:Aid:Living instead of Liabilities:Payable" in result.output
    assert run(books, roster(tmp_path, way), "--write").exit_code == 0
    assert paid_out(books, account) == 200


def test_the_docs_say_a_roster_reads_it():
    text = " ".join(DOCS.read_text(encoding="utf-8").split())
    assert "a roster's 发放方式 reads 微信转账 / 支付宝转账 as aid paid from the WeChat Pay / Alipay balance" in text


def test_a_bill_row_paid_by_card_for_aid_the_roster_paid_from_the_balance_is_told(books, tmp_path):
    """The roster says 微信转账 (the balance), the bill's row was paid through WeChat Pay by a
    card: the two are on different accounts and not linked; the row stood flagged on
    Liabilities:Payable with nothing saying the roster's aid to that case was in the books."""
    assert run(books, roster(tmp_path, "微信转账"), "--write").exit_code == 0
    path = tmp_path / "wechat.csv"
    path.write_text(WECHAT + "2026-04-11 10:00:00,转账,李大伟,/,支出,¥200.00,招商银行(1234),对方已收钱,4200000401\t,/\t,/\n",
                    encoding="utf-8")
    result = run(books, path)
    assert result.exit_code == 0, result.output
    assert ("row 2: the payment of 200.00 to C0001（帮扶对象） on 2026-04-11 is not linked to the roster's aid of 200.00 "
            "to the same case (inbox.beancount:") in result.output
    assert "2026-04-10), which is booked as paid from Assets:Online:WeChat" in result.output
    assert "the aid is paid twice" in result.output


@pytest.mark.parametrize("way, account", [("现金", "Assets:Cash"), ("微信转账", "Assets:Online:WeChat")])
def test_a_bank_debit_for_aid_the_roster_paid_from_another_account_is_told(books, tmp_path, way, account):
    """The same for a bank statement: the roster says 现金 (or 微信转账), the card's statement
    shows 200.00 paid to the case's 李大伟 the next day. The bills named the roster's aid; the
    bank import did not run that check, and the debit stood flagged on Liabilities:Payable,
    the aid paid twice in the books, with nothing saying so."""
    assert run(books, roster(tmp_path, way), "--write").exit_code == 0
    path = tmp_path / "cmb.csv"
    path.write_text("记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"
                    "2026-04-11,CNY,-200.00,9800.00,转账汇款,李大伟,救助金\n", encoding="utf-8")
    result = run(books, path)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert ("row 2: the payment of 200.00 to C0001（帮扶对象） on 2026-04-11 is not linked to the roster's aid of 200.00 "
            "to the same case (inbox.beancount:") in text, result.output
    assert f"2026-04-10), which is booked as paid from {account}" in text and "the aid is paid twice" in text
