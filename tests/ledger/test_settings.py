from decimal import Decimal

from ledger.settings import Settings, load_settings


def test_settings_parse_into_one_typed_object(load_doc):
    entries, errors, _ = load_doc("""
        2026-01-01 custom "relief-option" "name_zh" "某市总工会困难职工帮扶中心"
        2026-01-01 custom "relief-option" "receipt_prefix" "GH"
        2026-01-01 custom "relief-option" "min_published_count" 3
        2026-01-01 custom "relief-option" "aid_limit" "Expenses:Aid:Medical" 20000 CNY
    """)
    settings, problems = load_settings(entries)
    assert not errors and not problems
    assert settings.name_zh == "某市总工会困难职工帮扶中心"
    assert settings.receipt(2026, 7) == "GH-2026-00007"
    assert settings.min_published_count == 3
    assert settings.aid_limits == {"Expenses:Aid:Medical": Decimal("20000")}
    assert settings.name_en == Settings().name_en  # defaults stay


def test_bad_settings_are_errors_with_line(check_rule):
    errors = check_rule("settings", """
        2026-01-01 custom "relief-option" "min_published_count" 0
        2026-01-01 custom "relief-option" "receipt_prefix" "jz-1"
        2026-01-01 custom "relief-option" "aid_limit" "Expenses:Aid" 100 USD
        2026-01-01 custom "relief-option" "colour" "red"
        2026-01-01 custom "relief-option" "name_zh"
    """)
    assert len(errors) == 5
    assert "'min_published_count': expected a whole number from 1 to 100" in errors[0]
    assert "'receipt_prefix'" in errors[1]
    assert "'aid_limit'" in errors[2] and "CNY" in errors[2]
    assert "Unknown relief-option 'colour'" in errors[3] and "known keys" in errors[3]
    assert "'name_zh': expected one text value" in errors[4]


def test_public_facts_licence_and_org_id(load_doc):
    entries, errors, _ = load_doc("""
        2026-01-01 custom "relief-option" "address" "某市某路1号" "1 Some Road"
        2026-01-01 custom "relief-option" "phone" "0000-12351000"
        2026-01-01 custom "relief-option" "credit_code" "81330100MJ00000011"
        2026-01-01 custom "relief-option" "licence" "CC0-1.0"
        2026-01-01 custom "relief-option" "org_id" "XI-EXAMPLE-123"
    """)
    settings, problems = load_settings(entries)
    assert not errors and not problems
    assert settings.facts == {"address": ("某市某路1号", "1 Some Road"), "phone": ("0000-12351000", None), "credit_code": ("81330100MJ00000011", None)}
    assert settings.licence_info() == ("CC0-1.0", "Creative Commons Zero v1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/")
    assert settings.org_id == "XI-EXAMPLE-123"
    assert Settings().licence == "CC-BY-4.0" and Settings().facts == {}


def test_another_licence_with_its_address(load_doc):
    entries, _, _ = load_doc('2026-01-01 custom "relief-option" "licence" "OGL-UK-3.0" "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"\n')
    settings, problems = load_settings(entries)
    assert not problems
    assert settings.licence_info()[0] == "OGL-UK-3.0" and settings.licence_info()[2].startswith("https://www.nationalarchives")


def test_bad_public_facts_are_errors_with_line(check_rule):
    errors = check_rule("settings", """
        2026-01-01 custom "relief-option" "credit_code" "81330100MJ00000012"
        2026-01-01 custom "relief-option" "credit_code" "8133"
        2026-01-01 custom "relief-option" "address" "a" "b" "c"
        2026-01-01 custom "relief-option" "phone" 12351
        2026-01-01 custom "relief-option" "licence" "WTFPL"
        2026-01-01 custom "relief-option" "licence" "X-1" "ftp://x"
        2026-01-01 custom "relief-option" "org_id" "has spaces in it"
        2026-01-01 custom "relief-option" "complaint" ""
    """)
    assert len(errors) == 8, errors
    assert "'credit_code'" in errors[0] and "check character" in errors[0]
    assert "'credit_code'" in errors[1]
    assert "'address'" in errors[2] and "Chinese, then English" in errors[2]
    assert "'phone'" in errors[3]
    assert "'licence'" in errors[4] and "CC-BY-4.0" in errors[4]
    assert "'licence'" in errors[5] and "https://" in errors[5]
    assert "'org_id'" in errors[6]
    assert "'complaint'" in errors[7]


def test_unknown_key_lists_the_new_keys(check_rule):
    errors = check_rule("settings", '2026-01-01 custom "relief-option" "adress" "x"\n')
    assert "Unknown relief-option 'adress'" in errors[0]
    for key in ("address", "credit_code", "complaint", "licence", "org_id"):
        assert key in errors[0]


