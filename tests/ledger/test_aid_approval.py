def test_aid_with_approval_passes(check_rule):
    assert check_rule("aid_approval", """
        2026-03-01 * "救助"
          fund: "GENERAL"
          approval: "SP-2026-0001"
          case: "C1"
          Expenses:Aid:Living  100.00 CNY
          Assets:Bank:Basic
    """) == []


def test_aid_without_approval_is_an_error(check_rule):
    errors = check_rule("aid_approval", """
        2026-03-01 * "救助"
          fund: "GENERAL"
          case: "C1"
          Expenses:Aid:Living  100.00 CNY
          Assets:Bank:Basic
        2026-03-02 * "空审批号"
          fund: "GENERAL"
          approval: "  "
          case: "C1"
          Expenses:Aid:Living  100.00 CNY
          Assets:Bank:Basic
    """)
    assert len(errors) == 2 and all("without an approval number" in e for e in errors)


def test_other_expenses_need_no_approval(check_rule):
    assert check_rule("aid_approval", """
        2026-03-01 * "手续费"
          fund: "GENERAL"
          Expenses:Operations:BankFees  2.00 CNY
          Assets:Bank:Basic
    """) == []
