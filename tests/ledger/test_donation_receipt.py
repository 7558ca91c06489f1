DONORS = """
2026-01-01 custom "donor" "D1" "individual"
  name: "张三"
"""


def test_donation_with_donor_and_receipt_passes(check_rule):
    assert check_rule("donation_receipt", DONORS + """
2026-02-01 * "捐款"
  fund: "GENERAL"
  donor: "D1"
  receipt: "JZ-2026-00001"
  Assets:Bank:Basic   100.00 CNY
  Income:Donation:Individual
""") == []


def test_missing_and_unknown_donor(check_rule):
    errors = check_rule("donation_receipt", DONORS + """
2026-02-01 * "无名"
  fund: "GENERAL"
  receipt: "JZ-2026-00001"
  Assets:Bank:Basic   100.00 CNY
  Income:Donation:Individual
2026-02-02 * "未登记"
  fund: "GENERAL"
  donor: "D9"
  receipt: "JZ-2026-00002"
  Assets:Bank:Basic   100.00 CNY
  Income:Donation:Individual
""")
    assert len(errors) == 2
    assert "without a donor" in errors[0]
    assert "Unknown donor 'D9'" in errors[1]


def test_unidentified_donor_only_on_flagged_entries(check_rule):
    errors = check_rule("donation_receipt", DONORS + """
2026-02-01 ! "待确认"
  fund: "GENERAL"
  donor: "UNIDENTIFIED"
  receipt: "JZ-2026-00001"
  Assets:Bank:Basic   100.00 CNY
  Income:Donation:Individual
2026-02-02 * "已确认?"
  fund: "GENERAL"
  donor: "UNIDENTIFIED"
  receipt: "JZ-2026-00002"
  Assets:Bank:Basic   100.00 CNY
  Income:Donation:Individual
""")
    assert len(errors) == 1 and "only on an entry flagged '!'" in errors[0]


def test_a_proposal_half_confirmed_is_told_how_to_finish(check_rule):
    """README and docs/importing.md: confirm a proposed donor by changing donor-proposal to
    donor, UNIDENTIFIED to its id and ! to *. A newcomer who did one step of three was told
    "identify the donor or keep it flagged" or "Unknown donor 'D0002': declare it in
    registry/donors.beancount" (a second declaration, the proposal left behind); the
    message now names the proposal and the step left."""
    errors = check_rule("donation_receipt", DONORS + """
2026-02-01 custom "donor-proposal" "D0002" "individual"
  name: "陌生捐款人"
2026-02-01 * "陌生捐款人" "他行汇入"
  fund: "GENERAL"
  donor: "UNIDENTIFIED"
  proposed_donor: "D0002"
  receipt: "JZ-2026-00001"
  Assets:Bank:Basic   100.00 CNY
  Income:Donation:Individual
2026-02-02 * "陌生捐款人" "他行汇入"
  fund: "GENERAL"
  donor: "D0002"
  proposed_donor: "D0002"
  receipt: "JZ-2026-00002"
  Assets:Bank:Basic   100.00 CNY
  Income:Donation:Individual
""")
    assert len(errors) == 2, errors
    assert "only on an entry flagged '!'" in errors[0] and 'the import proposed donor D0002: write donor: "D0002"' in errors[0], errors[0]
    assert '导入时提议的捐赠人是 D0002' in errors[0], errors[0]
    assert "Unknown donor 'D0002'" in errors[1] and 'still a proposal: change custom "donor-proposal" "D0002"' in errors[1], errors[1]
    assert "registry/donors.beancount" not in errors[1], errors[1]


