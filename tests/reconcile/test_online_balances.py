"""WeChat Pay / Alipay balances reconcile against their bills (#12): the bill's net movement
over its own stated days, and the days no bill covers."""

from __future__ import annotations

import datetime
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cli import cli
from ledger.books import load_books
from ledger.init_books import init_books
from ledger.period import parse_period
from ledger.reconcile.report import build_report

BILL = (
    "微信支付账单明细\n起始时间：[2024-03-01 00:00:00] 终止时间：[2024-03-20 23:59:59]\n"
    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
    "2024-03-05 10:00:00,二维码收款,某某机械制造有限公司,/,收入,¥200.00,/,已收钱,4200001,/,/\n"
    "2024-03-06 10:00:00,商户消费,某商店,文具,支出,¥35.00,中国银行(1234),支付成功,4200002,M2,/\n"
    "2024-03-07 10:00:00,商户消费,某商店,纸,支出,¥15.00,零钱,支付成功,4200003,M3,/\n"
)


def _books(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2024)
    with (main.parent / "registry" / "donors.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2024-01-01 custom "donor" "D0001" "enterprise"\n  name: "某某机械制造有限公司"\n')
    bill = tmp_path / "wechat.csv"
    bill.write_text(BILL, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(main), str(bill), "--write"])
    assert result.exit_code == 0, result.output
    assert "money Assets:Online:WeChat: file in +200.00, out -15.00, net +185.00" in result.output
    return main


def test_an_imported_bill_reconciles_its_balance_and_covers_its_stated_days(tmp_path):
    main = _books(tmp_path)
    report = build_report(load_books(main), parse_period("2024-03"))
    (online,) = [a for a in report.accounts if a.account == "Assets:Online:WeChat"]
    assert online.kind == "online" and online.ok, online.problem
    # the card-paid row is not the balance: the bill's net on the balance is 200 - 15
    assert online.statement == online.books_at_statement == Decimal("185.00")
    gaps = [g for g in report.gaps if g.account == "Assets:Online:WeChat"]
    assert [(g.start, g.end) for g in gaps] == [(datetime.date(2024, 3, 21), datetime.date(2024, 3, 31))]


