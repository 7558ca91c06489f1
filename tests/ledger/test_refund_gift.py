"""Rule refund_gift: a refund gives back a gift of its donor, made before it, into the gift's fund, and no more than it."""

from __future__ import annotations

from .conftest import english


def _entry(day, amount, receipt, fund="GENERAL", donor="D0001", refund_of=None, account="Income:Donation:Individual"):
    refund = f'\n          refund_of: "{refund_of}"' if refund_of else ""
    return f"""
        {day} * "{'退还捐款' if refund_of else '捐款'}"
          fund: "{fund}"
          donor: "{donor}"
          receipt: "{receipt}"{refund}
          Assets:Bank:Basic   {amount} CNY
          {account}
    """


def test_a_refund_into_another_fund_than_its_gifts_is_an_error(check_rule):
    """The donor gave EDU-2026 500.00 and GENERAL 500.00; the refund of the EDU-2026 gift was
    booked to GENERAL. relief check said 0 errors (donation_amount counts per donor and fund,
    and GENERAL had 500.00 of the donor's), EDU-2026's page showed 500.00 raised and held, and
    the gift's acknowledgement page said 200.00 of it went back."""
    errors = check_rule("refund_gift", _entry("2026-02-01", "500.00", "JZ-2026-00001", fund="EDU-2026")
                        + _entry("2026-02-02", "500.00", "JZ-2026-00002")
                        + _entry("2026-02-05", "-200.00", "JZ-2026-00003", refund_of="JZ-2026-00001"))
    assert errors == [
        "退款（收据 JZ-2026-00003）记入基金 GENERAL，而它退还的捐赠 JZ-2026-00001 记入的是基金 EDU-2026："
        "两个基金的余额都因此差 200.00 CNY，网站上基金 EDU-2026 显示从未退还过；"
        '请在退款上写 fund: "EDU-2026"（捐赠所入的基金）。 '
        "The refund (receipt JZ-2026-00003) is booked to fund GENERAL, but the gift it gives back, JZ-2026-00001, "
        "went to fund EDU-2026: both funds' balances are off by 200.00 CNY, and the site shows EDU-2026 as never "
        'having given anything back; write fund: "EDU-2026" on the refund (the fund the gift went to)'
    ]


def test_a_refund_into_its_gifts_fund_passes(check_rule):
    assert check_rule("refund_gift", _entry("2026-02-01", "500.00", "JZ-2026-00001", fund="EDU-2026")
                      + _entry("2026-02-05", "-200.00", "JZ-2026-00002", fund="EDU-2026", refund_of="JZ-2026-00001")
                      + _entry("2026-02-06", "-300.00", "JZ-2026-00003", fund="EDU-2026", refund_of="JZ-2026-00001")) == []


def test_the_fund_named_on_the_donation_posting_counts(check_rule):
    """fund_declared allows the fund on the postings: the gift's fund is its donation line's."""
    assert check_rule("refund_gift", """
        2026-02-01 * "捐款"
          donor: "D0001"
          receipt: "JZ-2026-00001"
          Assets:Bank:Basic   500.00 CNY
          Income:Donation:Individual
            fund: "EDU-2026"
    """ + _entry("2026-02-05", "-200.00", "JZ-2026-00002", fund="EDU-2026", refund_of="JZ-2026-00001")) == []
    errors = check_rule("refund_gift", """
        2026-02-01 * "捐款"
          fund: "EDU-2026"
          donor: "D0001"
          receipt: "JZ-2026-00001"
          Assets:Bank:Basic   500.00 CNY
          Income:Donation:Individual
        2026-02-05 * "退还捐款"
          donor: "D0001"
          receipt: "JZ-2026-00002"
          refund_of: "JZ-2026-00001"
          Assets:Bank:Basic   -200.00 CNY
          Income:Donation:Individual
            fund: "GENERAL"
    """)
    assert len(errors) == 1 and "is booked to fund GENERAL, but the gift it gives back, JZ-2026-00001, went to fund EDU-2026" in errors[0]


def test_a_refund_naming_a_gift_by_its_source_ref_as_importers_write_it(check_rule):
    """An importer's refund names the payment's source_ref (wechat:…), not its receipt."""
    gift = """
        2026-02-01 * "陈某" "捐款"
          fund: "EDU-2026"
          donor: "D0001"
          receipt: "JZ-2026-00001"
          source_ref: "wechat:4200000201"
          Assets:Bank:Basic   300.00 CNY
          Income:Donation:Individual
    """
    assert check_rule("refund_gift", gift + _entry("2026-02-05", "-300.00", "JZ-2026-00002", fund="EDU-2026", refund_of="wechat:4200000201")) == []
    errors = check_rule("refund_gift", gift + _entry("2026-02-05", "-300.00", "JZ-2026-00002", refund_of="wechat:4200000201"))
    assert len(errors) == 1 and "the gift it gives back, JZ-2026-00001, went to fund EDU-2026" in english(errors[0])


