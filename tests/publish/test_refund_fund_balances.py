"""Conservation after a refund: each fund page's balance is the books' balance of that fund, and
together they are the books' money in every fund, a refund booked into its gift's fund; booked
into another fund, relief check fails (rule refund_gift) and names both funds."""

from __future__ import annotations

import re
from decimal import Decimal

from beancount.core import data
from click.testing import CliRunner

from cli import cli
from ledger.accounts import is_fund_account
from ledger.books import load_books
from ledger.funds import posting_fund

from .sitecheck import parse

REGISTRY = """
2026-01-01 custom "fund" "EDU-2026" "restricted"
  name_zh: "金秋助学"
  name_en: "Autumn education"
  purpose: "Expenses:Aid:Education"

2026-01-01 custom "donor" "D0001" "enterprise"
  name: "某某机械制造有限公司"
"""

TXNS = """
2026-01-02 * "期初净资产"
  fund: "GENERAL"
  Assets:Bank:Basic          1000.00 CNY
  Equity:Opening-Balances

2026-02-01 * "某某机械制造有限公司" "助学捐款"
  fund: "EDU-2026"
  donor: "D0001"
  receipt: "JZ-2026-00001"
  Assets:Bank:Basic  500.50 CNY
  Income:Donation:Enterprise

2026-02-02 * "某某机械制造有限公司" "捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00002"
  Assets:Bank:Basic  400.00 CNY
  Income:Donation:Enterprise

2026-02-05 * "某某机械制造有限公司" "退还捐款"
  fund: "{refund_fund}"
  donor: "D0001"
  receipt: "JZ-2026-00003"
  refund_of: "JZ-2026-00001"
  Assets:Bank:Basic  -200.25 CNY
  Income:Donation:Enterprise
"""


def _books(tmp_path, refund_fund: str):
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    with open(books / "registry" / "funds.beancount", "a", encoding="utf-8") as fh:
        fh.write(REGISTRY)
    with open(books / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(TXNS.replace("{refund_fund}", refund_fund))
    return books


def _books_balances(books) -> dict[str, Decimal]:
    """Each fund's money as the books hold it: minus its Income, Expenses and Equity postings."""
    out: dict[str, Decimal] = {}
    for entry in load_books(books).entries:
        if isinstance(entry, data.Transaction):
            for p in entry.postings:
                if is_fund_account(p.account):
                    fund = posting_fund(entry, p)
                    out[fund] = out.get(fund, Decimal(0)) - p.units.number
    return out


def _page_balance(path) -> Decimal:
    text = " ".join(" ".join(parse(path).text).split())
    found = re.findall(r"Balance ¥([\d,]+(?:\.\d\d)?)", text)
    assert found, text[:400]
    return Decimal(found[0].replace(",", ""))


def test_fund_pages_balances_are_the_books_after_a_refund(tmp_path, publish_to):
    books = _books(tmp_path, "EDU-2026")
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "site"
    publish_to(out, books)
    expected = _books_balances(books)
    assert expected == {"GENERAL": Decimal("1400.00"), "EDU-2026": Decimal("300.25")}
    shown = {fund: _page_balance(out / "en" / "funds" / f"{fund.lower()}.html") for fund in expected}
    assert shown == expected
    assert sum(shown.values()) == sum(expected.values()) == Decimal("1700.25")


def test_a_refund_into_another_fund_fails_the_check(tmp_path):
    """Booked to GENERAL, the refund left EDU-2026's page at 500.50 and GENERAL's at 1,199.75,
    while the gift's page said 200.25 of it went back; relief check said 0 errors."""
    books = _books(tmp_path, "GENERAL")
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1, result.output
    assert ("The refund (receipt JZ-2026-00003) is booked to fund GENERAL, but the gift it gives back, "
            "JZ-2026-00001, went to fund EDU-2026") in result.output