def test_an_entry_the_bill_does_not_have_is_found(tmp_path):
    main = _books(tmp_path)
    with (main.parent / "txns" / "2024.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2024-03-10 * "手工录入"\n  fund: "GENERAL"\n  Assets:Online:WeChat  -0.01 CNY\n  Expenses:Operations:BankFees  0.01 CNY\n')
    report = build_report(load_books(main), parse_period("2024-03"))
    (online,) = [a for a in report.accounts if a.account == "Assets:Online:WeChat"]
    assert not online.ok and "difference -0.01" in online.problem


def test_a_balance_used_without_a_bill_is_a_problem(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2024)
    with (main.parent / "txns" / "2024.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2024-01-01 open Assets:Online:Alipay CNY\n'
                '2024-03-10 * "手工录入"\n  fund: "GENERAL"\n  Assets:Online:Alipay  -1.00 CNY\n  Expenses:Operations:BankFees  1.00 CNY\n')
    report = build_report(load_books(main), parse_period("2024-03"))
    (online,) = [a for a in report.accounts if a.account == "Assets:Online:Alipay"]
    assert not online.ok and "no bill" in online.problem


WITHDRAWAL = (
    "微信支付账单明细\n起始时间：[2024-03-01 00:00:00] 终止时间：[2024-03-31 23:59:59]\n"
    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
    "2024-03-05 10:00:00,二维码收款,某某机械制造有限公司,/,收入,¥1200.00,/,已收钱,4200001,/,/\n"
    "2024-03-08 10:00:00,零钱提现,工商银行(2222),/,/,¥1000.10,工商银行,提现已到账,4200009,/,服务费¥0.10\n"
)
BANK = (
    "交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额\n"
    "2024-03-09,ICBC20240309000001,转账存入,财付通支付科技有限公司,1000.00,,1000.00\n"
)


def test_a_withdrawal_and_the_banks_row_for_it_are_booked_once(tmp_path):
    """The bill's withdrawal books the bank side; the bank statement's row for it is linked, not booked again."""
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2024)
    accounts = main.parent / "accounts.beancount"
    accounts.write_text(accounts.read_text(encoding="utf-8").replace('account_number: ""', 'account_number: "6222000011112222"', 1),
                        encoding="utf-8")
    with (main.parent / "registry" / "donors.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2024-01-01 custom "donor" "D0001" "enterprise"\n  name: "某某机械制造有限公司"\n')
    bill, bank = tmp_path / "wechat.csv", tmp_path / "icbc.csv"
    bill.write_text(WITHDRAWAL, encoding="utf-8")
    bank.write_text(BANK, encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(cli, ["import", str(main), str(bill), "--write"])
    assert first.exit_code == 0, first.output
    dry = runner.invoke(cli, ["import", str(main), str(bank), "--account", "Assets:Bank:Basic"])
    assert "linked to the same money already in the books" in dry.output, dry.output
    assert "1 linked to card payments" in dry.output
    second = runner.invoke(cli, ["import", str(main), str(bank), "--account", "Assets:Bank:Basic", "--write"])
    assert second.exit_code == 0, second.output
    books = load_books(main)
    report = build_report(books, parse_period("2024-03"))
    accounts = {a.account: a for a in report.accounts}
    assert accounts["Assets:Bank:Basic"].ok, accounts["Assets:Bank:Basic"].problem
    assert accounts["Assets:Bank:Basic"].books_at_statement == Decimal("1000.00")
    assert accounts["Assets:Online:WeChat"].ok and accounts["Assets:Online:WeChat"].statement == Decimal("199.90")
    donations = [p.units.number for e in books.entries if hasattr(e, "postings") for p in e.postings
                 if p.account.startswith("Income:Donation")]
    assert donations == [Decimal("-1200.00")], "the bank's row for the withdrawal is no second donation"


def test_a_bill_imported_before_its_net_was_recorded_is_named(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2024)
    (main.parent / "documents").mkdir(exist_ok=True)
    (main.parent / "documents" / "old-bill.csv").write_text("x", encoding="utf-8")
    with (main.parent / "txns" / "2024.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2024-01-01 open Assets:Online:Alipay CNY\n'
                '2024-03-10 * "手工录入"\n  fund: "GENERAL"\n  Assets:Online:Alipay  -1.00 CNY\n  Expenses:Operations:BankFees  1.00 CNY\n'
                '2024-03-31 document Assets:Online:Alipay "../documents/old-bill.csv"\n'
                '  statement_start: 2024-03-01\n  statement_end: 2024-03-31\n')
    report = build_report(load_books(main), parse_period("2024-03"))
    (online,) = [a for a in report.accounts if a.account == "Assets:Online:Alipay"]
    assert not online.ok and "import it again" in online.problem and "old-bill.csv" in online.problem


def test_the_terminal_report_says_the_figures_are_the_bills_net(tmp_path):
    main = _books(tmp_path)
    result = CliRunner().invoke(cli, ["reconcile", str(main), "--period", "2024-03"])
    line = next(row for row in result.output.splitlines() if "Assets:Online:WeChat" in row and "net of the bills" in row)
    assert "185.00" in line


# --- conservation: money in the bill = money on the balance in the books = money reconcile shows


@st.composite
def bill_rows(draw):
    """Rows of a WeChat Pay bill of March 2024: gifts in, purchases paid from the balance or by card."""
    rows = []
    for n in range(draw(st.integers(min_value=1, max_value=6))):
        day = draw(st.integers(min_value=1, max_value=20))
        amount = draw(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=2))
        kind = draw(st.sampled_from(["gift", "balance", "card"]))
        rows.append((day, amount, kind, 4300000 + n))
    return rows


def _bill(rows) -> str:
    lines = [BILL.split("\n")[0], BILL.split("\n")[1], BILL.split("\n")[2]]
    for day, amount, kind, ref in rows:
        when = f"2024-03-{day:02d} 10:00:{ref % 60:02d}"
        if kind == "gift":
            lines.append(f"{when},二维码收款,某某机械制造有限公司,/,收入,¥{amount},/,已收钱,{ref},/,/")
        else:
            method = "零钱" if kind == "balance" else "中国银行(1234)"
            lines.append(f"{when},商户消费,某商店,文具,支出,¥{amount},{method},支付成功,{ref},M{ref},/")
    return "\n".join(lines) + "\n"


def _reconciled_online(tmp: Path, rows):
    main = init_books(tmp / "books", name_zh="测试", name_en="Test", year=2024)
    with (main.parent / "registry" / "donors.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2024-01-01 custom "donor" "D0001" "enterprise"\n  name: "某某机械制造有限公司"\n')
    bill = tmp / "wechat.csv"
    bill.write_text(_bill(rows), encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(main), str(bill), "--write"])
    assert result.exit_code == 0, result.output
    report = build_report(load_books(main), parse_period("2024-03"))
    (online,) = [a for a in report.accounts if a.account == "Assets:Online:WeChat"]
    return online


def _assert_conserved(rows, online) -> None:
    bill_net = sum((a if k == "gift" else -a for _d, a, k, _r in rows if k != "card"), Decimal(0))
    assert online.statement == bill_net, f"reconcile shows the bill moving {online.statement}, the bill moves {bill_net}"
    assert online.books_at_statement == bill_net, f"the books move {online.books_at_statement}, the bill {bill_net}"
    assert online.ok, online.problem


@settings(max_examples=8, deadline=None)
@given(bill_rows())
def test_a_generated_bill_is_conserved_from_file_to_books_to_reconcile(rows):
    with tempfile.TemporaryDirectory() as tmp:
        _assert_conserved(rows, _reconciled_online(Path(tmp), rows))


def test_a_fen_planted_in_the_online_check_is_caught(tmp_path, monkeypatch):
    import dataclasses

    from ledger.reconcile import checks

    real = checks.check_online
    monkeypatch.setattr(checks, "check_online", lambda *a, **k: dataclasses.replace(r := real(*a, **k), statement=r.statement + Decimal("0.01")))
    rows = [(5, Decimal("200.00"), "gift", 4300001), (6, Decimal("35.00"), "balance", 4300002)]
    with pytest.raises(AssertionError):
        _assert_conserved(rows, _reconciled_online(tmp_path, rows))


@pytest.mark.parametrize("net", ['"1,00.00"', '"abc"', '"NaN"'])
def test_a_bill_net_that_is_not_an_amount_is_named(tmp_path, net):
    """Why: a statement_net edited by hand into something not a number stopped reconcile
    with an internal InvalidOperation error."""
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2024)
    (main.parent / "documents").mkdir(exist_ok=True)
    (main.parent / "documents" / "bill.csv").write_text("x", encoding="utf-8")
    with (main.parent / "txns" / "2024.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2024-01-01 open Assets:Online:Alipay CNY\n'
                '2024-03-10 * "手工录入"\n  fund: "GENERAL"\n  Assets:Online:Alipay  -1.00 CNY\n  Expenses:Operations:BankFees  1.00 CNY\n'
                '2024-03-31 document Assets:Online:Alipay "../documents/bill.csv"\n'
                f'  statement_start: 2024-03-01\n  statement_end: 2024-03-31\n  statement_net: {net}\n')
    report = build_report(load_books(main), parse_period("2024-03"))
    (online,) = [a for a in report.accounts if a.account == "Assets:Online:Alipay"]
    assert not online.ok
    assert "txns/2024.beancount:" in online.problem and "is not an amount" in online.problem, online.problem
