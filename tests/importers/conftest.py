"""Fixtures for the importer tests: small relief books made by `relief init` plus registries."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from ledger.init_books import init_books

REGISTRY = """
2026-01-01 custom "donor" "D0001" "enterprise"
  name: "某某机械制造有限公司"
  display: "某某机械"
  aliases: "某某机械|某某机械厂"
  accounts: "6222020000001234"
2026-01-01 custom "donor" "D0002" "individual"
  name: "王小明"
2026-01-01 custom "fund" "EDU-2026" "restricted"
  name_zh: "金秋助学"
  name_en: "Autumn education aid"
  purpose: "Expenses:Aid:Education"
2026-01-05 custom "case" "C0001" "enrolled"
  unit: "市机械冶金工会"
  cause: "illness"
  household: 3
2026-01-05 custom "case" "C0002" "enrolled"
  unit: "市机械冶金工会"
  cause: "illness"
  household: 2
2026-01-05 custom "case" "C0003" "enrolled"
  unit: "市纺织工会"
  cause: "other"
  household: 1
2026-02-01 custom "case" "C0003" "exited"
  reason: "re-employed"
"""

ACCOUNTS = """
2026-01-01 commodity RICE
  name_zh: "大米"
  name_en: "Rice"
  unit_zh: "袋"
  unit_en: "bag"
"""


def make_books(target: Path) -> Path:
    """relief init books for 2026 with two donors, a restricted fund, three cases and RICE."""
    init_books(target, name_zh="测试帮扶中心", name_en="Test centre", year=2026)
    (target / "registry" / "extra.beancount").write_text(textwrap.dedent(REGISTRY), encoding="utf-8")
    with (target / "main.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\ninclude "registry/extra.beancount"\n')
    with (target / "accounts.beancount").open("a", encoding="utf-8") as fh:
        fh.write(textwrap.dedent(ACCOUNTS))
    text = (target / "accounts.beancount").read_text(encoding="utf-8")
    text = text.replace('account_number: ""', 'account_number: "6222000011112222"')
    (target / "accounts.beancount").write_text(text, encoding="utf-8")
    (target / "private" / "cases.csv").write_text(
        "case,name,id_number,phone,address,family,cause_detail,skills,job_wishes,state_of_mind\n"
        "C0001,李大伟,,,,,,,,\nC0002,赵小红,,,,,,,,\n", encoding="utf-8")
    return target / "main.beancount"


@pytest.fixture(scope="session")
def books_template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("books-template") / "books"
    make_books(root)
    return root


@pytest.fixture
def books(tmp_path, books_template) -> Path:
    """A fresh copy of the test books for one test (they may be written to)."""
    target = tmp_path / "books"
    shutil.copytree(books_template, target)
    return target


#: goods in stock, so that the goods register's golden file has something to hand out
STOCK = """
2026-02-01 * "某某粮油公司" "捐赠大米"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00001"
  valuation: "invoice"
  Assets:Goods             10 RICE {58.00 CNY}
  Income:Donation:InKind
"""


@pytest.fixture(scope="module")
def golden_books(tmp_path_factory, books_template):
    """The test books with goods in stock, loaded: what the golden files are imported into."""
    from ledger.books import load_books

    root = tmp_path_factory.mktemp("golden") / "books"
    shutil.copytree(books_template, root)
    with (root / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(STOCK)
    return load_books(root)
