"""An unrestricted fund that spent more than it had (allowed: only a restricted fund's overdraft
is an error) says, on its page, what the excess came out of: the other funds' money held, each
named with its balance, and what the centre owes (a loan). Before, the page said only that the
balance was below zero, leaving a reader to guess who lent."""

from __future__ import annotations

from decimal import Decimal

from .sitecheck import parse

MORE = """
2026-12-01 custom "fund" "MED-2026" "restricted"
  name_zh: "2026年大病救助专项"
  name_en: "2026 serious illness aid fund"
  purpose: "Expenses:Aid:Medical"
  source: "Income:Donation:Enterprise"
  start: 2026-12-01

2026-12-01 * "向市总工会借款"
  fund: "GENERAL"
  Assets:Bank:Basic            10000.00 CNY
  Liabilities:Payable         -10000.00 CNY

2026-12-02 * "某某机械制造有限公司" "大病救助捐款"
  fund: "MED-2026"
  donor: "D0001"
  receipt: "JZ-2026-00008"
  Assets:Bank:Basic            20000.00 CNY
  Income:Donation:Enterprise

2026-12-10 * "冬季特困救助"
  fund: "GENERAL"
  approval: "SP-2026-0200"
  Expenses:Aid:Living          98192.20 CNY
    case: "C0001"
  Assets:Bank:Basic
"""


def _said(path) -> str:
    return " ".join(" ".join(parse(path).text).split())


def test_an_overdrawn_general_fund_says_what_covered_it(books_copy, tmp_path, publish_to):
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8") + MORE, encoding="utf-8")
    out = tmp_path / "site"
    result = publish_to(out, books_copy, allow_errors=True, acknowledgements=False)
    general = next(f for f in result.model.funds if f.ref.id == "GENERAL")
    assert general.balance == Decimal("-25000.00")
    assert [(r.id, a) for r, a in general.covered_by] == [("MED-2026", Decimal("20000.00"))]
    assert general.covered_owed == Decimal("10000.00")
    en = _said(out / "en/funds/general.html")
    said = en[en.index("What it spent beyond"):]  # (the page's text nodes are joined with spaces: a link stands apart)
    assert said.startswith("What it spent beyond what it had came out of the other money the centre holds: the balances "
                           "of other funds ( 2026 serious illness aid fund ¥20,000.00) and money owed (borrowed, or aid "
                           "approved and not yet paid) of ¥10,000.00."), said
    zh = _said(out / "funds/general.html")
    assert "超出的部分来自本中心持有的其他资金：其他基金的结存（" in zh and "尚未支付的应付款项和借款 ¥10,000.00。" in zh, zh
    med = next(f for f in result.model.funds if f.ref.id == "MED-2026")
    assert med.covered_by == () and "came out of" not in _said(out / "en/funds/med-2026.html")
