"""The aid pages count aid only: what the year spent besides aid is said there, with its amount."""

from __future__ import annotations

import re
from decimal import Decimal

from .sitecheck import parse


def test_the_aid_pages_account_for_the_years_spending_that_was_not_aid(published):
    """The aid index gave 2026 ¥30,940.00 and the overview and report ¥30,952.50 spent, with
    nothing on the aid pages to say the ¥12.50 of bank charges is not aid."""
    out, result = published
    [ay] = result.model.aid
    assert (ay.paid, ay.spent) == (Decimal("30940.00"), Decimal("30952.50"))
    line = ("2026: of the ¥30,952.50 spent, ¥30,940.00 was aid and ¥12.50 went on other uses than aid "
            "(running costs such as bank charges and office costs), itemised in the year's report , under uses.")
    for page in ("en/aid/index.html", "en/aid/2026.html"):
        text = " ".join(" ".join(parse(out / page).text).split())
        assert line in text, page
        html = (out / page).read_text(encoding="utf-8")
        href = re.search(r'<a href="([^"]+)">the year&#39;s report</a>', html).group(1)
        assert (out / page).parent.joinpath(href).resolve() == (out / "en/reports/2026.html").resolve(), page
    zh = " ".join(" ".join(parse(out / "aid/2026.html").text).split())
    assert "2026年资金使用合计 ¥30,952.50，其中帮扶 ¥30,940.00，其余 ¥12.50 为帮扶以外的支出" in zh


def test_no_word_of_other_uses_when_the_year_spent_only_on_aid(books_copy, tmp_path, publish_to):
    txns = books_copy / "txns" / "2026.beancount"
    text = txns.read_text(encoding="utf-8")
    start = text.index('2026-03-31 * "银行手续费"')
    txns.write_text(text[:start] + text[text.index("2026-04-02", start):], encoding="utf-8")
    out = tmp_path / "site"
    publish_to(out, books_copy)
    for page in ("en/aid/index.html", "en/aid/2026.html"):
        assert "other uses than aid" not in " ".join(parse(out / page).text), page


def test_the_overviews_uses_are_not_called_aid_categories(published):
    """The overview headed its table of uses 按帮扶类别 ("by aid category") and listed 银行手续费
    (bank charges) and 办公费用 (office costs) in it: a reader took running costs for aid. The
    table and its chart now say 按用途类别 / by kind of use, which holds for both."""
    out, result = published
    uses = result.model.overview.year.uses
    assert any(not line.key.startswith("Expenses:Aid") for line in uses), "the test needs a use besides aid"
    zh = " ".join(parse(out / "index.html").text)
    assert "银行手续费" in zh
    assert "帮扶类别" not in zh
    assert "按用途类别" in zh
    en = " ".join(parse(out / "en/index.html").text)
    assert "By kind of use" in en and "By category" not in en
    for page in ("index.html", "en/index.html"):
        svg = (out / page).read_text(encoding="utf-8")
        assert "按帮扶类别" not in svg and "by category." not in svg, page
