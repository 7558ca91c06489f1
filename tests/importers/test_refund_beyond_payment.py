"""A refund whose payment the bill holds but other refunds already give back in full.

deb-sig's real Alipay 电子客户回单 (d765283d) lists one refund of 109.90 twice, once under
收/支 其他 and once under 收入, beside its payment (交易关闭). The first was paired with the
payment; the second, refused by the payment (nothing of it left to give back), was booked on
its own and the dry run said its payment "is neither in this bill nor in the books": the
officer was sent looking for a payment two rows away, and 109.90 more came back than went
out without a word. Such a refund is still booked as the bill states it, flagged; the dry
run names the payment and the refund(s) that already give it back.
"""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest
from beancount.core import data

from ledger.books import load_books

from .test_conservation import ALIPAY_HEADER, bill, extract, moved

PAID = "2026-03-01 10:00:00,日用百货,文具店,shop@x.com,文具,支出,100.00,余额,交易关闭,2026030122001\t,M1\t,,"
BACK = "2026-03-02 10:00:00,退款,文具店,shop@x.com,退款-文具,{direction},{amount},余额,退款成功,2026030122001\t,M1\t,,"


@pytest.fixture
def books(tmp_path, books_template):
    root = tmp_path / "books"
    shutil.copytree(books_template, root)
    return load_books(root)


def _refunds(result) -> list[data.Transaction]:
    return [e for e in result.new if isinstance(e, data.Transaction) and "退款" in (e.narration or "")]


def test_a_second_refund_of_a_payment_refunded_in_full_names_the_payment(books, tmp_path):
    rows = [BACK.format(direction="其他", amount="100.00"), BACK.format(direction="收入", amount="100.00"), PAID]
    (result,) = extract(books, [bill(tmp_path, "march.csv", ALIPAY_HEADER, rows)], verify_summary=False)
    assert result.problem is None, result.problem
    first, second = sorted(_refunds(result), key=lambda e: e.meta["lineno"])
    assert first.meta["refund_of"] == "alipay:2026030122001"
    assert "refund_of" not in second.meta and second.flag == "!"
    assert second.meta["note"] == ("refund_of not known: row 4 (2026-03-01, 文具店) shares its id, but row 2 already "
                                   "gives back its 100.00 in full")
    notes = " | ".join(result.report.notes)
    assert "neither in this bill nor in the books" not in notes, notes
    assert ("row 3: a refund of 100.00 (交易对方 文具店) is not paired with row 4 (2026-03-01, 文具店), whose id it shares: "
            "row 2 already gives back its 100.00 in full; the refund is booked on its own, flagged") in notes, notes
    # the money as the bill states it: 100.00 out, 200.00 back
    assert moved([result]) == {"Assets:Online:Alipay": Decimal("100.00")}
    assert result.conserved


def test_a_part_refund_beyond_what_is_left_names_what_was_given_back(books, tmp_path):
    rows = [BACK.format(direction="其他", amount="60.00"), BACK.format(direction="收入", amount="60.00"), PAID]
    (result,) = extract(books, [bill(tmp_path, "march.csv", ALIPAY_HEADER, rows)], verify_summary=False)
    second = sorted(_refunds(result), key=lambda e: e.meta["lineno"])[1]
    assert second.meta["note"] == ("refund_of not known: row 4 (2026-03-01, 文具店) shares its id, but row 2 already "
                                   "gives back 60.00 of its 100.00: 40.00 is left, less than this refund")


def test_refunds_within_the_payment_are_both_paired(books, tmp_path):
    rows = [BACK.format(direction="其他", amount="40.00"), BACK.format(direction="收入", amount="60.00"), PAID]
    (result,) = extract(books, [bill(tmp_path, "march.csv", ALIPAY_HEADER, rows)], verify_summary=False)
    assert [e.meta.get("refund_of") for e in _refunds(result)] == ["alipay:2026030122001"] * 2


def test_a_card_refund_keeps_both_notes(books, tmp_path):
    """Paid by a card the config does not map: the entry's note said only that, and why the
    refund has no refund_of was left to the dry run (deb-sig's real 回单, 招商银行(9876))."""
    card = [r.replace(",余额,", ",招商银行(9876),") for r in
            (BACK.format(direction="其他", amount="100.00"), BACK.format(direction="收入", amount="100.00"), PAID)]
    (result,) = extract(books, [bill(tmp_path, "march.csv", ALIPAY_HEADER, card)], verify_summary=False)
    second = sorted(_refunds(result), key=lambda e: e.meta["lineno"])[1]
    assert second.meta["note"].startswith("refund_of not known: row 4 (2026-03-01, 文具店) shares its id, but row 2 "
                                          "already gives back its 100.00 in full; ")
    assert "招商银行(9876) is not the Alipay balance and is not mapped" in second.meta["note"]
