"""The printable reconciliation report in a real browser (headless system Chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger.books import load_books
from ledger.period import parse_period
from ledger.reconcile.html import write_html
from ledger.reconcile.report import build_report

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs the system chromium")]


def test_report_reads_and_prints_on_a4(books_factory, tmp_path):
    from playwright.sync_api import sync_playwright

    main = books_factory({"2024-04-01 balance Assets:Goods 90 RICE": "2024-04-01 balance Assets:Goods 88 RICE"})
    report = build_report(load_books(main), parse_period("2024-03"))
    page_file = tmp_path / "report.html"
    write_html(report, page_file)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 800, "height": 1000})
            page.goto(page_file.as_uri())
            verdict = page.locator(".verdict")
            assert verdict.is_visible() and "Does not reconcile: 1 problem" in verdict.inner_text()
            rows = page.locator("table tr", has_text="RICE")
            assert "88" in rows.first.inner_text() and "不符 FAIL" in rows.first.inner_text()
            # Printed on A4 (the print stylesheet), nothing runs off the right edge.
            page.emulate_media(media="print")
            page.set_viewport_size({"width": 718, "height": 1000})  # A4 less 12 mm margins, in CSS px
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0
            pdf = page.pdf(format="A4")
            assert pdf.startswith(b"%PDF") and len(pdf) > 5000
        finally:
            browser.close()


def test_a_difference_naming_its_entries_stays_on_the_a4_page(books_factory, tmp_path):
    """Why: a bank account's difference names its suspects with their files and lines
    (/home/…/txns/2024.beancount:18), one long word the note column could not break, so the
    printed balances table ran 145 px off the right edge of A4 and the path was cut. The
    problem now has a row of its own under its account's, across the table."""
    from playwright.sync_api import sync_playwright

    main = books_factory({"Expenses:Aid:Living       3000.00 CNY": "Expenses:Aid:Living       3000.01 CNY"})
    report = build_report(load_books(main), parse_period("2024-03"))
    assert "look first at" in report.accounts[0].problem
    page_file = tmp_path / "report.html"
    write_html(report, page_file)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 718, "height": 1000})
            page.goto(page_file.as_uri())
            page.emulate_media(media="print")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0
            detail = page.locator("tr.detail", has_text="look first at")
            assert detail.count() == 1 and "2024.beancount:18" in detail.inner_text()
        finally:
            browser.close()


AXE = Path(__file__).parents[1] / "axe" / "node_modules" / "axe-core" / "axe.min.js"


def _held_books(books_factory):
    """Books with money in transit (one amount past its days) and aid owed, at March's end."""
    from tests.reconcile.test_everything_held import BASIC_AFTER, OWED, SENT
    from tests.reconcile.test_money_in_transit import OTHER

    return books_factory(BASIC_AFTER, OTHER + SENT + OWED)


def test_money_in_transit_entry_by_entry_stays_on_the_a4_page(books_factory, tmp_path):
    """The tables of what the books hold entry by entry name accounts, entries and files
    and lines (one long word each): printed on A4, nothing runs off the right edge."""
    from playwright.sync_api import sync_playwright

    report = build_report(load_books(_held_books(books_factory)), parse_period("2024-03"))
    page_file = tmp_path / "report.html"
    write_html(report, page_file)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 718, "height": 1000})
            page.goto(page_file.as_uri())
            page.emulate_media(media="print")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0
            overdue = page.locator("table.held-items tr.overdue")
            assert overdue.count() == 1 and "300.00" in overdue.inner_text() and "超期 Overdue" in overdue.inner_text()
        finally:
            browser.close()


@pytest.mark.parametrize("broken", [False, True, "held"])
def test_axe_finds_nothing_on_the_report(books_factory, tmp_path, broken):
    """Why: axe found the report without a main landmark, its content outside any landmark
    and a status column whose header was empty (a screen reader read the ✓ / ✗ column as
    nothing); the published site's pages pass axe, the finance officer's report did not."""
    if not AXE.is_file():
        pytest.skip("axe-core not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    changes = {"2024-04-01 balance Assets:Goods 90 RICE": "2024-04-01 balance Assets:Goods 88 RICE"} if broken is True else {}
    main = _held_books(books_factory) if broken == "held" else books_factory(changes)
    report = build_report(load_books(main), parse_period("2024-03"))
    page_file = tmp_path / "report.html"
    write_html(report, page_file)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1000})
            page.goto(page_file.as_uri())
            page.add_script_tag(path=str(AXE))
            found = page.evaluate("""async () => {
                const r = await axe.run(document, {resultTypes: ['violations']});
                return r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', '));
            }""")
        finally:
            browser.close()
    assert found == []
