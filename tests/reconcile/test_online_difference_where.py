"""A WeChat Pay balance that does not agree with its bill: where to look.

October's bill moved the balance +300.00 (gifts of 500.00 and 800.00, a withdrawal of
1,000.00); the books moved it -200.00, as the roster paid 500.00 of education aid by 微信转账
that no row of the bill paid. reconcile said only "difference -500.00; find the missing or
wrong entry". As for a bank account, it now names the entries on those days that move the
balance by the difference, and those no bill gave.
"""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner

from cli import cli
from ledger.init_books import init_books

BILL = ("微信支付账单明细\n起始时间：[2026-03-01 00:00:00] 终止时间：[2026-03-31 23:59:59]\n共2笔记录\n"
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
        "2026-03-12 11:00:00,二维码收款,王小明,/,收入,¥800.00,/,已收钱,4200002\t,/\t,/\n"
        "2026-03-05 10:00:00,转账,李雷,/,收入,¥500.00,/,已收钱,4200001\t,/\t,/\n")
CASE = '\n2026-01-05 custom "case" "C0003" "enrolled"\n  unit: "市建设工会"\n  cause: "education"\n  household: 4\n'


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_the_entry_no_bill_gave_is_named(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2026)
    with (main.parent / "registry" / "cases.beancount").open("a", encoding="utf-8") as fh:
        fh.write(CASE)
    bill = tmp_path / "wechat.csv"
    bill.write_text(BILL, encoding="utf-8")
    roster = tmp_path / "花名册.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["发放日期", "档案编号", "救助类别", "发放金额", "审批编号", "发放方式"])
    wb.active.append(["2026-03-20", "C0003", "助学", 500, "SP-2026-102", "微信转账"])
    wb.save(roster)
    written = _run("import", main, bill, roster, "--write")
    assert written.exit_code == 0, written.output
    result = _run("reconcile", main, "--period", "2026-03")
    line = next(x for x in result.output.splitlines() if "Assets:Online:WeChat" in x and "difference -500.00" in x)
    assert "look first at the entries that move it by the difference" in line, line
    assert "2026-03-20 \"助学发放\" -500.00 (" in line and "inbox.beancount:" in line
    with (main.parent / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\n2026-03-25 * "办公用品"\n  fund: "GENERAL"\n  Expenses:Operations:Office  30.00 CNY\n  Assets:Online:WeChat\n')
    result = _run("reconcile", main, "--period", "2026-03")
    line = next(x for x in result.output.splitlines() if "Assets:Online:WeChat" in x and "difference -530.00" in x)
    assert "entries on it on those days that no bill gave (a roster's aid paid by 微信转账 / 支付宝转账, or typed by hand)" in line
    assert "\"助学发放\" -500.00 (" in line and "\"办公用品\" -30.00 (" in line