def test_refunds_of_one_gift_together_beyond_it_are_an_error(check_rule):
    """The donor's other gift to the fund let donation_amount pass a refund of 150.00 naming a
    gift of 100.00; the gift's page said 150.00 of its 100.00 went back."""
    errors = check_rule("refund_gift", _entry("2026-02-01", "100.00", "JZ-2026-00001")
                        + _entry("2026-02-02", "400.00", "JZ-2026-00002")
                        + _entry("2026-02-05", "-60.00", "JZ-2026-00003", refund_of="JZ-2026-00001")
                        + _entry("2026-02-06", "-40.00", "JZ-2026-00004", refund_of="JZ-2026-00001")
                        + _entry("2026-02-07", "-50.00", "JZ-2026-00005", refund_of="JZ-2026-00001"))
    assert errors == [
        "退款（收据 JZ-2026-00005）退还 50.00 CNY，使捐赠 JZ-2026-00001（100.00 CNY）的退款合计达到 150.00 CNY"
        "（此前的退款已退还 100.00 CNY），多于这笔捐赠：请核对金额和 refund_of；"
        "如果退还的是几笔捐赠，请分成几笔退款，每笔写明所退还那笔捐赠的收据号。 "
        "The refund (receipt JZ-2026-00005) gives back 50.00 CNY, which takes the refunds of gift JZ-2026-00001 "
        "(100.00 CNY) to 150.00 CNY (earlier refunds gave back 100.00 CNY of it), more than the gift: check the "
        "amount and refund_of; a refund of several gifts is several entries, each naming the receipt of the gift "
        "it gives back"
    ]


def test_one_refund_beyond_its_gift(check_rule):
    errors = check_rule("refund_gift", _entry("2026-02-01", "100.00", "JZ-2026-00001")
                        + _entry("2026-02-02", "400.00", "JZ-2026-00002")
                        + _entry("2026-02-05", "-150.00", "JZ-2026-00003", refund_of="JZ-2026-00001"))
    assert [english(e) for e in errors] == [
        "The refund (receipt JZ-2026-00003) gives back 150.00 CNY, which takes the refunds of gift JZ-2026-00001 "
        "(100.00 CNY) to 150.00 CNY, more than the gift: check the amount and refund_of; a refund of several gifts "
        "is several entries, each naming the receipt of the gift it gives back"
    ]


def test_a_refund_dated_before_its_gift_is_an_error(check_rule):
    """The site pairs a refund only with a gift on or before it: the gift's page said nothing."""
    errors = check_rule("refund_gift", _entry("2026-01-20", "300.00", "JZ-2026-00001")
                        + _entry("2026-02-05", "-100.00", "JZ-2026-00002", refund_of="JZ-2026-00003")
                        + _entry("2026-03-01", "100.00", "JZ-2026-00003"))
    assert [english(e) for e in errors] == [
        "The refund (receipt JZ-2026-00002) is dated 2026-02-05, before the gift it gives back, JZ-2026-00003 "
        "(2026-03-01): the site does not pair them; check the two entries' dates, and whether refund_of names the "
        "right gift"
    ]
    assert errors[0].startswith("退款（收据 JZ-2026-00002）日期 2026-02-05 早于它退还的捐赠 JZ-2026-00003（2026-03-01）")
    # on the same day it passes (the site pairs them)
    assert check_rule("refund_gift", _entry("2026-02-05", "100.00", "JZ-2026-00001")
                      + _entry("2026-02-05", "-100.00", "JZ-2026-00002", refund_of="JZ-2026-00001")) == []


def test_a_refund_naming_another_donors_gift_is_an_error(check_rule):
    """李四's refund naming 王五's gift: the site paired it with none, so neither gift's page said
    what went back, and the refund came off 李四's line on the honour roll."""
    errors = check_rule("refund_gift", _entry("2026-02-01", "300.00", "JZ-2026-00001", donor="D0002")
                        + _entry("2026-02-02", "300.00", "JZ-2026-00002")
                        + _entry("2026-02-05", "-30.00", "JZ-2026-00003", refund_of="JZ-2026-00001"))
    assert errors == [
        "退款（收据 JZ-2026-00003）（捐赠人 D0001）的 refund_of 写的是另一位捐赠人 D0002 的捐赠 JZ-2026-00001："
        "网站不会把两者对应起来；请核对 refund_of 和 donor：refund_of 应写退款的捐赠人自己那笔捐赠的收据号。 "
        "The refund (receipt JZ-2026-00003) (donor D0001) names in refund_of the gift JZ-2026-00001 of another "
        "donor, D0002: the site does not pair them; check refund_of and donor: refund_of names the receipt of the "
        "refunded donor's own gift"
    ]


