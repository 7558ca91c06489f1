"""Rule balance_fen: a CNY balance without a written tolerance matches the books to the fen."""

from __future__ import annotations

GIFT = """
    2026-03-05 * "捐款"
      fund: "GENERAL"
      Assets:Bank:Basic   100.01 CNY
      Income:Union
"""


def test_a_fen_off_that_beancount_lets_pass_is_an_error(check_rule):
    """beancount's inferred tolerance for 100.00 CNY is 0.01: a fen off passed bean-check."""
    errors = check_rule("balance_fen", GIFT + """
    2026-04-01 balance Assets:Bank:Basic  100.00 CNY
    """)
    assert errors == [
        "余额断言 Assets:Bank:Basic 100.00 CNY：账面余额为 100.01 CNY (+0.01 CNY)；"
        "beancount 在 0.01 CNY 的容差内放过了它，但钱必须分毫不差：请找出漏记或记错的分录"
        "（如果对账单本身允许误差，请在该行写明容差：`balance Assets:Bank:Basic 100.00 ~ 0.01 CNY`）。 "
        "Balance Assets:Bank:Basic 100.00 CNY: the books hold 100.01 CNY (+0.01 CNY); beancount lets it pass within 0.01 CNY, "
        "but money must match to the fen: find the missing or wrong entry (or, if the statement itself allows it, write the "
        "tolerance on the line: `balance Assets:Bank:Basic 100.00 ~ 0.01 CNY`)"
    ]


def test_one_decimal_is_judged_to_the_fen_too(check_rule):
    errors = check_rule("balance_fen", GIFT + """
    2026-04-01 balance Assets:Bank:Basic  100.0 CNY
    """)
    assert len(errors) == 1 and "beancount lets it pass within 0.10 CNY" in errors[0], errors


def test_a_written_tolerance_an_exact_balance_and_a_pad_pass(check_rule):
    assert check_rule("balance_fen", GIFT + """
    2026-04-01 balance Assets:Bank:Basic  100.00 ~ 0.01 CNY
    2026-04-02 balance Assets:Bank:Basic  100.01 CNY
    2026-04-03 pad Assets:Cash Equity:Opening-Balances
    2026-04-04 balance Assets:Cash  500.00 CNY
    2026-04-05 * "x"
      fund: "GENERAL"
      Assets:Cash   0.01 CNY
      Income:Union
    2026-04-06 balance Assets:Cash  500.01 CNY
    """) == []


def test_after_a_pad_the_padded_books_are_judged(check_rule):
    errors = check_rule("balance_fen", """
    2026-04-03 pad Assets:Cash Equity:Opening-Balances
    2026-04-04 balance Assets:Cash  500.00 CNY
    2026-04-05 * "x"
      fund: "GENERAL"
      Assets:Cash   0.01 CNY
      Income:Union
    2026-04-06 balance Assets:Cash  500.00 CNY
    """)
    assert len(errors) == 1 and "Balance Assets:Cash 500.00 CNY: the books hold 500.01 CNY" in errors[0], errors


def test_a_difference_beancount_reports_is_not_said_twice(load_doc):
    from tests.ledger.conftest import CHART

    _, errors, _ = load_doc('option "operating_currency" "CNY"\nplugin "ledger.plugins.balance_fen"\n' + CHART + GIFT.replace("\n    ", "\n") + """
2026-04-01 balance Assets:Bank:Basic  90.00 CNY
""")
    assert [type(e).__name__ for e in errors] == ["BalanceError"], [e.message for e in errors]
