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


def month_bill(tmp_path, name, *rows):
    f = tmp_path / name
    f.write_text(HEAD + "".join(r + "\n" for r in rows), encoding="utf-8")
    return f


def test_the_refund_of_a_transfer_gone_back_is_listed_not_booked_from_a_later_bill(books, tmp_path):
    """The March bill shows the transfer 对方已退还 (skipped: nothing stayed); the April bill
    lists its 转账-退款. Booked on its own, the 700.00 came in without ever having gone out."""
    march = month_bill(tmp_path, "march.csv", "2026-03-30 09:00:00,转账,张某,/,支出,¥700.00,零钱,对方已退还,1000039901260330\t,/,/")
    april = month_bill(tmp_path, "april.csv",
                       "2026-04-01 09:00:00,转账-退款,张某,/,收入,¥700.00,零钱,已全额退款,1000039901260401001\t,/,/",
                       "2026-04-04 09:00:00,二维码收款,王小明,/,收入,¥30.00,/,已收钱,1000039901260404\t,/,/")
    assert run(books / "main.beancount", march, "--write").exit_code == 0
    result = run(books / "main.beancount", april)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "row 2: skipped (a refund of a transfer (转账-退款) whose transfer is neither in this bill nor in the books" in out
    assert "+700.00 CNY): 张某 ¥700.00" in out
    assert "file in +730.00, out +0.00, net +730.00 = proposed +30.00 + already in the books +0.00 + skipped +700.00" in out
    assert "700.00 CNY" not in out.replace("+700.00 CNY", "")
    # in one run the March bill is no help either: its transfer was skipped
    both = run(books / "main.beancount", march, april).output
    assert "skipped +700.00" in both and "proposed +30.00" in both


def test_the_refund_of_a_red_packet_gone_back_is_listed_not_booked_from_a_later_bill(books, tmp_path):
    """A 微信红包 row 已退还 is skipped like a transfer's; its 微信红包-退款 in the next bill was
    booked on its own, 200.00 in that had never gone out. It is listed, as a transfer's is."""
    march = month_bill(tmp_path, "march.csv", "2026-03-30 09:00:00,微信红包,张某,/,支出,¥200.00,零钱,已退还,1000039901260330\t,/,/")
    april = month_bill(tmp_path, "april.csv",
                       "2026-04-01 09:00:00,微信红包-退款,张某,/,收入,¥200.00,零钱,已到账,1000039901260401001\t,/,/",
                       "2026-04-04 09:00:00,二维码收款,王小明,/,收入,¥30.00,/,已收钱,1000039901260404\t,/,/")
    assert run(books / "main.beancount", march, "--write").exit_code == 0
    out = run(books / "main.beancount", april).output
    assert "row 2: skipped (a refund of a red packet (微信红包-退款) whose red packet is neither in this bill nor in the books" in out
    assert "net +230.00 = proposed +30.00 + already in the books +0.00 + skipped +200.00" in out, out


def test_the_refund_of_a_transfer_the_books_hold_is_booked_against_it(books, tmp_path):
    """The March bill was exported before the transfer went back: it is in the books, paid;
    April's 转账-退款 is found by its counterparty and amount and booked beside it."""
    march = month_bill(tmp_path, "march.csv", "2026-03-30 09:00:00,转账,张某,/,支出,¥700.00,零钱,支付成功,1000039901260330\t,/,/")
    april = month_bill(tmp_path, "april.csv",
                       "2026-04-01 09:00:00,转账-退款,张某,/,收入,¥700.00,零钱,已全额退款,1000039901260401001\t,/,/")
    assert run(books / "main.beancount", march, "--write").exit_code == 0
    result = run(books / "main.beancount", april)
    assert result.exit_code == 0, result.output
    assert 'refund_of: "wechat:1000039901260330"' in result.output
    assert "Assets:Online:WeChat   700.00 CNY" in result.output and "skipped +0.00" in result.output


ALIPAY_HEAD = "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n"


