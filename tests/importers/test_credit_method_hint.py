"""The note asking to map a bill's unmapped 支付方式 proposes a liability for credit.

花呗 and a credit card (交通银行信用卡(7449)) are money the centre owes, not money it holds; the
note proposed `{"花呗": "Assets:Bank:…"}` for them as for a debit card, and a finance officer
following it booked the credit line as a bank account holding money (its balance below zero
where the books should show a debt). A debit card's note is unchanged. Rows written by hand.
"""

from __future__ import annotations

from importers.run import extract_files, load_importers
from ledger.books import load_books
from tests.importers.test_behaviour import extract

HEAD = "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n"


def test_credit_is_proposed_as_a_liability_a_debit_card_as_a_bank_account(books, tmp_path):
    bill = tmp_path / "alipay.csv"
    bill.write_bytes((HEAD + "2026-03-07 10:00:00,日用百货,某某超市,/,大米,支出,88.00,花呗,交易成功,A1\t,T1\t,,\n"
                      "2026-03-08 10:00:00,日用百货,某某药店,/,药品,支出,20.00,交通银行信用卡(7449),交易成功,A2\t,T2\t,,\n"
                      "2026-03-09 10:00:00,日用百货,某某书店,/,书,支出,30.00,中国银行储蓄卡(1234),交易成功,A3\t,T3\t,,\n")
                     .encode("gb18030"))
    (r,) = extract(books, bill)
    notes = " ".join(r.report.notes)
    assert '(e.g. {"花呗": "Liabilities:…"})' in notes, notes
    assert '(e.g. {"7449": "Liabilities:…"})' in notes
    assert '(e.g. {"1234": "Assets:Bank:…"})' in notes


def test_credit_mapped_to_the_payable_account_is_refused_with_what_to_do(books, tmp_path):
    """New books open one liability, Liabilities:Payable, and a finance officer following the
    note above mapped 花呗 to it. A purchase paid by 花呗 then posted -88.00 and +88.00 on that
    one account, what the centre owes 花呗 gone, and the dry run called it "a fault of the
    importer, report it": the mapping is now refused, naming it and what to map instead."""
    config = books / "import_config.py"
    config.write_text(config.read_text(encoding="utf-8").replace("accounts={}", 'accounts={"花呗": "Liabilities:Payable"}'),
                      encoding="utf-8")
    bill = tmp_path / "alipay.csv"
    bill.write_bytes((HEAD + "2026-03-07 10:00:00,日用百货,某某超市,/,大米,支出,88.00,花呗,交易成功,A1\t,T1\t,,\n")
                     .encode("gb18030"))
    loaded = load_books(books)
    (r,) = extract_files(loaded, [bill], load_importers(loaded.root))
    assert r.problem is not None and r.entries == []
    message = str(r.problem)
    assert "fault of the importer" not in message
    assert ("accounts in import_config.py maps '花呗' to Liabilities:Payable, the account relief books what a row "
            "paid for to, for a person to decide") in message, message
    assert "give 花呗 an account of its own" in message, message
