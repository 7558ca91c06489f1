"""Rule donation_amount: whole fen, and no gift given back beyond what was given."""

from __future__ import annotations


def _gift(day, amount, receipt, fund="GENERAL", donor="D0001"):
    return f"""
        {day} * "捐款"
          fund: "{fund}"
          donor: "{donor}"
          receipt: "{receipt}"
          Assets:Bank:Basic   {amount} CNY
          Income:Donation:Individual
    """


def test_a_fraction_of_a_fen_is_an_error(check_rule):
    """0.001 CNY passed relief check, then stopped publish with an internal error."""
    errors = check_rule("donation_amount", _gift("2026-03-01", "0.001", "JZ-2026-00001"))
    assert errors == [
        "捐赠金额 0.001 CNY 不是整分（多于两位小数）：金额请写两位小数；物资请定好单价，使数量 × 单价为两位小数。 "
        "Donation of 0.001 CNY is not a whole number of fen (two decimals): write the amount with two decimals; "
        "for goods, value them so that quantity × cost has two decimals"
    ]


def test_goods_whose_value_is_not_whole_fen_are_an_error(check_rule):
    errors = check_rule("donation_amount", """
        2026-03-01 * "捐赠大米"
          fund: "GENERAL"
          donor: "D0001"
          receipt: "JZ-2026-00001"
          Assets:Goods   3 RICE {5.833 CNY}
          Income:Donation:InKind
    """)
    assert len(errors) == 1 and errors[0].startswith("捐赠金额 17.499 CNY 不是整分")
    assert "Donation of 17.499 CNY is not a whole number of fen" in errors[0]


def test_a_refund_within_the_gifts_passes(check_rule):
    assert check_rule("donation_amount", _gift("2026-03-01", "100.00", "JZ-2026-00001") + _gift("2026-03-01", "-100.00", "JZ-2026-00002")
                      + _gift("2026-03-02", "50.00", "JZ-2026-00003")) == []


def test_a_refund_larger_than_the_gifts_is_an_error(check_rule):
    """A refund of 300,000.00 to a donor who gave 100.00 put -299,900.00 on the honour roll."""
    errors = check_rule("donation_amount", _gift("2026-03-01", "100.00", "JZ-2026-00001") + _gift("2026-03-05", "-300000.00", "JZ-2026-00002"))
    assert errors == [
        "这笔退还的捐赠（300,000.00 CNY）多于捐赠人 D0001 截至 2026-03-05 向基金 GENERAL 的捐赠（100.00 CNY）："
        "请核对金额及正负号、捐赠人和基金。 "
        "This gift given back (300,000.00 CNY) is more than donor D0001 had given to fund GENERAL by 2026-03-05 "
        "(100.00 CNY): check the amount and its sign, the donor and the fund"
    ]


def test_a_refund_is_counted_per_donor_and_fund(check_rule):
    """The donor's gift to another fund, or another donor's gift to this fund, does not cover it."""
    errors = check_rule("donation_amount", _gift("2026-03-01", "100.00", "JZ-2026-00001", fund="EDU-2026")
                        + _gift("2026-03-01", "100.00", "JZ-2026-00002", donor="D0002")
                        + _gift("2026-03-02", "-50.00", "JZ-2026-00003"))
    assert len(errors) == 1 and "more than donor D0001 had given to fund GENERAL by 2026-03-02 (0.00 CNY)" in errors[0]


def test_a_receipt_for_nothing_is_an_error(check_rule):
    """A cash gift typed 0.00 (the amount lost): beancount drops the zero posting it fills in, so
    the entry was no donation at all, and its receipt number was reported only as a gap."""
    errors = check_rule("donation_amount", _gift("2026-03-01", "0.00", "JZ-2026-00001") + _gift("2026-03-02", "50.00", "JZ-2026-00002"))
    assert errors == [
        "捐赠收据号 JZ-2026-00001 对应的捐赠金额为 0.00 CNY：请写明实收金额（以银行流水为准）；"
        '如果并未收到捐赠，请删除这笔分录，并用 custom "receipt-void" 登记作废该号。 '
        "Receipt JZ-2026-00001 is for a donation of 0.00 CNY: write the amount given (the bank's line), or, if nothing "
        'was given, remove the entry and void the number with custom "receipt-void"'
    ]


def test_goods_not_valued_are_not_a_receipt_for_nothing(check_rule):
    """Goods given with no value (`{0 CNY}`) are a gift: the quantity is what was given."""
    assert check_rule("donation_amount", """
        2026-03-01 * "捐赠大米"
          fund: "GENERAL"
          donor: "D0001"
          receipt: "JZ-2026-00001"
          Assets:Goods   3 RICE {0 CNY}
          Income:Donation:InKind
    """) == []


def test_errors_come_in_the_books_order(check_rule):
    """One walk in the books' order, as the fast path for appended entries merges them."""
    errors = check_rule("donation_amount", _gift("2026-03-01", "0.001", "JZ-2026-00001") + _gift("2026-03-02", "0.00", "JZ-2026-00002")
                        + _gift("2026-03-03", "0.005", "JZ-2026-00003"))
    english = [e.split("。 ", 1)[1] for e in errors]
    assert [e.split(" ")[:2] for e in english] == [["Donation", "of"], ["Receipt", "JZ-2026-00002"], ["Donation", "of"]]
