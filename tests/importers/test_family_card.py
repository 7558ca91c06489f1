"""A purchase paid with another person's 亲属卡 (WeChat Pay's family card; Alipay's 亲情卡).

That money is the card owner's, not the centre's: no statement the centre holds lists it. The
row was booked to the clearing account with the note for a bank card ("map it … or book the
card statement's entry against Assets:Clearing:WeChat") and `accounts` proposed as
{"亲属卡": "Assets:Bank:…"}: the clearing account never returned to zero, or the owner's money
was counted as the centre's bank. The notes now say whose money it is and propose a liability
(what the centre owes the owner), or booking it as the owner's gift. A row the centre paid for
a relative's use of its own family card (交易类型 亲属卡交易, paid from 零钱) is the centre's money
and unchanged.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

HEAD = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"


def test_a_purchase_paid_with_someone_elses_family_card_says_whose_money_it_is(books, tmp_path):
    f = tmp_path / "wechat.csv"
    f.write_text(HEAD + "2026-03-05 10:00:00,商户消费,某药房,药品,支出,¥45.00,亲属卡,支付成功,4400001\t,/\t,/\n"
                 "2026-03-06 10:00:00,亲属卡交易,某超市,亲属卡,支出,¥30.00,零钱,支付成功,4400002\t,/\t,/\n",
                 encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(f)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert '(e.g. {"亲属卡": "Liabilities:…"})' in out, out
    assert "Assets:Bank:…" not in out
    assert ("亲属卡 is another person's family card: the money is its owner's, not the centre's, and no statement the "
            "centre holds lists it") in out, out
    assert "book the card statement's entry" not in out
    # the centre's own 零钱 paying for a relative's use of its family card: booked from the balance
    assert "Assets:Online:WeChat  -30.00 CNY" in out