def test_a_refund_naming_no_gift_is_an_error(check_rule):
    """A receipt typed wrong (JZ-2026-09999), or another refund's receipt: no gift is named."""
    errors = check_rule("refund_gift", _entry("2026-02-01", "300.00", "JZ-2026-00001")
                        + _entry("2026-02-05", "-30.00", "JZ-2026-00002", refund_of="JZ-2026-09999")
                        + _entry("2026-02-06", "-30.00", "JZ-2026-00003", refund_of="JZ-2026-00002"))
    assert [english(e) for e in errors] == [
        f"The refund (receipt {receipt}) names {named} in refund_of, which is the receipt or source_ref of no donation "
        "in the books: the site finds no gift it gives back, and that gift's acknowledgement page does not say so; "
        "write the receipt of the gift it gives back, or, if that gift is not in these books (given before they "
        "begin), remove refund_of and say so in the narration"
        for receipt, named in (("JZ-2026-00002", "JZ-2026-09999"), ("JZ-2026-00003", "JZ-2026-00002"))
    ]
    assert errors[0].startswith("退款（收据 JZ-2026-00002）的 refund_of 写的 JZ-2026-09999 不是账簿中任何一笔捐赠的收据号或 source_ref")


def test_entries_without_refund_of_are_not_looked_at(check_rule):
    """A refund without refund_of (docs/books.md allows it: the site reads it as naming no gift)
    and a refund of an import, still on Liabilities:Payable with refund_of (a person decides
    what it is), are no refund of a named gift."""
    assert check_rule("refund_gift", _entry("2026-02-01", "300.00", "JZ-2026-00001", fund="EDU-2026")
                      + _entry("2026-02-05", "-30.00", "JZ-2026-00002")
                      + """
        2026-01-01 open Liabilities:Payable CNY
        2026-02-06 ! "退款 陈某"
          refund_of: "wechat:4200009999"
          Assets:Bank:Basic   -30.00 CNY
          Liabilities:Payable
    """) == []


def test_goods_given_at_no_value_can_be_named(check_rule):
    """Goods given at no value ({0 CNY}) are a gift the site thanks for; a refund naming one
    is judged by the same rules (here: more than the gift, which was worth 0.00)."""
    errors = check_rule("refund_gift", """
        2026-02-01 * "捐赠大米"
          fund: "GENERAL"
          donor: "D0001"
          receipt: "JZ-2026-00001"
          Assets:Goods   3 RICE {0 CNY}
          Income:Donation:InKind   0.00 CNY
    """ + _entry("2026-02-02", "400.00", "JZ-2026-00002") + _entry("2026-02-05", "-30.00", "JZ-2026-00003", refund_of="JZ-2026-00001"))
    assert len(errors) == 1 and "takes the refunds of gift JZ-2026-00001 (0.00 CNY) to 30.00 CNY, more than the gift" in errors[0]


def test_the_errors_are_on_the_refunds_lines(load_doc):
    """The error names the refund's own file and line, as bean-check and Fava show it."""
    import textwrap

    from .conftest import CHART

    text = ('option "operating_currency" "CNY"\nplugin "ledger.plugins.refund_gift"\n' + CHART
            + textwrap.dedent(_entry("2026-02-01", "500.00", "JZ-2026-00001", fund="EDU-2026")
                              + _entry("2026-02-02", "500.00", "JZ-2026-00002")
                              + _entry("2026-02-05", "-200.00", "JZ-2026-00003", refund_of="JZ-2026-00001")))
    _entries, errors, _ = load_doc(text)
    lines = text.splitlines()
    assert len(errors) == 1
    assert "2026-02-05" in lines[errors[0].source["lineno"] - 1]


def _correction(day, amount, receipt, corrects, fund="GENERAL", donor="D0001"):
    """A gift corrected later (docs/closing.md): its own receipt, `correction:` naming the gift."""
    return f"""
        {day} * "更正：捐款金额记错"
          fund: "{fund}"
          donor: "{donor}"
          receipt: "{receipt}"
          correction: "{corrects}"
          Assets:Bank:Basic   {amount} CNY
          Income:Donation:Individual
    """


def test_a_correction_lowering_a_gift_and_a_refund_of_it_together_beyond_it(check_rule):
    """A gift of 500.00 lowered by 300.00 (booked too high) and then given back 300.00: the
    site takes both off the gift (publish/facts.py), and its page said 600.00 of its 500.00
    went back or was taken off, while relief check said 0 errors (the donor's other gift kept
    donation_amount quiet). The refund, which takes them beyond it, names the correction."""
    errors = check_rule("refund_gift", _entry("2026-02-01", "500.00", "JZ-2026-00001")
                        + _entry("2026-02-02", "400.00", "JZ-2026-00002")
                        + _correction("2026-02-03", "-300.00", "JZ-2026-00003", "JZ-2026-00001")
                        + _entry("2026-02-05", "-300.00", "JZ-2026-00004", refund_of="JZ-2026-00001"))
    assert errors == [
        "退款（收据 JZ-2026-00004）退还 300.00 CNY，使捐赠 JZ-2026-00001（500.00 CNY）的退款和更正合计达到 600.00 CNY"
        "（此前：更正 JZ-2026-00003 减去 300.00 CNY），多于这笔捐赠：网站会说这笔捐赠退还和更正掉的比捐赠本身还多；"
        "请核对退款和更正的金额、refund_of 和 correction：更正只减去多记的部分，退款只退还实际收到的部分。 "
        "The refund (receipt JZ-2026-00004) gives back 300.00 CNY, which takes the refunds and corrections of gift "
        "JZ-2026-00001 (500.00 CNY) to 600.00 CNY (earlier: correction JZ-2026-00003 took off 300.00 CNY), more "
        "than the gift: the site would say more of it went back or was taken off than was given; check the amounts, "
        "refund_of and correction: a correction takes off only what was booked too high, a refund gives back only "
        "what was received"
    ]


