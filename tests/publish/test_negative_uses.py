"""A use below zero (aid of an earlier period paid back: a correction) is explained as what it is."""

from __future__ import annotations

from ledger.books import load_books
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET
from .sitecheck import parse

# 2027: union funding in January; in February, 300.00 of January 2026's hardship relief,
# overpaid to one household, comes back: February spent -¥300.00.
LATER = '''
2027-01-05 * "工会经费拨入"
  fund: "GENERAL"
  Assets:Bank:Basic   10000.00 CNY
  Income:Union

2027-02-10 * "更正：2026年1月特困救助多付退回"
  fund: "GENERAL"
  approval: "SP-2026-0001"
  case: "C0001"
  correction: "SP-2026-0001"
  Assets:Bank:Basic   300.00 CNY
  Expenses:Aid:Living
'''

MONTHS_EN = "A month whose spent is below zero took back more of what was paid out earlier"
MONTHS_ZH = "使用为负数的月份"
USES_EN = "money paid out in an earlier period that came back in this one"
GIFT_EN = "such as a gift of an earlier year"


def _add_2027(books):
    (books / "txns" / "2027.beancount").write_text(LATER, encoding="utf-8")
    main = books / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + '\ninclude "txns/2027.beancount"\n', encoding="utf-8")
    return books


def test_a_month_with_spent_below_zero_is_explained_on_the_overview_and_the_fund_page(books_copy, tmp_path, publish_to):
    """The overview's last twelve months and the general fund's months showed February 2027
    spent -¥300.00 (aid overpaid in 2026 and paid back) with nothing to say how spending can
    be below zero; the note under them spoke only of a raised below zero."""
    out = tmp_path / "site"
    publish_to(out, _add_2027(books_copy))
    for page in ("en/index.html", "en/funds/general.html"):
        text = " ".join(parse(out / page).text)
        assert "-¥300.00" in text and MONTHS_EN in text, page
        assert "A month whose raised is below zero" not in text, page
    for page in ("index.html", "funds/general.html"):
        assert MONTHS_ZH in " ".join(parse(out / page).text), page
    # February's uses: no shares, and the note says what a use below zero is, not a gift given back
    text = " ".join(parse(out / "en/reports/2027-02.html").text)
    uses = text[text.index("Uses"):]
    assert "-¥300.00" in uses and USES_EN in uses and GIFT_EN not in uses
    # a fund whose months never spend below zero says nothing of it
    assert MONTHS_EN not in " ".join(parse(out / "en/funds/edu-2026.html").text)


def test_no_note_when_no_month_spent_below_zero(published):
    out, _ = published
    for page in ("en/index.html", "en/funds/general.html"):
        assert MONTHS_EN not in " ".join(parse(out / page).text), page


def test_the_annual_report_says_what_a_use_below_zero_is(books_copy):
    """2027's uses are all -¥300.00: the PDF's note called it money that came in earlier."""
    from publish.annual import report_html

    books = load_books(_add_2027(books_copy))
    assert not books.errors, [e.message for e in books.errors]
    model = build_public_model(books, TEST_SECRET.encode())
    html = report_html(model, 2027)
    uses = html[html.index("资金使用"):]
    uses = uses[:uses.index("四、")]
    assert "-¥300.00" in uses and USES_EN in uses and GIFT_EN not in uses
