def test_transaction_with_declared_fund_passes(check_rule):
    assert check_rule("fund_declared", """
        2026-02-01 * "捐款"
          fund: "GENERAL"
          donor: "D1"
          Assets:Bank:Basic   100.00 CNY
          Income:Donation:Individual
    """) == []


def test_missing_fund_is_an_error(check_rule):
    errors = check_rule("fund_declared", """
        2026-02-01 * "利息"
          Assets:Bank:Basic   1.00 CNY
          Income:Interest
    """)
    assert len(errors) == 1 and "No fund" in errors[0] and "Income:Interest" in errors[0]


def test_undeclared_fund_is_an_error(check_rule):
    errors = check_rule("fund_declared", """
        2026-02-01 * "利息"
          fund: "NOPE"
          Assets:Bank:Basic   1.00 CNY
          Income:Interest
    """)
    assert len(errors) == 1 and "Unknown fund 'NOPE'" in errors[0] and "GENERAL" in errors[0]


def test_asset_only_transfer_needs_no_fund(check_rule):
    assert check_rule("fund_declared", """
        2026-02-01 * "提现"
          Assets:Cash          500.00 CNY
          Assets:Bank:Basic   -500.00 CNY
    """) == []


def test_second_fund_on_a_posting_is_an_error(check_rule):
    errors = check_rule("fund_declared", """
        2026-02-01 * "混合"
          fund: "GENERAL"
          Assets:Bank:Basic   -10.00 CNY
          Expenses:Aid:Education  10.00 CNY
            fund: "EDU-2026"
    """)
    assert len(errors) == 1 and "one fund per transaction" in errors[0]


def test_a_gift_split_between_two_funds_on_its_postings_is_an_error(check_rule):
    """No fund on the entry, a fund on each income line: the gift passed, and its letter and
    page said it went to no fund named, donations.csv gave it no fund, while the statement
    counted 6,000.00 in EDU-2026 and 4,000.00 in GENERAL."""
    errors = check_rule("fund_declared", """
        2026-03-10 * "宏达集团" "捐款：一部分助学"
          donor: "D1"
          receipt: "JZ-2026-00019"
          Assets:Bank:Basic          10000.00 CNY
          Income:Donation:Enterprise -6000.00 CNY
            fund: "EDU-2026"
          Income:Donation:Enterprise -4000.00 CNY
            fund: "GENERAL"
    """)
    assert len(errors) == 1 and "one fund per transaction" in errors[0] and "EDU-2026, GENERAL" in errors[0]
    assert "两笔" in errors[0] and "two entries" in errors[0]


def test_postings_that_name_the_same_fund_pass(check_rule):
    assert check_rule("fund_declared", """
        2026-03-10 * "捐款"
          donor: "D1"
          Assets:Bank:Basic          10000.00 CNY
          Income:Donation:Enterprise -10000.00 CNY
            fund: "EDU-2026"
    """) == []


def test_transfer_between_funds_may_name_a_fund_per_posting(check_rule):
    assert check_rule("fund_declared", """
        2026-12-31 * "结余转入一般基金"
          Equity:FundTransfers   50.00 CNY
            fund: "EDU-2026"
          Equity:FundTransfers  -50.00 CNY
            fund: "GENERAL"
    """) == []


def test_a_transfer_that_does_not_net_to_zero_is_an_error(check_rule):
    """A transfer with one leg took money out of the books as a transfer between funds: the
    site's statement showed transfers of -10.00 for all funds, 'which leaves the total unchanged'."""
    errors = check_rule("fund_declared", """
        2026-12-31 * "单边转拨"
          Equity:FundTransfers   10.00 CNY
            fund: "GENERAL"
          Assets:Bank:Basic
    """)
    assert len(errors) == 1 and "does not net to zero" in errors[0] and "10.00 CNY" in errors[0]
    assert check_rule("fund_declared", """
        2026-12-31 * "结余转入一般基金，分两笔"
          Equity:FundTransfers   50.00 CNY
            fund: "EDU-2026"
          Equity:FundTransfers  -20.00 CNY
            fund: "GENERAL"
          Equity:FundTransfers  -30.00 CNY
            fund: "GENERAL"
    """) == []
