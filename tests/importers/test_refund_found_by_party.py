"""A 不计收支 refund of a gift booked from an earlier bill, whose ids name no payment in the books.

WeChat Pay gives a refund a 交易单号 of its own, and Alipay's is not always the payment's
followed by digits: such a refund of a gift already in the books was booked as money back
in (+100.00, as a purchase refunded), with a note saying its payment was nowhere in the
books. Now it is matched to the one gift of its counterparty and amount (flagged, to check),
and when two could be, that is said on the entry.
"""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest
from beancount.core import data

from importers.run import write_import
from ledger.books import load_books

from .test_conservation import ALIPAY_HEADER, bill, extract, moved

GIFT = "2026-03-0{day} 10:00:00,收入,李四,138******01,收钱码收款,收入,100.00,,交易成功,202603052200140000{day}\t,\t,,"
BACK = "2026-04-02 10:00:00,退款,李四,138******01,退款-收钱码收款,不计收支,100.00,余额,退款成功,2026040299990000077\t,\t,,"


@pytest.fixture
def target(tmp_path, books_template):
    root = tmp_path / "books"
    shutil.copytree(books_template, root)
    return root


def _refund(result) -> data.Transaction:
    (entry,) = [e for e in result.new if isinstance(e, data.Transaction)]
    return entry


def test_a_refund_of_a_gift_in_the_books_is_found_by_its_counterparty(target, tmp_path):
    march = bill(tmp_path, "march.csv", ALIPAY_HEADER, [GIFT.format(day=5)])
    write_import(load_books(target), extract(load_books(target), [march]))
    (result,) = extract(load_books(target), [bill(tmp_path, "april.csv", ALIPAY_HEADER, [BACK])])
    assert result.conserved
    entry = _refund(result)
    assert entry.meta["refund_of"] == "alipay:2026030522001400005" and entry.flag == "!"
    assert "by its counterparty 李四 and amount 100.00" in entry.meta["note"]
    assert moved([result]) == {"Assets:Online:Alipay": Decimal("-100.00")}  # the gift went back out
    assert not any("neither in this bill nor in the books" in n for n in result.report.notes)


def test_two_gifts_that_could_be_the_one_are_named(target, tmp_path):
    march = bill(tmp_path, "march.csv", ALIPAY_HEADER, [GIFT.format(day=5), GIFT.format(day=6)])
    write_import(load_books(target), extract(load_books(target), [march]))
    (result,) = extract(load_books(target), [bill(tmp_path, "april.csv", ALIPAY_HEADER, [BACK])])
    entry = _refund(result)
    assert "refund_of" not in entry.meta and entry.flag == "!"
    assert "2 payments in the books" in entry.meta["note"]
    assert any("row 2: a refund of 100.00 to 李四: 2 payments in the books" in n for n in result.report.notes)


def test_a_later_bill_given_first_in_one_run_still_finds_the_gift(target, tmp_path):
    """`relief import BOOKS april.csv march.csv` (or a shell's *.csv in its own order): April's
    不计收支 refund was read before March's gift, found no payment, and was booked as money
    back in, +100.00 where 100.00 went out. The bills of one platform are now read in the
    order of their periods, and listed as given."""
    march = bill(tmp_path, "march.csv", ALIPAY_HEADER, [GIFT.format(day=5)])
    april = bill(tmp_path, "april.csv", ALIPAY_HEADER, [BACK])
    results = extract(load_books(target), [april, march])
    assert [r.path.name for r in results] == ["april.csv", "march.csv"]
    back = _refund(results[0])
    assert back.meta["refund_of"] == "alipay:2026030522001400005"
    assert moved(results) == {}  # the gift came in and went back out
    assert all(r.conserved for r in results)


def test_a_lone_refund_in_the_books_is_not_its_own_payment(target, tmp_path):
    """A 不计收支 refund of a purchase whose payment is in no bill (booked as money back,
    +4.10), imported again from the same bill saved by Excel (its ids rounded to 2.02012E+27,
    so it is told by its content): it took the entry the first import made of it for its
    payment, a gift to give back, and was booked as 4.10 paid out, beside the +4.10 already in
    the books. A money-in entry that is no gift is no payment a refund gives back."""
    lone = ("2026-04-02 13:48:10,退款,北京市政交通一卡通,service***@bjykt.com,退款-地铁卡充值,不计收支,4.10,余额,退款成功,"
            "{id},D3202604021348101593,,")
    write_import(load_books(target), extract(load_books(target), [
        bill(tmp_path, "april.csv", ALIPAY_HEADER, [lone.format(id="2026040222001455631429484788\t")])]))
    (result,) = extract(load_books(target), [bill(tmp_path, "april-saved.csv", ALIPAY_HEADER, [lone.format(id="2.02604E+27")])])
    assert result.problem is None and result.conserved
    assert [e for e in result.new if isinstance(e, data.Transaction)] == []
    assert not any("a refund of the payment" in n for n in result.report.notes), result.report.notes
