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
    assert "'min_published_count': expected a whole number of at least 1" in errors[0]
    assert "'receipt_prefix'" in errors[1]
    assert "'aid_limit'" in errors[2] and "CNY" in errors[2]
    assert "Unknown relief-option 'colour'" in errors[3] and "known keys" in errors[3]
    assert "'name_zh': expected one text value" in errors[4]
