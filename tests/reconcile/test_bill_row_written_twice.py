"""A bill whose export wrote a row twice reconciles with the row counted once.

The import lists the second copy as skipped (repeats row 4 cell for cell, its 交易单号 included)
and books the payment once; but the `statement_net` it records for `relief reconcile` was the
file's net with both copies (+400.00 for +200.00 received), so the month failed with "the bills
move +400.00, the books +200.00; find the missing or wrong entry", and no entry was missing.
The net recorded is now what the bill's rows moved less the rows the import skipped (each
listed in its dry run with its amount and reason).
"""

from __future__ import annotations

from decimal import Decimal

from click.testing import CliRunner

from cli import cli
from ledger.books import load_books
from ledger.init_books import init_books
from ledger.period import parse_period
from ledger.reconcile.report import build_report

ROW = "2024-03-05 10:00:00,二维码收款,某某机械制造有限公司,/,收入,¥200.00,/,已收钱,4200001,/,/\n"
BILL = ("微信支付账单明细\n起始时间：[2024-03-01 00:00:00] 终止时间：[2024-03-31 23:59:59]\n"
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
        + ROW + ROW)


def test_a_bill_with_a_row_written_twice_reconciles(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2024)
    bill = tmp_path / "wechat.csv"
    bill.write_text(BILL, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(main), str(bill), "--write"])
    assert result.exit_code == 0, result.output
    assert "repeats row 4 cell for cell" in result.output
    report = build_report(load_books(main), parse_period("2024-03"))
    (online,) = [a for a in report.accounts if a.account == "Assets:Online:WeChat"]
    assert online.ok, online.problem
    assert online.statement == online.books_at_statement == Decimal("200.00")
