"""Small relief books for the reconcile and close tests, made with the real `init` template.

`make_books(tmp_path, **changes)` writes books whose March 2024 reconciles, then applies
the changes (text replacements in txns/2024.beancount, or extra text) so that a test can
plant exactly one difference.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ledger.init_books import init_books

DONORS = """
2024-01-01 custom "donor" "D0001" "enterprise"
  name: "某某机械制造有限公司"
  display: "某某机械"
"""

CASES = """
2024-01-05 custom "case" "C0001" "enrolled"
  unit: "市机械冶金工会"
  cause: "illness"
  household: 3
"""

TXNS = """
2024-01-01 commodity RICE
  name_zh: "大米"
  name_en: "Rice"
  unit_zh: "袋"
  unit_en: "bag"

2024-03-01 balance Assets:Bank:Basic 0.00 CNY

2024-03-05 * "某某机械制造有限公司" "捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2024-00001"
  source_ref: "ICBC20240305000123"
  Assets:Bank:Basic        50000.00 CNY
  Income:Donation:Enterprise

2024-03-10 * "困难救助"
  fund: "GENERAL"
  approval: "SP-2024-0001"
  case: "C0001"
  Expenses:Aid:Living       3000.00 CNY
  Assets:Bank:Basic

2024-03-12 * "某某机械制造有限公司" "捐赠大米"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2024-00002"
  valuation: "invoice"
  Assets:Goods              100 RICE {58.00 CNY}
  Income:Donation:InKind

2024-03-15 * "物资发放"
  fund: "GENERAL"
  approval: "SP-2024-0002"
  case: "C0001"
  Assets:Goods              -10 RICE {}
  Expenses:Aid:Goods

2024-03-20 * "提取备用金"
  source_ref: "ICBC20240320000456"
  Assets:Cash               1000.00 CNY
  Assets:Bank:Basic

2024-03-25 * "办公用品"
  fund: "GENERAL"
  Expenses:Operations:Office  200.00 CNY
  Assets:Cash

2024-03-31 document Assets:Bank:Basic "../documents/Assets/Bank/Basic/2024-03-31.statement.csv"
  statement_start: 2024-03-01
  statement_end: 2024-03-31

2024-04-01 balance Assets:Bank:Basic 46000.00 CNY
  statement_start: 2024-03-01
  statement_end: 2024-03-31

2024-04-01 balance Assets:Cash 800.00 CNY
2024-04-01 balance Assets:Goods 90 RICE

2024-04-03 * "个人捐款"
  fund: "GENERAL"
  donor: "ANON"
  receipt: "JZ-2024-00003"
  Assets:Cash                500.00 CNY
  Income:Donation:Individual
"""


def make_books(root: Path, replace: dict[str, str] | None = None, extra: str = "") -> Path:
    """Books in `root` whose 2024-03 reconciles; returns main.beancount."""
    main = init_books(root, name_zh="测试帮扶中心", name_en="Test centre", year=2024)
    with (root / "registry" / "donors.beancount").open("a", encoding="utf-8") as f:
        f.write(DONORS)
    with (root / "registry" / "cases.beancount").open("a", encoding="utf-8") as f:
        f.write(CASES)
    text = TXNS
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    text += textwrap.dedent(extra)
    (root / "txns" / "2024.beancount").write_text(text, encoding="utf-8")
    statement = root / "documents" / "Assets" / "Bank" / "Basic" / "2024-03-31.statement.csv"
    statement.parent.mkdir(parents=True, exist_ok=True)
    statement.write_text("date,amount\n", encoding="utf-8")
    return main


@pytest.fixture
def books_factory(tmp_path: Path):
    counter = iter(range(1000))

    def factory(replace: dict[str, str] | None = None, extra: str = "") -> Path:
        return make_books(tmp_path / f"books{next(counter)}", replace, extra)

    return factory
