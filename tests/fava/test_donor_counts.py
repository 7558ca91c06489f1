"""The auditor's donors page and the public honour roll counted a year's gifts differently:
the page's 笔数 counted every entry on a donation account (a refund, a correction worth
0.00) under the donor who registered it, anonymous or not, while the roll counts gifts
only and puts a gift anonymous by its entry among the anonymous gifts. An auditor matching
the page's total row (4) to the roll's "共 3 笔捐赠" found one too many and no word why.
The page now says what it counts (entries, which its links open) and how many of them are
gifts as the roll counts them, and how many refunds and corrections."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from cli.serve import make_app
from ledger.books import load_books
from publish.model_builder import build_public_model
from tests.fava.samples import SAMPLE_TXNS, page, write_books

REFUND = """
2026-08-01 * "张三" "退还捐款"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2026-00006"
  refund_of: "JZ-2026-00002"
  Assets:Bank:Basic           -400.00 CNY
  Income:Donation:Individual
"""


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    return write_books(tmp_path_factory.mktemp("books") / "books", txns=SAMPLE_TXNS + REFUND)


def test_the_donors_page_says_what_it_counts_and_matches_the_roll(books):
    fava = make_app(books)
    text = page(fava.app.test_client(), fava, view="donors", time="2026")
    total = re.search(r'<tr class="total"><td colspan="3">合计 Total</td><td class="num">(\d+)</td>', text)
    assert total and total.group(1) == "4"  # entries, as its links open them
    roll = next(r for r in build_public_model(load_books(books), b"s" * 32).rolls if r.period.key == "2026")
    assert roll.gifts == 3
    note = re.search(r'<p class="note" id="donor-counts">(.*?)</p>', text, re.S)
    assert note, text
    words = " ".join(note.group(1).split())
    assert "4 笔分录" in words and "捐赠 3 笔" in words and "退还或更正 1 笔" in words
    assert "4 entries" in words and "3 gifts" in words and "1 refund or correction" in words
    assert "鸣谢名单" in words and "honour roll" in words
    assert "<th class=\"num\">笔数 Entries</th>" in text


IN_USD = """
2026-08-03 * "John Smith" "donation"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2026-00007"
  Assets:Bank:USD              100.00 USD
  Income:Donation:Individual  -100.00 USD
"""


def test_a_gift_in_another_currency_is_no_refund_and_its_amount_is_said(tmp_path):
    """A gift of 100.00 USD booked without a price in CNY is 0.00 in the page's figures: the
    note counted it among the "refunds or corrections (below or at zero)", and the donor's
    row and the total row said nothing of the 100.00 USD (only the closed list of gifts did).
    It is now counted apart, and what it gave is said beside the donor's total and the total row."""
    main = write_books(tmp_path / "books", txns=SAMPLE_TXNS + REFUND + IN_USD)
    accounts = main.parent / "accounts.beancount"
    accounts.write_text(accounts.read_text(encoding="utf-8").replace("open Income:Donation:Individual CNY", "open Income:Donation:Individual")
                        + "\n2026-01-01 open Assets:Bank:USD USD\n", encoding="utf-8")
    fava = make_app(main)
    client = fava.app.test_client()
    donors = client.get(f"/{fava.slug}/extension/ReliefAudit/donors", query_string={"time": "2026"}).get_json()
    entries = sum(d["count"] for d in donors)
    gifts = sum(d["gift_count"] for d in donors)
    foreign = sum(d["other_count"] for d in donors)
    refunds = sum(1 for d in donors for g in d["gifts"] if g["amount"].startswith("-"))
    assert foreign == sum(1 for d in donors for g in d["gifts"] if g["other_currencies"]) == 1
    assert entries == gifts + foreign + refunds
    text = page(client, fava, view="donors", time="2026")
    words = " ".join(re.search(r'<p class="note" id="donor-counts">(.*?)</p>', text, re.S).group(1).split())
    assert f"退还或更正 {refunds} 笔" in words and f"{refunds} refund or correction" in words
    assert f"不计入金额的捐赠 {foreign} 笔" in words and f"{foreign} gift booked in another currency" in words
    row = re.search(r'<tr data-donor="D0002">.*?<details>', text, re.S).group(0)
    assert "另 100.00 USD" in row
    total = re.search(r'<tr class="total">.*?</tr>', text, re.S).group(0)
    assert "另 100.00 USD" in total


def test_a_register_year_says_what_its_gifts_gave_in_another_currency(tmp_path):
    """The receipt register's line per year summed the year's gifts in CNY and said nothing of
    the 100.00 USD a gift of it gave (only that gift's own line, further down, did)."""
    main = write_books(tmp_path / "books", txns=SAMPLE_TXNS + IN_USD + IN_USD.replace("08-03", "09-03").replace("00007", "00008"))
    accounts = main.parent / "accounts.beancount"
    accounts.write_text(accounts.read_text(encoding="utf-8") + "\n2026-01-01 open Assets:Bank:USD USD\n", encoding="utf-8")
    fava = make_app(main)
    client = fava.app.test_client()
    register = client.get(f"/{fava.slug}/extension/ReliefAudit/receipts", query_string={"time": "2026"}).get_json()
    given = sum(Decimal(o.split()[0]) for y in register["years"] for line in y["lines"] for d in line["donations"]
                for o in d["other_currencies"])
    assert given
    text = page(client, fava, view="receipts", time="2026")
    row = re.search(r'<tr data-year="2026">.*?</tr>', text, re.S).group(0)
    assert f"另 {given} USD" in row
