def donation(day: str, receipt: str) -> str:
    return f"""
2026-{day} * "捐款"
  fund: "GENERAL"
  donor: "D1"
  receipt: "{receipt}"
  Assets:Bank:Basic   1.00 CNY
  Income:Donation:Individual
"""


def test_unbroken_sequence_passes(check_rule):
    text = donation("02-01", "JZ-2026-00001") + donation("02-02", "JZ-2026-00002") + donation("02-03", "JZ-2026-00003")
    assert check_rule("receipt_sequence", text) == []


def test_gap_is_reported_on_the_next_number(check_rule):
    text = donation("02-01", "JZ-2026-00001") + donation("02-02", "JZ-2026-00004")
    errors = check_rule("receipt_sequence", text)
    assert errors == [
        '收据号不连续：JZ-2026-00004 之前缺 JZ-2026-00002 至 JZ-2026-00003，未开出；'
        '请补记缺的号，或用 custom "receipt-void" 登记作废。 '
        'Gap in the receipt sequence: JZ-2026-00002 to JZ-2026-00003 not issued before JZ-2026-00004; '
        'record the missing number(s) or void them with custom "receipt-void"'
    ]


def test_sequence_must_start_at_one(check_rule):
    errors = check_rule("receipt_sequence", donation("02-01", "JZ-2026-00002"))
    assert len(errors) == 1 and "JZ-2026-00001 not issued before JZ-2026-00002" in errors[0]


def test_void_fills_a_gap(check_rule):
    text = donation("02-01", "JZ-2026-00001") + donation("02-03", "JZ-2026-00003") + """
2026-02-02 custom "receipt-void" "JZ-2026-00002"
  reason: "开具错误"
"""
    assert check_rule("receipt_sequence", text) == []


def test_voided_number_cannot_be_used(check_rule):
    text = donation("02-01", "JZ-2026-00001") + """
2026-02-02 custom "receipt-void" "JZ-2026-00001"
"""
    errors = check_rule("receipt_sequence", text)
    assert len(errors) == 1 and "was voided but is used" in errors[0]


def test_each_year_starts_again(check_rule):
    text = donation("12-30", "JZ-2026-00001") + """
2027-01-02 * "捐款"
  fund: "GENERAL"
  donor: "D1"
  receipt: "JZ-2027-00001"
  Assets:Bank:Basic   1.00 CNY
  Income:Donation:Individual
"""
    assert check_rule("receipt_sequence", text) == []
