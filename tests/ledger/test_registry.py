import datetime

from ledger.registry import build_registry


def test_registry_reads_donors_funds_and_case_history(load_doc):
    entries, errors, _ = load_doc("""
        2026-01-01 custom "donor" "D1" "enterprise"
          name: "某某机械制造有限公司"
          display: "某某机械"
          aliases: "某某机械厂 | 某某公司"
          accounts: "6222 0200 0000 1234"
          contact: "王经理"
        2026-01-01 custom "donor" "D2" "individual"
          name: "李四"
          anonymous: "public"
        2026-01-01 custom "fund" "EDU" "restricted"
          purpose: "Expenses:Aid:Education|Expenses:Aid:Goods"
          end: 2026-12-31
        2026-02-01 custom "case" "C1" "enrolled"
          unit: "市纺织工会"
          household: 3
        2026-05-01 custom "case" "C1" "adjusted"
          household: 4
        2026-08-01 custom "case" "C1" "exited"
    """)
    reg = build_registry(entries)
    assert not errors and not reg.errors
    d1, d2 = reg.donors["D1"], reg.donors["D2"]
    assert d1.public_name == "某某机械" and d1.letter_name == "某某机械制造有限公司"
    assert d2.public_name is None and d2.letter_name == "李四"
    assert reg.donor_by_name("某某 公司") is d1
    assert reg.donor_by_account("6222020000001234") is d1
    assert reg.donor_by_name("王五") is None
    fund = reg.funds["EDU"]
    assert fund.may_pay("Expenses:Aid:Goods") and not fund.may_pay("Expenses:Aid:Medical")
    assert fund.is_open_on(datetime.date(2026, 12, 31)) and not fund.is_open_on(datetime.date(2027, 1, 1))
    case = reg.cases["C1"]
    assert case.attribute("household", datetime.date(2026, 4, 30)) == 3
    assert case.attribute("household") == 4
    assert case.enrolled_on(datetime.date(2026, 7, 31)) and not case.enrolled_on(datetime.date(2026, 8, 1))
    assert case.status == "exited"


def test_malformed_registry_entries_are_reported(check_rule):
    errors = check_rule("registry", """
        2026-01-01 custom "donor" "D1" "company"
        2026-01-01 custom "donor" "D2" "individual"
          anonymous: "maybe"
        2026-01-01 custom "fund" "X" "restricted"
        2026-01-01 custom "case" "C9" "exited"
        2026-01-01 custom "case" "C8" "enrolled"
          household: 2.5
        2026-01-01 custom "receipt-void" 12
    """)
    assert len(errors) == 6
    assert "unknown kind 'company'" in errors[0]
    assert "anonymous must be one of" in errors[1]
    assert "Restricted fund X needs purpose" in errors[2]
    assert "C9 is exited before it was ever enrolled" in errors[3]
    assert "household must be a whole number" in errors[4]
    assert "receipt-void needs the receipt number" in errors[5]


def test_unclear_anonymity_is_treated_as_strictest(load_doc):
    entries, _, _ = load_doc("""
        2026-01-01 custom "donor" "D2" "individual"
          name: "李四"
          anonymous: "maybe"
    """)
    assert build_registry(entries).donors["D2"].letter_name is None


def test_a_donor_without_a_name_is_reported(check_rule):
    """Without `name` or `display` the id stood in for them: the letter said "尊敬的D0004："
    and the site listed "D0004". A display name alone is the letter's name too; a donor
    anonymous even on letters needs none."""
    errors = check_rule("registry", """
        2026-01-01 custom "donor" "D0004" "individual"
          contact: "13800000000"
        2026-01-01 custom "donor" "D0005" "individual"
          name: "  "
          anonymous: "public"
        2026-01-01 custom "donor" "D0006" "individual"
          anonymous: "all"
        2026-01-01 custom "donor" "D0007" "individual"
          display: "秦先生"
    """)
    assert len(errors) == 2
    assert 'Donor D0004: no name: add name: "<legal name>"' in errors[0]
    assert "Donor D0005: no name" in errors[1]


def test_a_display_name_alone_is_the_letters_name(load_doc):
    entries, _, _ = load_doc("""
        2026-01-01 custom "donor" "D0007" "individual"
          display: "秦先生"
    """)
    assert build_registry(entries).donors["D0007"].letter_name == "秦先生"


def test_a_letter_language_other_than_zh_or_en_is_reported(check_rule, load_doc):
    """`language: "English"` gave a Chinese letter without a word."""
    errors = check_rule("registry", """
        2026-01-01 custom "donor" "D0006" "individual"
          name: "John Smith"
          language: "English"
        2026-01-01 custom "donor" "D0007" "individual"
          name: "Jane Smith"
          language: "en"
    """)
    assert len(errors) == 1
    assert 'Donor D0006: language must be "zh" or "en"' in errors[0] and "'English'" in errors[0]
