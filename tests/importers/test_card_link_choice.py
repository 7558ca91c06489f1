"""Which statement row is the card's side of a WeChat Pay payment made by card.

A bill's row paid by a card (工商银行(2222)) is booked on the card's account; the card's
statement lists the same money again, and that row is linked, not booked twice. The
statement row was chosen as the first of the same amount within five days in the file's
order: a debit of 88.00 paying a case (李大伟) on 3 March was taken for the stationery
bought through WeChat Pay on 5 March, hiding the aid as that purchase, and the statement's
own 财付通 row of 88.00 was booked as a payment of its own. Now the rows naming the platform
(财付通, 支付宝) come first, then the nearest days.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from importers.run import extract_files, load_importers

HEAD = ["交易日期", "摘要", "交易场所", "交易国家或地区简称", "钞/汇", "交易金额(收入)", "交易金额(支出)", "交易币种",
        "记账金额(收入)", "记账金额(支出)", "记账币种", "余额", "对方户名"]
BILL = ("微信支付账单明细\n起始时间：[2026-03-01 00:00:00] 终止时间：[2026-03-31 23:59:59]\n共1笔记录\n"
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
        "2026-03-05 10:00:00,商户消费,某某文具店,办公用品,支出,¥88.00,工商银行(2222),支付成功,4200501\t,M1\t,/\n")
AID = ("2026-03-03", "跨行汇款", "9,912.00", "李大伟")
CARD = ("2026-03-05", "快捷支付", "9,824.00", "财付通支付科技有限公司")


def _statement(path: Path, rows) -> Path:
    out = [["明细查询文件下载"], [], ["卡号: 6222****2222"], ["起止日期: 2026-03-01 至 2026-03-31"], [], HEAD]
    out += [[d, memo, "", "CHN", "钞", "-", "-", "-", "", "88.00", "人民币", balance, payee] for d, memo, balance, payee in rows]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(out)
    path.write_bytes(buf.getvalue().encode("gb18030"))
    return path


@pytest.mark.parametrize("rows", [[AID, CARD], [CARD, AID]], ids=["aid-first", "card-first"])
def test_the_platforms_row_is_the_card_payment_not_the_aid_debit(books, tmp_path, rows):
    from ledger.books import load_books

    loaded = load_books(books)
    bill = tmp_path / "微信支付账单.csv"
    bill.write_text(BILL, encoding="utf-8")
    results = extract_files(loaded, [bill, _statement(tmp_path / "icbc.csv", rows)], load_importers(loaded.root))
    assert all(r.problem is None for r in results), [r.problem for r in results]
    statement = results[1]
    assert [e.payee for e in statement.linked] == ["财付通支付科技有限公司"]
    assert [e.payee for e in statement.new if getattr(e, "postings", None)] == ["C0001（帮扶对象）"]


def test_the_bill_after_the_statement_takes_the_platforms_row_too(books, tmp_path):
    """The other way round: the statement in the books, the bill imported after it in a later
    run. The bill's row took the nearest debit of its amount (a payment to a person the day
    of the purchase, the bank's 财付通 row dated the next day) and was shown as linked to it:
    the purchase was never booked, the 财付通 row stood flagged as a payment of its own, and
    nothing said so. It now takes the row naming the platform first, as above."""
    from importers.dedupe import DUPLICATE
    from importers.run import write_import
    from ledger.books import load_books

    loaded = load_books(books)
    statement = _statement(tmp_path / "icbc.csv", [AID, ("2026-03-05", "转账", "9,824.00", "王大妈"),
                                                   ("2026-03-06", "快捷支付", "9,736.00", "财付通支付科技有限公司")])
    (first,) = extract_files(loaded, [statement], load_importers(loaded.root), balance=False)
    write_import(loaded, [first])
    loaded = load_books(books)
    bill = tmp_path / "微信支付账单.csv"
    bill.write_text(BILL, encoding="utf-8")
    (second,) = extract_files(loaded, [bill], load_importers(loaded.root))
    assert second.problem is None, second.problem
    assert [e.meta[DUPLICATE].payee for e in second.linked] == ["财付通支付科技有限公司"]
