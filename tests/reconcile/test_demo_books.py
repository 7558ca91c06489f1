"""Reconcile and close on the demo books (`relief demo --transactions 2000`)."""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import click
import pytest

from ledger.books import load_books
from ledger.closes.close import close_period
from ledger.demo import write_demo
from ledger.errors import format_error
from ledger.period import parse_period
from ledger.reconcile.report import build_report

LATER = datetime.date(2027, 1, 15)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    main, _ = write_demo(tmp_path_factory.mktemp("demo") / "books", seed=3, transactions=2000)
    return main


@pytest.fixture(scope="module")
def demo_books(demo):
    return load_books(demo)


PERIODS = [f"2026-{m:02d}" for m in range(1, 13)] + ["2026-Q1", "2026-Q4", "2026"]


@pytest.mark.parametrize("period", PERIODS)
def test_every_period_of_the_demo_reconciles(demo_books, period):
    report = build_report(demo_books, parse_period(period))
    assert report.problems() == []
    assert report.accounts and all(a.statement is not None for a in report.accounts if a.used)
    assert report.funds.total == report.funds.net_assets


def test_close_a_demo_month_then_alter_an_entry(demo, tmp_path):
    root = tmp_path / "books"
    # Not beancount's pickle cache: a copied cache names the original files and would
    # answer for them.
    shutil.copytree(demo.parent, root, ignore=shutil.ignore_patterns("*.picklecache"))
    main = root / demo.name
    result = close_period(load_books(main), parse_period("2026-03"), check=build_report, today=LATER)
    assert result.entries > 50
    assert [format_error(e) for e in load_books(main).errors] == []

    txns = root / "txns" / "2026.beancount"
    lines = txns.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if re.match(r'2026-03-1\d [*] ', line))
    lines[index] = lines[index].rstrip("\n") + "\n  note: \"changed later\"\n"
    txns.write_text("".join(lines), encoding="utf-8")
    errors = [format_error(e) for e in load_books(main).errors]
    assert len(errors) == 1, errors
    assert f"2026.beancount:{index + 1}:" in errors[0] and "altered after the close" in errors[0]


def test_reconcile_shows_the_statement_of_changes_in_funds(demo_books):
    """The funds check is the statement of changes in funds (ledger.funds): each fund's
    opening, raised, spent, transfers and closing; the year's opening is the carried-over
    balance, and each transfer is told with its reason and approval."""
    from ledger.reconcile.html import render_html
    from ledger.reconcile.terminal import render

    report = build_report(demo_books, parse_period("2026"))
    changes = report.funds.changes
    general = changes.fund("GENERAL")
    assert general.carried_over > 0 and general.opening == general.carried_over  # carried over, not a transfer
    assert changes.total.transferred == 0 and general.transferred > 0
    for fund, closing in report.funds.balances.items():
        c = changes.fund(fund)
        assert c.opening + c.raised - c.spent + c.transferred == c.closing == closing
    text = click.unstyle(render(report))
    assert "+ 筹得 raised" in text and "+/- 调拨 transfers" in text
    assert re.search(r"transfer 2026-02-28: [\d,.]+ from [^:]*\(HOLIDAY-2026\) to [^:]*\(GENERAL\): .+ \(approval HOLIDAY-2026-closing\)", text)
    html = render_html(report)
    assert 'data-fund="TOTAL"' in html and "HOLIDAY-2026-closing" in html
