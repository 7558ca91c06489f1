"""A payment bill's refund of a gift: the dry run says how to book it as a gift given back
(the gift's receipt, donor and fund), and a refund row with a fee takes its payment's fund.

Before: the refund was written on Liabilities:Payable with nothing naming the gift's receipt
or fund (the officer found the fund by the rule refund_gift's error after the write); a
refund row with a 服务费 was booked `fund: "GENERAL"` for its fee's line, whatever fund its
payment went to, and a gift given back with a fee was refused as money not conserved.
Rows written by hand for this test (importers/refund_notes.py).
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

WECHAT = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注,服务费(元)\n"
DONOR = '\n2026-01-01 custom "donor" "D0099" "individual"\n  name: "李某"\n'
#: the gift in the books, to the restricted fund, imported from an earlier bill
GIFT_IN_BOOKS = """
2026-01-01 open Assets:Online:WeChat CNY

2026-04-01 * "李某" "捐款"
  fund: "EDU-2026"
  donor: "D0099"
  receipt: "JZ-2026-00001"
  source_ref: "wechat:4200000301"
  Assets:Online:WeChat  500.00 CNY
  Income:Donation:Individual
"""


def _dry_run(books, tmp_path, rows: str, booked: str = "") -> str:
    with (books / "registry" / "funds.beancount").open("a", encoding="utf-8") as fh:
        fh.write(DONOR)
    with (books / "inbox.beancount").open("a", encoding="utf-8") as fh:
        fh.write(booked)
    bill = tmp_path / "wechat.csv"
    bill.write_text(WECHAT + rows, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(bill)])
    assert result.exit_code == 0, result.output
    assert "not conserved" not in result.output
    return result.output


def _entry(output: str, ref: str) -> str:
    start = output.rindex("\n2026-", 0, output.index(f'source_ref: "{ref}"'))
    end = output.find("\n\n", start + 1)
    return output[start:end if end >= 0 else len(output)]


def test_a_refund_of_a_gift_in_the_books_is_told_its_receipt_and_fund(books, tmp_path):
    output = _dry_run(books, tmp_path, "2026-04-11 09:00:00,二维码收款-退款,李*,/,支出,¥200.00,零钱,已退款,4200000301_1\t,/\t,/,\n",
                      GIFT_IN_BOOKS)
    assert (
        ";; note: row 2: the refund of 200.00 gives back the gift JZ-2026-00001 of 2026-04-01 in the books, fund "
        "EDU-2026: if the money went back to the donor, book it as a gift given back: Income:Donation:Individual "
        '200.00 CNY in place of Liabilities:Payable, with donor: "D0099", fund: "EDU-2026" (the fund the gift went '
        'to), the next receipt number, and refund_of as it is (docs/books.md, "A gift given back")\n') in output
    assert ";; 注：第 2 行：退款 200.00 退还的是账中的捐赠 JZ-2026-00001（2026-04-01），基金 EDU-2026：" in output
    # Chinese first
    assert output.index(";; 注：第 2 行：退款 200.00") < output.index(";; note: row 2: the refund of 200.00")
    refund = _entry(output, "wechat:4200000301_1")
    assert 'refund_of: "wechat:4200000301"' in refund and "Liabilities:Payable" in refund and refund.split("\n")[1].startswith("2026-04-11 !")


def test_a_refund_of_a_gift_of_the_same_bill_names_the_receipt_it_proposes(books, tmp_path):
    """The gift is proposed by the same import (its receipt given there, its donor UNIDENTIFIED
    when the payer is no registered donor): the note names that receipt and says to keep the
    two alike."""
    output = _dry_run(books, tmp_path,
                      "2026-04-01 10:00:00,二维码收款,王*,/,收入,¥500.00,/,已退款(¥200.00),4200000401\t,/\t,/,\n"
                      "2026-04-11 09:00:00,二维码收款-退款,王*,/,支出,¥200.00,零钱,已退款,4200000402\t,/\t,/,\n")
    gift = _entry(output, "wechat:4200000401")
    receipt = gift.split('receipt: "', 1)[1].split('"', 1)[0]
    assert (f"note: row 3: the refund of 200.00 gives back the gift {receipt} this import proposes (row 2, "
            "2026-04-01), fund GENERAL: if the money went back to the donor, book it as a gift given back: "
            "Income:Donation:Individual 200.00 CNY in place of Liabilities:Payable, with the gift's donor (its id once "
            'you know who gave it; UNIDENTIFIED now), fund: "GENERAL" (the fund the gift went to), the next receipt '
            'number, and refund_of as it is (docs/books.md, "A gift given back"); if you change the gift\'s donor or '
            "fund before writing, change the refund's alike") in output
    assert f"第 3 行：退款 200.00 退还的是本次导入拟记的捐赠 {receipt}（第 2 行，2026-04-01），基金 GENERAL" in output


def test_a_refund_of_a_purchase_gets_no_gift_note(books, tmp_path):
    booked = """
