"""What a WeChat Pay row's status says about money that came back.

已退还 (a transfer not accepted in time, gone back to its sender) was booked in full: a gift
with a receipt the centre never kept. Now it is skipped and listed with its amount and why.
已全额退款 / 部分退款 were told only in the dry run's notes, lost once the entries were
written, and 部分退款 (no amount in it) not even there: now the status stands on the booked
entry (bill_status), flagged with a note while the bill has no refund row for it.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

HEAD = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def bill(tmp_path, *rows):
    f = tmp_path / "wechat.csv"
    f.write_text(HEAD + "".join(r + "\n" for r in rows), encoding="utf-8")
    return f


def test_a_transfer_gone_back_is_listed_not_booked(books, tmp_path):
    f = bill(tmp_path, "2026-03-05 10:00:00,转账,王小明,/,收入,¥200.00,/,已退还,4200001\t,/\t,/",
             "2026-03-06 10:00:00,二维码收款,王小明,/,收入,¥20.00,/,已收钱,4200002\t,/\t,/")
    result = run(books, f)
    assert result.exit_code == 0, result.output
    assert "row 2: skipped (status 已退还: the transfer went back to its sender (200.00 received and returned)" in result.output
    assert "200.00 CNY" not in result.output and "file in +20.00" in result.output
    assert "JZ-2026-00002" not in result.output  # one receipt, for the gift kept


def test_refund_statuses_stand_on_the_booked_entry(books, tmp_path):
    f = bill(tmp_path, "2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥50.00,/,已全额退款,4200001\t,/\t,/",
             "2026-03-06 10:00:00,二维码收款,王小明,/,收入,¥20.00,/,部分退款,4200002\t,/\t,/",
             "2026-03-07 10:00:00,二维码收款,王小明,/,收入,¥30.00,/,已退款(¥10.00),4200003\t,/\t,/")
    result = run(books, f)
    assert result.exit_code == 0, result.output
    out = result.output
    assert 'bill_status: "已全额退款"' in out and 'bill_status: "部分退款"' in out and 'bill_status: "已退款(¥10.00)"' in out
    assert "the bill says 已全额退款: all of it came back" in out
    assert "the bill says 部分退款: part of it came back" in out
    assert "the bill says 已退款(¥10.00): 10.00 of it came back" in out
    assert out.count('! "王小明"') == 3
    assert "file in +100.00" in out  # each booked in full; the refunds come with the bill listing them
