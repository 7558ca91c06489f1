"""Every yuan of a payment bill is accounted for (#12): refunds, card payments, sources.

The dry run sets each file's own movement (Report.file_in / file_out) beside the proposed
entries, the entries already in the books and the skipped rows; they must add up. These
tests check it on the real bills in shared/fixtures/real/payments, on the cases the issue
found in real exports (a WeChat transfer and its refund, an Alipay purchase closed and
refunded, ids without `_`), on generated bills (a hypothesis property: the books' movement
per account equals the money the generator put in the files), and that a planted one-fen
error is caught.
"""

from __future__ import annotations

import datetime
import random
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.run import ImportFailed, extract_files, load_importers, render, write_import
from ledger.books import load_books

from .support import REAL, real_bills

PAYMENTS = real_bills()
WECHAT_HEADER = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
ALIPAY_HEADER = "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n"
ZERO = Decimal(0)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, books_template):
    root = tmp_path_factory.mktemp("conservation") / "books"
    shutil.copytree(books_template, root)
    return load_books(root)


def extract(books, paths, *, verify_summary=True):
    return extract_files(books, [Path(p) for p in paths], load_importers(books.root), verify_summary=verify_summary)


def moved(results, *, new_only=True) -> dict[str, Decimal]:
    """The entries' movement per Assets account (new entries only, or every one)."""
    out: dict[str, Decimal] = {}
    for r in results:
        for e in (r.new if new_only else r.entries):
            if isinstance(e, data.Transaction):
                for p in e.postings:
                    if p.account.startswith("Assets:"):
                        out[p.account] = out.get(p.account, ZERO) + p.units.number
    return {k: v for k, v in out.items() if v}


