"""Rule pad_fund: what a pad from a fund account makes belongs to a declared fund."""

from __future__ import annotations


def test_pad_from_opening_balances_without_fund_is_an_error(check_rule):
    errors = check_rule("pad_fund", """
        2026-01-01 pad Assets:Bank:Basic Equity:Opening-Balances
        2026-01-02 balance Assets:Bank:Basic 12345.67 CNY
    """)
    assert len(errors) == 1
    assert "belongs to no fund (Equity:Opening-Balances is a fund account)" in errors[0]
    assert 'fund: "GENERAL"' in errors[0]


def test_pad_naming_a_declared_fund_passes(check_rule):
    assert check_rule("pad_fund", """
        2026-01-01 pad Assets:Bank:Basic Equity:Opening-Balances
          fund: "GENERAL"
        2026-01-02 balance Assets:Bank:Basic 12345.67 CNY
    """) == []


def test_pad_naming_an_undeclared_fund_is_an_error(check_rule):
    errors = check_rule("pad_fund", """
        2026-01-01 pad Assets:Bank:Basic Equity:Opening-Balances
          fund: "NOPE"
        2026-01-02 balance Assets:Bank:Basic 12345.67 CNY
    """)
    assert len(errors) == 1 and "'NOPE', which is not declared" in errors[0] and "EDU-2026, GENERAL" in errors[0]


def test_pad_between_two_asset_accounts_needs_no_fund(check_rule):
    assert check_rule("pad_fund", """
        2026-01-01 pad Assets:Cash Assets:Bank:Basic
        2026-01-02 balance Assets:Cash 100.00 CNY
    """) == []


def test_the_padding_entry_carries_the_pads_fund(load_doc):
    """Why a fund under the pad is enough: beancount copies the pad's metadata to what it makes."""
    entries, errors, _ = load_doc("""
option "operating_currency" "CNY"
2026-01-01 open Assets:Bank:Basic CNY
2026-01-01 open Equity:Opening-Balances CNY
2026-01-01 pad Assets:Bank:Basic Equity:Opening-Balances
  fund: "GENERAL"
2026-01-02 balance Assets:Bank:Basic 12345.67 CNY
""")
    assert errors == []
    padding = [e for e in entries if getattr(e, "flag", None) == "P"]
    assert len(padding) == 1 and padding[0].meta["fund"] == "GENERAL"
