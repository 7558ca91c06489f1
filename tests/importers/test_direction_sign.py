"""A statement with a direction column (借贷: 贷 in, 借 out) whose amount cell also carries a
sign: a negative amount under 贷 is a reversal (冲正) of a credit and takes money out, as a
negative amount in the money-in column of an in / out layout does. It used to be booked as a
second credit (a donation with a receipt) while the statement's balance fell by it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEADER = "序号,交易日期,交易时间,交易类型,借贷,交易金额,余额,对方账号,对方户名,交易地点,摘要"


def extract(books: Path, path: Path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def test_a_negative_amount_under_credit_is_a_reversal_taking_money_out(books, tmp_path):
    path = tmp_path / "bocom.csv"
    path.write_text("交通银行 账户交易明细\n" + HEADER + "\n"
                    '1,2026-03-02,09:00:00,转账,贷,"5,000.00","15,000.00",6222,某公司,网银,捐赠\n'
                    '2,2026-03-03,09:00:00,冲正,贷,"-5,000.00","10,000.00",6222,某公司,网银,冲正\n'
                    '3,2026-03-04,09:00:00,转账,借,"-30.00","9,970.00",6228,某超市,网银,付款\n', encoding="utf-8")
    result = extract(books, path)
    assert result.problem is None, result.problem
    moved = [(e.meta["lineno"], e.postings[0].units.number) for e in result.new if isinstance(e, data.Transaction)]
    assert moved == [(3, Decimal("5000.00")), (4, Decimal("-5000.00")), (5, Decimal("-30.00"))]
    reversal = next(e for e in result.new if isinstance(e, data.Transaction) and e.meta["lineno"] == 4)
    assert "receipt" not in reversal.meta  # no receipt for money that went back
    (balance,) = [e for e in result.new if isinstance(e, data.Balance)]
    assert balance.amount.number == Decimal("9970.00")
    assert result.conserved and [m.file_net for m in result.money] == [Decimal("-30.00")]
