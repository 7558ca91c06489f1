"""Every problem and note a reconcile check writes has its Chinese, first, with no English
sentence inside the Chinese half (ledger/said.py: the parts of a problem are composed
language by language).

Why: the checks' problems and advice (ledger/reconcile/checks.py) were English only, in the
terminal, on the HTML report and in what `relief close` lists when it refuses, while every
title around them was Chinese first. The books below break as many checks as they can at
once: a statement that disagrees (with entries typed by hand to look at), accounts with no
statement, count or bill, a pad in the period, an account closed with money in it, money in
USD with no statement, a count within its tolerance, goods counted wrong and goods never
counted at a quarter's end, overlapping bills, a bill whose net is no amount, days no
statement covers and a statement whose days cannot be read.
"""

from __future__ import annotations

import datetime
import re

import pytest

from ledger.books import load_books
from ledger.period import parse_period
from ledger.reconcile.html import render_html
from ledger.reconcile.report import build_report
from ledger.said import both, zh_of

CJK = re.compile(r"[\u4e00-\u9fff]")
#: three English words in a row: a sentence left in the Chinese half (code in backticks,
#: quoted narrations, paths and accounts are no sentence)
ENGLISH = re.compile(r"\b[a-z]{2,}\b[ ,;:]+\b[a-z]{2,}\b[ ,;:]+\b[a-z]{2,}\b")


def _without_code(text: str) -> str:
    text = re.sub(r"`[^`]*`|\"[^\"]*\"|'[^']*'|\S*[/\\]\S*|\b[A-Z][\w-]*(?::[\w-]+)+", " ", text)
    return text.replace("statement_start", " ").replace("statement_end", " ")


