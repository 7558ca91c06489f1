"""A 云闪付 (UnionPay QuickPass) bill is refused as what it is, not as a damaged WeChat Pay bill.

云闪付 exports its 账单明细 under a title line, with columns much like WeChat Pay's (交易时间,
交易类型, 交易对方, 收/支, 金额(元), 交易状态) but an 订单号 where WeChat Pay writes 交易单号. Before,
`relief import` said it "looks like WeChat Pay bill (微信支付账单), but the column(s) 交易单号 are
missing … export the file again with all its columns": the finance officer was sent back to the
WeChat Pay app for a file that never came from it. relief has no built-in layout for 云闪付, as
for JD and Meituan; the refusal now names the platform and the way on (docs/importing.md,
"Other payment platforms"). The rows here are written by hand for this test.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from cli import cli

#: a 云闪付 bill as its app exports it (title, user, period, counts, then the rows)
UNIONPAY_ROWS = [
    ["云闪付账单明细"],
    ["用户名：[张*三]"],
    ["起始时间：[2026-04-01] 终止时间：[2026-04-30]"],
    ["导出时间：[2026-05-01 10:00:00]"],
    ["共3笔记录"],
    ["收入：1笔 100.00元"],
    ["支出：2笔 40.00元"],
    ["交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "付款方式", "交易状态", "订单号", "备注"],
    ["2026-04-02 10:00:00", "转账", "李*", "/", "收入", "100.00", "中国银行(1234)", "交易成功", "U202604020001", "/"],
    ["2026-04-03 10:00:00", "消费", "某某超市", "/", "支出", "30.00", "中国银行(1234)", "交易成功", "U202604030002", "/"],
    ["2026-04-04 10:00:00", "消费", "某某药店", "/", "支出", "10.00", "中国银行(1234)", "交易成功", "U202604040003", "/"],
]


def _import(books: Path, path: Path) -> str:
    result = CliRunner().invoke(cli, ["import", str(books / "main.beancount"), str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


def test_a_unionpay_csv_bill_is_named_and_not_called_a_wechat_bill(books, tmp_path):
    path = tmp_path / "云闪付账单.csv"
    path.write_text("\n".join(",".join(r) for r in UNIONPAY_ROWS) + "\n", encoding="utf-8-sig")
    out = _import(books, path)
    assert "云闪付账单.csv, row 8: unknown format: this is a UnionPay (云闪付) bill" in out, out
    assert "relief has no built-in profile for it" in out
    assert '"Other payment platforms"' in out
    assert "looks like WeChat Pay bill" not in out
    assert "export the file again with all its columns" not in out
    assert "nothing was written" in out or "not imported" in out


def test_a_unionpay_workbook_is_named_too(books, tmp_path):
    path = tmp_path / "云闪付账单.xlsx"
    wb = openpyxl.Workbook()
    for row in UNIONPAY_ROWS:
        wb.active.append(row)
    wb.save(path)
    out = _import(books, path)
    assert "row 8: unknown format: this is a UnionPay (云闪付) bill" in out, out


def test_a_statement_whose_rows_mention_unionpay_is_not_called_its_bill(books, tmp_path):
    """A bank's export no layout knows, whose rows pay through 云闪付, is still an unknown
    statement: the platform's name in a row's memo does not make the file its bill."""
    path = tmp_path / "某银行明细.csv"
    path.write_text("\n".join([
        "记账日,摘要,发生额,结余,对手信息",
        "2026-04-02,云闪付收款,100.00,1100.00,李四",
        "2026-04-03,云闪付消费,-30.00,1070.00,某某超市",
    ]) + "\n", encoding="utf-8")
    out = _import(books, path)
    assert "unknown format" in out, out
    assert "云闪付) bill" not in out


def _csv(tmp_path: Path, name: str, rows: list[list[str]]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8-sig")
    return path


def test_a_unionpay_bill_with_wechat_columns_is_not_booked_to_the_wechat_balance(books, tmp_path):
    """Its header holding every column a WeChat Pay bill needs (交易单号 for its 订单号), the 云闪付
    bill was read as one: the 30.00 and 10.00 its bank card paid were booked out of
    Assets:Online:WeChat, a balance they never touched, and the 100.00 into it (the WeChat Pay
    balance 60.00 too high, the card's statement booking the same money again). Its title says
    whose bill it is: refused by name, nothing booked."""
    rows = [r[:] for r in UNIONPAY_ROWS]
    rows[7] = [("交易单号" if c == "订单号" else c) for c in rows[7]]
    out = _import(books, _csv(tmp_path, "云闪付账单.csv", rows))
    assert "unknown format: this is a UnionPay (云闪付) bill" in out, out
    assert "Assets:Online:WeChat" not in out
    assert "relief.wechat" not in out


def test_a_wechat_bill_naming_unionpay_in_its_preamble_is_still_read(books, tmp_path):
    """The WeChat Pay bill's own title stands: a nickname that says 云闪付 does not make it another's."""
    rows = [["微信支付账单明细"], ["微信昵称：[云闪付推广点]"], ["起始时间：[2026-04-01 00:00:00] 终止时间：[2026-04-30 23:59:59]"],
            ["共1笔记录"], ["收入：1笔 100.00元"], ["----------------------微信支付账单明细列表--------------------"],
            ["交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "支付方式", "当前状态", "交易单号", "商户单号", "备注"],
            ["2026-04-02 10:00:00", "二维码收款", "李*", "/", "收入", "¥100.00", "/", "已收钱", "4200009", "/", "/"]]
    out = _import(books, _csv(tmp_path, "wechat.csv", rows))
    assert "importer relief.wechat" in out, out
    assert "Assets:Online:WeChat         100.00 CNY" in out
