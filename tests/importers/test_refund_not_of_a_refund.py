"""A lone refund found in the books by its counterparty and amount is paired with a payment,
never with another refund.

**公司 gave 200.00 in February and 200.00 in March, and each time had 60.00 of it back. The
March bill held the March gift and its refund (paired, `refund_of` naming the gift); the April
bill holds the refund of the February gift, under an id of its own (WeChat Pay gives a refund a
交易单号 of its own). Looked for by its counterparty and amount, it found the February gift and
also the March *refund* (60.00 to **公司 too): "2 payments in the books … which one it gives
back is not known", and no `refund_of` was written, the February gift's acknowledgement page not
showing the money that went back. A refund is no payment: the February gift is found alone.
Rows written by hand for this test.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli
from ledger.books import load_books

HEADER = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
FEBRUARY = HEADER + "2026-02-10 10:00:00,转账,**公司,/,收入,¥200.00,/,已退款(¥60.00),4200000201\t,/\t,/\n"
MARCH = (HEADER + "2026-03-10 10:00:00,转账,**公司,/,收入,¥200.00,/,已退款(¥60.00),4200000301\t,/\t,/\n"
         + "2026-03-12 10:00:00,转账-退款,**公司,/,支出,¥60.00,零钱,已退款,4200000302\t,/\t,/\n")
APRIL = HEADER + "2026-04-02 10:00:00,转账-退款,**公司,/,支出,¥60.00,零钱,已退款,4200000401\t,/\t,/\n"


def run(books, *args):
    result = CliRunner().invoke(cli, ["import", str(books), *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_april_refund_gives_back_the_february_gift(books, tmp_path):
    for name, text in (("feb.csv", FEBRUARY), ("mar.csv", MARCH)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        run(books, tmp_path / name, "--write")
    (tmp_path / "apr.csv").write_text(APRIL, encoding="utf-8")
    out = run(books, tmp_path / "apr.csv")
    assert "which one it gives back is not known" not in out, out
    assert 'refund_of: "wechat:4200000201"' in out, out
    run(books, tmp_path / "apr.csv", "--write")
    (refund,) = [e for e in load_books(books).entries if getattr(e, "meta", {}).get("source_ref") == "wechat:4200000401"]
    assert refund.meta["refund_of"] == "wechat:4200000201"