BOOKS = """option "operating_currency" "CNY"
2024-01-01 open Assets:Bank:Basic
2024-01-01 open Assets:Bank:Other
2024-01-01 open Assets:Bank:Old
2024-01-01 open Assets:Bank:Forex
2024-01-01 open Assets:Cash
2024-01-01 open Assets:Cash:Petty
2024-01-01 open Assets:Online:WeChat
2024-01-01 open Assets:Online:Alipay
2024-01-01 open Assets:Goods
2024-01-01 open Income:Donations
2024-01-01 open Expenses:Aid:Living
2024-01-01 open Equity:Opening-Balances
2024-03-02 * "捐赠" "现金"
  Assets:Cash  100.00 CNY
  Income:Donations
2024-03-03 ! "捐赠" "银行"
  Assets:Bank:Basic  500.00 CNY
  Income:Donations
2024-03-04 * "救助" "张"
  Assets:Bank:Basic  -200.00 CNY
  Expenses:Aid:Living
2024-03-05 * "微信" "x"
  Assets:Online:WeChat  50.00 CNY
  Income:Donations
2024-03-05 * "支付宝" "y"
  Assets:Online:Alipay  30.00 CNY
  Income:Donations
2024-03-06 * "物资" "米"
  Assets:Goods  10 RICE {5.00 CNY}
  Income:Donations
2024-03-06 * "物资" "面"
  Assets:Goods  4 FLOUR {5.00 CNY}
  Income:Donations
2024-03-07 * "old"
  Assets:Bank:Old  70.00 CNY
  Income:Donations
2024-03-07 * "usd"
  Assets:Bank:Forex  10.00 USD
  Income:Donations  -10.00 USD
2024-03-08 * "petty"
  Assets:Cash:Petty  20.30 CNY
  Income:Donations
2024-03-08 * "other"
  Assets:Bank:Other  5.00 CNY
  Income:Donations
2024-03-09 pad Assets:Bank:Other Equity:Opening-Balances
2024-03-10 balance Assets:Bank:Other 40.00 CNY
2024-03-20 close Assets:Bank:Old
2024-03-20 document Assets:Bank:Other "x.pdf"
  statement_start: "2024-03-xx"
  statement_end: 2024-03-31
2024-03-31 document Assets:Online:WeChat "a.csv"
  statement_start: 2024-03-01
  statement_end: 2024-03-20
  statement_net: 40.00
2024-03-31 document Assets:Online:WeChat "b.csv"
  statement_start: 2024-03-15
  statement_end: 2024-03-31
  statement_net: 0.00
2024-03-31 document Assets:Online:Alipay "c.csv"
  statement_start: 2024-03-01
  statement_end: 2024-03-31
  statement_net: "1,00.00"
2024-04-01 balance Assets:Bank:Basic 250.00 CNY
  statement_start: 2024-03-10
  statement_end: 2024-03-31
2024-04-01 balance Assets:Cash:Petty 20.00 ~ 0.50 CNY
2024-04-01 balance Assets:Goods 9 FLOUR
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("broken")
    for name in ("x.pdf", "a.csv", "b.csv", "c.csv"):
        (folder / name).write_text("", encoding="utf-8")
    (folder / "main.beancount").write_text(BOOKS, encoding="utf-8")
    return build_report(load_books(folder / "main.beancount"), parse_period("2024-03"))


def _said_in_chinese(text) -> None:
    zh = zh_of(text)
    assert zh is not None and CJK.search(zh), f"no Chinese: {text!r}"
    assert not ENGLISH.search(_without_code(zh)), f"English inside the Chinese half: {zh!r}"


def test_the_books_break_the_checks_this_test_is_about(report):
    problems = "\n".join(report.problems())
    for english in ("the statement says 250.00 CNY", "typed by hand", "no cash count", "a pad filled it", "closed on 2024-03-20",
                    "no statement for 2024-03 of the USD held", "bills overlap on", "which is not an amount", "no imported statement covers",
                    "cannot be read", "waiting for a decision", "aid without an approval number", "goods RICE: never counted",
                    "goods FLOUR: counted 9", "funds: "):
        assert english in problems, english
    notes = [a.note for a in report.accounts if a.note] + [g.note for g in report.goods if g.note]
    assert any("within the 0.50" in n for n in notes), notes


def test_every_problem_and_note_is_chinese_first(report):
    said = [*report.problems(), *(a.problem for a in report.accounts if a.problem), *(a.note for a in report.accounts if a.note),
            *(g.problem for g in report.goods if g.problem), *(g.note for g in report.goods if g.note),
            *(report.gap_line(g) for g in report.gaps), *(r.description for r in report.unreadable_days)]
    for text in said:
        _said_in_chinese(text)
        assert both(text).startswith(zh_of(text).rstrip("。")) and both(text).endswith(str.__str__(text))


def test_the_html_report_shows_the_chinese(report):
    page = render_html(report)
    for problem in report.problems():
        assert zh_of(problem).split("：")[-1][:12] in page.replace("&#34;", '"').replace("&#39;", "'")


def test_a_period_not_ended_says_so_in_chinese(tmp_path):
    (tmp_path / "main.beancount").write_text(BOOKS, encoding="utf-8")
    for name in ("x.pdf", "a.csv", "b.csv", "c.csv"):
        (tmp_path / name).write_text("", encoding="utf-8")
    running = build_report(load_books(tmp_path / "main.beancount"), parse_period("2024-03"), today=datetime.date(2024, 3, 15))
    assert any("has not ended yet" in p for p in running.problems())
    for text in running.problems():
        _said_in_chinese(text)


def test_no_check_writes_a_problem_or_note_as_plain_text():
    """Static guard over ledger/reconcile/checks.py: a problem, note or description is never
    written as a plain (f-)string, which would have no Chinese; it is said(...) or made of
    parts that are (cat, joined, a helper returning Said)."""
    import ast
    from pathlib import Path

    import ledger.reconcile.checks as checks

    tree = ast.parse(Path(checks.__file__).read_text(encoding="utf-8"))
    plain = (ast.JoinedStr, ast.Constant, ast.BinOp)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr in ("problem", "note", "description")
                                                for t in node.targets):
            values = [node.value.body, node.value.orelse] if isinstance(node.value, ast.IfExp) else [node.value]
            if any(isinstance(v, plain) and not (isinstance(v, ast.Constant) and v.value is None) for v in values):
                found.append(node.lineno)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "append" and isinstance(node.func.value, ast.Name) \
                and node.func.value.id in ("problems", "notes", "parts", "bad") and node.args and isinstance(node.args[0], plain):
            found.append(node.lineno)
    assert found == [], f"ledger/reconcile/checks.py lines {found}: a problem or note as plain text, with no Chinese: said(zh, en)"
