"""A bill every row of which is skipped still makes valid books when written.

Its document is filed on the platform's account, which the import proposed to open only
when some row was booked: `relief import --write` of a bill of failed payments alone was
refused with "Invalid reference to unknown account 'Assets:Online:WeChat'".
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

HEAD = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"


def test_a_bill_of_skipped_rows_opens_its_account_and_writes(books, tmp_path):
    f = tmp_path / "wechat.csv"
    f.write_text(HEAD + "2026-03-08 09:00:00,转账,某某文具店,/,支出,¥30.00,零钱,支付失败,4200005\t,/\t,/\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(f), "--write"])
    assert result.exit_code == 0, result.output
    assert "The books pass their checks" in result.output
    inbox = (books / "inbox.beancount").read_text(encoding="utf-8")
    assert "open Assets:Online:WeChat" in inbox
    assert "2026-03-08 document Assets:Online:WeChat" in inbox  # dated in the bill, not on the day of the import