2026-01-01 open Assets:Online:WeChat CNY

2026-04-01 * "某文具店" "文具"
  fund: "GENERAL"
  source_ref: "wechat:4200000501"
  Assets:Online:WeChat  -200.00 CNY
  Expenses:Operations:BankFees  200.00 CNY
"""
    output = _dry_run(books, tmp_path, "2026-04-11 09:00:00,退款,某文具店,文具,收入,¥200.00,零钱,已退款,4200000501_1\t,/\t,/,\n", booked)
    assert "gives back the gift" not in output and "退还的是" not in output


def test_a_refund_with_a_fee_takes_its_gifts_fund(books, tmp_path):
    """The gift went to EDU-2026: the refund with a 服务费 of 1.20 was `fund: "GENERAL"` (its
    fee's line), and refused as not conserved; now the fee is an entry of its own in GENERAL and
    the refund is EDU-2026's, the money conserved."""
    output = _dry_run(books, tmp_path, "2026-04-11 09:00:00,二维码收款-退款,李*,/,支出,¥200.00,零钱,已退款,4200000301_1\t,/\t,/,¥1.20\n",
                      GIFT_IN_BOOKS)
    refund = _entry(output, "wechat:4200000301_1")
    assert 'fund: "EDU-2026"' in refund and "GENERAL" not in refund and "BankFees" not in refund
    assert "Assets:Online:WeChat  -200.00 CNY" in refund and "Liabilities:Payable    200.00 CNY" in refund
    fee = _entry(output, "wechat:4200000301_1:fee")
    assert 'fund: "GENERAL"' in fee and "Expenses:Operations:BankFees   1.20 CNY" in fee and fee.split("\n")[1].startswith("2026-04-11 !")
    assert "net -200.00 = proposed -200.00" in output


def test_a_refund_with_a_fee_whose_payment_is_not_found_keeps_no_fund_and_says_so(books, tmp_path):
    """A purchase refunded with a fee, its payment in no bill or entry: no fund is guessed."""
    output = _dry_run(books, tmp_path, "2026-04-11 09:00:00,退款,某文具店,文具,收入,¥200.00,零钱,已退款,4200000601_1\t,/\t,/,¥1.20\n",
                      "\n2026-01-01 open Assets:Online:WeChat CNY\n")
    refund = _entry(output, "wechat:4200000601_1")
    assert "fund:" not in refund and refund.split("\n")[1].startswith("2026-04-11 !")
    assert "the refund goes into the fund of the payment it gives back" in refund
    assert 'fund: "GENERAL"' in _entry(output, "wechat:4200000601_1:fee")


def test_a_payment_with_a_fee_is_no_refund(books, tmp_path):
    """Money out with a 服务费 (its fee an entry `…:fee` of its own, as before): no refund note,
    no fund taken from anything."""
    output = _dry_run(books, tmp_path, "2026-04-11 09:00:00,商户消费,某文具店,文具,支出,¥40.00,零钱,支付成功,4200000701\t,/\t,/,¥1.00\n",
                      "\n2026-01-01 open Assets:Online:WeChat CNY\n")
    payment = _entry(output, "wechat:4200000701")
    assert "fee is booked apart" not in output and "fund:" not in payment
