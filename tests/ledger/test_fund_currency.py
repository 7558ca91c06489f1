"""Rule fund_currency: a warning for a fund's money in another currency than CNY."""

from __future__ import annotations

from tests.ledger.conftest import english


def test_a_gift_in_usd_is_named(check_rule):
    """A USD gift was left out of every public figure, its receipt missing from the public
    register, with only "entries in USD are not counted" in the pages' footer."""
    warnings = check_rule("fund_currency", """
        2026-01-01 open Assets:Bank:Dollar
        2026-01-01 open Income:Donation:Foreign
        2026-06-01 * "捐款"
          fund: "GENERAL"
          Assets:Bank:Dollar        100.00 USD
          Income:Donation:Foreign  -100.00 USD
    """)
    assert warnings[0].startswith("警告：这笔交易以 USD 而不是 CNY 记入基金")
    assert [english(w) for w in warnings] == [
        "Warning: this transaction moves a fund in USD, not CNY, so the site, the open data and the report leave it out "
        "of every figure: give the posting its value in CNY with a price (`@ 7.10 CNY`), or book it in CNY as the bank converted it"
    ]


def test_a_price_in_cny_or_goods_at_cost_pass(check_rule):
    assert check_rule("fund_currency", """
        2026-01-01 open Assets:Bank:Dollar
        2026-06-01 * "捐款"
          fund: "GENERAL"
          Assets:Bank:Dollar          100.00 USD @ 7.10 CNY
          Income:Donation:Enterprise  -710.00 CNY
        2026-06-02 * "捐赠大米"
          fund: "GENERAL"
          Assets:Goods   3 RICE {5.80 CNY}
          Income:Donation:InKind
    """) == []
