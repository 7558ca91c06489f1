"""A WeChat Pay bill saved with semicolons between its cells (a spreadsheet set to a European
list separator), its ids still ending in a TAB, is read as the same bill with commas.

Why: the TABs kept the semicolon from being taken for the delimiter, and the bill was refused
as "unknown format: no row looks like the header".
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

ROWS = [["微信支付账单明细"], ["微信昵称：[帮扶中心]"], ["起始时间：[2026-03-01 00:00:00] 终止时间：[2026-03-31 23:59:59]"], [],
        ["共2笔记录"], ["----------------------微信支付账单明细列表--------------------"],
        ["交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "支付方式", "当前状态", "交易单号", "商户单号", "备注"],
        ["2026-03-05 10:00:00", "二维码收款", "王小明", "/", "收入", "¥200.00", "/", "已收钱", "4200001\t", "/\t", "/"],
        ["2026-03-06 12:00:00", "二维码收款", "路人乙", "/", "收入", "¥80.00", "/", "已收钱", "4200003\t", "/\t", "/"]]


def _run(books, tmp_path, sep):
    path = tmp_path / f"wechat-{'semi' if sep == ';' else 'comma'}.csv"
    path.write_text("".join(sep.join(r) + "\n" for r in ROWS), encoding="utf-8")
    return CliRunner().invoke(cli, ["import", str(books), str(path)])


def test_a_bill_with_semicolons_and_tab_guarded_ids_reads_as_with_commas(books, tmp_path):
    semi, comma = _run(books, tmp_path, ";"), _run(books, tmp_path, ",")
    assert comma.exit_code == 0, comma.output
    assert semi.exit_code == 0, semi.output
    money = [line.split(": ", 1)[1] for line in semi.output.splitlines() if "money Assets:Online:WeChat" in line]
    assert money == [line.split(": ", 1)[1] for line in comma.output.splitlines() if "money Assets:Online:WeChat" in line]
    assert "file in +280.00" in semi.output