def test_a_correction_after_a_refund_has_the_error_on_its_own_line(check_rule):
    """The other order: refunded 300.00, then corrected down 300.00: the correction is the entry
    that takes them beyond the gift, and names the refund."""
    errors = check_rule("refund_gift", _entry("2026-02-01", "500.00", "JZ-2026-00001")
                        + _entry("2026-02-02", "400.00", "JZ-2026-00002")
                        + _entry("2026-02-03", "-300.00", "JZ-2026-00003", refund_of="JZ-2026-00001")
                        + _correction("2026-02-05", "-300.00", "JZ-2026-00004", "JZ-2026-00001"))
    assert [english(e) for e in errors] == [
        "The correction (receipt JZ-2026-00004) takes 300.00 CNY off, which takes the refunds and corrections of gift "
        "JZ-2026-00001 (500.00 CNY) to 600.00 CNY (earlier: refund JZ-2026-00003 gave back 300.00 CNY), more than "
        "the gift: the site would say more of it went back or was taken off than was given; check the amounts, "
        "refund_of and correction: a correction takes off only what was booked too high, a refund gives back only "
        "what was received"
    ]
    assert errors[0].startswith("更正（收据 JZ-2026-00004）减去 300.00 CNY，使捐赠 JZ-2026-00001（500.00 CNY）的退款和更正合计达到 600.00 CNY")


def test_corrections_and_refunds_within_the_gift_pass(check_rule):
    """Lowered by 200.00, given back 300.00 of the 500.00: all of it, no more."""
    assert check_rule("refund_gift", _entry("2026-02-01", "500.00", "JZ-2026-00001")
                      + _correction("2026-02-03", "-200.00", "JZ-2026-00002", "JZ-2026-00001")
                      + _entry("2026-02-05", "-300.00", "JZ-2026-00003", refund_of="JZ-2026-00001")) == []


def test_corrections_alone_beyond_the_gift(check_rule):
    errors = check_rule("refund_gift", _entry("2026-02-01", "100.00", "JZ-2026-00001")
                        + _entry("2026-02-02", "400.00", "JZ-2026-00002")
                        + _correction("2026-02-03", "-60.00", "JZ-2026-00003", "JZ-2026-00001")
                        + _correction("2026-02-04", "-60.00", "JZ-2026-00004", "JZ-2026-00001"))
    assert len(errors) == 1 and english(errors[0]).startswith(
        "The correction (receipt JZ-2026-00004) takes 60.00 CNY off, which takes the refunds and corrections of "
        "gift JZ-2026-00001 (100.00 CNY) to 120.00 CNY (earlier: correction JZ-2026-00003 took off 60.00 CNY)")


def test_a_correction_raising_a_gift_is_a_gift_of_its_own(check_rule):
    """Booked 500.00, raised by 300.00 (booked too low): the site shows the raise as a gift of
    its own, with its own page, so refunds of the first gift still give back no more than its
    500.00, and the error says to name the raise's receipt; a refund naming it passes."""
    books = (_entry("2026-02-01", "500.00", "JZ-2026-00001")
             + _correction("2026-02-03", "300.00", "JZ-2026-00002", "JZ-2026-00001"))
    errors = check_rule("refund_gift", books + _entry("2026-02-05", "-800.00", "JZ-2026-00003", refund_of="JZ-2026-00001"))
    assert len(errors) == 1 and english(errors[0]).endswith(
        "; the correction raising the gift, JZ-2026-00002 (+300.00 CNY), is a gift of its own: a refund of its money "
        "names its receipt in refund_of")
    assert "调高这笔捐赠的更正 JZ-2026-00002（+300.00 CNY）是单独的一笔捐赠" in errors[0]
    assert check_rule("refund_gift", books + _entry("2026-02-05", "-500.00", "JZ-2026-00003", refund_of="JZ-2026-00001")
                      + _entry("2026-02-05", "-300.00", "JZ-2026-00004", refund_of="JZ-2026-00002")) == []


def test_corrections_that_are_no_gifts_are_not_counted(check_rule):
    """A correction raising another donor's gift (the wrong donor's gift booked again under the
    right one, docs/closing.md), or a gift dated after it, and one naming an approval are no
    correction of a gift of its own donor: the site pairs them with none, and so does the rule."""
    assert check_rule("refund_gift", _entry("2026-02-01", "100.00", "JZ-2026-00001", donor="D0002")
                      + _entry("2026-02-02", "400.00", "JZ-2026-00002")
                      + _correction("2026-02-03", "150.00", "JZ-2026-00003", "JZ-2026-00001")
                      + _correction("2026-02-04", "-150.00", "JZ-2026-00004", "SP-2026-0001")
                      + _correction("2026-02-04", "150.00", "JZ-2026-00005", "JZ-2026-00006")
                      + _entry("2026-02-06", "100.00", "JZ-2026-00006")) == []