def test_an_alipay_transfer_refund_alone_is_booked_its_transfer_was_booked_in_full(books, tmp_path):
    """Not WeChat Pay's 已退还 case: Alipay writes a transfer that came back as 交易关闭 on
    支出, which is booked in full (money that went out), so its refund, alone in a later bill,
    is the money coming back and is booked (flagged, on Liabilities:Payable). Listed as not
    booked like WeChat Pay's, the books would stay short by the transfer."""
    march = tmp_path / "march.csv"
    march.write_text(ALIPAY_HEAD + "2026-03-10 10:00:00,转账红包,张某,/,转账,支出,700.00,余额,交易关闭,2026031020001\t,\t,,\n",
                     encoding="utf-8")
    april = tmp_path / "april.csv"
    april.write_text(ALIPAY_HEAD + "2026-04-01 10:00:00,退款,张某,/,转账退款,收入,700.00,余额,退款成功,2026040120009\t,\t,,\n",
                     encoding="utf-8")
    paid = run(books, march)
    assert "Assets:Online:Alipay  -700.00 CNY" in paid.output, paid.output
    alone = run(books, april)
    assert alone.exit_code == 0, alone.output
    # the amount stands in the note: a refund not paired is named with its money
    assert "row 2: a refund of 700.00 whose payment is neither in this bill nor in the books: booked on its own (+700.00)" \
        in alone.output
    assert "Assets:Online:Alipay   700.00 CNY" in alone.output and "skipped +0.00" in alone.output


def test_a_payment_whose_status_reads_full_refund_is_a_payment_not_a_refund(books, tmp_path):
    """全额退款 (without 已) is one of the statuses read as "refunded in full" (FULL_REFUND_WORDS),
    yet the row was taken for a refund itself, since its status holds 退款: a gift refunded so
    was booked without its receipt or donor as money back from nobody, and a purchase's later
    refund row found no payment to pair with."""
    f = bill(tmp_path, "2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥50.00,/,全额退款,4200001\t,/\t,/",
             "2026-03-07 10:00:00,商户消费,某文具店,文具,支出,¥100.00,零钱,全额退款,4200002\t,M6\t,/",
             "2026-03-08 10:00:00,商户消费-退款,某文具店,文具,收入,¥100.00,零钱,已到账,4200003\t,M6\t,/")
    result = run(books, f)
    assert result.exit_code == 0, result.output
    assert 'receipt: "JZ-2026-00001"' in result.output and 'bill_status: "全额退款"' in result.output
    assert "row 3: 100.00 paid, refunded in full by row 4; both are booked" in result.output
    assert "neither in this bill nor in the books" not in result.output


def test_a_red_packet_returned_in_part_is_not_skipped_whole(books, tmp_path):
    """已退还(¥40.00) on a group red packet of 100.00: 60.00 was claimed and stayed paid. Its
    row was skipped as '100.00 paid and returned: nothing stayed', the 60.00 lost from the
    books; now it is booked in full, flagged with its status, as a payment refunded in part
    (已退款(¥40.00)) is: the 40.00 that came back is booked from its 微信红包-退款 row."""
    f = bill(tmp_path, "2026-03-08 10:00:00,微信红包,某群,/,支出,¥100.00,零钱,已退还(¥40.00),4200001\t,/\t,/",
             "2026-03-10 10:00:00,微信红包,王小明,/,支出,¥50.00,零钱,已退还,4200003\t,/\t,/")
    result = run(books, f)
    assert result.exit_code == 0, result.output
    assert "row 2: status 已退还(¥40.00): refunded 40.00 of it, but this bill has no refund row for it" in result.output
    assert "file in +0.00, out -100.00, net -100.00 = proposed -100.00" in result.output
    assert "row 3: skipped (status 已退还: the transfer went back to its sender (50.00 paid and returned)" in result.output


def test_the_part_of_a_red_packet_returned_comes_back_in_the_next_bill(books, tmp_path):
    """Its 微信红包-退款 of 40.00 alone in April's bill was listed as the refund of a red packet
    skipped as returned, not booked: the 40.00 that came back was missing. It is found by its
    counterparty and the amount the payment's status names, and booked against it."""
    march = bill(tmp_path, "2026-03-08 10:00:00,微信红包,某群,/,支出,¥100.00,零钱,已退还(¥40.00),4200001\t,/\t,/")
    assert run(books, march, "--write").exit_code == 0
    april = tmp_path / "april.csv"
    april.write_text(HEAD + "2026-04-01 10:00:00,微信红包-退款,某群,/,收入,¥40.00,零钱,已到账,4200009\t,/\t,/\n",
                     encoding="utf-8")
    result = run(books, april)
    assert result.exit_code == 0, result.output
    assert 'refund_of: "wechat:4200001"' in result.output and "proposed +40.00" in result.output, result.output
    assert "whose red packet is neither in this bill nor in the books" not in result.output
