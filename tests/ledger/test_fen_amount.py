"""Rule fen_amount: money in CNY is a whole number of fen as written, each error on its line."""

from __future__ import annotations


def test_a_third_decimal_is_an_error_on_its_line(load_doc):
    from tests.ledger.conftest import CHART

    entries, errors, _ = load_doc('option "operating_currency" "CNY"\nplugin "ledger.plugins.fen_amount"\n' + CHART + """
2026-03-10 * "困难救助"
  fund: "GENERAL"
  Expenses:Aid:Living   3000.005 CNY
  Assets:Bank:Basic
""")
    assert len(errors) == 1, [e.message for e in errors]
    lines = ('option "operating_currency" "CNY"\nplugin "ledger.plugins.fen_amount"\n' + CHART).count("\n") + 4
    assert errors[0].source["lineno"] == lines
    assert errors[0].message.startswith("金额不是整分（多于两位小数）：Expenses:Aid:Living 3000.005 CNY；")
    english = "。 Expenses:Aid:Living 3000.005 CNY is not a whole number of fen (more than two"
    assert english in errors[0].message


def test_whole_fen_by_value_and_rates_with_four_decimals_pass(check_rule):
    assert check_rule("fen_amount", """
        2026-01-01 open Assets:Bank:Dollar
        2026-03-10 * "x"
          fund: "GENERAL"
          Expenses:Aid:Living   1.500 CNY
          Assets:Bank:Basic    -1.50 CNY
        2026-06-01 * "捐款"
          fund: "GENERAL"
          Assets:Bank:Dollar          100.00 USD @ 7.1034 CNY
          Income:Donation:Enterprise  -710.34 CNY
        2026-06-02 * "捐款"
          fund: "GENERAL"
          Assets:Bank:Dollar          3.00 USD @@ 10.00 CNY
          Income:Donation:Enterprise
        2026-06-03 * "捐赠大米"
          fund: "GENERAL"
          Assets:Goods   3 RICE {5.80 CNY}
          Income:Donation:InKind
    """) == []


def test_a_price_that_makes_part_of_a_fen_is_an_error(check_rule):
    errors = check_rule("fen_amount", """
        2026-01-01 open Assets:Bank:Dollar
        2026-06-01 * "捐款"
          fund: "GENERAL"
          Assets:Bank:Dollar          100.00 USD @ 7.10345 CNY
          Income:Donation:Enterprise
    """)
    assert errors == [
        "金额不是整分（多于两位小数）：Assets:Bank:Dollar 100.00 USD @ 7.10345 CNY (= 710.345 CNY)；"
        "任何收付都不会少于一分钱，请把金额写成两位小数（带价格的：用能算出整分的汇率，或用 @@ 写总额）。 "
        "Assets:Bank:Dollar 100.00 USD @ 7.10345 CNY (= 710.345 CNY) is not a whole number of fen (more than two decimals): "
        "no payment moves less than a fen; write the amount with two decimals (for a price: a rate that makes whole fen, or the total with @@)"
    ]


def test_a_transaction_off_by_a_fen_within_beancounts_tolerance_is_an_error(check_rule):
    """`Assets:Bank:Basic 10000.0 CNY` beside `Income:Donation:Enterprise -10000.01 CNY`
    passed bean-check (one decimal makes beancount allow 0.05), so relief check said 0 errors
    and the site published a donation of 10,000.01 of which 10,000.00 came in."""
    errors = check_rule("fen_amount", """
        2026-06-19 * "某协会" "爱心捐款"
          fund: "GENERAL"
          Assets:Bank:Basic              10000.0 CNY
          Income:Donation:Enterprise    -10000.01 CNY
        2026-06-20 * "结息"
          fund: "GENERAL"
          Assets:Bank:Basic   171.0 CNY
          Income:Interest    -171.04 CNY
    """)
    assert len(errors) == 2, errors
    assert errors[0].startswith("交易借贷不平衡，差额 -0.01 CNY"), errors[0]
    assert "Transaction does not balance: -0.01 CNY" in errors[0]
    assert "差额 -0.04 CNY" in errors[1]


def test_a_balanced_transaction_and_one_beancount_filled_in_pass(check_rule):
    assert check_rule("fen_amount", """
        2026-06-19 * "x"
          fund: "GENERAL"
          Assets:Bank:Basic              10000.0 CNY
          Income:Donation:Enterprise    -10000.00 CNY
        2026-06-20 * "y"
          fund: "GENERAL"
          Assets:Bank:Basic   171.05 CNY
          Income:Interest
        2026-06-21 * "捐赠大米"
          fund: "GENERAL"
          Assets:Goods   3 RICE {5.833 CNY}
          Income:Donation:InKind  -17.50 CNY
    """) == []


