"""Sample books for the auditors' views (imported by conftest and the tests)."""

from __future__ import annotations

import html
import re
import textwrap
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from fava.util.date import parse_date

from ledger.funds import fund_postings, posting_value
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




def page(client, fava, **args) -> str:
    """The audit page's HTML for the query `args` (asserting it rendered)."""
    response = client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string=args)
    assert response.status_code == 200, response.data[:2000]
    return response.data.decode()


def links(text: str, selector: str) -> list[tuple[str, str]]:
    """(href, shown number) of the links in table rows whose attributes contain `selector`."""
    out = []
    for row in re.findall(r"<tr ([^>]*)>(.*?)</tr>", text, re.S):
        if selector in row[0]:
            out += [(html.unescape(h), n) for h, n in re.findall(r'<a href="([^"]*journal[^"]*)"[^>]*>([\d,.\-]+)</a>', row[1])]
    return out


def _sum_behind(fava, href: str, fund_of_row: str | None, account: str | None) -> Decimal:
    """Apply a link's filter and time with Fava and sum what the statement line sums."""
    query = parse_qs(urlsplit(href).query)
    ledger = next(iter(fava.app.config["LEDGERS"].items()))[1]
    time = query.get("time", [""])[0]
    filtered = ledger.get_filtered(filter=query.get("filter", [""])[0], account=query.get("account", [""])[0], time="")
    begin, end = parse_date(time) if time else (None, None)
    total = Decimal(0)
    for txn, posting, fund in fund_postings(filtered.entries):
        if begin and not (begin <= txn.date < end):
            continue
        if account and not (posting.account == account or posting.account.startswith(account + ":")):
            continue
        if account is None and posting.account.split(":")[0] not in ("Income", "Expenses", "Equity"):
            continue
        if fund_of_row is not None and (fund or "") != fund_of_row:
            continue
        total -= posting_value(posting)
    return total


def check_statement_links(fava, text: str) -> int:
    """Follow every link of the fund statement's fund rows; returns how many were checked."""
    checked = 0
    funds = sorted(set(re.findall(r'<tr data-fund="([^"]*)" data-line=', text)))
    for fund in funds:
        for href, shown in links(text, f'data-fund="{fund}"'):
            row = re.search(rf'<tr data-fund="{re.escape(fund)}" data-line="(\w+)"(?: data-account="([^"]+)")?>(?:(?!</tr>).)*{re.escape(href.replace("&", "&amp;"))}"', text, re.S)
            line, account = row.group(1), row.group(2)
            value = _sum_behind(fava, href, fund, account)
            expected = Decimal(shown.replace(",", ""))
            assert (-value if line == "use" else value) == expected, (fund, line, account, unquote(href))
            checked += 1
    return checked
