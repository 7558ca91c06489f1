"""A refund Alipay shows as 不计收支 goes against its payment: a gift the centre gives back
is money out, a purchase refunded to the centre is money in.

Alipay writes both sides of a refund as 不计收支. Every such refund was taken as money in:
a ¥100 donation by 收钱码 given back to its donor put the Alipay balance up by ¥200 in the
books (the gift and its "refund") where it had gone back to nothing, and the dry run's
money lines agreed, because the importer measured the refund the same wrong way.
"""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest
from beancount.core import data

from importers.run import write_import
from ledger.books import load_books

from .test_conservation import ALIPAY_HEADER, bill, extract, moved

GIFT = "2026-03-05 10:00:00,收入,张**,138******01,收钱码收款,收入,100.00,,{status},2026030522001400001\t,\t,,"
GIVEN_BACK = ("2026-{day} 10:00:00,退款,张**,138******01,退款-收钱码收款,不计收支,100.00,余额,退款成功,"
              "2026030522001400001_2026030600001\t,\t,,")
PURCHASE = "2026-03-05 10:00:00,日用百货,某超市,/,大米,支出,80.00,余额,交易关闭,2026030522001400002\t,T2\t,,"
PURCHASE_BACK = "2026-{day} 10:00:00,退款,某超市,/,退款-大米,不计收支,80.00,余额,退款成功,2026030522001400002_2026030600002\t,T2\t,,"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, books_template):
    root = tmp_path_factory.mktemp("direction") / "books"
    shutil.copytree(books_template, root)
    return load_books(root)


def _refund(result) -> data.Transaction:
    (entry,) = [e for e in result.new if isinstance(e, data.Transaction) and "refund_of" in e.meta]
    return entry


@pytest.mark.parametrize("status", ["交易成功", "交易关闭"])
def test_a_gift_given_back_in_the_same_bill_is_money_out(loaded, tmp_path, status):
    path = bill(tmp_path, "alipay.csv", ALIPAY_HEADER, [GIFT.format(status=status), GIVEN_BACK.format(day="03-06"),
                                                         PURCHASE, PURCHASE_BACK.format(day="03-07")])
    (result,) = extract(loaded, [path])
    assert result.conserved
    assert moved([result]) == {}  # +100 -100 -80 +80
    refunds = {e.meta["refund_of"]: e.postings[0].units.number for e in result.new
               if isinstance(e, data.Transaction) and "refund_of" in e.meta}
    assert refunds == {"alipay:2026030522001400001": Decimal("-100.00"), "alipay:2026030522001400002": Decimal("80.00")}


def test_a_gift_given_back_in_the_next_bill_is_money_out(loaded, tmp_path):
    march = bill(tmp_path, "march.csv", ALIPAY_HEADER, [GIFT.format(status="交易成功")])
    april = bill(tmp_path, "april.csv", ALIPAY_HEADER, [GIVEN_BACK.format(day="04-02")])
    target = tmp_path / "books"
    shutil.copytree(loaded.root, target)
    first = load_books(target)
    write_import(first, extract(first, [march]))
    (result,) = extract(load_books(target), [april])
    assert result.conserved
    assert _refund(result).meta["refund_of"] == "alipay:2026030522001400001"
    assert moved([result]) == {"Assets:Online:Alipay": Decimal("-100.00")}
    # both bills in one run: the same
    (_, second) = extract(loaded, [march, april])
    assert second.conserved and moved([second]) == {"Assets:Online:Alipay": Decimal("-100.00")}


def test_a_purchase_refunded_in_the_next_bill_stays_money_in(loaded, tmp_path):
    march = bill(tmp_path, "march.csv", ALIPAY_HEADER, [PURCHASE])
    april = bill(tmp_path, "april.csv", ALIPAY_HEADER, [PURCHASE_BACK.format(day="04-02")])
    (_, result) = extract(loaded, [march, april])
    assert result.conserved and moved([result]) == {"Assets:Online:Alipay": Decimal("80.00")}


def test_a_lone_refund_says_its_direction_is_not_known(loaded, tmp_path):
    path = bill(tmp_path, "alipay.csv", ALIPAY_HEADER, [GIVEN_BACK.format(day="04-02")])
    (result,) = extract(loaded, [path])
    assert moved([result]) == {"Assets:Online:Alipay": Decimal("100.00")}
    assert any("its 不计收支 does not say which way it went" in n for n in result.report.notes)
