"""The short way for amounts written plainly (1940.00, -13.40, +5): a 100 000-row statement
reads three money cells a row, and each went through NFKC, a mark regex and the general
amount reader. The short way must read every such cell exactly as the general one does:
the same Decimal (exponent included: 5.10 stays 5.10), the same mark (none), the same
refusal of an amount with 16 digits before its point.

The general reader is reached by padding the cell with a space, which it strips and the
short way does not take.
"""

from __future__ import annotations

import pytest

from importers.values import parse_amount, parse_marked_amount, parse_time, split_mark

PLAIN = ["0", "0.00", "5", "+5", "-5", "1940.00", "-13.40", "+0.10", "007.50", "5.10", "12.345",
         "999999999999999", "999999999999999.99", "1234567890123456", "-1234567890123456.00", ""]


def _read(reader, text):
    try:
        return ("value", reader(text))
    except ValueError:
        return ("refused", None)


@pytest.mark.parametrize("text", PLAIN)
def test_plain_amount_reads_as_the_general_reader_does(text):
    short, general = _read(parse_marked_amount, text), _read(parse_marked_amount, f" {text} ")
    assert short == general
    assert str(short) == str(general)  # the exponent too
    assert _read(parse_amount, text) == _read(parse_amount, f" {text} ")
    if short[0] == "value":
        assert short[1] == (_read(parse_amount, text)[1], 0)


@pytest.mark.parametrize("text", PLAIN)
def test_plain_amount_has_no_mark(text):
    number, mark = split_mark(text)
    assert (number.strip(), mark) == (split_mark(f" {text} ")[0].strip(), split_mark(f" {text} ")[1]) == (text, 0)


@pytest.mark.parametrize("text, time", [("", ""), ("2026-03-05", ""), ("2026-03-05 9:05", "09:05:00"),
                                        ("10:15:22", "10:15:22"), ("101522", "10:15:22"), ("１０:１５", "10:15:00")])
def test_times(text, time):
    assert parse_time(text) == time
