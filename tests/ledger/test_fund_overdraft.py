def test_fund_spent_within_its_balance_passes(check_rule):
    assert check_rule("fund_overdraft", """
        2026-03-01 * "捐款"
          fund: "EDU-2026"
          Assets:Bank:Basic   1000.00 CNY
          Income:Donation:Individual
        2026-03-02 * "助学"
          fund: "EDU-2026"
          Expenses:Aid:Education  1000.00 CNY
          Assets:Bank:Basic
    """) == []


def test_overdrawn_day_is_named_with_the_shortfall(check_rule):
    errors = check_rule("fund_overdraft", """
        2026-03-01 * "捐款"
          fund: "EDU-2026"
          Assets:Bank:Basic   1000.00 CNY
          Income:Donation:Individual
        2026-03-02 * "助学"
          fund: "EDU-2026"
          Expenses:Aid:Education  1500.00 CNY
          Assets:Bank:Basic
        2026-03-03 * "补充捐款"
          fund: "EDU-2026"
          Assets:Bank:Basic   500.00 CNY
          Income:Donation:Individual
    """)
    assert errors == ["限定性基金 EDU-2026 在 2026-03-02 日终透支：余额 -500.00 CNY，短缺 500.00 CNY。 "
                      "Restricted fund EDU-2026 is overdrawn at the end of 2026-03-02: balance -500.00 CNY, short by 500.00 CNY"]


def test_money_arriving_later_the_same_day_counts(check_rule):
    # Order within a day does not matter: the balance is checked at the end of the day.
    assert check_rule("fund_overdraft", """
        2026-03-01 * "助学"
          fund: "EDU-2026"
          Expenses:Aid:Education  300.00 CNY
          Assets:Bank:Basic
        2026-03-01 * "捐款"
          fund: "EDU-2026"
          Assets:Bank:Basic   300.00 CNY
          Income:Donation:Individual
    """) == []


def test_unrestricted_fund_below_zero_is_a_warning_once_per_dip(check_rule):
    """GENERAL may go below zero (no error), but it showed on the site as a negative balance
    without a word: now a warning on the first day of each dip."""
    text = """
        2026-03-01 * "手续费"
          fund: "GENERAL"
          Expenses:Operations:BankFees  5.00 CNY
          Assets:Bank:Basic
        2026-03-02 * "手续费"
          fund: "GENERAL"
          Expenses:Operations:BankFees  5.00 CNY
          Assets:Bank:Basic
        2026-03-03 * "利息"
          fund: "GENERAL"
          Assets:Bank:Basic   20.00 CNY
          Income:Interest
        2026-03-04 * "手续费"
          fund: "GENERAL"
          Expenses:Operations:BankFees  30.00 CNY
          Assets:Bank:Basic
    """
    assert check_rule("fund_overdraft", text) == [
        "警告：基金 GENERAL 在 2026-03-01 日终余额为负：余额 -5.00 CNY，支出比收入多 5.00 CNY；"
        "请核对金额及正负号，或补记支付这笔支出的收入。 "
        "Warning: fund GENERAL is below zero at the end of 2026-03-01: balance -5.00 CNY, 5.00 CNY more spent than it held; "
        "check the amounts and their signs, or book the income that paid for it",
        "警告：基金 GENERAL 在 2026-03-04 日终余额为负：余额 -20.00 CNY，支出比收入多 20.00 CNY；"
        "请核对金额及正负号，或补记支付这笔支出的收入。 "
        "Warning: fund GENERAL is below zero at the end of 2026-03-04: balance -20.00 CNY, 20.00 CNY more spent than it held; "
        "check the amounts and their signs, or book the income that paid for it",
    ]
