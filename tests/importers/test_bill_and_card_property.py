"""A WeChat Pay bill and the card's bank statement seeing the same money, either order: a property.

Generated: gifts into the WeChat Pay balance (payers masked, two of one amount in one
minute), purchases paid by the card through WeChat Pay (two alike in one minute, the bank
dating its 财付通 row a day later or not), purchases from the balance, and withdrawals to the
card with the platform's fee (the statement's 财付通 credit is the net). The bill and the
statement are imported one after the other (the first as written to the books), in either
order. Whichever comes first, the card's account moves by the statement's rows once each
(no card payment booked twice), no card payment touches the WeChat Pay balance, and each
file's dry run adds up. With the bill first the balance moves by the bill's own rows; with
the statement first its 财付通提现 rows are transfers of the net from the balance (open in the
books), each withdrawal is named in a note (the fee is in neither) and the balance is off by
exactly those fees, as the note says. The check catches a card payment booked twice or a planted fen.
"""

from __future__ import annotations

import csv
import datetime
import io
import shutil
import types
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.run import extract_files, load_importers, render
from ledger.books import load_books
from tests.importers import conservation

BANK, WECHAT = "Assets:Bank:Basic", "Assets:Online:WeChat"
ZERO = Decimal(0)
HEAD = ["交易日期", "摘要", "交易场所", "交易国家或地区简称", "钞/汇", "交易金额(收入)", "交易金额(支出)", "交易币种",
        "记账金额(收入)", "记账金额(支出)", "记账币种", "余额", "对方户名"]
