"""The annual report (PDF) says what the site's report pages say of corrections: those of the
year (entries that correct a closed period, counted in the year's figures) and those booked in
a later year that correct this one (the year's figures stand; docs/closing.md)."""

from __future__ import annotations

import re

from ledger.books import load_books
from publish.annual import report_html
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET

# 2027: 300.00 of January 2026's hardship relief, overpaid to one household, comes back
LATER = '''
2027-02-10 * "更正：2026年1月特困救助多付退回"
  fund: "GENERAL"
  approval: "SP-2026-0001"
  case: "C0001"
  correction: "SP-2026-0001"
  Assets:Bank:Basic   300.00 CNY
  Expenses:Aid:Living
'''


def _model(books):
    (books / "txns" / "2027.beancount").write_text(LATER, encoding="utf-8")
    main = books / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + '\ninclude "txns/2027.beancount"\n', encoding="utf-8")
    loaded = load_books(books)
    assert not loaded.errors, [e.message for e in loaded.errors]
    return build_public_model(loaded, TEST_SECRET.encode())


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_annual_report_lists_the_years_corrections_as_the_sites_report_does(books_copy):
    """2027's report page listed the correction (10 February 2027, General fund, +¥300.00,
    correcting January 2026); the 2027 PDF, whose hardship relief of -¥300.00 is that
    correction, said nothing of it."""
    model = _model(books_copy)
    text = _text(report_html(model, 2027))
    assert "Corrections" in text
    part = text[text.index("Corrections"):]
    assert "2027年2月10日" in part and "¥300.00" in part and "2026年1月" in part


def test_the_annual_report_of_a_corrected_year_lists_the_later_corrections(books_copy):
    """2026's PDF gave January's hardship relief as paid, with nothing to say that 300.00 of it
    came back in 2027 as a correction."""
    model = _model(books_copy)
    text = _text(report_html(model, 2026))
    assert "Corrections booked later" in text
    part = text[text.index("Corrections booked later"):]
    assert "2027年2月10日" in part and "¥300.00" in part and "2026年1月" in part


def test_no_corrections_no_section(books_copy):
    model = build_public_model(load_books(books_copy), TEST_SECRET.encode())
    text = _text(report_html(model, 2026))
    assert "Corrections" not in text
