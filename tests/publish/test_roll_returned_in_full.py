"""A gift given back in full in the year it was made: the honour roll showed its donor as
"李红梅 1 笔 ¥0.00", a journalist read a donor who gave nothing (and a count of one gift).
The donor is now left off the roll's lines (a donor who gave another gift keeps that one),
and a line under the roll says how many gifts were returned in full and their total; the
groups, the anonymous gifts and that line still make the year's count, and the amounts the
year's total. The donor's own page still says the gift was returned in full."""

from __future__ import annotations

import re
from decimal import Decimal

from ledger.books import load_books
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET
from .sitecheck import visible_text

REFUND = '''
2026-03-20 * "李红梅" "退还捐款"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2026-00008"
  refund_of: "JZ-2026-00004"
  Assets:Bank:Basic   -500.00 CNY
  Income:Donation:Individual

2026-04-20 * "某某机械制造有限公司" "退还捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00009"
  refund_of: "JZ-2026-00001"
  Assets:Bank:Basic   -10000.00 CNY
  Income:Donation:Enterprise
'''


def _books(books_copy):
    path = books_copy / "txns" / "2026.beancount"
    path.write_text(path.read_text(encoding="utf-8") + REFUND, encoding="utf-8")
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    return books


def test_a_donor_whose_only_gift_went_back_is_not_a_line_of_the_roll(books_copy):
    model = build_public_model(_books(books_copy), TEST_SECRET.encode())
    roll = next(r for r in model.rolls if r.period.key == "2026")
    lines = {e.name: e for g in roll.groups for e in g.entries}
    assert "李红梅" not in lines
    # the company's other gift of the year stands; the one given back is not counted on its line
    assert (lines["某某机械"].gifts, lines["某某机械"].amount) == (1, Decimal("20000.00"))
    assert (roll.returned_in_full, roll.returned_in_full_amount) == (2, Decimal("10500.00"))
    named_gifts = sum(e.gifts for g in roll.groups for e in g.entries)
    named_amount = sum(e.amount for g in roll.groups for e in g.entries)
    assert named_gifts + roll.anonymous_gifts + roll.returned_in_full == roll.gifts
    assert named_amount + roll.anonymous_amount == roll.total
    assert not any(e.amount == 0 and not e.goods for g in roll.groups for e in g.entries)


def test_the_roll_page_and_the_report_say_how_many_went_back(books_copy, publish_to, tmp_path):
    _books(books_copy)
    out = tmp_path / "site"
    publish_to(out, books_copy)
    zh = visible_text(out / "donors" / "2026.html")
    en = visible_text(out / "en" / "donors" / "2026.html")
    assert "李红梅" not in zh and "¥0.00" not in zh
    assert re.search(r"2\s*笔捐赠（合计\s*¥10,500\.00）已在本年全额退还捐赠人，未列入本名单", zh), zh
    assert "2 gifts (¥10,500.00) were returned to their donors in full within the year and are not listed" in en, en
    # the donor's own page still says the gift was returned in full
    from publish.model_builder import build_public_model as build
    model = build(load_books(books_copy), TEST_SECRET.encode())
    gift = next(d for d in model.donations if d.receipt == "JZ-2026-00004")
    assert gift.returned_in_full and "全额退还" in visible_text(out / gift.ack_path)
    report = re.sub(r"<[^>]+>", "", __import__("publish.annual", fromlist=["report_html"]).report_html(model, 2026))
    assert re.search(r"2 笔捐赠（合计 ¥10,500\.00）已在本年全额退还捐赠人", report)
    assert "returned to their donors in full within the year" in report


CORRECTED = '''
2026-03-20 * "李红梅" "更正：记错捐赠人"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2026-00008"
  correction: "JZ-2026-00004"
  Assets:Bank:Basic   -500.00 CNY
  Income:Donation:Individual
'''


