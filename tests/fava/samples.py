"""Sample books for the auditors' views (imported by conftest and the tests)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from ledger.init_books import init_books

#: Registries and entries that exercise every view: two funds (one restricted), donations
#: with a receipt gap and a void, aid within and over limits and to a case not yet enrolled.
SAMPLE_REGISTRY = """
2026-01-01 custom "fund" "EDU-2026" "restricted"
  name_zh: "2026年金秋助学专项"
  name_en: "2026 autumn education aid fund"
  purpose: "Expenses:Aid:Education"

2026-01-01 custom "donor" "D0001" "enterprise"
  name: "某某机械制造有限公司"
  display: "某某机械"
  contact: "王经理 13800000000"

2026-01-01 custom "donor" "D0002" "individual"
  name: "张三"
  anonymous: "public"

2026-01-05 custom "case" "C0001" "enrolled"
  unit: "市机械冶金工会"
  cause: "illness"
  household: 3

2026-01-05 custom "case" "C0002" "enrolled"
  unit: "市教科文卫工会"
  cause: "education"
  household: 4

2026-06-01 custom "case" "C0003" "enrolled"
  unit: "市教科文卫工会"
  cause: "disability"
  household: 2

2026-03-02 custom "receipt-void" "JZ-2026-00003"
  reason: "开具错误，已作废"
"""

SAMPLE_TXNS = """
2026-01-02 * "期初净资产"
  fund: "GENERAL"
  Assets:Bank:Basic          100000.00 CNY
  Equity:Opening-Balances

2026-02-01 * "某某机械制造有限公司" "金秋助学捐款"
  fund: "EDU-2026"
  donor: "D0001"
  receipt: "JZ-2026-00001"
  Assets:Bank:Basic           50000.00 CNY
  Income:Donation:Enterprise

2026-02-10 * "张三" "个人捐款"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2026-00002"
  Assets:Bank:Basic            1000.00 CNY
  Income:Donation:Individual

2026-03-05 * "某某机械制造有限公司" "第二笔捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00005"
  Assets:Bank:Basic            2000.00 CNY
  Income:Donation:Enterprise

2026-03-10 * "市总工会" "工会经费拨付"
  fund: "GENERAL"
  Assets:Bank:Basic           30000.00 CNY
  Income:Union

2026-04-01 * "医疗救助"
  fund: "GENERAL"
  approval: "SP-2026-0001"
  case: "C0001"
  Expenses:Aid:Medical        25000.00 CNY
  Assets:Bank:Basic

2026-05-01 * "助学金发放"
  fund: "EDU-2026"
  approval: "SP-2026-0002"
  Expenses:Aid:Education       3000.00 CNY
    case: "C0002"
  Expenses:Aid:Education       2000.00 CNY
    case: "C0003"
  Assets:Bank:Basic

2026-07-01 * "特困救助"
  fund: "GENERAL"
  approval: "SP-2026-0003"
  case: "C0002"
  Expenses:Aid:Living          1500.00 CNY
  Assets:Bank:Basic

2026-07-15 * "银行手续费"
  fund: "GENERAL"
  Expenses:Operations:BankFees   12.50 CNY
  Assets:Bank:Basic
"""


def write_books(root: Path, registry: str = SAMPLE_REGISTRY, txns: str = SAMPLE_TXNS) -> Path:
    """`relief init` books in `root` with `registry` and `txns` added; returns main.beancount."""
    main = init_books(root, name_zh="测试帮扶中心", name_en="Test Centre", year=2026)
    with (root / "registry" / "funds.beancount").open("a", encoding="utf-8") as f:
        f.write(textwrap.dedent(registry))
    with (root / "txns" / "2026.beancount").open("a", encoding="utf-8") as f:
        f.write(textwrap.dedent(txns))
    return main