def test_a_correction_lowering_a_gift_dated_after_it_is_an_error(check_rule):
    """A correction of 2026-02-04 lowering JZ-2026-00006 of 2026-02-06 (a receipt typed wrong, or
    a date): skipped without a word, and the site paired it with no gift."""
    errors = check_rule("refund_gift", _entry("2026-02-02", "400.00", "JZ-2026-00002")
                        + _correction("2026-02-04", "-150.00", "JZ-2026-00005", "JZ-2026-00006")
                        + _entry("2026-02-06", "300.00", "JZ-2026-00006"))
    assert [english(e) for e in errors] == [
        "The correction (receipt JZ-2026-00005) is dated 2026-02-04, before the gift its correction: names and it "
        "lowers, JZ-2026-00006 (2026-02-06): the site does not pair them, and that gift's acknowledgement page never "
        "says it was corrected; check the two entries' dates, and whether correction: names the right gift"
    ]
    assert errors[0].startswith("更正（收据 JZ-2026-00005）日期 2026-02-04 早于它的 correction: 所写、要调低的捐赠 JZ-2026-00006（2026-02-06）")
    # on the gift's own day it is a correction of it (the site pairs them)
    assert check_rule("refund_gift", _entry("2026-02-06", "300.00", "JZ-2026-00006")
                      + _correction("2026-02-06", "-150.00", "JZ-2026-00005", "JZ-2026-00006")) == []


def test_a_correction_lowering_another_donors_gift_is_an_error(check_rule):
    """王五's correction (D0001) lowering 李四's gift (D0002) by 150.00: the rule skipped it without
    a word, and the site paired it with none: 李四's gift page never said it was lowered, and
    王五's line on the honour roll came out 150.00 short. The error names both donors and the gift."""
    errors = check_rule("refund_gift", _entry("2026-02-01", "300.00", "JZ-2026-00001", donor="D0002")
                        + _entry("2026-02-02", "400.00", "JZ-2026-00002")
                        + _correction("2026-02-03", "-150.00", "JZ-2026-00003", "JZ-2026-00001"))
    assert errors == [
        "更正（收据 JZ-2026-00003）（捐赠人 D0001）减去 150.00 CNY，而它的 correction: 写的是另一位捐赠人 D0002 的捐赠 "
        "JZ-2026-00001：网站不会把两者对应起来，捐赠 JZ-2026-00001 的致谢页不会说明它被更正，捐赠人 D0001 名下的捐赠却少了 "
        "150.00 CNY；请核对 correction: 和 donor：调低 D0002 那笔记多的捐赠，更正的 donor 应写 D0002。 "
        "The correction (receipt JZ-2026-00003) (donor D0001) takes 150.00 CNY off, but its correction: names the gift "
        "JZ-2026-00001 of another donor, D0002: the site does not pair them, so that gift's acknowledgement page never "
        "says it was corrected, while donor D0001's gifts are shown 150.00 CNY less; check correction: and donor: a "
        "correction lowering D0002's gift booked too high has donor D0002"
    ]
    # booked under the gift's donor, it is a correction of that gift (within it: no error)
    assert check_rule("refund_gift", _entry("2026-02-01", "300.00", "JZ-2026-00001", donor="D0002")
                      + _correction("2026-02-03", "-150.00", "JZ-2026-00003", "JZ-2026-00001", donor="D0002")) == []


def test_lowering_a_gift_moved_to_the_right_donor_names_the_correction_that_moved_it(check_rule):
    """The gift JZ-2026-00001 was booked under D0002 and moved to D0001 (docs/closing.md: taken off
    under D0002, booked again under D0001 as JZ-2026-00003, both naming it); D0001's gift was
    booked too high too, and the correction lowering it named the first receipt: the site pairs
    it with neither. The error says to name JZ-2026-00003, the gift as D0001's."""
    moved = (_entry("2026-02-01", "500.00", "JZ-2026-00001", donor="D0002")
             + _correction("2026-03-01", "-500.00", "JZ-2026-00002", "JZ-2026-00001", donor="D0002")
             + _correction("2026-03-01", "500.00", "JZ-2026-00003", "JZ-2026-00001"))
    errors = check_rule("refund_gift", moved + _correction("2026-03-05", "-100.00", "JZ-2026-00004", "JZ-2026-00001"))
    assert len(errors) == 1
    assert english(errors[0]).endswith(
        "; if the gift was booked again under donor D0001 (JZ-2026-00003), it is that one to lower: write JZ-2026-00003 "
        "in correction:")
    assert "若这笔捐赠已更正到捐赠人 D0001 名下（JZ-2026-00003），要减去的是那一笔：请在 correction: 写 JZ-2026-00003" in errors[0]
    assert check_rule("refund_gift", moved + _correction("2026-03-05", "-100.00", "JZ-2026-00004", "JZ-2026-00003")) == []


