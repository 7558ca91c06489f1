"""A WeChat Pay bill saved again by a spreadsheet (its 交易单号 rounded, 4.20000E+09) whose rows are
already in the books from the bill as downloaded: the note saying so names what happened to the
bill, not a bank. It said "the same day, account, amount and payee from the same bank, as another
layout of the same download gives them (ICBC's with 交易详情 and 对方账户)", which sent the finance
officer looking for a bank statement in a run that held none. Rows written by hand for this test.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

HEADER = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
ROWS = [("2026-04-03 10:15:00", "二维码收款", "李*", "收入", "¥50.00", "/", "已收钱", "4200000001"),
        ("2026-04-03 10:16:00", "二维码收款", "王*", "收入", "¥30.00", "/", "已收钱", "4200000002")]


def _bill(ids) -> str:
    return HEADER + "".join(f"{t},{k},{p},/,{d},{a},{m},{s},{i}\t,/\t,/\n" for (t, k, p, d, a, m, s, _), i in zip(ROWS, ids, strict=True))


def test_the_note_names_the_bill_saved_again_not_a_bank(books, tmp_path):
    download, saved = tmp_path / "wechat.csv", tmp_path / "wechat-saved.csv"
    download.write_text(_bill([r[-1] for r in ROWS]), encoding="utf-8")
    saved.write_text(_bill(["4.20000E+09", "4.20000E+09"]), encoding="utf-8")
    assert CliRunner().invoke(cli, ["import", str(books / "main.beancount"), str(download), "--write"]).exit_code == 0
    out = CliRunner().invoke(cli, ["import", str(books / "main.beancount"), str(saved)]).output
    assert "0 new entries" in out and "2 already in the books" in out, out
    assert "ICBC" not in out and "the same bank" not in out, out