def test_receipt_missing_malformed_wrong_year_or_reused(check_rule):
    errors = check_rule("donation_receipt", DONORS + """
2026-02-01 * "a"
  fund: "GENERAL"
  donor: "D1"
  Assets:Bank:Basic   1.00 CNY
  Income:Donation:Individual
2026-02-02 * "b"
  fund: "GENERAL"
  donor: "D1"
  receipt: "12345"
  Assets:Bank:Basic   1.00 CNY
  Income:Donation:Individual
2026-02-03 * "c"
  fund: "GENERAL"
  donor: "D1"
  receipt: "JZ-2025-00001"
  Assets:Bank:Basic   1.00 CNY
  Income:Donation:Individual
2026-02-04 * "d"
  fund: "GENERAL"
  donor: "D1"
  receipt: "JZ-2026-00001"
  Assets:Bank:Basic   1.00 CNY
  Income:Donation:Individual
2026-02-05 * "e"
  fund: "GENERAL"
  donor: "D1"
  receipt: "JZ-2026-00001"
  Assets:Bank:Basic   1.00 CNY
  Income:Donation:Individual
""")
    assert len(errors) == 4
    assert "without a receipt number" in errors[0]
    assert "'12345' is not of the form JZ-2026-00012" in errors[1]
    assert "of year 2025 but the donation is dated 2026-02-03" in errors[2]
    assert "JZ-2026-00001 is used twice" in errors[3]


def test_receipt_prefix_comes_from_settings(check_rule):
    errors = check_rule("donation_receipt", DONORS + """
2026-01-01 custom "relief-option" "receipt_prefix" "GH"
2026-02-01 * "a"
  fund: "GENERAL"
  donor: "D1"
  receipt: "JZ-2026-00001"
  Assets:Bank:Basic   1.00 CNY
  Income:Donation:Individual
""")
    assert len(errors) == 1 and "GH-2026-00012" in errors[0]


def test_official_receipt_metadata(check_rule):
    """tax_receipt (票据号码) holds the official receipt; code and check code only beside it; once."""
    errors = check_rule("donation_receipt", DONORS + """
2026-02-01 * "a"
  fund: "GENERAL"
  donor: "D1"
  receipt: "JZ-2026-00001"
  tax_receipt_code: "33010126"
  tax_receipt: "0000000001"
  tax_receipt_check: "a1b2c3"
  Assets:Bank:Basic   1.00 CNY
  Income:Donation:Individual
2026-02-02 * "b"
  fund: "GENERAL"
  donor: "D1"
  receipt: "JZ-2026-00002"
  tax_receipt_check: "ffffff"
  Assets:Bank:Basic   1.00 CNY
  Income:Donation:Individual
2026-02-03 * "c"
  fund: "GENERAL"
  donor: "D1"
  receipt: "JZ-2026-00003"
  tax_receipt_code: "33010126"
  tax_receipt: "0000000001"
  Assets:Bank:Basic   1.00 CNY
  Income:Donation:Individual
2026-02-04 * "d: same number, another code"
  fund: "GENERAL"
  donor: "D1"
  receipt: "JZ-2026-00004"
  tax_receipt_code: "33010127"
  tax_receipt: "0000000001"
  Assets:Bank:Basic   1.00 CNY
  Income:Donation:Individual
""")
    assert len(errors) == 2, errors
    assert "tax_receipt_check without tax_receipt" in errors[0]
    assert "0000000001 is recorded twice" in errors[1] and "main.beancount:" in errors[1]


def test_values_written_without_quotes_are_named_as_written(check_rule):
    """Why: the messages showed Python's repr (datetime.date(2026, 3, 1), Decimal('8'))
    and did not say that the quotes were missing."""
    errors = check_rule("donation_receipt", DONORS + """
2026-03-02 * "日期"
  fund: "GENERAL"
  donor: "D1"
  receipt: 2026-03-01
  Assets:Bank:Basic   100.00 CNY
  Income:Donation:Individual
2026-03-03 * "数字"
  fund: "GENERAL"
  donor: 5
  receipt: 8
  Assets:Bank:Basic   100.00 CNY
  Income:Donation:Individual
""")
    assert len(errors) == 3, errors
    assert not any("datetime" in e or "Decimal" in e for e in errors), errors
    assert "Receipt number 2026-03-01 is written without quotes (read as a date, not text)" in errors[0]
    assert 'write it in quotes, of the form receipt: "JZ-2026-00012"' in errors[0]
    assert "Donor 5 is written without quotes (read as a number, not text)" in errors[1]
    assert "Receipt number 8 is written without quotes (read as a number" in errors[2]