def test_a_correction_lowering_a_refund_is_an_error_naming_the_gift_to_write(check_rule):
    """A refund of 200.00 booked, 300.00 given back: the rest, 100.00, booked as a correction
    whose `correction:` names the refund's receipt. The rule skipped it without a word (a refund
    is no gift), and the site paired it with no gift: JZ-2026-00001's page said 200.00 went
    back, while D0001's gifts were shown 300.00 less. The money went back from the gift: it is a
    refund of it, named in refund_of; the error says so, naming the refund and the gift."""
    books = (_entry("2026-02-01", "500.00", "JZ-2026-00001")
             + _entry("2026-02-02", "400.00", "JZ-2026-00002")
             + _entry("2026-02-05", "-200.00", "JZ-2026-00003", refund_of="JZ-2026-00001"))
    errors = check_rule("refund_gift", books + _correction("2026-03-02", "-100.00", "JZ-2026-00004", "JZ-2026-00003"))
    assert [english(e) for e in errors] == [
        "The correction (receipt JZ-2026-00004) takes 100.00 CNY off, but its correction: names the refund "
        "JZ-2026-00003 (of gift JZ-2026-00001), which is no gift: the site pairs refunds and corrections with gifts "
        "only, so gift JZ-2026-00001's acknowledgement page never says these 100.00 CNY went back, while donor "
        "D0001's gifts are shown 100.00 CNY less; if the refund was booked too low, the rest is a refund of the gift: "
        'add refund_of: "JZ-2026-00001" to this entry (correction: may stay: it is still listed as a correction of '
        "JZ-2026-00003)"
    ]
    assert errors[0].startswith(
        "更正（收据 JZ-2026-00004）减去 100.00 CNY，而它的 correction: 写的是退款 JZ-2026-00003（退还捐赠 JZ-2026-00001），"
        "不是一笔捐赠")
    # written as the error says, it is a refund of the gift, counted with its other refunds
    fixed = _entry("2026-03-02", "-100.00", "JZ-2026-00004", refund_of="JZ-2026-00001").replace(
        'refund_of: "JZ-2026-00001"', 'refund_of: "JZ-2026-00001"\n          correction: "JZ-2026-00003"')
    assert check_rule("refund_gift", books + fixed) == []
    over = fixed.replace("-100.00", "-400.00")
    errors = check_rule("refund_gift", books + over)
    assert len(errors) == 1 and "takes the refunds of gift JZ-2026-00001 (500.00 CNY) to 600.00 CNY" in english(errors[0])


def test_a_correction_lowering_a_lowering_correction_names_the_gift(check_rule):
    """A gift lowered by 100.00 where 150.00 was booked too high: the rest, 50.00, booked as a
    correction naming the first correction. The site takes corrections off the gift they name
    only: it said 100.00 of the gift was taken off. The error says to name the gift."""
    books = (_entry("2026-02-01", "500.00", "JZ-2026-00001")
             + _correction("2026-02-03", "-100.00", "JZ-2026-00002", "JZ-2026-00001"))
    errors = check_rule("refund_gift", books + _correction("2026-02-04", "-50.00", "JZ-2026-00003", "JZ-2026-00002"))
    assert [english(e) for e in errors] == [
        "The correction (receipt JZ-2026-00003) takes 50.00 CNY off, but its correction: names the correction "
        "JZ-2026-00002 (lowering gift JZ-2026-00001), which is no gift: the site pairs refunds and corrections with "
        "gifts only, so gift JZ-2026-00001's acknowledgement page never says these 50.00 CNY were taken off, while "
        "donor D0001's gifts are shown 50.00 CNY less; if the gift was lowered too little, lower it again: write "
        '"JZ-2026-00001" in correction:'
    ]
    assert "更正 JZ-2026-00002（调低捐赠 JZ-2026-00001）" in errors[0]
    assert check_rule("refund_gift", books + _correction("2026-02-04", "-50.00", "JZ-2026-00003", "JZ-2026-00001")) == []


def test_a_correction_of_a_refund_naming_no_gift_passes(check_rule):
    """A refund of a gift given before the books began names no gift (docs/books.md): the site
    pairs it with none, and a correction of it with none as well; no gift's page is wrong."""
    assert check_rule("refund_gift", _entry("2026-02-01", "500.00", "JZ-2026-00001")
                      + _entry("2026-02-05", "-200.00", "JZ-2026-00002")
                      + _correction("2026-03-02", "-100.00", "JZ-2026-00003", "JZ-2026-00002")) == []


