"""The annual report (PDF) says what the site's report pages say of corrections: those of the
year (entries that correct a closed period, counted in the year's figures) and those booked in
a later year that correct this one (the year's figures stand; docs/closing.md)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

from ledger.books import load_books
from ledger.closes.close import close_period
from ledger.period import parse_period
from publish.annual import report_html
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET
from .sitecheck import parse

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


def _close_2026(books):
    """2026 closed: a correction names an entry of a closed period (one of an open period is no
    correction the site lists: tests/publish/test_open_period_correction.py). The small books
    hold no bank statements: the close is made without reconciling."""
    close_period(load_books(books), parse_period("2026"), check=lambda *a: SimpleNamespace(ok=True),
                 today=datetime.date(2027, 1, 10))


def _model(books):
    _close_2026(books)
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


# 2027: a gift of July 2026 found after 2026 was closed, booked as missing from the year
MISSING_FROM_2026 = '''
2027-01-12 * "李红梅" "补记：2026年7月捐款"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2027-00001"
  correction: "2026"
  Assets:Bank:Basic   600.00 CNY
  Income:Donation:Individual
'''


def test_a_correction_of_a_closed_year_is_said_to_correct_the_year_not_its_december(books_copy, tmp_path, publish_to):
    """A gift missing from 2026 (booked in 2027 with correction: "2026") was published as a
    correction of December 2026, a month the centre never named: the site's 2027 report and
    the PDF now say it corrects 2026."""
    import datetime
    from types import SimpleNamespace

    from ledger.closes.close import close_period
    from ledger.period import parse_period

    # the small books hold no bank statements: the close is made without reconciling
    close_period(load_books(books_copy), parse_period("2026"), check=lambda *a: SimpleNamespace(ok=True), today=datetime.date(2027, 1, 5))
    (books_copy / "txns" / "2027.beancount").write_text(MISSING_FROM_2026, encoding="utf-8")
    main = books_copy / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + '\ninclude "txns/2027.beancount"\n', encoding="utf-8")
    loaded = load_books(books_copy)
    assert not loaded.errors, [e.message for e in loaded.errors]
    model = build_public_model(loaded, TEST_SECRET.encode())
    report = next(r for r in model.reports if r.period.key == "2027")
    assert [c.corrects.key for c in report.corrections] == ["2026"]
    text = _text(report_html(model, 2027))
    part = text[text.index("Corrections"):]
    assert "2026年 2026" in part and "12月" not in part
    out = tmp_path / "site"
    publish_to(out, books_copy)
    page = " ".join(parse(out / "en/reports/2027.html").text)
    assert "Corrections" in page and "Dec 2026" not in page


def test_the_sites_report_of_a_corrected_period_lists_the_corrections_booked_later(books_copy, tmp_path, publish_to):
    """The 2026 PDF listed the 300.00 of January's hardship relief paid back in February 2027
    under "Corrections booked later", saying the site's report page did so too; the site's
    pages of 2026, 2026-Q1 and January 2026 said nothing of it (a closed period's page names
    a correction only once a later close has put it in the public log). They list it now, and
    the pages of periods it does not correct do not."""
    _close_2026(books_copy)
    (books_copy / "txns" / "2027.beancount").write_text(LATER, encoding="utf-8")
    main = books_copy / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + '\ninclude "txns/2027.beancount"\n', encoding="utf-8")
    out = tmp_path / "site"
    publish_to(out, books_copy)
    for key in ("2026", "2026-Q1", "2026-01"):
        en = " ".join(parse(out / f"en/reports/{key}.html").text)
        zh = " ".join(parse(out / f"reports/{key}.html").text)
        assert "Corrections booked later" in en, key
        part = en[en.index("Corrections booked later"):]
        assert "2027-02-10" in part and "General relief fund" in part and "Jan 2026" in part and "¥300.00" in part, part
        assert "以后的更正" in zh and "2027年2月10日" in zh[zh.index("以后的更正"):], key
    for key in ("2026-02", "2026-Q2", "2027"):
        assert "Corrections booked later" not in " ".join(parse(out / f"en/reports/{key}.html").text), key


# 2027: January 2026's gift of 10,000.00 was meant for the education fund; 2,000.00 of it is
# moved there by a transfer that names the gift
WRONG_FUND = '''
2027-02-05 * "更正：2026年1月捐款应入助学专项"
  approval: "FIX-2027-1"
  correction: "JZ-2026-00001"
  Equity:FundTransfers   2000.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers  -2000.00 CNY
    fund: "EDU-2026"
'''


def test_a_correction_that_moves_money_between_funds_gives_each_funds_effect(books_copy):
    """A 2026 gift booked to the wrong fund, corrected in 2027 by a transfer naming it, was
    listed as one correction: General fund, ¥0.00 (the two sides summed, under the first
    side's fund). The education fund's +2,000.00 appeared among no correction, and a reader
    saw a correction that changed nothing. Each fund the correction moves is now a row with
    its own effect, on the report of the year it is booked in and on the corrected year's."""
    _close_2026(books_copy)
    (books_copy / "txns" / "2027.beancount").write_text(WRONG_FUND, encoding="utf-8")
    main = books_copy / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + '\ninclude "txns/2027.beancount"\n', encoding="utf-8")
    loaded = load_books(books_copy)
    assert not loaded.errors, [e.message for e in loaded.errors]
    model = build_public_model(loaded, TEST_SECRET.encode())
    by_key = {r.period.key: r for r in model.reports}
    booked = sorted((c.fund.id, c.amount) for c in by_key["2027"].corrections)
    later = sorted((c.fund.id, c.amount) for c in by_key["2026"].later)
    assert booked == later == [("EDU-2026", Decimal("2000.00")), ("GENERAL", Decimal("-2000.00"))]