def _gift_with_wish(receipt: str, wish: str) -> str:
    return f"""
2026-02-01 * "捐款"
  fund: "GENERAL"
  donor: "D1"
  receipt: "{receipt}"
  anonymous: {wish}
  Assets:Bank:Basic   100.00 CNY
  Income:Donation:Individual
"""


def test_a_gifts_unclear_anonymity_wish_is_warned_of(check_rule):
    """`anonymous: 1` or "yes" on a gift was read as "all" (the strictest) without a word."""
    errors = check_rule("donation_receipt", DONORS + _gift_with_wish("JZ-2026-00001", "1") + _gift_with_wish("JZ-2026-00002", '"yes"'))
    assert errors == [
        f'警告：此笔捐赠的 anonymous: {shown} 不是 "none"、"public"、"all" 之一（TRUE 即 "public"）：按 "all" 处理，'
        '捐赠人在任何地方都不具名，致谢信也不具名；请写明捐赠人本人的意愿。 '
        f'Warning: this donation\'s anonymous: {shown} is none of "none", "public" or "all" (TRUE means "public"): it is read '
        'as "all", the donor named nowhere, not even on the letter; write the wish the donor gave'
        for shown in ("1", '"yes"')
    ]


def test_a_gifts_known_anonymity_wishes_pass(check_rule):
    text = DONORS + "".join(_gift_with_wish(f"JZ-2026-0000{i}", wish) for i, wish in enumerate(('"none"', '"public"', '"all"', "TRUE", "FALSE"), 1))
    assert check_rule("donation_receipt", text) == []


def test_a_donor_or_wish_read_as_an_amount_is_named_not_a_crash(check_rule):
    """`donor: 12.50 CNY` or `anonymous: 12.50 CNY` (a cell pasted into the wrong column)
    raised inside the rule (beancount's Amount cannot be compared with text), so bean-check,
    Fava and `relief check` reported only "Error applying plugin" with a traceback, and no
    rule at all ran; Fava's rules view answered 500. Now each is an error or a warning on its
    line, and the other rules run."""
    gift = """
2026-02-01 * "捐款"
  fund: "GENERAL"
  donor: 12.50 CNY
  receipt: "JZ-2026-00001"
  Assets:Bank:Basic   100.00 CNY
  Income:Donation:Individual
"""
    errors = check_rule("donation_receipt", DONORS + gift + _gift_with_wish("JZ-2026-00002", "12.50 CNY"))
    assert len(errors) == 2, errors
    assert "Donor 12.50 CNY is written without quotes (read as an amount, not text)" in errors[0]
    assert "捐赠人 12.50 CNY 没有加引号（被读作金额，不是文本）" in errors[0]
    assert errors[1].startswith("警告：此笔捐赠的 anonymous: 12.50 CNY 不是")
    assert "Warning: this donation's anonymous: 12.50 CNY is none of" in errors[1]
    assert 'read as "all"' in errors[1]


def test_a_gifts_wish_read_as_a_number_or_an_amount_is_read_as_the_rule_says():
    """The rule warned that `anonymous: 1` is read as "all", but 1 compared equal to TRUE and
    the gift was read as "public": its letter named the donor. Amounts raised."""
    from decimal import Decimal

    from beancount.core.amount import Amount

    from ledger.registry import gift_anonymity

    assert gift_anonymity({"anonymous": Decimal("1")}) == "all"
    assert gift_anonymity({"anonymous": Amount(Decimal("12.50"), "CNY")}) == "all"
    assert gift_anonymity({"anonymous": True}) == "public" and gift_anonymity({"anonymous": False}) == "none"