def test_goods_at_cost_off_by_a_fen_within_beancounts_tolerance_is_an_error(check_rule):
    """`Assets:Goods 3 RICE {5.83 CNY}` (17.49) beside `Income:Donation:InKind -17.5 CNY` passed
    (one decimal: beancount allows 0.05): the gift was published at 17.50, the goods held at 17.49."""
    errors = check_rule("fen_amount", """
        2026-06-21 * "捐赠大米"
          fund: "GENERAL"
          Assets:Goods   3 RICE {5.83 CNY}
          Income:Donation:InKind  -17.5 CNY
    """)
    assert len(errors) == 1 and "差额 0.01 CNY" in errors[0] or "差额 -0.01 CNY" in errors[0], errors


def test_an_amount_of_sixteen_to_twenty_six_digits_is_an_error_on_its_line(load_doc):
    """A card or account number pasted into the amount (16 to 26 digits before the point) is
    whole fen and balances: relief check said 0 errors and publish put a 20-digit gift on the
    site (breakZ). Each written one is named on its line; the computed posting beside it is not."""
    from tests.ledger.conftest import CHART

    head = 'option "operating_currency" "CNY"\nplugin "ledger.plugins.fen_amount"\n' + CHART
    entries, errors, _ = load_doc(head + """
2027-01-02 * "某人" "捐款"
  fund: "GENERAL"
  Assets:Bank:Basic           62220212345678901234.00 CNY
  Income:Donation:Individual
2027-01-03 * "某人" "捐款"
  fund: "GENERAL"
  Assets:Bank:Basic           1000000000000000 CNY
  Income:Donation:Individual  -1000000000000000 CNY
2027-01-04 * "某人" "捐款"
  fund: "GENERAL"
  Assets:Bank:Basic           -12345678901234567890123456.00 CNY
  Income:Donation:Individual
""")
    start = head.count("\n") + 1
    assert [(e.source["lineno"], e.message.split("：")[0]) for e in errors] == [
        (start + 3, "金额的整数部分有 20 位，超过任何一笔钱（最多 15 位）"),
        (start + 7, "金额的整数部分有 16 位，超过任何一笔钱（最多 15 位）"),
        (start + 8, "金额的整数部分有 16 位，超过任何一笔钱（最多 15 位）"),
        (start + 11, "金额的整数部分有 26 位，超过任何一笔钱（最多 15 位）"),
    ], [e.message for e in errors]
    assert "Assets:Bank:Basic 62220212345678901234.00 CNY" in errors[0].message
    assert "a card or account number or an id may have been pasted into the amount" in errors[0].message


def test_an_amount_of_fifteen_digits_passes(check_rule):
    assert check_rule("fen_amount", """
        2027-01-02 * "x"
          fund: "GENERAL"
          Assets:Bank:Basic            999999999999999.99 CNY
          Income:Donation:Enterprise  -999999999999999.99 CNY
    """) == []


def test_a_too_long_amount_is_said_in_both_languages(check_rule):
    errors = check_rule("fen_amount", """
        2027-01-02 * "x"
          fund: "GENERAL"
          Assets:Bank:Basic   62220212345678901234.00 CNY
          Income:Donation:Enterprise
    """)
    assert len(errors) == 1, errors
    assert "。 An amount with 20 digits before the decimal point" in errors[0], errors[0]


def test_a_card_number_in_a_balance_or_a_price_is_an_error_on_its_line(load_doc):
    """A card number pasted into a balance assertion's amount, a price directive's rate or a
    posting's price (@) was left to beancount alone: the balance was "Balance failed ...
    expected 6222021234567890 CNY" as if the bank's figure were off by that much, the price
    and a price that made a whole-fen weight passed without a word. Each is now named on its
    line as the transactions' amounts are."""
    from tests.ledger.conftest import CHART

    head = 'option "operating_currency" "CNY"\nplugin "ledger.plugins.fen_amount"\n' + CHART
    entries, errors, _ = load_doc(head + """
2026-01-01 open Assets:Bank:Dollar
2027-01-05 balance Assets:Bank:Basic   6222021234567890.00 CNY
2027-01-05 price USD   6222021234567890123 CNY
2027-01-06 * "某人" "捐款"
  fund: "GENERAL"
  Assets:Bank:Dollar          1.00 USD @ 6222021234567890 CNY
  Income:Donation:Enterprise
2027-01-07 price USD   7.1034 CNY
2027-01-08 balance Assets:Bank:Basic   999999999999999.99 CNY
""")
    start = head.count("\n") + 1
    ours = [(e.source["lineno"], e.message) for e in errors if type(e).__name__ == "RuleError"]
    assert [(line, message.split("：")[0]) for line, message in ours] == [
        (start + 2, "金额的整数部分有 16 位，超过任何一笔钱（最多 15 位）"),
        (start + 3, "金额的整数部分有 19 位，超过任何一笔钱（最多 15 位）"),
        (start + 6, "金额的整数部分有 16 位，超过任何一笔钱（最多 15 位）"),
    ], ours
    assert "balance Assets:Bank:Basic 6222021234567890.00 CNY" in ours[0][1], ours[0][1]
    assert "price USD 6222021234567890123 CNY" in ours[1][1], ours[1][1]
    assert "Assets:Bank:Dollar 1.00 USD @ 6222021234567890 CNY" in ours[2][1], ours[2][1]
    assert all("。 An amount with" in message for _, message in ours)
