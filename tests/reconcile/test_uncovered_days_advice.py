"""Days no statement covers, and what to do about them.

The real BOC statement (tests/importers/real/boc-debit/boc-debit.csv) states no period: its
rows run from 2025-08-01 to 2025-08-22, and the bank writes no 起止日期 above them, so the
import bounds it by its rows. `relief reconcile --period 2025-08` then failed with
"2025-08-23 to 2025-08-31 (9 days) not covered" and nothing more: exporting again gives the
same file, and no later statement covers those days either. The line now says what to do:
import the statement of those days, or, when the account did not move on them, record the
bank's balance at their end with the days it covers; that entry covers them.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cli import cli
from ledger.init_books import init_books

BOC = Path(__file__).resolve().parents[1] / "importers" / "real" / "boc-debit" / "boc-debit.csv"


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_uncovered_days_say_how_to_cover_them(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2025)
    txns = main.parent / "txns" / "2025.beancount"
    with txns.open("a", encoding="utf-8") as f:
        f.write('\n2025-07-31 * "期初余额"\n  fund: "GENERAL"\n  Assets:Bank:Basic  2813.58 CNY\n  Equity:Opening-Balances\n')
    written = _run("import", main, BOC, "--write")
    assert written.exit_code == 0, written.output
    before = _run("reconcile", main, "--period", "2025-08")
    assert "Assets:Bank:Basic: 2025-08-23 to 2025-08-31 (9 days) not covered" in before.output
    advice = ("import the statement of those days; as the account did not move on them, you may instead record the bank's "
              "balance at their end (its 对账单 or a balance enquiry): `2025-09-01 balance Assets:Bank:Basic <amount> CNY` with "
              "`statement_start: 2025-08-23` and `statement_end: 2025-08-31`")
    assert advice in before.output
    refused = _run("close", main, "2025-08")
    assert refused.exit_code == 1 and "statement_end: 2025-08-31" in refused.output
    with txns.open("a", encoding="utf-8") as f:
        f.write("\n2025-09-01 balance Assets:Bank:Basic  3240.28 CNY\n"
                "  statement_start: 2025-08-23\n  statement_end: 2025-08-31\n")
    after = _run("reconcile", main, "--period", "2025-08")
    assert "every day of 2025-08 is covered" in after.output, after.output
    assert "OK  Assets:Bank:Basic  2025-08-31 日终 end of 2025-08-31" in after.output


def test_days_no_bill_covers_point_to_the_bill(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2026)
    bill = tmp_path / "alipay.csv"
    bill.write_text("------------------------------------------------------------------------------------\n"
                    "导出信息：\n支付宝账户：centre@example.org\n"
                    "起始时间：[2026-01-01 00:00:00]    终止时间：[2026-01-31 23:59:59]\n共1笔记录\n"
                    "------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------\n"
                    "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n"
                    "2026-01-12 10:00:00 ,转账红包,周敏,zm***@163.com,捐款,收入,100.00,余额,交易成功,2026011200001\t,\t,,\n",
                    encoding="utf-8")
    assert _run("import", main, bill, "--write").exit_code == 0
    result = _run("reconcile", main, "--period", "2026-02")
    assert "Assets:Online:Alipay: 2026-02-01 to 2026-02-28 (28 days) not covered: import the bill of those days" in result.output


def test_days_the_account_moved_on_ask_for_the_statement_only(tmp_path):
    """Money moved on the days no statement covers: only a statement shows its rows."""
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2025)
    with (main.parent / "txns" / "2025.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2025-07-31 * "期初余额"\n  fund: "GENERAL"\n  Assets:Bank:Basic  2813.58 CNY\n  Equity:Opening-Balances\n'
                '\n2025-08-27 * "银行手续费"\n  fund: "GENERAL"\n  Expenses:Operations:BankFees  2.00 CNY\n  Assets:Bank:Basic\n')
    assert _run("import", main, BOC, "--write").exit_code == 0
    result = _run("reconcile", main, "--period", "2025-08")
    assert "2025-08-23 to 2025-08-31 (9 days) not covered: import the statement of those days\n" in result.output, result.output


def test_a_foreign_currency_account_is_judged_by_its_own_money(tmp_path):
    """An account that holds USD received 1,000.00 USD in January: the report said "as the
    account did not move on them" (it looked at CNY only) and asked for
    `balance Assets:Bank:USD <amount> CNY`, a balance beancount refuses on an account open
    for USD. The days it moved ask for the statement; quiet days for a balance in USD."""
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2026)
    with (main.parent / "accounts.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2026-01-01 open Assets:Bank:USD USD\n  name_zh: "美元账户"\n  name_en: "USD account"\n')
    with (main.parent / "txns" / "2026.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2026-01-08 * "Harbour Trading" "USD gift"\n  fund: "GENERAL"\n  donor: "ANON"\n  receipt: "JZ-2026-00001"\n'
                '  Assets:Bank:USD  1000.00 USD @ 7.10 CNY\n  Income:Donation:Individual\n')
    january = _run("reconcile", main, "--period", "2026-01")
    assert "Assets:Bank:USD: 2026-01-01 to 2026-01-31 (31 days) not covered: import the statement of those days\n" in january.output, january.output
    february = _run("reconcile", main, "--period", "2026-02")
    assert "`2026-03-01 balance Assets:Bank:USD <amount> USD` with `statement_start: 2026-02-01`" in february.output, february.output
    assert "<amount> CNY" not in february.output
