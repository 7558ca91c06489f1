"""The overview's "Figures up to" date is the date of the books' last entry, as it says.

The site dated its figures by the last entry that moved a fund, and said it was "the date of
the last entry in the books". An entry that only moves money between the centre's own
accounts after it (an approved allocation received, cash paid into the bank) changes no total,
but it is an entry: the page said the books ended weeks before they did, while the notes under
the same statement (pledged or allocated but not yet received) already counted it, and a
reader holding the bank statement found money received after the date the page gave as the
last. It now dates the figures by the last entry that moves money in the books' currency.
"""

from __future__ import annotations

import datetime

from .sitecheck import unwrap_whole

LATER = """
2026-12-20 * "现金存入银行"
  Assets:Cash          -100.00 CNY
  Assets:Bank:Basic     100.00 CNY
"""


def test_the_figures_are_dated_by_the_last_entry(books_copy, publish_to, tmp_path):
    before = publish_to(tmp_path / "before", books_copy)
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(LATER)
    out = tmp_path / "site"
    result = publish_to(out, books_copy)
    assert result.model.site.as_of == datetime.date(2026, 12, 20)
    assert "Figures up to 2026-12-20 (the date of the last entry in the books)" in unwrap_whole((out / "en" / "index.html").read_text("utf-8"))
    assert "数据截至 2026年12月20日" in (out / "index.html").read_text("utf-8")
    # the figures themselves: as before
    for period in ("year", "all_time"):
        a, b = getattr(before.model.overview, period), getattr(result.model.overview, period)
        assert (a.opening, a.raised, a.spent, a.transfers, a.closing) == (b.opening, b.raised, b.spent, b.transfers, b.closing)
    assert [r.period.key for r in before.model.reports] == [r.period.key for r in result.model.reports]
