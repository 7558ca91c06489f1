"""Amounts in Chinese capitals, against forms written by the PBOC rules (see publish/capitals.py)."""

from decimal import Decimal

import pytest

from publish.capitals import CapitalsError, format_amount, gift_capitals, rmb_capitals

# (amount, correct capitals) — the rules' own examples and the usual edge cases of 零 and 整.
KNOWN = [
    ("10000", "人民币壹万元整"),
    ("12345.67", "人民币壹万贰仟叁佰肆拾伍元陆角柒分"),
    ("1680.32", "人民币壹仟陆佰捌拾元叁角贰分"),  # PBOC example (零 after 元 optional)
    ("107000.53", "人民币壹拾万柒仟元伍角叁分"),  # PBOC example
    ("16409.02", "人民币壹万陆仟肆佰零玖元零贰分"),  # PBOC example
    ("325.04", "人民币叁佰贰拾伍元零肆分"),  # PBOC example
    ("1409.50", "人民币壹仟肆佰零玖元伍角"),  # PBOC example: no 整 after 角
    ("1001", "人民币壹仟零壹元整"),  # one 零 for the zeros in the middle
    ("1010", "人民币壹仟零壹拾元整"),
    ("10.5", "人民币壹拾元伍角"),  # 壹拾, not 拾
    ("16", "人民币壹拾陆元整"),
    ("100.05", "人民币壹佰元零伍分"),
    ("0.07", "人民币柒分"),
    ("0.10", "人民币壹角"),
    ("60500", "人民币陆万零伍佰元整"),
    ("1000100", "人民币壹佰万零壹佰元整"),
    ("100010000", "人民币壹亿零壹万元整"),
    ("200000000", "人民币贰亿元整"),
    ("0", "人民币零元整"),
]


@pytest.mark.parametrize("amount,expected", KNOWN)
def test_known_forms(amount, expected):
    assert rmb_capitals(Decimal(amount)) == expected


def test_trailing_zeros_and_exponent_forms_are_the_same_amount():
    assert rmb_capitals(Decimal("1E+4")) == rmb_capitals(Decimal("10000.00")) == "人民币壹万元整"
    assert rmb_capitals(Decimal("3.00")) == "人民币叁元整"


def test_without_prefix():
    assert rmb_capitals(Decimal("50000"), prefix=False) == "伍万元整"


@pytest.mark.parametrize("bad", ["10.123", "-5", "1000000000000", "abc", "NaN", "Infinity"])
def test_refuses_what_a_receipt_cannot_state(bad):
    with pytest.raises(CapitalsError):
        rmb_capitals(bad)


def test_every_character_is_a_capital():
    for amount in ("98765432.10", "1.01", "40000000.04"):
        text = rmb_capitals(Decimal(amount), prefix=False)
        assert set(text) <= set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整"), text


def test_format_amount():
    assert format_amount(Decimal("12345.6")) == "12,345.60"
    assert format_amount(Decimal("0")) == "0.00"


def test_a_gifts_capitals_on_its_acknowledgement_page():
    """The acknowledgement page writes a renminbi gift in capitals, as a receipt does; where a
    receipt could not (another currency, nothing, a refund, fractions of a fen) the figures
    stand alone rather than the page failing."""
    assert gift_capitals(Decimal("3370.95"), "CNY") == "人民币叁仟叁佰柒拾元玖角伍分"
    assert gift_capitals(Decimal("10000"), "CNY") == "人民币壹万元整"
    for amount, currency in [(Decimal("100"), "USD"), (Decimal("0"), "CNY"), (Decimal("-5"), "CNY"), (Decimal("1.005"), "CNY")]:
        assert gift_capitals(amount, currency) is None
