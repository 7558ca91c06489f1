"""A second header under the rows with its columns in another order (two exports pasted into
one file) is refused naming its row, for a bank statement and a payment bill alike.

Why: the rows under it were read in the first header's columns: refused at the next row as
"'医疗救助' is not a date", a cell that was not wrong.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

BANK_HEAD = ["记账日期", "货币", "交易金额", "联机余额", "交易摘要", "对手信息", "客户摘要"]
BANK_ROWS = [["2026-03-02", "CNY", "1234.00", "11234.00", "转账汇款", "某某机械厂 6222020000001234", "捐赠"],
             ["2026-03-03", "CNY", "-200.00", "11034.00", "转账汇款", "赵小红", "助学金"]]
WECHAT_HEAD = ["交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "支付方式", "当前状态", "交易单号", "商户单号", "备注"]
WECHAT_ROWS = [["2026-03-05 10:00:00", "二维码收款", "王小明", "/", "收入", "¥200.00", "/", "已收钱", "4200001", "/", "/"],
               ["2026-03-06 10:00:00", "二维码收款", "路人乙", "/", "收入", "¥80.00", "/", "已收钱", "4200003", "/", "/"]]


def _file(tmp_path, name, head, rows):
    moved = list(reversed(range(len(head))))
    lines = [head, rows[0], [head[i] for i in moved], [rows[1][i] for i in moved]]
    path = tmp_path / name
    path.write_text("".join(",".join(r) + "\n" for r in lines), encoding="utf-8")
    return path


def test_a_reordered_second_header_is_refused(books, tmp_path):
    for name, head, rows in (("cmb.csv", BANK_HEAD, BANK_ROWS), ("wechat.csv", WECHAT_HEAD, WECHAT_ROWS)):
        result = CliRunner().invoke(cli, ["import", str(books), str(_file(tmp_path, name, head, rows))])
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert f"{name}, row 3: this row is a second header with its columns in another order" in result.output, result.output
        assert "cut the file in two at row 3" in result.output and "这一行又是一行表头" in result.output
        # the Chinese half names the moved columns as the English does (it printed "{'、'.join(cells[:6])}")
        zh_line = result.output.split("这一行")[1].split("\n")[0]
        assert f"（{'、'.join(reversed(head[-6:]))}…，{len(head)} 列中有" in zh_line and "{" not in zh_line, result.output