def bill(tmp_path: Path, name: str, header: str, rows: list[str], preamble: str = "") -> Path:
    path = tmp_path / name
    path.write_text(preamble + header + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


# --- the real bills ---------------------------------------------------------------------

@pytest.mark.parametrize("path", PAYMENTS, ids=lambda p: p.name)
def test_real_bill_money_is_conserved(loaded, path):
    (result,) = extract(loaded, [path], verify_summary=False)
    assert result.problem is None, result.problem
    money = result.money
    assert money, "a payment bill measures its own movement"
    assert all(m.ok for m in money), render([result])
    assert "ERROR" not in render([result])
    # every skipped row is listed with its amount
    assert all(s.amount is not None for s in result.report.skipped)


def booked(result) -> dict[int, tuple[Decimal, str | None]]:
    """Each new transaction by its row: (what it moves on its first posting, its refund_of)."""
    return {e.meta["lineno"]: (e.postings[0].units.number, e.meta.get("refund_of"))
            for e in result.new if isinstance(e, data.Transaction)}


def ref_of(result, row: int) -> str:
    return next(e.meta["source_ref"] for e in result.new if isinstance(e, data.Transaction) and e.meta["lineno"] == row)


def test_real_alipay_closed_purchase_and_its_refund_are_both_booked(loaded):
    """A pair refunded in full is booked, never netted away: netted, it left nothing in the
    books, and an overlapping bill listing only its refund booked that refund alone."""
    (result,) = extract(loaded, [REAL / "payments" / "alipay.csv"], verify_summary=False)
    rows = booked(result)
    # 一卡通充值 50.00 交易关闭 (row 33) and its refund 退款-一卡通充值 50.00 (row 32)
    assert rows[33] == (Decimal("-50.00"), None)
    assert rows[32] == (Decimal("50.00"), ref_of(result, 33))
    assert not {32, 33} & {s.row for s in result.report.skipped}
    assert any("row 33: 50.00 paid, refunded in full by row 32; both are booked" in n for n in result.report.notes)


def test_real_older_alipay_closed_pair_and_partial_refund_are_booked(loaded):
    (result,) = extract(loaded, [REAL / "payments" / "alipay-pc-web-older.csv"], verify_summary=False)
    rows = booked(result)
    assert rows[12] == (Decimal("-83.00"), None) and rows[11] == (Decimal("83.00"), ref_of(result, 12))
    by_row = {e.meta["lineno"]: e for e in result.new if isinstance(e, data.Transaction)}
    # 住院预交金 3000.00 paid, 2725.42 refunded by row 9: both booked, the net kept
    assert by_row[10].postings[0].units.number == Decimal("-3000.00")
    assert by_row[9].postings[0].units.number == Decimal("2725.42")
    assert by_row[9].meta["refund_of"] == "alipay:987654"


def test_real_card_payments_are_not_booked_to_the_platform_balance(loaded):
    (result,) = extract(loaded, [REAL / "payments" / "alipay.csv"], verify_summary=False)
    card = [e for e in result.new if isinstance(e, data.Transaction)
            and any(p.meta and p.meta.get("funding") == "交通银行信用卡(7449)" for p in e.postings)]
    assert card, "the 交通银行信用卡(7449) rows"
    for e in card:
        assert all(p.account != "Assets:Online:Alipay" for p in e.postings)
        assert e.flag == "!" and "Assets:Clearing:Alipay" in e.meta["note"]


# --- the cases the issue found ----------------------------------------------------------

def test_wechat_transfer_returned_and_its_refund_row_are_booked_and_net_to_zero(loaded, tmp_path):
    """A 700.00 transfer the other side returned (对方已退还) and its refund row: ids without `_`."""
    path = bill(tmp_path, "wechat.csv", WECHAT_HEADER, [
        "2026-03-02 09:00:00,转账,张某,/,支出,¥700.00,零钱,对方已退还,1000039901260302,/,/",
        "2026-03-03 09:00:00,转账-退款,张某,/,收入,¥700.00,零钱,已全额退款,1000039901260302001,/,/",
        "2026-03-04 09:00:00,二维码收款,王小明,/,收入,¥20.00,/,已收钱,1000039901260304,/,/",
    ])
    (result,) = extract(loaded, [path])
    assert result.report.skipped == []
    rows = booked(result)
    assert rows[2] == (Decimal("-700.00"), None) and rows[3] == (Decimal("700.00"), "wechat:1000039901260302")
    assert moved([result]) == {"Assets:Online:WeChat": Decimal("20.00")}
    assert result.conserved


def test_alipay_closed_purchase_refund_without_underscore_is_paired(loaded, tmp_path):
    """The closed purchase and its +109.90 refund (paired by 商家订单号) are both booked."""
    path = bill(tmp_path, "alipay.csv", ALIPAY_HEADER, [
        "2026-03-02 09:00:00,日用百货,某商店,shop***@example.com,文具,支出,109.90,余额,交易关闭,2026030222001,T200P0001,,",
        "2026-03-03 09:00:00,退款,某商店,shop***@example.com,退款-文具,收入,109.90,余额,退款成功,2026030322009,T200P0001,,",
    ])
    (result,) = extract(loaded, [path])
    assert result.report.skipped == []
    assert booked(result) == {2: (Decimal("-109.90"), None), 3: (Decimal("109.90"), "alipay:2026030222001")}
    assert moved([result]) == {}  # -109.90 + 109.90
    assert result.conserved


def test_refund_paired_by_the_prefix_of_its_id(loaded, tmp_path):
    path = bill(tmp_path, "alipay.csv", ALIPAY_HEADER, [
        "2026-03-02 09:00:00,日用百货,某商店,/,文具,支出,30.00,余额,交易成功,2026030222001,,,",
        "2026-03-03 09:00:00,退款,某商店,/,退款-文具,不计收支,30.00,余额,退款成功,2026030222001002,,,",
        "2026-03-04 09:00:00,日用百货,某商店,/,纸,支出,50.00,余额,交易成功,2026030422001,,,",
        "2026-03-05 09:00:00,退款,某商店,/,退款-纸,不计收支,20.00,余额,退款成功,2026030422001002,,,",
    ])
    (result,) = extract(loaded, [path])
    assert result.report.skipped == []
    assert booked(result)[3] == (Decimal("30.00"), "alipay:2026030222001")
    # each refund beside its payment: -30 + 30 - 50 + 20
    assert moved([result]) == {"Assets:Online:Alipay": Decimal("-30.00")}
    refund = next(e for e in result.new if isinstance(e, data.Transaction) and e.meta["lineno"] == 5)
    assert refund.meta["refund_of"] == "alipay:2026030422001"


OLDER_HEADER = ("交易号,商家订单号,交易创建时间,付款时间,最近修改时间,交易来源地,类型,交易对方,商品名称,金额（元）,收/支,"
                "交易状态,服务费（元）,成功退款（元）,备注,资金状态,\n")


def test_older_alipay_fees_on_money_in_and_out(loaded, tmp_path):
    path = bill(tmp_path, "older.csv", OLDER_HEADER, [
        "3001,,2026-03-05 10:00:00,2026-03-05 10:00:01,2026-03-05 10:00:01,支付宝网站,即时到账交易,王小明,捐款,100.00,收入,交易成功,0.60,0.00,,已收入,",
        "3002,S3,2026-03-06 10:00:00,2026-03-06 10:00:01,2026-03-06 10:00:01,淘宝,即时到账交易,某商店,文具,40.00,支出,交易成功,1.00,0.00,,已支出,",
    ], preamble="支付宝交易记录明细查询\n")
    (result,) = extract(loaded, [path])
    assert result.conserved, render([result])
    assert moved([result]) == {"Assets:Online:Alipay": Decimal("58.40")}  # 100 - 0.60 - 40 - 1.00
    fees = sum((p.units.number for e in result.new if isinstance(e, data.Transaction) for p in e.postings
                if p.account == "Expenses:Operations:BankFees"), ZERO)
    assert fees == Decimal("1.60")


def test_a_gift_given_back_with_a_fee_on_its_refund_row_is_conserved(loaded, tmp_path):
    """A gift of 100.00 (fee 0.60) and its refund of 40.00 whose row carries a fee of 0.24: the
    dry run booked the refund's fee out of the balance, where the bill's own movement has it
    not, and refused the file as money not conserved ("a fault of the importer"). The refund's
    fee is an entry of its own on Liabilities:Payable, in the default fund, and the refund
    none of GENERAL's unless its gift is."""
    path = bill(tmp_path, "older.csv", OLDER_HEADER, [
        "3101,,2026-03-05 10:00:00,2026-03-05 10:00:01,2026-03-05 10:00:01,支付宝网站,即时到账交易,王小明,捐款,100.00,收入,交易成功,0.60,40.00,,已收入,",
        "3101_1,,2026-03-08 10:00:00,2026-03-08 10:00:01,2026-03-08 10:00:01,支付宝网站,退款,王小明,退款-捐款,40.00,支出,退款成功,0.24,0.00,,已支出,",
    ], preamble="支付宝交易记录明细查询\n")
    (result,) = extract(loaded, [path])
    assert result.conserved, render([result])
    assert moved([result]) == {"Assets:Online:Alipay": Decimal("59.40")}  # 100 - 0.60 - 40
    refund = next(e for e in result.new if isinstance(e, data.Transaction) and e.meta.get("refund_of"))
    fee = next(e for e in result.new if isinstance(e, data.Transaction) and str(e.meta.get("source_ref")).endswith(":fee"))
    assert [p.account for p in refund.postings] == ["Assets:Online:Alipay", "Liabilities:Payable"]
    assert refund.meta["fund"] == "GENERAL"  # its gift's, proposed into the default fund by the same import
    assert [(p.account, p.units.number) for p in fee.postings] == [("Expenses:Operations:BankFees", Decimal("0.24")),
                                                                   ("Liabilities:Payable", Decimal("-0.24"))]

def test_refund_paired_by_its_original_transaction_id(loaded, tmp_path):
    """Where the layout has 原交易单号, it wins over everything else."""
    header = WECHAT_HEADER.rstrip("\n") + ",原交易单号\n"
    path = bill(tmp_path, "wechat.csv", header, [
        "2026-03-02 09:00:00,商户消费,某商店,纸,支出,¥60.00,零钱,已全额退款,5001,M1,/,/",
        "2026-03-02 10:00:00,商户消费,某商店,文具,支出,¥60.00,零钱,支付成功,5002,M1,/,/",
        "2026-03-03 09:00:00,商户消费-退款,某商店,纸,收入,¥60.00,零钱,已全额退款,9999,M1,/,5001",
    ])
    (result,) = extract(loaded, [path])
    rows = booked(result)
    assert rows[4] == (Decimal("60.00"), "wechat:5001") and rows[2] == (Decimal("-60.00"), None)
    assert moved([result]) == {"Assets:Online:WeChat": Decimal("-60.00")}


def test_a_refund_whose_payment_is_not_in_the_bill_is_kept(loaded, tmp_path):
    path = bill(tmp_path, "alipay.csv", ALIPAY_HEADER, [
        "2026-03-03 09:00:00,退款,某商店,/,退款-文具,不计收支,12.00,余额,退款成功,2026030322009,T9,,",
    ])
    (result,) = extract(loaded, [path])
    assert moved([result]) == {"Assets:Online:Alipay": Decimal("12.00")}
    assert any("payment is neither in this bill nor in the books" in n for n in result.report.notes)


def test_a_refund_in_next_months_bill_names_its_payment_in_the_books(loaded, tmp_path):
    """March's bill shows the purchase 交易关闭 (refunded after the bill's end): booked in
    full. April's bill holds the refund, whose id starts with the payment's: booked once, with
    refund_of naming the payment; the two bills move the balance by nothing, as they did."""
    march = bill(tmp_path, "march.csv", ALIPAY_HEADER, [
        "2026-03-30 18:21:50,日用百货,某商店,/,文具,支出,50.00,余额,交易关闭,2026033022001400001,T0001,,"])
    april = bill(tmp_path, "april.csv", ALIPAY_HEADER, [
        "2026-04-02 18:22:28,退款,某商店,/,退款-文具,不计收支,50.00,余额,退款成功,2026033022001400001_2026040200001,T0001,,"])
    books = loaded.root
    target = tmp_path / "books"
    shutil.copytree(books, target)
    first = load_books(target)
    write_import(first, extract(first, [march]))
    (result,) = extract(load_books(target), [april])
    (refund,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert refund.meta["refund_of"] == "alipay:2026033022001400001"
    assert moved([result]) == {"Assets:Online:Alipay": Decimal("50.00")}
    assert any("a refund of the payment alipay:2026033022001400001 of 2026-03-30 already in the books" in n for n in result.report.notes)
    # both in one run: the same
    (_, alone) = extract(loaded, [march, april])
    assert [e.meta["refund_of"] for e in alone.new if isinstance(e, data.Transaction) and e.meta.get("refund_of")] == ["alipay:2026033022001400001"]


def test_a_card_mapped_by_its_last_digits_is_booked_to_that_account(loaded, tmp_path):
    """The test books' Assets:Bank:Basic has account number …2222."""
    path = bill(tmp_path, "wechat.csv", WECHAT_HEADER, [
        "2026-03-02 09:00:00,商户消费,某商店,文具,支出,¥35.00,工商银行储蓄卡(2222),支付成功,42000001,M1,/",
    ])
    (result,) = extract(loaded, [path])
    (txn,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert txn.postings[0].account == "Assets:Bank:Basic" and txn.postings[0].meta["funding"] == "工商银行储蓄卡(2222)"
    assert moved([result]) == {"Assets:Bank:Basic": Decimal("-35.00")}


def test_the_bill_states_its_period(loaded, tmp_path):
    path = bill(tmp_path, "wechat.csv", WECHAT_HEADER, [
        "2026-03-05 09:00:00,二维码收款,王小明,/,收入,¥20.00,/,已收钱,42000002,/,/",
    ], preamble="微信支付账单明细\n起始时间：[2026-03-01 00:00:00] 终止时间：[2026-03-31 23:59:59]\n")
    (result,) = extract(loaded, [path])
    assert result.report.period == (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


# --- sources ----------------------------------------------------------------------------

def _plain(results) -> list[str]:
    """Entries as text without the numbers a run hands out in order (receipts, proposed donors)
    and without `refund_of`, which a refund gains when its payment is in another file of the run
    (with the note saying how it was found by its counterparty and amount, or that two could be it)."""
    out = []
    for r in results:
        for e in r.new:
            if isinstance(e, data.Transaction):
                meta = {k: v for k, v in e.meta.items() if k not in ("receipt", "proposed_donor", "filename", "lineno", "refund_of")
                        and not k.startswith("__") and not (k == "note" and str(v).startswith("refund_of"))}
                out.append(f"{e.date} {e.flag} {e.payee} {e.narration} {sorted(meta.items())} "
                           f"{[(p.account, p.units) for p in e.postings]}")
    return sorted(out)


def test_two_sources_together_in_either_order_give_what_each_gives_alone(loaded):
    wechat, alipay = REAL / "payments" / "wechat.csv", REAL / "payments" / "alipay.csv"
    alone = _plain(extract(loaded, [wechat], verify_summary=False)) + _plain(extract(loaded, [alipay], verify_summary=False))
    for order in ([wechat, alipay], [alipay, wechat]):
        together = extract(loaded, order, verify_summary=False)
        assert not any(r.duplicates for r in together), render(together)
        assert _plain(together) == sorted(alone)


def test_equal_ids_of_two_sources_are_not_duplicates(loaded, tmp_path):
    w = bill(tmp_path, "w.csv", WECHAT_HEADER, ["2026-03-02 09:00:00,转账,某商店,/,支出,¥40.00,零钱,支付成功,777,/,/"])
    a = bill(tmp_path, "a.csv", ALIPAY_HEADER, ["2026-03-02 09:00:00,日用百货,某商店,/,文具,支出,40.00,余额,交易成功,777,,,"])
    results = extract(loaded, [w, a])
    assert [len(r.new) for r in results] == [2, 2]  # each: its transaction and the account's open
    assert not any(r.duplicates for r in results)


def test_books_with_bare_ids_still_match_their_own_source(books, tmp_path):
    """Books written before ids carried their source: a bare id matches the same source account only."""
    (books / "txns" / "2026.beancount").open("a", encoding="utf-8").write(
        "\n2026-01-01 open Assets:Online:WeChat CNY\n2026-01-01 open Assets:Online:Alipay CNY\n"
        '2026-03-02 ! "某商店" "旧记录"\n  source_ref: "888"\n  Assets:Online:WeChat  -40.00 CNY\n  Liabilities:Payable  40.00 CNY\n')
    loaded = load_books(books)
    w = bill(tmp_path, "w.csv", WECHAT_HEADER, ["2026-03-02 09:00:00,转账,某商店,/,支出,¥40.00,零钱,支付成功,888,/,/"])
    a = bill(tmp_path, "a.csv", ALIPAY_HEADER, ["2026-03-02 09:00:00,日用百货,某商店,/,文具,支出,40.00,余额,交易成功,888,,,"])
    rw, ra = extract(loaded, [w, a])
    assert len(rw.duplicates) == 1 and not rw.new
    assert not ra.duplicates and len(ra.new) == 1
    assert rw.conserved and ra.conserved


def test_a_card_payment_and_the_cards_statement_row_are_linked(loaded):
    """The card's statement row for money a bill already booked from that card is linked, not booked twice."""
    from importers.dedupe import DUPLICATE, LINK_FUNDING, LINKED, SOURCE_ACCOUNT, mark_duplicates

    bill_entry = data.Transaction(
        {"filename": "w.csv", "lineno": 2, "source_ref": "wechat:1"}, datetime.date(2026, 3, 2), "!", "某商店", "文具",
        data.EMPTY_SET, data.EMPTY_SET,
        [data.Posting("Assets:Bank:Basic", _amount("-35.00"), None, None, None, {"funding": "工商银行(2222)"}),
         data.Posting("Liabilities:Payable", _amount("35.00"), None, None, None, None)])
    bank_row = data.Transaction(
        {"filename": "icbc.csv", "lineno": 9, "source_ref": "icbc:T1", SOURCE_ACCOUNT: "Assets:Bank:Basic"}, datetime.date(2026, 3, 3), "!", "财付通", "消费",
        data.EMPTY_SET, data.EMPTY_SET,
        [data.Posting("Assets:Bank:Basic", _amount("-35.00"), None, None, None, None),
         data.Posting("Liabilities:Payable", _amount("35.00"), None, None, None, None)])
    other_row = bank_row._replace(meta={"filename": "icbc.csv", "lineno": 10, "source_ref": "icbc:T2",
                                        SOURCE_ACCOUNT: "Assets:Bank:Basic"})
    register_row = bank_row._replace(meta={"filename": "reg.csv", "lineno": 3, "source_ref": "donations:1"})
    mark_duplicates([register_row, bank_row, other_row], [bill_entry], lambda a, b: False)
    assert DUPLICATE not in register_row.meta, "a register's entry is not a statement row"
    assert bank_row.meta[DUPLICATE] is bill_entry and bank_row.meta[LINKED] == LINK_FUNDING
    assert DUPLICATE not in other_row.meta, "one link per payment"


def _amount(text: str):
    from beancount.core.amount import Amount

    return Amount(Decimal(text), "CNY")


# --- the check itself -------------------------------------------------------------------

def test_a_planted_one_fen_error_is_caught(loaded, tmp_path, monkeypatch):
    from importers.classify import Classifier

    original = Classifier.classify
    planted = []

    def off_by_a_fen(self, record):
        if not planted:
            planted.append(record.row)
            record.amount += Decimal("0.01")
        return original(self, record)

    monkeypatch.setattr(Classifier, "classify", off_by_a_fen)
    path = bill(tmp_path, "wechat.csv", WECHAT_HEADER, [
        "2026-03-05 09:00:00,二维码收款,王小明,/,收入,¥20.00,/,已收钱,42000003,/,/",
    ])
    (result,) = extract(loaded, [path])
    assert planted and not result.conserved
    (bad,) = [m for m in result.money if not m.ok]
    assert bad.account == "Assets:Online:WeChat" and bad.difference == Decimal("0.01")
    text = render([result])
    assert "。 ERROR money not conserved on Assets:Online:WeChat" in text and "money not conserved, see above" in text
    with pytest.raises(ImportFailed, match="does not add up"):
        write_import(loaded, [result])


def test_a_row_lost_on_the_way_is_caught(loaded, tmp_path, monkeypatch):
    """A row neither booked nor listed as skipped: the file's movement still counts it."""
    from importers import payments

    original = payments.PaymentBillImporter._book
    monkeypatch.setattr(payments.PaymentBillImporter, "_book",
                        lambda self, bill, line: None if line.row == 3 else original(self, bill, line))
    path = bill(tmp_path, "wechat2.csv", WECHAT_HEADER, [
        "2026-03-05 09:00:00,二维码收款,王小明,/,收入,¥20.00,/,已收钱,42000004,/,/",
        "2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥30.00,/,已收钱,42000005,/,/",
    ])
    (result,) = extract(loaded, [path])
    (money,) = result.money
    assert money.file_net == Decimal("50.00") and money.proposed == Decimal("20.00")
    assert not result.conserved and "difference -30.00" in render([result])


def test_the_cli_dry_run_fails_loudly_when_money_does_not_add_up(books, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from cli import cli
    from importers.classify import Classifier

    original = Classifier.classify
    monkeypatch.setattr(Classifier, "classify", lambda self, r: _off(original, self, r))
    path = bill(tmp_path, "wechat.csv", WECHAT_HEADER, [
        "2026-03-05 09:00:00,二维码收款,王小明,/,收入,¥20.00,/,已收钱,42000006,/,/",
    ])
    dry = CliRunner().invoke(cli, ["import", str(books / "main.beancount"), str(path)])
    assert dry.exit_code == 1 and "ERROR money not conserved" in dry.output
    wrote = CliRunner().invoke(cli, ["import", str(books / "main.beancount"), str(path), "--write"])
    inbox = books / "inbox.beancount"
    assert wrote.exit_code != 0 and "does not add up" in wrote.output
    assert not inbox.exists() or "42000006" not in inbox.read_text(encoding="utf-8")


def _off(original, self, record):
    """classify, one fen off on the record's amount (a planted error)."""
    record.amount += Decimal("0.01")
    return original(self, record)


def test_an_importer_that_does_not_measure_prints_no_money_lines(loaded):
    from importers.run import FileResult

    result = FileResult(Path("x.csv"))
    assert result.money == [] and result.conserved


# --- the property ------------------------------------------------------------------------

KINDS = ("donation", "payment", "card", "closed", "refunded", "partial", "withdrawal", "neutral", "lone_refund",
         "donation_returned", "donation_returned_neutral", "status_partial", "held_sale", "refunded_later", "refunded_no_ids",
         "card_twice", "payment_twice")
OLDER_KINDS = ("donation", "payment", "refunded", "partial", "status_partial", "neutral", "pending")


@st.composite
def rows_of(draw, platform: str, start_id: int, kinds=KINDS):
    chosen = draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=8))
    out = []
    for n, kind in enumerate(chosen):
        cents = draw(st.integers(min_value=2, max_value=500_000))
        part = draw(st.integers(min_value=1, max_value=cents - 1))
        by_prefix = draw(st.booleans())
        fee = Decimal(draw(st.integers(min_value=0, max_value=300))) / 100
        out.append((kind, Decimal(cents) / 100, Decimal(part) / 100, start_id + n * 10, by_prefix, fee))
    return out


def render_older(rows, day0: datetime.date) -> tuple[list[str], dict[str, Decimal], list[str], dict[str, Decimal]]:
    """The older Alipay web layout: fees and refunds (成功退款) in their own columns; and the
    next month's bill, holding the refunds this month's statuses already show."""
    online = "Assets:Online:Alipay"
    total = later_total = ZERO
    lines, later = [], []
    for i, (kind, amount, part, ident, by_prefix, fee) in enumerate(rows):
        day = day0 + datetime.timedelta(days=i)
        t1, t2 = f"{day} 09:00:00", f"{day + datetime.timedelta(days=1)} 10:00:00"
        pid = str(ident)
        rid = f"{pid}_1" if by_prefix else f"{pid}1"

        def row(tid, when, payer, item, money, direction, status, fee_cell, refunded, state):
            return (f"{tid},S{ident},{when},{when},{when},淘宝,即时到账交易,{payer},{item},{money},{direction},{status},"  # noqa: B023 (called in this iteration only)
                    f"{fee_cell},{refunded},,{state},")

        if kind == "donation":
            lines.append(row(pid, t1, "王小明", "捐款", amount, "收入", "交易成功", fee, "0.00", "已收入"))
            total += amount - fee
        elif kind == "payment":
            lines.append(row(pid, t1, "某商店", "文具", amount, "支出", "交易成功", fee, "0.00", "已支出"))
            total -= amount + fee
        elif kind in ("refunded", "partial"):
            back = amount if kind == "refunded" else part
            lines.append(row(pid, t1, "某商店", "文具", amount, "支出", "交易关闭" if kind == "refunded" else "交易成功",
                             "0.00", back, "已支出"))
            lines.append(row(rid, t2, "某商店", "退款-文具", back, "", "退款成功", "0.00", "0.00", "已收入"))
            total += back - amount
        elif kind == "status_partial":  # 成功退款 says part came back: its row is in the next bill
            lines.append(row(pid, t1, "某商店", "文具", amount, "支出", "交易成功", "0.00", part, "已支出"))
            total -= amount
            t3 = f"{day + datetime.timedelta(days=40)} 10:00:00"
            later.append(row(rid, t3, "某商店", "退款-文具", part, "", "退款成功", "0.00", "0.00", "已收入"))
            later_total += part
        elif kind == "neutral":
            lines.append(row(pid, t1, "余额宝", "转入", amount, "", "交易成功", "0.00", "0.00", ""))
        elif kind == "pending":  # an escrow sale not settled: 待收入, nothing in the balance yet
            lines.append(row(pid, t1, "李红", "义卖", amount, "收入", "等待确认收货", "0.00", "0.00", "待收入"))
    return lines, ({online: total} if total else {}), later, ({online: later_total} if later_total else {})


def render_bill(platform: str, rows, day0: datetime.date,
                later_listed: dict[str, Decimal] | None = None,
                listed: dict[str, Decimal] | None = None) -> tuple[list[str], dict[str, Decimal], list[str], dict[str, Decimal]]:
    """CSV rows of one bill and the money they move per books account (the truth); and the
    same for the next month's bill, holding the refunds whose status this bill already shows
    (a bill's statuses are those of the day it was exported). `later_listed` gets the money
    the next month's bill moves that is listed, not booked, per account; `listed` the same
    for this bill (a row written twice: skipped with its amount, on the account that paid it)."""
    later_listed = {} if later_listed is None else later_listed
    listed = {} if listed is None else listed
    online = "Assets:Online:WeChat" if platform == "wechat" else "Assets:Online:Alipay"
    clearing = "Assets:Clearing:WeChat" if platform == "wechat" else "Assets:Clearing:Alipay"
    truth: dict[str, Decimal] = {}
    later_truth: dict[str, Decimal] = {}

    def add(account, amount, into=truth):
        into[account] = into.get(account, ZERO) + amount

    lines, later = [], []
    for i, (kind, amount, part, ident, by_prefix, _fee) in enumerate(rows):
        day = day0 + datetime.timedelta(days=i)
        t1, t2 = f"{day} 09:00:00", f"{day + datetime.timedelta(days=1)} 10:00:00"
        pid, merchant = str(ident), f"M{ident}"
        rid = f"{pid}77" if by_prefix else str(ident + 1)
        rmerchant = "" if by_prefix else merchant

        def row(when, what, payer, direction, money, method, status, tid, mid, memo="/"):
            if platform == "wechat":
                return f"{when},{what},{payer},/,{direction},¥{money},{method},{status},{tid},{mid or '/'},{memo}"
            return f"{when},{what},{payer},/,{what},{direction},{money},{method},{status},{tid},{mid},{'' if memo == '/' else memo},"

        balance = "零钱" if platform == "wechat" else "余额"
        neutral = "/" if platform == "wechat" else "不计收支"
        if kind == "donation":
            lines.append(row(t1, "二维码收款", "王小明", "收入", amount, "/", "已收钱" if platform == "wechat" else "交易成功", pid, ""))
            add(online, amount)
        elif kind == "payment":
            lines.append(row(t1, "商户消费", "某商店", "支出", amount, balance, "支付成功", pid, merchant))
            add(online, -amount)
        elif kind == "card":
            lines.append(row(t1, "商户消费", "某商店", "支出", amount, "中国银行(1234)", "支付成功", pid, merchant))
            add(clearing, -amount)
        elif kind in ("card_twice", "payment_twice"):
            # the export wrote one payment twice, cell for cell: booked once, the repeat listed
            # with its amount on the account that paid it (the card's, not the balance's: a
            # dry run that summed one account's skipped rows into another's was not caught)
            method, account = ("中国银行(1234)", clearing) if kind == "card_twice" else (balance, online)
            line = row(t1, "商户消费", "某商店", "支出", amount, method, "支付成功", pid, merchant)
            lines += [line, line]
            add(account, -amount)
            add(account, -amount, listed)
        elif kind == "closed":  # closed before it was paid: Alipay writes these 不计收支
            lines.append(row(t1, "商户消费", "某商店", "支出" if platform == "wechat" else neutral, amount, balance,
                             "交易关闭", pid, merchant))
        elif kind in ("refunded", "partial"):
            back = amount if kind == "refunded" else part
            lines.append(row(t1, "商户消费", "某商店", "支出", amount, balance,
                             "交易关闭" if kind == "refunded" else "支付成功", pid, merchant))
            lines.append(row(t2, "退款", "某商店", "收入" if platform == "wechat" else neutral, back, balance,
                             "已全额退款" if platform == "wechat" else "退款成功", rid, rmerchant))
            add(online, back - amount)
        elif kind == "donation_returned":  # the centre gives a gift back: both rows net to zero
            lines.append(row(t1, "二维码收款", "路人甲", "收入", amount, "/" if platform == "wechat" else balance,
                             "已全额退款" if platform == "wechat" else "交易关闭", pid, merchant))
            lines.append(row(t2, "二维码收款-退款" if platform == "wechat" else "退款", "路人甲", "支出", amount, balance,
                             "已全额退款" if platform == "wechat" else "退款成功", rid, rmerchant))
        elif kind == "donation_returned_neutral":  # the same, the refund shown as 不计收支 (Alipay writes it so)
            lines.append(row(t1, "二维码收款" if platform == "wechat" else "收入", "路人乙", "收入", amount,
                             "/" if platform == "wechat" else "", "已全额退款" if platform == "wechat" else "交易关闭", pid, merchant))
            lines.append(row(t2, "二维码收款-退款" if platform == "wechat" else "退款", "路人乙", "支出" if platform == "wechat" else neutral,
                             amount, balance, "已全额退款" if platform == "wechat" else "退款成功", rid, rmerchant))
        elif kind in ("status_partial", "refunded_later"):
            # refunded after the bill's end, before its export: the status says so, the refund
            # row is in the next month's bill (WeChat gives it ids of its own)
            back = part if kind == "status_partial" else amount
            status = (f"已退款(￥{part})" if kind == "status_partial" else "已全额退款") if platform == "wechat" else (
                "交易成功" if kind == "status_partial" else "交易关闭")
            lines.append(row(t1, "商户消费", "某商店", "支出", amount, balance, status, pid, merchant))
            add(online, -amount)
            if platform == "wechat" or kind == "refunded_later":
                t3 = f"{day + datetime.timedelta(days=40)} 10:00:00"
                later.append(row(t3, "商户消费-退款" if platform == "wechat" else "退款", "某商店",
                                 "收入" if platform == "wechat" else neutral, back, balance,
                                 "已退款" if platform == "wechat" else "退款成功",
                                 str(ident + 7) if platform == "wechat" else f"{pid}_9", "" if platform == "wechat" else merchant))
                add(online, back, later_truth)
        elif kind == "transfer_returned":
            # a WeChat Pay transfer not accepted, gone back (对方已退还): skipped, nothing stayed;
            # its 转账-退款 in the next month's bill is listed, not booked, as its transfer is not in the books
            lines.append(row(t1, "转账", "张某", "支出", amount, balance, "对方已退还", pid, ""))
            later.append(row(f"{day + datetime.timedelta(days=40)} 10:00:00", "转账-退款", "张某", "收入", amount, balance,
                             "已全额退款", str(ident + 3), ""))
            add(online, amount, later_listed)
        elif kind == "refunded_no_ids":  # a refund in the same bill sharing no id with its payment
            lines.append(row(t1, "商户消费", "某商店", "支出", amount, balance,
                             "已全额退款" if platform == "wechat" else "交易关闭", pid, merchant))
            lines.append(row(t2, "商户消费-退款" if platform == "wechat" else "退款", "某商店",
                             "收入" if platform == "wechat" else neutral, amount, balance,
                             "已全额退款" if platform == "wechat" else "退款成功", str(ident + 5), f"R{ident}"))
        elif kind == "lone_refund":
            lines.append(row(t1, "退款", "某商店", "收入" if platform == "wechat" else neutral, amount, balance,
                             "已全额退款" if platform == "wechat" else "退款成功", pid, merchant))
            add(online, amount)
        elif kind == "withdrawal":
            fee = (amount / 1000).quantize(Decimal("0.01"))
            lines.append(row(t1, "零钱提现" if platform == "wechat" else "提现", "工商银行(2222)", neutral, amount + fee,
                             "工商银行(2222)", "提现已到账", pid, "", f"服务费¥{fee}"))
            add(online, -(amount + fee))
            add("Assets:Bank:Basic", amount)
        elif kind == "held_sale":  # the seller's side of a sale the buyer has not confirmed: held by the platform
            lines.append(row(t1, "日用百货", "李红", "收入", amount, balance, "等待确认收货", pid, merchant))
        elif kind == "neutral":
            lines.append(row(t1, "购买理财通" if platform == "wechat" else "投资理财", "理财通", neutral, amount,
                             "工商银行" if platform == "wechat" else "余额宝", "支付成功", pid, ""))
    return lines, {k: v for k, v in truth.items() if v}, later, {k: v for k, v in later_truth.items() if v}


def _sum(*dicts) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for d in dicts:
        for k, v in d.items():
            out[k] = out.get(k, ZERO) + v
    return {k: v for k, v in out.items() if v}


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(wechat_rows=rows_of("wechat", 100000, KINDS + ("transfer_returned",)), alipay_rows=rows_of("alipay", 100000),
       older_rows=rows_of("alipay", 500000, OLDER_KINDS), seed=st.integers(0, 1000))
def test_property_books_move_as_the_files_do(loaded, tmp_path_factory, wechat_rows, alipay_rows, older_rows, seed):
    """Generated bills, alone and together in random order: the books' movement is the files'."""
    folder = tmp_path_factory.mktemp("bills")
    day0 = datetime.date(2026, 2, 1)
    w_listed: dict[str, Decimal] = {}
    w_twice: dict[str, Decimal] = {}  # rows each bill wrote twice: listed, not booked
    a_twice: dict[str, Decimal] = {}
    w_lines, w_truth, w_later, w_later_truth = render_bill("wechat", wechat_rows, day0, w_listed, w_twice)
    a_lines, a_truth, a_later, a_later_truth = render_bill("alipay", alipay_rows, day0, listed=a_twice)
    w = bill(folder, "wechat.csv", WECHAT_HEADER, w_lines)
    # the Alipay bill uses the same ids as the WeChat one (anonymised exports do): no cross-source match
    a = bill(folder, "alipay.csv", ALIPAY_HEADER, a_lines)
    o_lines, o_truth, o_later, o_later_truth = render_older(older_rows, day0)
    o = bill(folder, "alipay-older.csv", OLDER_HEADER, o_lines, preamble="支付宝交易记录明细查询\n")
    files = [(w, w_truth), (a, a_truth), (o, o_truth)]
    listed: dict[Path, dict[str, Decimal]] = {w: w_twice, a: a_twice}  # money a file moves that is listed, not booked
    # next month's bills: the refunds this month's statuses announce (refunded after the bill's end)
    if w_later:
        files.append((bill(folder, "wechat-next.csv", WECHAT_HEADER, w_later), w_later_truth))
        listed[files[-1][0]] = w_listed
    if a_later:
        files.append((bill(folder, "alipay-next.csv", ALIPAY_HEADER, a_later), a_later_truth))
    if o_later:
        files.append((bill(folder, "alipay-older-next.csv", OLDER_HEADER, o_later, preamble="支付宝交易记录明细查询\n"),
                      o_later_truth))
    alone = []
    for path, truth in files:
        (r,) = extract(loaded, [path])
        assert r.problem is None, (path.name, r.problem)
        assert moved([r]) == truth, render([r])
        # the dry run's own check agrees with the truth, file by file
        assert {m.account: m.file_net for m in r.money if m.file_net} == _sum(truth, listed.get(path, {}))
        # and the skipped rows are counted on the account each moved, no other
        assert {m.account: m.skipped for m in r.money if m.skipped} == _sum(listed.get(path, {})), render([r])
        assert r.conserved, render([r])
        alone.append(r)
    order = [path for path, _ in files]
    random.Random(seed).shuffle(order)
    together = extract(loaded, order)
    assert all(r.conserved for r in together), render(together)
    # a payment and its refund a month later: the books move by what both bills moved, once
    assert moved(together) == _sum(*(truth for _, truth in files)), render(together)
    assert _plain(together) == sorted(x for r in alone for x in _plain([r]))
