"""The auditor's donors page and the public honour roll counted a year's gifts differently:
the page's 笔数 counted every entry on a donation account (a refund, a correction worth
0.00) under the donor who registered it, anonymous or not, while the roll counts gifts
only and puts a gift anonymous by its entry among the anonymous gifts. An auditor matching
the page's total row (4) to the roll's "共 3 笔捐赠" found one too many and no word why.
The page now says what it counts (entries, which its links open) and how many of them are
gifts as the roll counts them, and how many refunds and corrections."""

from __future__ import annotations

import re

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