BILL_HEAD = ("微信支付账单明细\n起始时间：[2026-03-01 00:00:00] 终止时间：[2026-03-31 23:59:59]\n共{n}笔记录\n"
             "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, books_template):
    root = tmp_path_factory.mktemp("bill-card") / "books"
    shutil.copytree(books_template, root)
    with (root / "accounts.beancount").open("a", encoding="utf-8") as fh:
        fh.write(f"\n2026-01-01 open {WECHAT} CNY\n")
    return load_books(root)


@st.composite
def month(draw):
    """(bill rows, statement rows, the withdrawals' fees): bill rows are (time, 类型, 对方, 收/支,
    amount, 支付方式, 备注); statement rows (date, memo, in, out, payee)."""
    bill, statement, fees = [], [], ZERO
    ids = iter(range(1, 100))

    def cents(low=1, high=50_000):
        return Decimal(draw(st.integers(low, high))) / 100

    for day in sorted(draw(st.lists(st.integers(1, 25), min_size=1, max_size=6))):
        when = datetime.date(2026, 3, day)
        kind = draw(st.sampled_from(["gifts", "card", "card-twice", "balance", "withdrawal"]))
        if kind == "gifts":  # two masked payers, one amount, one minute
            amount = cents()
            for payer in draw(st.sampled_from([["张*"], ["张*", "李*"], ["张*", "张*"]])):
                bill.append((f"{when} 10:00:00", "转账", payer, "收入", amount, "/", "/"))
        elif kind in ("card", "card-twice"):
            amount = cents()
            late = when + datetime.timedelta(days=draw(st.integers(0, 1)))
            for shop in (["文具店"] if kind == "card" else ["文具店", "快印店"]):
                bill.append((f"{when} 11:00:00", "商户消费", shop, "支出", amount, "工商银行(2222)", "/"))
                statement.append((late, "消费", "", amount, "财付通支付科技有限公司"))
        elif kind == "balance":
            bill.append((f"{when} 12:00:00", "商户消费", "超市", "支出", cents(1, 500), "零钱", "/"))
        else:
            amount, fee = cents(1000, 50_000), cents(1, 50)
            bill.append((f"{when} 09:00:00", "零钱提现", "工商银行(2222)", "/", amount, "零钱", f"服务费¥{fee}"))
            statement.append((when, "财付通提现", amount - fee, "", "财付通支付科技有限公司"))
            fees += fee
    if not statement:  # a statement has a row
        statement.append((datetime.date(2026, 3, 28), "转账存入", Decimal("1.00"), "", "王小明"))
    return [(*r, next(ids)) for r in bill], statement, fees


def render_bill(rows) -> str:
    return BILL_HEAD.format(n=len(rows)) + "".join(
        f"{t},{k},{p},/,{d},¥{a:.2f},{m},支付成功,42006{n:03d}\t,/\t,{note}\n" for t, k, p, d, a, m, note, n in rows)


def render_statement(rows) -> bytes:
    out = [["明细查询文件下载"], [], ["卡号: 6222****2222"], ["起止日期: 2026-03-01 至 2026-03-31"], [], HEAD]
    balance = Decimal("10000.00")
    for day, memo, money_in, money_out, payee in sorted(rows, key=lambda r: r[0]):
        balance += (money_in or ZERO) - (money_out or ZERO)
        out.append([day.isoformat(), memo, "", "CHN", "钞", "-", "-", "-", f"{money_in:.2f}" if money_in else "",
                    f"{money_out:.2f}" if money_out else "", "人民币", f"{balance:.2f}", payee])
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(out)
    return buf.getvalue().encode("gb18030")


def _written(entries):
    return [e._replace(meta={k: v for k, v in e.meta.items() if not k.startswith("__")}) for e in entries]


def import_both(books, first: Path, second: Path):
    (one,) = extract_files(books, [first], load_importers(books.root), balance=False)
    after = types.SimpleNamespace(entries=list(books.entries) + _written(one.new), root=books.root)
    (two,) = extract_files(after, [second], load_importers(books.root), balance=False)
    return [one, two]


def moved(results, account) -> Decimal:
    return sum((conservation.booked(r.new, account) for r in results), ZERO)


def wrong(results, bill_rows, statement_rows, fees, statement_first) -> list[str]:
    found = [f"{r.path.name}: does not add up" for r in results if r.problem is not None or not r.conserved]
    card = sum(((i or ZERO) - (o or ZERO) for _, _, i, o, _ in statement_rows), ZERO)
    if moved(results, BANK) != card:
        found.append(f"the card's account moved {moved(results, BANK)}, its statement {card}")
    balance = sum((a if d == "收入" else -a for _, _, _, d, a, m, _, _ in bill_rows if m in ("/", "零钱")), ZERO)
    expected = balance + (fees if statement_first else ZERO)
    if moved(results, WECHAT) != expected:
        found.append(f"the WeChat Pay balance moved {moved(results, WECHAT)}, expected {expected}")
    return found


@settings(max_examples=20, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(generated=month(), statement_first=st.booleans())
def test_property_the_bill_and_the_statement_book_the_card_once(loaded, tmp_path_factory, generated, statement_first):
    bill_rows, statement_rows, fees = generated
    folder = tmp_path_factory.mktemp("bill-card")
    bill, statement = folder / "微信支付账单.csv", folder / "icbc.csv"
    bill.write_text(render_bill(bill_rows), encoding="utf-8")
    statement.write_bytes(render_statement(statement_rows))
    results = import_both(loaded, *((statement, bill) if statement_first else (bill, statement)))
    assert wrong(results, bill_rows, statement_rows, fees, statement_first) == [], render(results)
    withdrawals = sum(1 for r in bill_rows if r[1] == "零钱提现")
    notes = [n for r in results for n in r.report.notes if "the statement was imported first" in n]
    assert len(notes) == (withdrawals if statement_first else 0), render(results)
    for r in results:  # no purchase paid by the card on the balance
        for e in r.new:
            if isinstance(e, data.Transaction) and e.payee in ("文具店", "快印店"):
                assert not any(p.account == WECHAT for p in e.postings), render(results)


def test_the_check_catches_a_card_payment_booked_twice_or_a_fen(loaded, tmp_path, monkeypatch):
    bill_rows = [("2026-03-04 11:00:00", "商户消费", "文具店", "支出", Decimal("88.00"), "工商银行(2222)", "/", 1),
                 ("2026-03-05 10:00:00", "转账", "张*", "收入", Decimal("50.00"), "/", "/", 2)]
    statement_rows = [(datetime.date(2026, 3, 5), "消费", None, Decimal("88.00"), "财付通支付科技有限公司")]
    bill, statement = tmp_path / "微信支付账单.csv", tmp_path / "icbc.csv"
    bill.write_text(render_bill(bill_rows), encoding="utf-8")
    statement.write_bytes(render_statement(statement_rows))
    for statement_first in (False, True):
        results = import_both(loaded, *((statement, bill) if statement_first else (bill, statement)))
        assert wrong(results, bill_rows, statement_rows, ZERO, statement_first) == [], render(results)
        planted = [types.SimpleNamespace(path=r.path, problem=r.problem, conserved=r.conserved,
                                         new=conservation.plant_one_fen(r.new, BANK) if not n else r.new)
                   for n, r in enumerate(results)]
        assert wrong(planted, bill_rows, statement_rows, ZERO, statement_first)
    from importers import dedupe

    monkeypatch.setattr(dedupe, "link_funding", lambda *a, **k: False)  # no card payment linked
    assert wrong(import_both(loaded, bill, statement), bill_rows, statement_rows, ZERO, False)
