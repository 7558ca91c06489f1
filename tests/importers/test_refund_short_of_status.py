"""A payment whose status says more came back than the bill's refund rows give back.

Alipay's older layout writes 成功退款 50.00 on a payment of 100.00 as of the day the bill was
exported; the bill held one refund row of 30.00 (the other 20.00 came later, in the next
bill). The dry run said `100.00 paid, refunded 30.00 by row 4; both are booked` and nothing
about the 20.00 the status says came back: the entry stood unflagged, and a refund never
imported went unnoticed. Now the dry run and the entry say how much is still to be booked.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

HEAD = ("支付宝交易记录明细查询\n交易号,商家订单号,交易创建时间,付款时间,最近修改时间,交易来源地,类型,交易对方,商品名称,"
        "金额（元）,收/支,交易状态,服务费（元）,成功退款（元）,备注,资金状态,\n")


def row(tid, day, party, item, amount, direction, status, refunded, state):
    when = f"2026-03-{day:02d} 10:00:00"
    return f"{tid},S1,{when},{when},{when},支付宝网站,即时到账交易,{party},{item},{amount},{direction},{status},0.00,{refunded},,{state},\n"


def run(books, tmp_path, rows):
    path = tmp_path / "alipay.csv"
    path.write_text(HEAD + "".join(rows), encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_refund_row_short_of_the_stated_refund_is_said(books, tmp_path):
    out = run(books, tmp_path, [row("3001", 5, "某商店", "文具", "100.00", "支出", "交易成功", "50.00", "已支出"),
                                row("3001_1", 6, "某商店", "退款-文具", "30.00", "", "退款成功", "0.00", "已收入")])
    assert "row 3: 100.00 paid, refunded 30.00 by row 4; both are booked" in out
    assert ("its status (交易成功, 成功退款 50.00) says 50.00 came back: the other 20.00 is booked from the bill "
            "that lists its refund (import the next month's bill)") in out
    payment = out.split('2026-03-05 ! "某商店" "文具"', 1)[1].split("\n\n", 1)[0]
    assert 'note: "the bill says 交易成功, 成功退款 50.00: 30.00 of it is booked from this bill, the other 20.00' in payment


def test_refund_rows_giving_back_what_the_status_says_have_no_such_note(books, tmp_path):
    out = run(books, tmp_path, [row("3001", 5, "某商店", "文具", "100.00", "支出", "交易成功", "50.00", "已支出"),
                                row("3001_1", 6, "某商店", "退款-文具", "30.00", "", "退款成功", "0.00", "已收入"),
                                row("3001_2", 7, "某商店", "退款-文具", "20.00", "", "退款成功", "0.00", "已收入")])
    assert "row 3: 100.00 paid, refunded 50.00 by row 4, 5; both are booked" in out
    assert "the other" not in out and "note:" not in out.split('"文具"', 1)[1].split("\n\n", 1)[0]
