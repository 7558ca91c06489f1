"""A month with nothing on the WeChat Pay or Alipay balance, and its bill.

`relief reconcile` asks every day of an online balance in use to be covered by a bill
("no bill for 2026-02: import the WeChat Pay / Alipay bill that covers it"), but the bill
the platform gives for a quiet month, its header and 共0笔记录 under its stated period, was
refused ("the bill has a header but no rows"): the month could be neither reconciled nor
closed. Such a bill is now imported: no entries, its document covering its period with no
movement. A header with no rows and no count saying so is still refused (a file cut off).
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli
from ledger.init_books import init_books

ALIPAY = ("------------------------------------------------------------------------------------\n"
          "导出信息：\n支付宝账户：centre@example.org\n"
          "起始时间：[{start} 00:00:00]    终止时间：[{end} 23:59:59]\n共{count}笔记录\n"
          "------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------\n"
          "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n")
GIFT = "2026-01-12 10:00:00 ,转账红包,周敏,zm***@163.com,捐款,收入,100.00,余额,交易成功,2026011200001\t,\t,,\n"
WECHAT = ("微信支付账单明细\n起始时间：[2026-02-01 00:00:00] 终止时间：[2026-02-28 23:59:59]\n共0笔记录\n"
          "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n")


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_a_quiet_months_bill_covers_it(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2026)
    january, february = tmp_path / "alipay-01.csv", tmp_path / "alipay-02.csv"
    january.write_text(ALIPAY.format(start="2026-01-01", end="2026-01-31", count=1) + GIFT, encoding="utf-8")
    february.write_text(ALIPAY.format(start="2026-02-01", end="2026-02-28", count=0), encoding="utf-8")
    assert _run("import", main, january, "--write").exit_code == 0
    before = _run("reconcile", main, "--period", "2026-02")
    assert "Assets:Online:Alipay: 2026-02-01 to 2026-02-28 (28 days) not covered" in before.output
    result = _run("import", main, february, "--write")
    assert result.exit_code == 0, result.output
    assert "the bill states no records (共0笔记录) from 2026-02-01 to 2026-02-28" in result.output
    assert "money Assets:Online:Alipay: file in +0.00, out +0.00, net +0.00" in result.output
    inbox = (main.parent / "inbox.beancount").read_text(encoding="utf-8")
    assert "2026-02-28 document Assets:Online:Alipay" in inbox
    after = _run("reconcile", main, "--period", "2026-02")
    assert "not covered" not in after.output and "no bill for" not in after.output, after.output
    assert "every day of 2026-02 is covered" in after.output


def test_a_quiet_wechat_bill_is_imported(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2026)
    bill = tmp_path / "wechat.csv"
    bill.write_text(WECHAT, encoding="utf-8")
    result = _run("import", main, bill, "--write")
    assert result.exit_code == 0, result.output
    assert "2026-02-28 document Assets:Online:WeChat" in (main.parent / "inbox.beancount").read_text(encoding="utf-8")


def test_a_bill_with_no_rows_and_no_count_is_still_refused(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2026)
    bill = tmp_path / "alipay.csv"
    bill.write_text(ALIPAY.format(start="2026-02-01", end="2026-02-28", count=0).replace("共0笔记录\n", ""),
                    encoding="utf-8")
    result = _run("import", main, bill, "--write")
    assert result.exit_code == 1
    assert "the bill has a header but no rows" in result.output