def test_a_setting_holds_for_the_whole_books_and_the_later_date_wins(load_doc):
    """docs/books.md, "Settings" and docs/adopting.md: a 2011 prefix written after the
    template's 2026 line (in the file) still loses to it, for receipts of every year."""
    entries, errors, _ = load_doc("""
        2026-01-01 custom "relief-option" "receipt_prefix" "JZ"
        2011-01-01 custom "relief-option" "receipt_prefix" "MO"
        2011-01-01 custom "relief-option" "aid_limit" "Expenses:Aid" 10000 CNY
        2026-01-01 custom "relief-option" "aid_limit" "Expenses:Aid" 30000 CNY
    """)
    settings, problems = load_settings(entries)
    assert not errors and not problems
    assert settings.receipt(2012, 1) == "JZ-2012-00001"
    assert settings.aid_limits == {"Expenses:Aid": Decimal("30000")}


def test_example_addresses_are_known_as_such():
    from ledger.settings import is_example_url

    for url in ("https://relief.example.org/", "http://example.com:8080/x", "https://site.test/", "https://a.invalid"):
        assert is_example_url(url), url
    for url in ("https://relief.jianglin-union.cn/", "https://myexample.org/", "https://example.org.cn/", ""):
        assert not is_example_url(url), url


def test_an_absurd_min_published_count_is_refused_with_the_range(check_rule):
    """99999999999999999999 was taken: every count on the site was then suppressed."""
    errors = check_rule("settings", """
        2026-01-01 custom "relief-option" "min_published_count" 99999999999999999999
        2026-01-01 custom "relief-option" "min_published_count" 100
        2026-01-01 custom "relief-option" "min_published_count" 101
    """)
    assert len(errors) == 2, errors
    assert "expected a whole number from 1 to 100" in errors[0] and "got 99999999999999999999" in errors[0]
    assert "got 101" in errors[1]


def test_an_operating_currency_no_fund_posting_uses_is_an_error_at_its_line(load_doc):
    """`option "operating_currency" "RMB"` (renminbi, as a finance officer calls it) or "cny" in
    books kept in CNY: relief check said 0 errors and 152 warnings, and relief publish put up a
    site saying the books had no income or spending yet, every yuan left out."""
    from tests.ledger.conftest import CHART

    text = 'option "operating_currency" "RMB"\nplugin "ledger.plugins.settings"\n' + CHART + """
2026-03-02 * "x" "y"
  fund: "GENERAL"
  Assets:Bank:Basic   100.00 CNY
  Income:Union       -100.00 CNY
"""
    errors = [e for e in load_doc(text)[1] if type(e).__name__ == "RuleError"]
    assert len(errors) == 1, [e.message for e in errors]
    assert errors[0].source["lineno"] == 1 and errors[0].source["filename"].endswith("main.beancount")
    assert 'option "operating_currency" "CNY"' in errors[0].message and "RMB" in errors[0].message
    assert load_doc(text.replace('"RMB"', '"CNY"'))[1] == []


def test_reconcile_warns_of_transit_and_payables_after_days_set_in_settings(load_doc, check_rule):
    """transit_warn_days / payable_warn_days: how long money may stay in Assets:Transit, or
    owed on Liabilities, before reconcile warns of it (docs/closing.md); 7 and 30 by default."""
    assert (Settings().transit_warn_days, Settings().payable_warn_days) == (7, 30)
    entries, errors, _ = load_doc("""
        2026-01-01 custom "relief-option" "transit_warn_days" 3
        2026-01-01 custom "relief-option" "payable_warn_days" 60
    """)
    settings, problems = load_settings(entries)
    assert not errors and not problems
    assert (settings.transit_warn_days, settings.payable_warn_days) == (3, 60)
    errors = check_rule("settings", """
        2026-01-01 custom "relief-option" "transit_warn_days" 0
        2026-01-01 custom "relief-option" "payable_warn_days" 2.5
        2026-01-01 custom "relief-option" "transit_warn_days" "seven"
    """)
    assert len(errors) == 3, errors
    assert all("expected a whole number of days from 1 to 3650" in e for e in errors), errors
    assert errors[0].index("天数") < errors[0].index("expected")  # Chinese first


def test_reconcile_warns_of_receivables_and_clearing_after_days_set_in_settings(load_doc, check_rule):
    """receivable_warn_days / clearing_warn_days: how long an amount may stay to be received
    (Assets:Receivable), or wait in a clearing account (Assets:Clearing), before reconcile
    warns of it (docs/closing.md); 90 and 7 by default."""
    assert (Settings().receivable_warn_days, Settings().clearing_warn_days) == (90, 7)
    entries, errors, _ = load_doc("""
        2026-01-01 custom "relief-option" "receivable_warn_days" 180
        2026-01-01 custom "relief-option" "clearing_warn_days" 14
    """)
    settings, problems = load_settings(entries)
    assert not errors and not problems
    assert (settings.receivable_warn_days, settings.clearing_warn_days) == (180, 14)
    errors = check_rule("settings", """
        2026-01-01 custom "relief-option" "receivable_warn_days" 0
        2026-01-01 custom "relief-option" "clearing_warn_days" "a week"
    """)
    assert len(errors) == 2, errors
    assert all("expected a whole number of days from 1 to 3650" in e for e in errors), errors
