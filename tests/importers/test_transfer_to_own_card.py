"""A WeChat Pay 转账到银行卡 from the balance to one of the centre's own cards.

The bill's 支出 of 500.00 to 工商银行(2222), the card of the books' basic account, was booked as a
payment for a person to decide (Liabilities:Payable), and the card's statement row for the same
money (500.00 from 财付通) as a donation from an unidentified payer, with a receipt number: the
centre's own money, moved between two of its accounts, counted as 500.00 given and 500.00 spent.
A 转账到银行卡 to a card the config or the books map to an account of the centre is now a
transfer to that account (flagged, with a note: the card is known by its last digits), and the
statement's row is linked to it. One to a card nobody mapped (a person's) stays a payment.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEAD = ["交易日期", "摘要", "交易场所", "交易国家或地区简称", "钞/汇", "交易金额(收入)", "交易金额(支出)", "交易币种",
        "记账金额(收入)", "记账金额(支出)", "记账币种", "余额", "对方户名"]


def _bill(path: Path, card: str) -> Path:
    path.write_text("微信支付账单明细\n起始时间：[2026-03-01 00:00:00] 终止时间：[2026-03-31 23:59:59]\n共2笔记录\n"
                    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
                    "2026-03-03 10:00:00,二维码收款,王小明,/,收入,¥800.00,/,已收钱,4200601\t,/\t,/\n"
                    f"2026-03-05 09:00:00,转账到银行卡,{card},/,支出,¥500.00,零钱,支付成功,4200602\t,/\t,/\n", encoding="utf-8")
    return path


def _statement(path: Path) -> Path:
    out = [["明细查询文件下载"], [], ["卡号: 6222****2222"], ["起止日期: 2026-03-01 至 2026-03-31"], [], HEAD,
           ["2026-03-05", "财付通转账", "", "CHN", "钞", "-", "-", "-", "500.00", "", "人民币", "500.00", "财付通支付科技有限公司"]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(out)
    path.write_bytes(buf.getvalue().encode("gb18030"))
    return path


def _run(books, files):
    loaded = load_books(books)
    results = extract_files(loaded, files, load_importers(loaded.root))
    moved: dict[str, Decimal] = {}
    for r in results:
        assert r.problem is None, r.problem
        assert r.conserved
        for e in r.new:
            for p in getattr(e, "postings", ()):
                moved[p.account] = moved.get(p.account, Decimal(0)) + p.units.number
    return results, moved


def test_a_transfer_to_the_centres_own_card_is_a_transfer_and_its_statement_row_is_linked(books, tmp_path):
    results, moved = _run(books, [_bill(tmp_path / "微信支付账单.csv", "工商银行(2222)"), _statement(tmp_path / "icbc.csv")])
    assert moved["Assets:Online:WeChat"] == Decimal("300.00")  # 800 in, 500 out
    assert moved["Assets:Bank:Basic"] == Decimal("500.00")
    assert moved["Income:Donation:Individual"] == Decimal("-800.00")  # the one gift
    assert "Liabilities:Payable" not in moved
    [move] = [e for e in results[0].new if getattr(e, "narration", "") and "转账到银行卡" in e.narration]
    assert move.flag == "!" and "taken for the centre's own Assets:Bank:Basic by its last digits" in move.meta["note"]


def test_a_transfer_to_a_card_nobody_mapped_stays_a_payment(books, tmp_path):
    _, moved = _run(books, [_bill(tmp_path / "微信支付账单.csv", "建设银行(9999)")])
    assert moved["Assets:Online:WeChat"] == Decimal("300.00")
    assert moved["Liabilities:Payable"] == Decimal("500.00")
    assert "Assets:Bank:Basic" not in moved
