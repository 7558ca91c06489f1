"""Rule date_gap: a warning for transactions years away from all the others."""

from __future__ import annotations


def _fee(day):
    return f"""
        {day} * "手续费"
          fund: "GENERAL"
          Expenses:Operations:BankFees  1.00 CNY
          Assets:Bank:Basic
    """


def test_a_year_typed_wrong_is_named(check_rule):
    """2999-06-01 in books of 2026 was published as 'figures as of 2999-06-01' with an
    annual report for 2999, and nothing was said."""
    warnings = check_rule("date_gap", _fee("2026-03-01") + _fee("2026-04-01") + _fee("2999-06-01"))
    assert warnings == [
        "警告：这笔交易的日期是 2999-06-01，比它之前的所有交易晚 973 年（前一笔在 2026-04-01）：年份是否录错？"
        "网站和报表会一直算到这个日期。 "
        "Warning: this transaction is dated 2999-06-01, 973 years after every transaction before it (the last on 2026-04-01): "
        "is the year typed wrong? The site and the reports would run to this date"
    ]


def test_a_lonely_early_date_is_named_too(check_rule):
    warnings = check_rule("date_gap", _fee("2026-01-02") + _fee("2036-03-01") + _fee("2036-04-01"))
    assert len(warnings) == 1 and "dated 2026-01-02, 10 years before every transaction after it (the next on 2036-03-01)" in warnings[0]
    assert warnings[0].startswith("警告：这笔交易的日期是 2026-01-02，比它之后的所有交易早 10 年（后一笔在 2036-03-01）")


def test_books_of_several_years_pass(check_rule):
    assert check_rule("date_gap", _fee("2026-01-05") + _fee("2027-06-01") + _fee("2028-12-31")) == []
