"""A WeChat Pay transfer's states besides 已收钱.

已退回 (a transfer that went back to its sender, as 已退还 / 朋友已退还 say) was booked in full:
a transfer received and returned became a gift with a receipt the centre never kept. It is now
listed as skipped with its amount and why.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

HEAD = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def bill(tmp_path, name, *rows):
    f = tmp_path / name
    f.write_text(HEAD + "".join(r + "\n" for r in rows), encoding="utf-8")
    return f


def test_a_transfer_returned_is_listed_not_booked(books, tmp_path):
    f = bill(tmp_path, "wechat.csv",
             "2026-03-03 10:00:00,转账,张三,/,收入,¥150.00,/,已退回,4200003\t,/\t,/",
             "2026-03-03 11:00:00,转账,李四,/,支出,¥120.00,零钱,已退回,4200004\t,/\t,/",
             "2026-03-06 10:00:00,二维码收款,王小明,/,收入,¥20.00,/,已收钱,4200005\t,/\t,/")
    result = run(books, f)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "row 2: skipped (status 已退回: the transfer went back to its sender (150.00 received and returned)" in out
    assert "row 3: skipped (status 已退回: the transfer went back to its sender (120.00 paid and returned)" in out
    assert "150.00 CNY" not in out and "120.00 CNY" not in out
    assert "JZ-2026-00002" not in out  # one receipt, for the gift kept
    assert "file in +20.00, out +0.00" in out

