"""Cells guarded Excel-style (="123", = "123"), and a last row that does not read.

= "200.00" (a space after =) was taken for a formula whose result the file does not store,
and as a bill's last row, its time = "2026-…" too, the row was passed over as the footer:
its money neither booked nor listed. ="1,234.00" written without CSV quotes was split at
its comma and the statement refused as shifted. A last row whose time and amount do not
read is now refused, never passed over.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

WECHAT = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
BANK = "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def test_spaced_guards_are_read_as_their_text(books, tmp_path):
    f = tmp_path / "wechat.csv"
    f.write_text(WECHAT + '2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥20.00,/,已收钱,4200000\t,/\t,/\n'
                 '= "2026-03-06 10:00:00",二维码收款,王小明,/,收入,= "200.00",/,已收钱,= "4200001",/\t,/\n', encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 0, result.output
    assert "file in +220.00" in result.output and 'source_ref: "wechat:4200001"' in result.output


def test_a_guarded_amount_split_at_its_comma_is_put_back_together(books, tmp_path):
    f = tmp_path / "cmb.csv"
    f.write_text(BANK + '2026-03-02,CNY,="1,234.00",="11,234.00",转账汇款,某某机械厂 6222020000001234,捐赠\n', encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 0, result.output
    assert "Assets:Bank:Basic            1234.00 CNY" in result.output and "11234.00 CNY" in result.output


def test_a_last_row_that_does_not_read_is_refused_not_passed_over(books, tmp_path):
    f = tmp_path / "wechat.csv"
    f.write_text(WECHAT + '2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥20.00,/,已收钱,4200000\t,/\t,/\n'
                 '三月六日,二维码收款,王小明,/,收入,200.00（已收）,/,已收钱,4200001\t,/\t,/\n', encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "wechat.csv, row 3" in result.output and "not a date" in result.output
