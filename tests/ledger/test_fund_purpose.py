def test_restricted_fund_pays_its_purpose(check_rule):
    assert check_rule("fund_purpose", """
        2026-03-01 * "助学金"
          fund: "EDU-2026"
          Expenses:Aid:Education  100.00 CNY
          Assets:Bank:Basic
    """) == []


def test_restricted_fund_cannot_pay_another_purpose(check_rule):
    errors = check_rule("fund_purpose", """
        2026-03-01 * "医疗"
          fund: "EDU-2026"
          Expenses:Aid:Medical  100.00 CNY
          Assets:Bank:Basic
    """)
    assert len(errors) == 1
    assert "EDU-2026 may pay only Expenses:Aid:Education, not Expenses:Aid:Medical" in errors[0]


def test_general_fund_pays_anything(check_rule):
    assert check_rule("fund_purpose", """
        2026-03-01 * "手续费"
          fund: "GENERAL"
          Expenses:Operations:BankFees  2.00 CNY
          Assets:Bank:Basic
    """) == []


def test_closed_fund_cannot_be_used_after_its_end(check_rule):
    errors = check_rule("fund_purpose", """
        2026-01-01 custom "fund" "HOL" "restricted"
          purpose: "Expenses:Aid"
          start: 2026-01-10
          end: 2026-02-28
        2026-01-05 * "too early"
          fund: "HOL"
          Assets:Bank:Basic  100.00 CNY
          Income:Union
        2026-03-01 * "too late"
          fund: "HOL"
          Expenses:Aid:Living  100.00 CNY
          Assets:Bank:Basic
    """)
    assert len(errors) == 2
    assert "on 2026-01-05 falls outside" in errors[0]
    assert "on 2026-03-01 falls outside" in errors[1]
