CASES = """
2026-02-01 custom "case" "C1" "enrolled"
  unit: "市纺织工会"
  cause: "illness"
  household: 3
2026-06-30 custom "case" "C1" "exited"
  reason: "re-employed"
"""


def aid(day: str, case_line: str = '\n  case: "C1"') -> str:
    return f"""
2026-{day} * "救助"
  fund: "GENERAL"
  approval: "SP-1"{case_line}
  Expenses:Aid:Living  100.00 CNY
  Assets:Bank:Basic
"""


def test_aid_to_enrolled_case_passes(check_rule):
    assert check_rule("aid_case", CASES + aid("02-01") + aid("06-29")) == []


def test_aid_before_enrolment_or_on_exit_is_an_error(check_rule):
    errors = check_rule("aid_case", CASES + aid("01-31") + aid("06-30") + aid("07-15"))
    assert len(errors) == 3
    assert "2026-01-31 to case C1, which is not enrolled that day (not enrolled until 2026-02-01)" in errors[0]
    assert "exited on 2026-06-30" in errors[1]
    assert "exited on 2026-06-30" in errors[2]


def test_aid_without_case_or_to_unknown_case(check_rule):
    errors = check_rule("aid_case", CASES + aid("03-01", "") + aid("03-02", '\n  case: "C404"'))
    assert len(errors) == 2
    assert "names no case" in errors[0]
    assert "unknown case 'C404'" in errors[1]


def test_batch_names_a_case_per_posting(check_rule):
    errors = check_rule("aid_case", CASES + """
2026-01-15 custom "case" "C2" "enrolled"
2026-03-01 * "慰问批次"
  fund: "GENERAL"
  approval: "SP-2"
  Expenses:Aid:Living  100.00 CNY
    case: "C1"
  Expenses:Aid:Living  100.00 CNY
    case: "C2"
  Expenses:Aid:Living  100.00 CNY
    case: "C3"
  Assets:Bank:Basic
""")
    assert len(errors) == 1 and "'C3'" in errors[0]


def test_re_enrolment_after_exit(check_rule):
    assert check_rule("aid_case", CASES + """
2026-09-01 custom "case" "C1" "enrolled"
""" + aid("09-02")) == []
