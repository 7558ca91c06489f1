"""An amount in another currency is written in that currency's places.

A gift of 100,000 yen (`100000 JPY @ 0.0478 CNY`) was written `JP¥100,000.00` on its page and
`原币 100,000.00 JPY` on its letter, and the yen held at the year's end `100,000.00 JPY` on the
overview: places yen does not have, which a donor matching the page with their bank's advice
reads as a different figure. The places come from CLDR's ISO 4217 minor units (Babel); no
amount is ever rounded to fit them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.books import load_books
from letters.make import make_letters
from publish.currencies import number_text, places
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET
from .sitecheck import parse


@pytest.mark.parametrize(("currency", "expected"), [("CNY", 2), ("USD", 2), ("HKD", 2), ("JPY", 0), ("KRW", 0), ("KWD", 3), ("GOODS", 2)])
def test_places_are_the_currencys_minor_units(currency, expected):
    assert places(currency) == expected


@pytest.mark.parametrize(("amount", "currency", "text"), [
    ("100000", "JPY", "100,000"),
    ("100000.00", "JPY", "100,000"),
    ("0.5", "JPY", "0.5"),  # more places than yen has: kept, never rounded to 0 or 1
    ("1000", "USD", "1,000.00"),
    ("1.25", "KWD", "1.250"),
    ("29.9925", "CNY", "29.9925"),  # part of a fen (rules off): as it is
    ("-5", "JPY", "-5"),
])
def test_number_text_never_rounds(amount, currency, text):
    assert number_text(Decimal(amount), currency) == text
    assert Decimal(text.replace(",", "")) == Decimal(amount)


GIFT = """
2026-06-03 * "Sakura Shoji" "JPY gift"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00008"
  Assets:Bank:JPY             100000 JPY @ 0.0478 CNY
  Income:Donation:Enterprise
"""


def _books(books_copy):
    accounts = books_copy / "accounts.beancount"
    text = accounts.read_text("utf-8").replace("2026-01-01 open Income:Donation:Enterprise CNY", "2026-01-01 open Income:Donation:Enterprise")
    accounts.write_text(text + "\n2026-01-01 open Assets:Bank:JPY JPY\n", "utf-8")
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text("utf-8") + "\n" + GIFT, "utf-8")
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    return books


def test_a_gift_in_yen_is_written_in_yen(books_copy, publish_to, tmp_path):
    books = _books(books_copy)
    model = build_public_model(books, TEST_SECRET.encode())
    gift = next(d for d in model.donations if d.receipt == "JZ-2026-00008")
    assert (gift.given_amount, gift.given_currency, gift.amount) == (Decimal("100000"), "JPY", Decimal("4780.00"))
    site = tmp_path / "site"
    publish_to(site, books_copy)
    page = (site / gift.ack_path).read_text("utf-8")
    assert "¥4,780.00（原币 JP¥100,000）" in page and "(given as JP¥100,000)" in page, page
    for path, held in (("index.html", "结存含外币 100,000 JPY"), ("en/index.html", "includes 100,000 JPY")):
        text = " ".join(parse(site / path).text)
        assert held in text, (path, text)
        assert "100,000.00 JPY" not in text

    from tests.letters.conftest import pdf_text
    out = tmp_path / "letters"
    make_letters(books, out, TEST_SECRET.encode(), donor="D0001", jobs=1)
    text = "".join(pdf_text(out / "2026" / "JZ-2026-00008.pdf").split())
    assert "原币100,000JPY，按入账汇率折合人民币。" in text, text
