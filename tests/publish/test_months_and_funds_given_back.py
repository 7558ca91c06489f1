"""A fund whose gifts were all given back, and months that moved money without raising or spending any: the site says so and links them."""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

from .sitecheck import parse

REGISTRY = """
2026-01-01 custom "fund" "REF-2026" "restricted"
  name_zh: "退款专项"
  name_en: "Refunded fund"
  purpose: "Expenses:Aid:Living"

2026-01-01 custom "donor" "D0001" "enterprise"
  name: "某某机械制造有限公司"
"""

TXNS = """
2026-01-02 * "期初净资产"
  fund: "GENERAL"
  Assets:Bank:Basic          1000.00 CNY
  Equity:Opening-Balances

2026-02-01 * "某某机械制造有限公司" "捐款"
  fund: "REF-2026"
  donor: "D0001"
  receipt: "JZ-2026-00001"
  Assets:Bank:Basic  300.00 CNY
  Income:Donation:Enterprise

2026-02-05 * "某某机械制造有限公司" "退还捐款"
  fund: "REF-2026"
  donor: "D0001"
  receipt: "JZ-2026-00002"
  refund_of: "JZ-2026-00001"
  Assets:Bank:Basic  -300.00 CNY
  Income:Donation:Enterprise

2026-03-05 * "拨入退款专项"
  approval: "SP-2026-0001"
  Equity:FundTransfers  10.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers  -10.00 CNY
    fund: "REF-2026"
"""


def test_a_fund_whose_gifts_were_all_given_back_says_so(tmp_path, publish_to):
    """The fund page said 捐赠笔数 1 / Gifts 1 beside a sources table reading only 无 / None,
    and its month table was headings over no rows: a reader could not tell where the gift went.
    Now the page says the gift was given back in full, and the month table says there is none."""
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    with open(books / "registry" / "funds.beancount", "a", encoding="utf-8") as fh:
        fh.write(REGISTRY)
    with open(books / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(TXNS)
    out = tmp_path / "site"
    publish_to(out, books)
    zh, en = (" ".join(" ".join(parse(out / page).text).split()) for page in ("funds/ref-2026.html", "en/funds/ref-2026.html"))
    assert "捐赠笔数 1" in zh and "Gifts 1" in en
    assert "本基金收到的 1 笔捐赠已全额退还，不计入累计筹集。" in zh
    assert "The fund's 1 gift was given back in full, so it adds nothing to what was raised." in en
    assert "月份 筹集 使用合计 无" in zh and "Month Raised Spent None" in en
    # a fund that kept its gifts says nothing of it
    general = " ".join(" ".join(parse(out / "en" / "funds" / "general.html").text).split())
    assert "given back in full" not in general


def test_the_overview_links_every_month_that_has_a_report(tmp_path, publish_to):
    """The overview's last twelve months linked a month to its report only when it raised or
    spent something: February (a gift and its refund) and March (only a transfer between funds)
    have report pages, which the reports index lists, but the overview showed them unlinked.
    A month with no movement at all has no report and stays unlinked."""
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    with open(books / "registry" / "funds.beancount", "a", encoding="utf-8") as fh:
        fh.write(REGISTRY)
    with open(books / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(TXNS + '\n2026-05-01 * "工会经费"\n  fund: "GENERAL"\n  Assets:Bank:Basic  50.00 CNY\n  Income:Union\n')
    out = tmp_path / "site"
    publish_to(out, books)
    for page, prefix in (("index.html", "reports/"), ("en/index.html", "../en/reports/")):
        text = (out / page).read_text(encoding="utf-8")
        for month in ("2026-02", "2026-03", "2026-05"):
            assert (out / "reports" / f"{month}.html").exists()
            assert f'href="{prefix}{month}.html"' in text, (page, month)
        assert not (out / "reports" / "2026-04.html").exists()
        assert f'href="{prefix}2026-04.html"' not in text


def test_the_trend_keeps_the_books_first_month_when_they_begin_after_its_first_day(tmp_path):
    """Books whose first entry is dated 2 January left January out of the overview's last
    twelve months (a month was kept only when its first day was on or after the books' first
    day), though January has its report and its gifts."""
    from ledger.books import load_books
    from publish.model_builder import build_public_model

    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    with open(books / "registry" / "funds.beancount", "a", encoding="utf-8") as fh:
        fh.write(REGISTRY)
    with open(books / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(TXNS)
    model = build_public_model(load_books(books), secret=b"months-test-secret-0123456789")
    assert [p.period.key for p in model.overview.trend] == ["2026-01", "2026-02", "2026-03"]
    assert "2026-01" in [r.period.key for r in model.reports]
