"""A gift given in another currency, as its donor sees it.

Harbour Trading gave 1,000.00 USD, booked at the day's rate (`1000.00 USD @ 7.1234 CNY` on
the bank's line); another donor's HKD gift was booked with the rate on the income line.
The page and the letter said only ¥7,123.40: nothing the donor could match with the
1,000.00 USD that left their account. They now say what was given beside the renminbi
value, which stays the one figure every total counts.
"""

from __future__ import annotations

from ledger.books import load_books
from letters.make import make_letters
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET

GIFTS = """
2026-06-03 * "Harbour Trading" "USD gift"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00008"
  Assets:Bank:USD               1000.00 USD @ 7.1234 CNY
  Income:Donation:Enterprise

2026-06-04 * "香江贸易" "HKD gift, converted by the bank"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00009"
  Assets:Bank:Basic              912.50 CNY
  Income:Donation:Enterprise   -1000.00 HKD @ 0.9125 CNY
"""


def _books(books_copy):
    accounts = books_copy / "accounts.beancount"
    text = accounts.read_text("utf-8").replace("2026-01-01 open Income:Donation:Enterprise CNY", "2026-01-01 open Income:Donation:Enterprise")
    accounts.write_text(text + "\n2026-01-01 open Assets:Bank:USD USD\n", "utf-8")
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text("utf-8") + "\n" + GIFTS, "utf-8")
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    return books


def test_the_page_and_letter_say_what_was_given(books_copy, publish_to, tmp_path):
    books = _books(books_copy)
    model = build_public_model(books, TEST_SECRET.encode())
    gifts = {d.receipt: d for d in model.donations}
    assert (gifts["JZ-2026-00008"].given_amount, gifts["JZ-2026-00008"].given_currency) == (1000, "USD")
    assert (gifts["JZ-2026-00009"].given_amount, gifts["JZ-2026-00009"].given_currency) == (1000, "HKD")
    assert str(gifts["JZ-2026-00008"].amount) == "7123.40"
    assert [d.given_amount for r, d in gifts.items() if r not in ("JZ-2026-00008", "JZ-2026-00009")] == [None] * (len(gifts) - 2)

    site = tmp_path / "site"
    publish_to(site, books_copy)
    page = (site / gifts["JZ-2026-00008"].ack_path).read_text("utf-8")
    assert "¥7,123.40（原币 $1,000.00）" in page and "¥7,123.40 (given as $1,000.00)" in page

    out = tmp_path / "letters"
    make_letters(books, out, TEST_SECRET.encode(), donor="D0001", jobs=1)
    from tests.letters.conftest import pdf_text
    text = "".join(pdf_text(out / "2026" / "JZ-2026-00009.pdf").split())
    assert "¥912.50" in text and "原币1,000.00HKD，按入账汇率折合人民币。" in text


def test_the_yearly_statement_says_what_was_given(books_copy, tmp_path):
    """The yearly statement listed the USD and HKD gifts at ¥7,123.40 and ¥912.50 only, where
    their letters say what was given: the donor could not match its lines with what left
    their accounts. Each such line now says what was given, as the letter does; the total
    stays in renminbi."""
    from tests.letters.conftest import pdf_text

    books = _books(books_copy)
    donors = books_copy / "registry" / "donors.beancount"
    out = tmp_path / "letters"
    result = make_letters(books, out, TEST_SECRET.encode(), donor="D0001", statements=True, jobs=1)
    (statement,) = result.letters.statements
    text = "".join(pdf_text(out / statement.relpath).split())
    assert "7,123.40原币1,000.00USD" in text and "912.50原币1,000.00HKD" in text, text
    assert text.count("原币") == 2

    # in English, for a donor who reads English
    registry = donors.read_text("utf-8")
    head, sep, tail = registry.partition('custom "donor" "D0001"')
    donors.write_text(head + sep + tail.replace("\n\n", '\n  language: "en"\n\n', 1), "utf-8")
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    out = tmp_path / "letters-en"
    result = make_letters(books, out, TEST_SECRET.encode(), donor="D0001", statements=True, jobs=1)
    (statement,) = result.letters.statements
    assert statement.language == "en"
    text = " ".join(pdf_text(out / statement.relpath).split())
    assert "given as 1,000.00 USD" in text and "given as 1,000.00 HKD" in text, text


def test_the_open_data_says_what_was_given(books_copy, publish_to, tmp_path):
    """donations.csv gave the gift of 1,000.00 USD as 7123.40 CNY only: a reader matching a
    donor's receipt for 1,000.00 USD with the register found nothing, where the gift's page
    says it. It now has what was given and in what currency beside the renminbi value."""
    import csv
    import io

    _books(books_copy)
    site = tmp_path / "site"
    publish_to(site, books_copy)
    rows = {r["receipt"]: r for r in csv.DictReader(io.StringIO((site / "data" / "donations.csv").read_text("utf-8-sig")))}
    usd, hkd = rows["JZ-2026-00008"], rows["JZ-2026-00009"]
    assert (usd["amount"], usd["currency"], usd["given_amount"], usd["given_currency"]) == ("7123.40", "CNY", "1000.00", "USD")
    assert (hkd["amount"], hkd["given_amount"], hkd["given_currency"]) == ("912.50", "1000.00", "HKD")
    assert {(r["given_amount"], r["given_currency"]) for k, r in rows.items() if k not in ("JZ-2026-00008", "JZ-2026-00009")} == {("", "")}


def test_donations_csv_carries_what_was_given_in_its_own_currency(books_copy, publish_to, tmp_path):
    """donations.csv said 7123.40 CNY for Harbour Trading's gift: a journalist matching the
    open data with the donor's 1,000.00 USD could not, though the page and the letter say it.
    Two columns now give the original amount and currency (empty for a gift in renminbi); the
    amount column stays the renminbi value every total counts."""
    import csv
    import io

    _books(books_copy)
    out = tmp_path / "site"
    publish_to(out, books_copy)
    rows = list(csv.DictReader(io.StringIO((out / "data" / "donations.csv").read_text(encoding="utf-8-sig"))))
    by = {r["receipt"]: r for r in rows}
    usd, hkd = by["JZ-2026-00008"], by["JZ-2026-00009"]
    assert (usd["amount"], usd["currency"], usd["given_amount"], usd["given_currency"]) == ("7123.40", "CNY", "1000.00", "USD")
    assert (hkd["amount"], hkd["given_amount"], hkd["given_currency"]) == ("912.50", "1000.00", "HKD")
    assert all(r["given_amount"] == r["given_currency"] == "" for k, r in by.items() if k not in ("JZ-2026-00008", "JZ-2026-00009"))
    from .sitecheck import parse

    en = " ".join(parse(out / "en/data/index.html").text)
    assert "as given, in the currency the donor gave" in en and "that currency (USD, HKD)" in en
