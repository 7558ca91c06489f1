"""A statement whose own-account column (BOC's 借记卡号) holds more than one account.

BOC's download names the card on every row; queried for all of a customer's cards it
lists the rows of each, interleaved. Every row was booked on the first row's account: a
500.00 gift to card 7777 booked into the account of card 2222, with only a note that a
balance did not follow. Such a file is now refused, naming the first row of the other card.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

HEAD = "记账日期,记账时间,币别,金额,余额,交易名称,渠道,网点名称,附言,对方账户名,对方卡号/账号,对方开户行,借记卡号"
ROW_2222 = '2026-03-05,12:24:20,人民币,"3,000.00","4,000.00",转账汇入,手机银行,-,捐赠,王小明,6222******0258,-,2222'
ROW_7777 = '2026-03-06,12:24:20,人民币,"500.00","900.00",转账汇入,手机银行,-,捐赠,李四,6222******0259,-,7777'
ROW_2222_B = '2026-03-07,09:00:00,人民币,"-100.00","3,900.00",转账支出,手机银行,-,,张三,6222******0260,-,2222'


def run(books, tmp_path, rows):
    path = tmp_path / "中行明细.csv"
    path.write_text("\r\n".join(["中国银行交易流水明细单", HEAD, *rows]) + "\r\n", encoding="utf-8")
    return CliRunner().invoke(cli, ["import", str(books), str(path)])


def test_rows_of_two_cards_are_refused(books, tmp_path):
    result = run(books, tmp_path, [ROW_2222, ROW_7777, ROW_2222_B])
    assert result.exit_code == 1, f"another card's rows booked here:\n{result.output}"
    assert "中行明细.csv, row 4" in result.output and "7777" in result.output and "2222" in result.output, result.output


def test_rows_of_one_card_are_read(books, tmp_path):
    result = run(books, tmp_path, [ROW_2222, ROW_2222_B])
    assert result.exit_code == 0, result.output
    assert "file in +3,000.00, out -100.00" in result.output
