"""A WeChat Pay or Alipay bill without its 支付方式 / 收/付款方式 column is refused, naming it.

That column says what paid each row: the platform balance, or a bank card whose statement
lists the same money. Every export has it; a bill whose column was deleted in a spreadsheet
before it was handed over was read all the same, every row taken as paid from the balance:
a purchase of 276.50 the centre's 中国银行 card paid was booked out of Assets:Online:WeChat,
without a word (the balance 276.50 too low, and the card's statement booking that money again).
Now the import stops at the header row and says which column is missing and to export the bill
again. Rows written by hand for this test.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli

WECHAT = [
    "微信支付账单明细",
    "起始时间：[2026-04-01 00:00:00] 终止时间：[2026-04-30 23:59:59]",
    "共2笔记录",
    "----------------------微信支付账单明细列表--------------------",
    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注",
    "2026-04-03 10:15:00,二维码收款,李*,/,收入,¥50.00,/,已收钱,4200000001\t,/\t,/",
    "2026-04-10 16:00:00,商户消费,某某超市,大米,支出,¥276.50,中国银行(1234),支付成功,4200000002\t,M0006\t,/",
]
ALIPAY = [
    "------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------",
    "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,",
    "2026-04-03 10:15:00,转账红包,李*,li***@163.com,捐款,收入,50.00,余额,交易成功,2026040322001\t,\t,,",
    "2026-04-10 16:00:00,日用百货,某某超市,/,大米,支出,276.50,中国银行储蓄卡(1234),交易成功,2026041022002\t,T2\t,,",
]


def _without(lines: list[str], column: str) -> str:
    """The bill with one column taken out of its header and its rows, as a spreadsheet deletes it."""
    header = next(line for line in lines if line.startswith("交易时间"))
    at = header.split(",").index(column)
    return "\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != at) if "," in line and not line.startswith("起始")
                     else line for line in lines) + "\n"


@pytest.mark.parametrize("lines, column, encoding", [(WECHAT, "支付方式", "utf-8"), (ALIPAY, "收/付款方式", "gbk")],
                         ids=["wechat", "alipay"])
def test_a_bill_without_its_method_column_is_refused_naming_it(books, tmp_path, lines, column, encoding):
    path = tmp_path / "bill.csv"
    path.write_bytes(_without(lines, column).encode(encoding))
    result = CliRunner().invoke(cli, ["import", str(books / "main.beancount"), str(path)])
    out = result.output
    assert "bill.csv, row " in out and f"the column(s) {column} are missing" in out, out
    assert "export the file again with all its columns" in out
    assert "276.50 CNY" not in out  # nothing booked out of the balance


@pytest.mark.parametrize("lines, encoding", [(WECHAT, "utf-8"), (ALIPAY, "gbk")], ids=["wechat", "alipay"])
def test_the_same_bill_with_the_column_books_the_card_payment_off_the_balance(books, tmp_path, lines, encoding):
    path = tmp_path / "bill.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    out = CliRunner().invoke(cli, ["import", str(books / "main.beancount"), str(path)]).output
    assert "Clearing" in out and "-276.50 CNY" in out, out
    assert not any("Assets:Online" in line and "-276.50" in line for line in out.splitlines())
