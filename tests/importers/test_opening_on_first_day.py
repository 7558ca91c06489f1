"""The README's opening balance for books whose first statement starts on 1 January.

The README said to date the opening balance on the day before the first statement: for a
statement from 1 January that is the 31st of December, before the accounts `relief init`
opens, and `relief check` said only "Invalid reference to inactive account". It now says to
date it on 1 January itself; so dated, a statement with a row on 1 January imports and its
closing balance holds.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

from cli import cli
from ledger.init_books import init_books

README = Path(__file__).resolve().parents[2] / "README.md"
HEAD = ["交易日期", "摘要", "交易场所", "交易国家或地区简称", "钞/汇", "交易金额(收入)", "交易金额(支出)", "交易币种",
        "记账金额(收入)", "记账金额(支出)", "记账币种", "余额", "对方户名"]
OPENING = """
{day} * "期初余额" "carried over from the old books"
  fund: "GENERAL"
  Assets:Bank:Basic         100000.00 CNY
  Equity:Opening-Balances
"""


def _statement(path: Path) -> Path:
    out = [["明细查询文件下载"], [], ["卡号: 6222****2222"], ["起止日期: 2026-01-01 至 2026-01-31"], [], HEAD,
           ["2026-01-01", "汇款手续费", "", "CHN", "钞", "-", "-", "-", "", "5.50", "人民币", "99,994.50", ""]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(out)
    path.write_bytes(buf.getvalue().encode("gb18030"))
    return path


def test_the_readme_says_to_date_it_on_1_january(tmp_path):
    assert "or on 1 January\nitself when that statement starts on 1 January" in README.read_text(encoding="utf-8")


def test_dated_on_1_january_a_january_statement_imports(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2026)
    with (main.parent / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(OPENING.format(day="2026-01-01"))
    result = CliRunner().invoke(cli, ["import", str(main), str(_statement(tmp_path / "icbc.csv")), "--write"])
    assert result.exit_code == 0, result.output
    assert "2026-02-01 balance Assets:Bank:Basic" in (main.parent / "inbox.beancount").read_text(encoding="utf-8")


def test_dated_the_day_before_it_is_before_the_accounts_open(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2026)
    with (main.parent / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(OPENING.format(day="2025-12-31"))
    assert "Invalid reference to inactive account" in CliRunner().invoke(cli, ["check", str(main)]).output