def test_a_correction_raising_a_refund_of_an_open_period_is_an_error_saying_edit_it(check_rule):
    """A refund of 200.00 booked where 100.00 went back: put right by +100.00 whose `correction:`
    names the refund. While the refund's period is open, the refund is edited (an open period is
    corrected by editing the entry): the correction is an error naming the refund, its gift and
    period, and saying so; with refund_of naming the gift as well, the same."""
    books = (_entry("2026-02-01", "500.00", "JZ-2026-00001")
             + _entry("2026-02-05", "-200.00", "JZ-2026-00002", refund_of="JZ-2026-00001"))
    errors = check_rule("refund_gift", books + _correction("2026-03-02", "100.00", "JZ-2026-00003", "JZ-2026-00002"))
    assert [english(e) for e in errors] == [
        "The correction (receipt JZ-2026-00003) adds 100.00 CNY back, and its correction: names the refund "
        "JZ-2026-00002 (2026-02-05, of gift JZ-2026-00001, 200.00 CNY), whose period is not closed: an open period is "
        "corrected by editing the entry; edit the amount of the refund JZ-2026-00002 to what it really was and remove "
        "this entry (such a correction is for a closed period only)"
    ]
    assert errors[0].startswith("更正（收据 JZ-2026-00003）加回 100.00 CNY，它的 correction: 写的是退款 JZ-2026-00002")
    assert "请把退款 JZ-2026-00002 的金额改为实际的金额，删去这笔更正" in errors[0]
    errors = check_rule("refund_gift", books + _lowered_refund("2026-03-02", "100.00", "JZ-2026-00003", "JZ-2026-00002",
                                                               refund_of="JZ-2026-00001"))
    assert len(errors) == 1 and "whose period is not closed" in english(errors[0])
    # as the error says, in an open period: the refund's amount edited, no correction
    assert check_rule("refund_gift", books.replace("-200.00", "-100.00")) == []


#: February 2026 closed (the rule reads the close, not its digest: closed_period checks that)
CLOSED_FEB = '\n        2026-03-01 custom "period-close" "2026-02" "' + "0" * 64 + '"\n'


def _lowered_refund(day, amount, receipt, corrects, fund="GENERAL", donor="D0001", refund_of=None):
    """A refund (or lowering correction) of a closed period booked too high, or a refund that
    bounced back: a positive donation of its donor naming it in `correction:` (docs/books.md, "A
    gift given back"), `refund_of` naming the gift if written."""
    text = _correction(day, amount, receipt, corrects, fund=fund, donor=donor)
    if refund_of:
        text = text.replace(f'correction: "{corrects}"', f'correction: "{corrects}"\n          refund_of: "{refund_of}"')
    return text


def test_a_refund_of_a_closed_period_lowered_by_a_correction_passes(check_rule):
    """The hole: a refund of 200.00 in a closed February where 100.00 went back (or 100.00 of it
    bounced back) had no booking the rule accepted. Now +100.00 naming the refund in
    `correction:` is that booking (the site reads it as the refund being 100.00 less), with or
    without `refund_of` naming the gift; and it lowers what the gift's refunds count: the rest of
    the gift may be given back after it."""
    books = (_entry("2026-02-01", "500.00", "JZ-2026-00001")
             + _entry("2026-02-05", "-200.00", "JZ-2026-00002", refund_of="JZ-2026-00001") + CLOSED_FEB)
    fix = _lowered_refund("2026-03-02", "100.00", "JZ-2026-00003", "JZ-2026-00002")
    assert check_rule("refund_gift", books + fix) == []
    assert check_rule("refund_gift", books + _lowered_refund("2026-03-02", "100.00", "JZ-2026-00003", "JZ-2026-00002",
                                                             refund_of="JZ-2026-00001")) == []
    # 200.00 went back, 100.00 of it came back: 400.00 of the gift may still go back, not 400.01
    rest = _entry("2026-03-09", "-400.00", "JZ-2026-00004", refund_of="JZ-2026-00001")
    assert check_rule("refund_gift", books + fix + rest) == []
    errors = check_rule("refund_gift", books + fix + rest.replace("-400.00", "-400.01"))
    assert len(errors) == 1 and "to 500.01 CNY" in english(errors[0])


def test_a_lowering_correction_of_a_closed_period_lowered_passes(check_rule):
    """A gift lowered by 200.00 in a closed February where 100.00 was booked too high: +100.00
    naming the lowering correction puts it right."""
    books = (_entry("2026-02-01", "500.00", "JZ-2026-00001")
             + _correction("2026-02-03", "-200.00", "JZ-2026-00002", "JZ-2026-00001") + CLOSED_FEB)
    assert check_rule("refund_gift", books + _lowered_refund("2026-03-04", "100.00", "JZ-2026-00003", "JZ-2026-00002")) == []