def test_a_gift_corrected_in_full_is_said_as_corrected_not_returned(books_copy, publish_to, tmp_path):
    """Booked under a donor who did not give it and corrected down to nothing in its year:
    left off the roll's lines too, and said as corrected (they were not "returned" money)."""
    path = books_copy / "txns" / "2026.beancount"
    path.write_text(path.read_text(encoding="utf-8") + CORRECTED, encoding="utf-8")
    model = build_public_model(load_books(books_copy), TEST_SECRET.encode())
    roll = next(r for r in model.rolls if r.period.key == "2026")
    assert "李红梅" not in {e.name for g in roll.groups for e in g.entries}
    assert (roll.corrected_in_full, roll.corrected_in_full_amount, roll.returned_in_full) == (1, Decimal("500.00"), 0)
    # neither a gift nor a refund: the same money is no gift of anyone's, none went back
    assert (roll.gifts, roll.refunds) == (6, 0), roll
    out = tmp_path / "site"
    publish_to(out, books_copy)
    zh = visible_text(out / "donors" / "2026.html")
    assert "另有 1 笔捐赠（合计 ¥500.00）记在了并非捐赠人的名下，已在本年经更正全部不计入" in zh and "全额退还捐赠人" not in zh
    assert "1 gift (¥500.00) booked under someone who did not give it was corrected in full" in visible_text(out / "en" / "donors" / "2026.html")


def test_the_reports_count_in_all_names_the_gifts_returned_in_full(books_copy):
    """The report's "In all" said its count was "the named donors above and the anonymous
    gifts together"; with a gift returned in full that count holds it too, so a reader adding
    the roll's subtotals and the anonymous gifts came one short of it (demo books with one
    anonymous gift of ¥100.00 given back: 909 named and 176 anonymous, "1,086 gifts")."""
    from publish.annual import report_html

    model = build_public_model(_books(books_copy), TEST_SECRET.encode())
    roll = next(r for r in model.rolls if r.period.key == "2026")
    named = sum(e.gifts for g in roll.groups for e in g.entries)
    assert named + roll.anonymous_gifts != roll.gifts  # the case in question: the parts named must add up
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", report_html(model, 2026)))
    total = re.search(r"本年度共收到捐赠 ([\d,]+) 笔.*?。", text).group(0)
    assert int(re.search(r"([\d,]+) 笔", total).group(1).replace(",", "")) == roll.gifts
    assert "具名捐赠、匿名捐赠与全额退还的捐赠之和" in total, total
    assert "the named donors above, the anonymous gifts and the gifts returned in full together" in text, text


def test_without_a_gift_returned_in_full_the_count_is_the_named_and_anonymous_gifts(small_books):
    from publish.annual import report_html

    model = build_public_model(small_books, TEST_SECRET.encode())
    roll = next(r for r in model.rolls if r.period.key == "2026")
    assert roll.returned_in_full == 0
    assert sum(e.gifts for g in roll.groups for e in g.entries) + roll.anonymous_gifts == roll.gifts
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", report_html(model, 2026)))
    assert "即以上具名捐赠与匿名捐赠之和" in text and "the named donors above and the anonymous gifts together" in text


ONE_REFUND = REFUND.split("\n\n")[0] + "\n"


def test_one_gift_returned_in_full_is_said_in_the_singular(books_copy, publish_to, tmp_path):
    """"1 gift (…) was returned to its donor in full …: with the refunds, they add nothing"
    read as a slip to an English reader: one gift has its refund, and it adds nothing."""
    from publish.annual import report_html

    path = books_copy / "txns" / "2026.beancount"
    path.write_text(path.read_text(encoding="utf-8") + ONE_REFUND, encoding="utf-8")
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    model = build_public_model(books, TEST_SECRET.encode())
    assert next(r for r in model.rolls if r.period.key == "2026").returned_in_full == 1
    out = tmp_path / "site"
    publish_to(out, books_copy)
    en = visible_text(out / "en" / "donors" / "2026.html")
    report = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", report_html(model, 2026)))
    for text in (en, report):
        assert "was returned to its donor in full within the year and is not listed: with its refund, it adds nothing to the total." in text, text
        assert "they add nothing" not in text
