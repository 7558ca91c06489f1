"""A refund in one year of a gift made in an earlier year: the honour roll of the refund's
year showed it netted against that year's gifts (the donor's line smaller than what they
gave that year, or a line of no gift and a negative amount). It is now a section of its
own, 退还往年捐赠, with its count and total; the names, the anonymous gifts and that
section add up to the year's total, which is the books'."""

from __future__ import annotations

import re
from decimal import Decimal

from ledger.books import load_books
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET
from .sitecheck import visible_text

LATER = '''
2027-01-05 * "某某机械制造有限公司" "捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2027-00001"
  Assets:Bank:Basic   800.00 CNY
  Income:Donation:Enterprise

2027-02-01 * "某某机械制造有限公司" "退还2026年捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2027-00002"
  refund_of: "JZ-2026-00001"
  Assets:Bank:Basic   -300.00 CNY
  Income:Donation:Enterprise
'''


def _books(books_copy):
    (books_copy / "txns" / "2027.beancount").write_text(LATER, encoding="utf-8")
    main = books_copy / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + '\ninclude "txns/2027.beancount"\n', encoding="utf-8")
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    return books


def test_a_refund_of_an_earlier_years_gift_is_its_own_section_of_the_roll(books_copy):
    model = build_public_model(_books(books_copy), TEST_SECRET.encode())
    roll = next(r for r in model.rolls if r.period.key == "2027")
    [line] = [e for g in roll.groups for e in g.entries]
    assert (line.name, line.gifts, line.amount) == ("某某机械", 1, Decimal("800.00"))  # not 500.00
    assert (roll.earlier_refunds, roll.earlier_refunded) == (1, Decimal("300.00"))
    assert roll.total == Decimal("500.00")
    assert line.amount + roll.anonymous_amount - roll.earlier_refunded == roll.total


def test_the_roll_page_shows_the_section(books_copy, publish_to, tmp_path):
    _books(books_copy)
    out = tmp_path / "site"
    publish_to(out, books_copy)
    zh = visible_text(out / "donors" / "2027.html")
    en = visible_text(out / "en" / "donors" / "2027.html")
    assert "退还往年捐赠" in zh and re.search(r"1\s*笔，合计\s*-¥300\.00", zh), zh
    assert "given back" in en and "-¥300.00" in en


def test_the_annual_report_shows_the_section(books_copy):
    from publish.annual import report_html

    html = report_html(build_public_model(_books(books_copy), TEST_SECRET.encode()), 2027)
    text = re.sub(r"<[^>]+>", "", html)
    assert "退还往年捐赠" in text and re.search(r"1 笔，合计 -¥300\.00", text)
    assert "减去退还往年捐赠" in text


def test_donations_csv_pairs_a_refund_with_its_gift(books_copy, publish_to, tmp_path):
    """A reader of donations.csv saw a row of -300.00 and could not tell which gift it gave
    back; `refund_of` names the gift's receipt, itself a row of the file."""
    import csv
    import io

    _books(books_copy)
    out = tmp_path / "site"
    publish_to(out, books_copy)
    rows = list(csv.DictReader(io.StringIO((out / "data" / "donations.csv").read_text(encoding="utf-8-sig"))))
    by_receipt = {r["receipt"]: r for r in rows}
    assert by_receipt["JZ-2027-00002"]["refund_of"] == "JZ-2026-00001" and "JZ-2026-00001" in by_receipt
    assert all(r["refund_of"] == "" for r in rows if Decimal(r["amount"]) >= 0)
