"""A gift's bill imported after the bill of its refund: the refund already in the books is named.

Alipay writes a gift given back as a `不计收支` 退款 row whose id is the gift's followed by `_`
and its own digits. Imported before the gift's bill, that refund has no payment to go against
and is booked on its own as money back in (+1,000.00, as a purchase refunded; the note says to
import the gift's bill first). Importing the gift's bill afterwards then said "this bill has no
refund row for it … (import the next month's bill)", which was already in: the books kept the
refund the wrong way round, the balance 2,000.00 too high, and the advice led nowhere. The gift's
import now names the refund's entry and says what to do (delete it and import its bill again:
it is then booked against the gift, money out). Rows written by hand for this test.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

HEADER = "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n"
JULY = HEADER + "2026-07-10 10:00:00,转账红包,孙*,sun***@qq.com,捐款,收入,1000.00,余额,交易关闭,20260710200040011100001\t,\t,,\n"
AUGUST = (HEADER + "2026-08-02 10:00:00,退款,孙*,sun***@qq.com,退款-捐款,不计收支,1000.00,余额,退款成功,"
          "20260710200040011100001_20260802001\t,\t,,\n")


def run(books, *args):
    result = CliRunner().invoke(cli, ["import", str(books), *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_gift_imported_after_its_refund_names_the_refund_in_the_books(books, tmp_path):
    july, august = tmp_path / "july.csv", tmp_path / "august.csv"
    july.write_bytes(JULY.encode("gbk"))
    august.write_bytes(AUGUST.encode("gbk"))
    run(books, august, "--write")
    out = " ".join(run(books, july).split())
    assert "import the next month's bill" not in out, out
    assert ("row 2: its refund is already in the books, booked on its own before this bill was imported "
            "(inbox.beancount:") in out, out
    assert "alipay:20260710200040011100001_20260802001, +1000.00 CNY on Assets:Online:Alipay)" in out
    assert "delete that entry and import its bill again" in out
