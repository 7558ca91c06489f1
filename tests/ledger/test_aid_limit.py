from tests.ledger.conftest import english

LIMITS = """
2026-01-01 custom "relief-option" "aid_limit" "Expenses:Aid:Medical" 1000 CNY
2026-01-01 custom "relief-option" "aid_limit" "Expenses:Aid" 1500 CNY
"""


def aid(day: str, account: str, amount: str, case: str = "C1") -> str:
    return f"""
{day} * "救助"
  fund: "GENERAL"
  approval: "SP-1"
  case: "{case}"
  {account}  {amount} CNY
  Assets:Bank:Basic
"""


def test_within_limits_passes(check_rule):
    text = LIMITS + aid("2026-02-01", "Expenses:Aid:Medical", "1000.00") + aid("2026-03-01", "Expenses:Aid:Living", "500.00")
    assert check_rule("aid_limit", text) == []


def test_category_limit_reported_on_the_entry_that_goes_over(check_rule):
    text = LIMITS + aid("2026-02-01", "Expenses:Aid:Medical", "800.00") + aid("2026-03-01", "Expenses:Aid:Medical", "300.00")
    errors = check_rule("aid_limit", text)
    assert [english(e) for e in errors] == ["Case C1 receives 1,100.00 CNY of Expenses:Aid:Medical in 2026, over the yearly limit of 1,000.00 CNY"]
    assert errors[0].startswith("帮扶对象 C1 在 2026 年从 Expenses:Aid:Medical 获得 1,100.00 CNY，"
                                "超过每年限额 1,000.00 CNY。 ")


def test_total_limit_across_categories(check_rule):
    text = LIMITS + aid("2026-02-01", "Expenses:Aid:Living", "1000.00") + aid("2026-03-01", "Expenses:Aid:Education", "600.00")
    errors = check_rule("aid_limit", text)
    assert len(errors) == 1 and "1,600.00 CNY of Expenses:Aid in 2026" in errors[0]


def test_limits_are_per_case_and_per_year(check_rule):
    text = (
        LIMITS
        + aid("2026-02-01", "Expenses:Aid:Medical", "900.00")
        + aid("2026-02-01", "Expenses:Aid:Medical", "900.00", case="C2")
        + aid("2027-01-05", "Expenses:Aid:Medical", "900.00")
    )
    assert check_rule("aid_limit", text) == []


def test_a_limit_on_an_account_the_books_never_open_is_reported(check_rule):
    """`aid_limit "Expenses:Aid:Medicl"` limited nothing, and nothing said so: aid of any size
    to Expenses:Aid:Medical passed. A parent of opened accounts (Expenses:Aid) is a limit."""
    text = (
        '2026-01-01 custom "relief-option" "aid_limit" "Expenses:Aid:Medicl" 1000 CNY\n'
        + LIMITS
        + aid("2026-02-01", "Expenses:Aid:Medical", "900.00")
    )
    errors = check_rule("aid_limit", text)
    assert errors[0].startswith("aid_limit Expenses:Aid:Medicl：账簿没有开设这个科目")
    assert [english(e) for e in errors] == [
        "aid_limit Expenses:Aid:Medicl: the books open no such account (nor one under it), so this limit would never apply: "
        "correct the account's name, or open it in accounts.beancount"
    ]