# 2027: 4,000.00 of the enterprise's gift of 10,000.00 in January 2026 was not a gift (booked
# too much); the correction names the gift's receipt and the money goes back
AMOUNT_CORRECTED = '''
2027-02-03 * "更正：2026年1月捐款多记"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2027-00001"
  correction: "JZ-2026-00001"
  Assets:Bank:Basic            -4000.00 CNY
  Income:Donation:Enterprise    4000.00 CNY
'''


def test_a_gift_corrected_down_in_a_later_year_says_so_on_its_page(books_copy):
    """A 2026 gift of 10,000.00, 4,000.00 of it booked in error, corrected in 2027 by an entry
    of the same donor naming its receipt in `correction:`: the gift's page still said all
    10,000.00 were given and would be used, and the 2027 honour roll netted the -4,000.00
    into the donor's 2027 line, as if they had given less in 2027. As for a refund naming it
    in `refund_of`, the gift's page now says what went back, and the roll lists it among the
    gifts of earlier years given back."""
    (books_copy / "txns" / "2027.beancount").write_text(AMOUNT_CORRECTED, encoding="utf-8")
    main = books_copy / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + '\ninclude "txns/2027.beancount"\n', encoding="utf-8")
    loaded = load_books(books_copy)
    assert not loaded.errors, [e.message for e in loaded.errors]
    model = build_public_model(loaded, TEST_SECRET.encode())
    gift = next(d for d in model.donations if d.receipt == "JZ-2026-00001")
    assert [(r.date.isoformat(), r.amount, r.receipt) for r in gift.returned] == [("2027-02-03", Decimal("4000.00"), "JZ-2027-00001")]
    roll = next(r for r in model.rolls if r.period.key == "2027")
    assert (roll.earlier_refunds, roll.earlier_refunded) == (1, Decimal("4000.00"))


def test_a_gift_corrected_down_is_said_corrected_not_returned(books_copy, tmp_path, publish_to):
    """Its page said the 4,000.00 booked in error was "returned to you" (退还), with a refund
    receipt: nothing went back to anyone. It now says the amount was booked in error and
    taken off the gift, under the correction's receipt."""
    (books_copy / "txns" / "2027.beancount").write_text(AMOUNT_CORRECTED, encoding="utf-8")
    main = books_copy / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + '\ninclude "txns/2027.beancount"\n', encoding="utf-8")
    out = tmp_path / "site"
    publish_to(out, books_copy)
    page = next(p for p in (out / "ack").glob("*.html") if "JZ-2026-00001" in p.read_text("utf-8"))
    text = _text(page.read_text("utf-8"))
    assert "更正为多记" in text and "更正收据编号 JZ-2027-00001" in text and "booked in error" in text
    assert "退还" not in text and "returned to you" not in text and "refund receipt" not in text
