"""A correction (`correction:`) that names an entry of a period not closed: `relief check`
warns, naming the entry, and the site does not list it as a correction of a closed period
(docs/closing.md, "Corrections"). Before, the check said nothing and April's report listed
it under "These entries correct mistakes in closed periods" while March was still open."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from click.testing import CliRunner

from cli import cli
from ledger.books import load_books
from ledger.closes.close import close_period
from ledger.period import parse_period
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET

# 300.00 of March's medical aid (approval SP-2026-0004) overpaid and paid back in April
CORRECTION = '''
2026-04-20 * "更正：3月医疗救助多付退回"
  fund: "GENERAL"
  approval: "SP-2026-0004"
  case: "C0005"
  correction: "SP-2026-0004"
  Assets:Bank:Basic   300.00 CNY
  Expenses:Aid:Medical
'''


def _add(books):
    path = books / "txns" / "2026.beancount"
    path.write_text(path.read_text(encoding="utf-8") + CORRECTION, encoding="utf-8")


def _reports(books):
    loaded = load_books(books)
    assert not loaded.errors, [e.message for e in loaded.errors]
    model = build_public_model(loaded, TEST_SECRET.encode())
    return {r.period.key: r for r in model.reports}


def test_a_correction_of_an_open_month_is_not_listed_as_one_of_a_closed_period(books_copy):
    _add(books_copy)
    reports = _reports(books_copy)
    assert reports["2026-04"].corrections == () and reports["2026-03"].later == ()
    assert reports["2026-Q2"].corrections == () and reports["2026"].corrections == ()


def test_once_the_month_is_closed_the_correction_is_listed(books_copy):
    _add(books_copy)
    close_period(load_books(books_copy), parse_period("2026-Q1"), check=lambda *a: SimpleNamespace(ok=True),
                 today=datetime.date(2026, 4, 10))
    reports = _reports(books_copy)
    assert [(c.fund.id, c.amount, c.corrects.key) for c in reports["2026-04"].corrections] == [("GENERAL", 300, "2026-03")]
    assert len(reports["2026-03"].later) == 1


def test_check_warns_about_a_correction_of_an_open_month(books_copy):
    _add(books_copy)
    result = CliRunner().invoke(cli, ["check", str(books_copy)])
    assert result.exit_code == 0, result.output
    assert "names an entry of a period that is not closed (2026-03-10" in result.output, result.output
    assert "1 warning" in result.output
    close_period(load_books(books_copy), parse_period("2026-Q1"), check=lambda *a: SimpleNamespace(ok=True),
                 today=datetime.date(2026, 4, 10))
    result = CliRunner().invoke(cli, ["check", str(books_copy)])
    assert result.exit_code == 0 and "not closed" not in result.output, result.output


def test_check_warns_about_a_correction_that_names_nothing(books_copy):
    """`correction: "2026-02"` while February is open (or a receipt typed wrong) names nothing in
    the books: reconcile warned, `relief check` said nothing."""
    _add(books_copy)
    path = books_copy / "txns" / "2026.beancount"
    path.write_text(path.read_text(encoding="utf-8").replace('correction: "SP-2026-0004"', 'correction: "2026-02"'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(books_copy)])
    assert result.exit_code == 0, result.output
    assert 'Warning: this correction (correction: 2026-02) names nothing in the books' in result.output, result.output


def test_a_correction_naming_a_month_of_a_closed_quarter_finds_it(books_copy):
    """With 2026-Q1 closed as a whole, a gift missing from February booked in April with
    `correction: "2026-02"` (docs/closing.md, "Something missing from a closed period") named
    nothing: no close names the month itself. Check and reconcile called it not found and the
    site listed it as correcting "—". It now corrects February, closed with its quarter."""
    close_period(load_books(books_copy), parse_period("2026-Q1"), check=lambda *a: SimpleNamespace(ok=True),
                 today=datetime.date(2026, 4, 10))
    path = books_copy / "txns" / "2026.beancount"
    path.write_text(path.read_text(encoding="utf-8") + MISSING_FROM_FEBRUARY, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(books_copy)])
    assert result.exit_code == 0 and "names nothing" not in result.output, result.output
    reports = _reports(books_copy)
    assert [(c.amount, c.corrects.key) for c in reports["2026-04"].corrections] == [(150, "2026-02")]
    assert len(reports["2026-02"].later) == 1 and len(reports["2026-Q1"].later) == 1 and reports["2026-03"].later == ()


MISSING_FROM_FEBRUARY = '''
2026-04-20 * "张三" "补记：2月20日现金捐款"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2026-00008"
  correction: "2026-02"
  Assets:Cash                 150.00 CNY
  Income:Donation:Individual
'''