def test_lowering_a_closed_refund_wrongly_is_an_error(check_rule):
    """Lowered by more than it gave back, under another donor, into another fund, naming another
    gift in refund_of: each an error on the correction, saying which."""
    books = (_entry("2026-02-01", "500.00", "JZ-2026-00001") + _entry("2026-02-02", "300.00", "JZ-2026-00005")
             + _entry("2026-02-05", "-200.00", "JZ-2026-00002", refund_of="JZ-2026-00001") + CLOSED_FEB)
    errors = check_rule("refund_gift", books + _lowered_refund("2026-03-02", "150.00", "JZ-2026-00003", "JZ-2026-00002")
                        + _lowered_refund("2026-03-03", "50.01", "JZ-2026-00004", "JZ-2026-00002"))
    assert [english(e) for e in errors] == [
        "The correction (receipt JZ-2026-00004) adds 50.01 CNY back, which takes what was added back to the refund "
        "JZ-2026-00002 (200.00 CNY) to 200.01 CNY, more than it took: the site would say less than nothing of gift "
        "JZ-2026-00001 went back or was taken off; check the amount and correction:"
    ]
    assert errors[0].startswith("更正（收据 JZ-2026-00004）加回 50.01 CNY，使退款 JZ-2026-00002（200.00 CNY）被加回的合计达到 200.01 CNY")
    errors = check_rule("refund_gift", books + _lowered_refund("2026-03-02", "100.00", "JZ-2026-00003", "JZ-2026-00002", donor="D0002"))
    assert len(errors) == 1 and "is donor D0001's" in english(errors[0])
    errors = check_rule("refund_gift", books + _lowered_refund("2026-03-02", "100.00", "JZ-2026-00003", "JZ-2026-00002", fund="EDU-2026"))
    assert len(errors) == 1 and 'write fund: "GENERAL"' in english(errors[0])
    errors = check_rule("refund_gift", books + _lowered_refund("2026-03-02", "100.00", "JZ-2026-00003", "JZ-2026-00002",
                                                               refund_of="JZ-2026-00005"))
    assert len(errors) == 1 and 'write refund_of: "JZ-2026-00001"' in english(errors[0])


def test_a_correction_raising_a_refund_naming_no_gift_is_an_error_too(check_rule):
    """A refund of a gift given before the books (no refund_of) is paired with no gift, but a
    correction raising it is still shown as a new gift of its own: an error, naming no gift."""
    errors = check_rule("refund_gift", _entry("2026-02-05", "-200.00", "JZ-2026-00001")
                        + _correction("2026-03-02", "100.00", "JZ-2026-00002", "JZ-2026-00001"))
    assert len(errors) == 1
    assert english(errors[0]).startswith(
        "The correction (receipt JZ-2026-00002) adds 100.00 CNY back, but its correction: names the refund "
        "JZ-2026-00001 (paired with no gift in the books) (200.00 CNY), which is no gift")
    assert "gift JZ" not in english(errors[0]).split("which is no gift")[1]


def test_a_correction_raising_a_lowering_correction_of_an_open_period_is_an_error(check_rule):
    """A gift lowered by 200.00 where 100.00 was booked too high, the lowering's period open:
    +100.00 naming the lowering correction is an error saying to edit it."""
    books = (_entry("2026-02-01", "500.00", "JZ-2026-00001")
             + _correction("2026-02-03", "-200.00", "JZ-2026-00002", "JZ-2026-00001"))
    errors = check_rule("refund_gift", books + _correction("2026-03-04", "100.00", "JZ-2026-00003", "JZ-2026-00002"))
    assert [english(e) for e in errors] == [
        "The correction (receipt JZ-2026-00003) adds 100.00 CNY back, and its correction: names the correction "
        "JZ-2026-00002 (2026-02-03, of gift JZ-2026-00001, 200.00 CNY), whose period is not closed: an open period is "
        "corrected by editing the entry; edit the amount of the correction JZ-2026-00002 to what it really was and "
        "remove this entry (such a correction is for a closed period only)"
    ]
    assert "写的是更正 JZ-2026-00002（2026-02-03，捐赠 JZ-2026-00001 的更正" in errors[0]
    assert check_rule("refund_gift", books.replace("-200.00", "-100.00")) == []


def test_money_in_that_names_a_gift_in_refund_of_is_an_error(check_rule):
    """A refund that bounced, booked as a donation of +200.00 naming the gift in refund_of:
    relief check said nothing, and the site thanked the donor for a new gift of 200.00 with an
    acknowledgement page of its own, while the gift's page still said 200.00 went back."""
    books = (_entry("2026-02-01", "500.00", "JZ-2026-00001")
             + _entry("2026-02-05", "-200.00", "JZ-2026-00002", refund_of="JZ-2026-00001"))
    errors = check_rule("refund_gift", books + _entry("2026-02-20", "200.00", "JZ-2026-00003", refund_of="JZ-2026-00001"))
    assert len(errors) == 1
    assert errors[0].startswith('这笔捐赠（收据 JZ-2026-00003）收到 200.00 CNY，却写了 refund_of: "JZ-2026-00001"')
    assert english(errors[0]).startswith(
        'The donation JZ-2026-00003 brings in 200.00 CNY, yet names refund_of: "JZ-2026-00001": refund_of is for '
        "money given back (a negative amount)")
    assert "remove that refund and this entry" in english(errors[0]) and "删去那笔退款和这笔分录" in errors[0]
    # as the error says: the bounced refund and its return both removed, the gift stands
    assert check_rule("refund_gift", _entry("2026-02-01", "500.00", "JZ-2026-00001")) == []
    # a correction of 0.00 naming a gift (goods moved between donation accounts) is still no error
    assert check_rule("refund_gift", books + _entry("2026-02-20", "0.00", "JZ-2026-00003", refund_of="JZ-2026-00001")) == []
