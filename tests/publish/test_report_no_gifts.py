"""A closed month with no gifts, on its report page.

Books started as the README says (the money held carried over on 2026-02-28) and February
closed: the page's verifiable record showed the roots table's header over no row at all, as
if the figures had failed to load. It now says there were no gifts, so no roots.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli
from ledger.init_books import init_books

OPENING = """
2026-02-28 * "期初余额" "carried over from the old books"
  fund: "GENERAL"
  Assets:Bank:Basic         100000.00 CNY
  Equity:Opening-Balances
"""


def test_a_closed_month_without_gifts_says_it_has_no_roots(tmp_path, monkeypatch):
    monkeypatch.setenv("RELIEF_SITE_SECRET", "no-gifts-tests-site-secret-0123456789")
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2026)
    with (main.parent / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(OPENING)
    closed = CliRunner().invoke(cli, ["close", str(main), "2026-02"])
    assert closed.exit_code == 0, closed.output
    site = tmp_path / "site"
    published = CliRunner().invoke(cli, ["publish", str(main), "--out", str(site)])
    assert published.exit_code == 0, published.output
    page = (site / "reports" / "2026-02.html").read_text(encoding="utf-8")
    assert "本期没有捐赠，故没有树根。" in page and 'class="amounts roots"' not in page
    assert "No gifts in this period, so no roots." in (site / "en" / "reports" / "2026-02.html").read_text(encoding="utf-8")
