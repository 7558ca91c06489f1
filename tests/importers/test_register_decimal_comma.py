"""A register saved as CSV by a spreadsheet set to a European locale: cells separated by
semicolons, a comma the decimal mark and a dot the thousands mark (1.234,56).

Such a file writes 1250 yuan as 1.250 and 1.25 as 1,250 is never written (1,25): read with
the dot as the decimal mark, a gift of 1.250 was booked as 1.25 and one of 2.000 as 2.00, the
dry run's money line agreeing with what was read. In a semicolon file an amount with one mark
and three digits after it (1.250, 1,250) cannot be told from its thousand-fold: it is refused
naming the cell; 12,50 and 1.234,56 are refused as before, never booked ×100.
"""

from __future__ import annotations

import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books


def _import(books, path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


@pytest.mark.parametrize("amount", ["1.250", "2.000", "1,250", "10.000"])
def test_a_thousands_dot_in_a_semicolon_register_is_refused(books, tmp_path, amount):
    path = tmp_path / "捐赠登记表.csv"
    path.write_text(f"日期;捐赠人;金额;收款方式\n2026-03-05;王小明;50;现金\n2026-03-06;王小明;{amount};现金\n", encoding="utf-8")
    result = _import(books, path)
    assert result.problem is not None and result.entries == [], result.entries
    assert (result.problem.row, result.problem.column) == (3, "金额"), result.problem
    assert repr(amount) in result.problem.message


@pytest.mark.parametrize("amount", ["12,50", "1.234,56"])
def test_a_decimal_comma_is_never_booked(books, tmp_path, amount):
    path = tmp_path / "捐赠登记表.csv"
    path.write_text(f"日期;捐赠人;金额;收款方式\n2026-03-06;王小明;{amount};现金\n", encoding="utf-8")
    result = _import(books, path)
    assert result.problem is not None and result.entries == []
    assert (result.problem.row, result.problem.column) == (2, "金额"), result.problem


@pytest.mark.parametrize(("amount", "booked"), [("1250", "1250"), ("1250.00", "1250.00"), ("12.5", "12.5"), ("1.25", "1.25")])
def test_plain_amounts_in_a_semicolon_register_are_read(books, tmp_path, amount, booked):
    path = tmp_path / "捐赠登记表.csv"
    path.write_text(f"日期;捐赠人;金额;收款方式\n2026-03-06;王小明;{amount};现金\n", encoding="utf-8")
    result = _import(books, path)
    assert result.problem is None, result.problem
    (txn,) = [e for e in result.entries if hasattr(e, "postings")]
    assert {abs(p.units.number) for p in txn.postings} == {__import__("decimal").Decimal(booked)}


def test_a_comma_register_keeps_its_thousands_comma(books, tmp_path):
    """In a comma-separated register "1,250" (quoted) is one thousand two hundred and fifty, as ever."""
    path = tmp_path / "捐赠登记表.csv"
    path.write_text('日期,捐赠人,金额,收款方式\n2026-03-06,王小明,"1,250",现金\n', encoding="utf-8")
    result = _import(books, path)
    assert result.problem is None, result.problem
    (txn,) = [e for e in result.entries if hasattr(e, "postings")]
    assert {abs(p.units.number) for p in txn.postings} == {__import__("decimal").Decimal("1250")}


@pytest.mark.parametrize(("amount", "meant"), [("12,50", "12.50"), ("1.234,56", "1234.56"), ("0,5", "0.5")])
def test_a_decimal_comma_is_named_as_one(books, tmp_path, amount, meant):
    """Why: 12,50 was told only "is not a number; write numbers like 1234.56", which left the
    officer to guess that the comma was the trouble; the message now says it reads as a decimal
    comma and gives the number to write."""
    path = tmp_path / "捐赠登记表.csv"
    path.write_text(f"日期;捐赠人;金额;收款方式\n2026-03-06;王小明;{amount};现金\n", encoding="utf-8")
    result = _import(books, path)
    assert result.problem is not None and result.entries == []
    assert "decimal comma" in result.problem.message and meant in result.problem.message, result.problem.message
