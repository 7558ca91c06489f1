"""A WeChat Pay / Alipay bill exported again over days already imported: reconcile counts each
day once, from the export imported last when it covers them, and says which bills overlap.

Why: the import advises exporting the bill of a day again once a pending transfer is accepted;
both bills' nets were summed, each with the books of its days, and the month failed by the
transfer's amount with "find the missing or wrong entry"."""

from __future__ import annotations

import datetime
from decimal import Decimal

from beancount.core import data
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cli import cli
from ledger.books import load_books
from ledger.init_books import init_books
from ledger.period import parse_period
from ledger.reconcile.checks import Facts, check_online
from ledger.reconcile.report import build_report

HEAD = ("微信支付账单明细\n起始时间：[{start} 00:00:00] 终止时间：[{end} 23:59:59]\n"
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n")
ROWS = ("2024-03-05 10:00:00,二维码收款,某某机械制造有限公司,/,收入,¥200.00,/,已收钱,4200001,/,/\n"
        "2024-03-07 10:00:00,商户消费,某商店,纸,支出,¥15.00,零钱,支付成功,4200003,M3,/\n")
TRANSFER = "2024-03-15 10:00:00,转账,某某机械制造有限公司,/,收入,¥100.00,/,{status},4200004,/,/\n"


def _books(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2024)
    with (main.parent / "registry" / "donors.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2024-01-01 custom "donor" "D0001" "enterprise"\n  name: "某某机械制造有限公司"\n')
    return main


def _import(tmp_path, main, name, text):
    folder = tmp_path / name.split("/")[0]
    folder.mkdir(exist_ok=True)
    bill = tmp_path / name
    bill.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(main), str(bill), "--write"])
    assert result.exit_code == 0, result.output


def _online(main):
    report = build_report(load_books(main), parse_period("2024-03"))
    (online,) = [a for a in report.accounts if a.account == "Assets:Online:WeChat"]
    return online


def test_the_bill_exported_again_after_a_transfer_was_accepted_counts_once(tmp_path):
    main = _books(tmp_path)
    month = HEAD.format(start="2024-03-01", end="2024-03-31") + ROWS
    _import(tmp_path, main, "first/bill.csv", month + TRANSFER.format(status="待接收"))
    _import(tmp_path, main, "again/bill.csv", month + TRANSFER.format(status="已收钱"))
    online = _online(main)
    assert online.ok, online.problem
    assert online.statement == online.books_at_statement == Decimal("285.00")
    assert "bills overlap on 2024-03-01 to 2024-03-31" in online.note and "set aside" in online.note, online.note
    assert "+185.00" in online.note and "+285.00" in online.note


def test_a_day_exported_again_after_the_month_is_named_with_what_to_export(tmp_path):
    main = _books(tmp_path)
    _import(tmp_path, main, "month/bill.csv", HEAD.format(start="2024-03-01", end="2024-03-31") + ROWS + TRANSFER.format(status="待接收"))
    _import(tmp_path, main, "day/bill.csv", HEAD.format(start="2024-03-15", end="2024-03-15") + TRANSFER.format(status="已收钱"))
    online = _online(main)
    assert not online.ok
    assert "does not cover them all" in online.problem and "export the bill of 2024-03-01 to 2024-03-31 again" in online.problem, online.problem
    # as told: the month exported again now, and imported, counts for every day of it
    _import(tmp_path, main, "again/bill.csv", HEAD.format(start="2024-03-01", end="2024-03-31") + ROWS + TRANSFER.format(status="已收钱"))
    online = _online(main)
    assert online.ok, online.problem
    assert online.statement == online.books_at_statement == Decimal("285.00")


def test_bills_of_days_next_to_each_other_are_both_counted(tmp_path):
    main = _books(tmp_path)
    _import(tmp_path, main, "a/bill.csv", HEAD.format(start="2024-03-01", end="2024-03-10") + ROWS)
    _import(tmp_path, main, "b/bill.csv", HEAD.format(start="2024-03-11", end="2024-03-31") + TRANSFER.format(status="已收钱"))
    online = _online(main)
    assert online.ok and online.note is None, (online.problem, online.note)
    assert online.statement == Decimal("285.00")


# --- conservation over overlapping exports: each day's money counted once, by the last export

MARCH = datetime.date(2024, 3, 1)


@st.composite
def exports(draw):
    """A month's movements by day, and bills exported of spans of it in turn, each missing the
    money of days that settled only later (a stale export), the last one covering all of them."""
    moves = {MARCH + datetime.timedelta(days=d): draw(st.decimals(min_value=-500, max_value=500, places=2))
             for d in draw(st.sets(st.integers(0, 30), min_size=1, max_size=8))}
    spans = []
    for _ in range(draw(st.integers(1, 4))):
        a, b = sorted(draw(st.tuples(st.integers(0, 30), st.integers(0, 30))))
        stale = draw(st.decimals(min_value=-100, max_value=100, places=2))
        spans.append((MARCH + datetime.timedelta(days=a), MARCH + datetime.timedelta(days=b), stale))
    first, last = min(s[0] for s in spans), max(s[1] for s in spans)
    spans.append((first, last, Decimal(0)))  # the final export, exact, covering all the earlier ones
    return moves, spans


@settings(max_examples=40, deadline=None)
@given(exports())
def test_overlapping_exports_count_each_day_once(case):
    moves, spans = case
    account = "Assets:Online:WeChat"
    facts = Facts()
    facts.postings[account] = sorted(moves.items())
    for n, (start, end, stale) in enumerate(spans):
        net = sum((v for d, v in moves.items() if start <= d <= end), Decimal(0)) - stale
        meta = {"filename": "inbox.beancount", "lineno": 10 * (n + 1), "statement_start": start, "statement_end": end,
                "statement_net": net}
        facts.documents[account].append(data.Document(meta, end, account, f"bill-{n}.csv", data.EMPTY_SET, data.EMPTY_SET))
    check = check_online(facts, parse_period("2024-03"), account, sum(moves.values(), Decimal(0)), True)
    first, last = spans[-1][0], spans[-1][1]
    held = sum((v for d, v in moves.items() if first <= d <= last), Decimal(0))
    assert check.ok, check.problem
    assert check.statement == check.books_at_statement == held
