"""A WeChat Pay transfer's states besides 已收钱: 已退回 and 待接收.

已退回 (a transfer that went back to its sender, as 已退还 / 朋友已退还 say) was booked in full:
a transfer received and returned became a gift with a receipt the centre never kept. 待接收 on
money in (a transfer the centre has not accepted yet) is not in the balance: it was booked as a
gift too, and if it then went back, the gift stayed in the books. Each is now listed as skipped
with its amount and why; a transfer the centre sent that waits to be accepted has left the
balance and is booked.
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


def test_a_transfer_not_accepted_yet_is_listed_until_a_later_bill_shows_it(books, tmp_path):
    march = bill(tmp_path, "march.csv",
                 "2026-03-30 10:00:00,转账,张三,/,收入,¥200.00,/,待接收,4200001\t,/\t,/",
                 "2026-03-30 11:00:00,转账,李四,/,支出,¥300.00,零钱,待接收,4200002\t,/\t,/",
                 "2026-03-31 10:00:00,二维码收款,王小明,/,收入,¥500.00,/,已收钱,4200003\t,/\t,/")
    result = run(books, march)
    assert result.exit_code == 0, result.output
    out = result.output
    assert ("row 2: skipped (状态 待接收: the transfer is not accepted yet (200.00 not in the balance yet); "
            "once it is accepted, export this bill again, of the same days, and import it, where it shows as 已收钱 "
            "(or as 已退还 if it went back)") in out
    assert "200.00 CNY" not in out.replace("+200.00 CNY", "")
    # the one the centre sent has left its balance, whether or not it is accepted
    assert "Assets:Online:WeChat  -300.00 CNY" in out
    # not in the balance: outside the file's money, as a sale the platform still holds is
    assert "file in +500.00, out -300.00, net +200.00 = proposed +200.00" in out
    # the March bill exported again once it is accepted: that transfer booked then, a gift with
    # its receipt, and the rows booked from the first export not again
    again = bill(tmp_path, "march-again.csv",
                 "2026-03-30 10:00:00,转账,张三,/,收入,¥200.00,/,已收钱,4200001\t,/\t,/",
                 "2026-03-30 11:00:00,转账,李四,/,支出,¥300.00,零钱,朋友已收钱,4200002\t,/\t,/",
                 "2026-03-31 10:00:00,二维码收款,王小明,/,收入,¥500.00,/,已收钱,4200003\t,/\t,/")
    assert run(books / "main.beancount", march, "--write").exit_code == 0
    later = run(books / "main.beancount", again)
    assert later.exit_code == 0, later.output
    assert "Assets:Online:WeChat         200.00 CNY" in later.output
    assert "net +400.00 = proposed +200.00 + already in the books +200.00 + skipped +0.00" in later.output, later.output
