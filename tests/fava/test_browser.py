"""One real browser on a real `relief serve`: the fund statement's numbers as shown.

Starts `relief serve` as a subprocess on a free port, opens the audit page in headless
system Chromium (Playwright), reads the statement's table and compares every number with
ledger.audit.fund_statement on the same books; then follows one link into Fava's journal.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

import pytest

from ledger.audit import fund_statement
from ledger.books import load_books

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs the system chromium"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from ledger.demo import write_demo

    main, _ = write_demo(tmp_path_factory.mktemp("demo") / "books", seed=5, transactions=600)
    return main


@contextlib.contextmanager
def _serve(main: Path):
    """`relief serve MAIN` on a free port, until the block ends: its base address."""
    port = _free_port()
    # this checkout's code: the installed `relief` script imports the package it was installed
    # from, which in a second worktree (or a copy) is not the code under test
    relief = [sys.executable, "-c", "import cli; cli.run()"]
    proc = subprocess.Popen([*relief, "serve", str(main), "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            if proc.poll() is not None:
                pytest.fail(f"relief serve exited: {proc.stdout.read()}")
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("relief serve did not answer within 15 s")
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(demo):
    with _serve(demo) as base:
        yield base


@pytest.fixture(scope="module")
def page(server):
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        yield page
        browser.close()


def _open_audit(page, server: str, query: str = "") -> None:
    """Open the audit extension from Fava's front page (which redirects to the books' slug):
    each test stands alone, whatever page an earlier test left open (pytest-xdist may run
    any test first in its worker, on a blank page)."""
    page.goto(server + "/")
    slug = page.url.split("/")[3]
    page.goto(f"{server}/{slug}/extension/ReliefAudit/{query}")


def _number(text: str) -> Decimal:
    return Decimal(text.strip().replace(",", ""))


def test_fund_statement_in_the_browser_matches_the_computation(page, server, demo):
    page.goto(server + "/")  # Fava redirects to the books' slug
    slug = page.url.split("/")[3]
    page.goto(f"{server}/{slug}/extension/ReliefAudit/?time=2026-02 - 2026-06")
    page.wait_for_selector("#fund-statement")
    books = load_books(demo)
    expected = fund_statement(books.entries, books.registry, datetime.date(2026, 2, 1), datetime.date(2026, 7, 1))
    shown: dict[tuple[str, str, str], Decimal] = {}
    for row in page.query_selector_all("#fund-statement tr[data-line]"):
        key = (row.get_attribute("data-fund"), row.get_attribute("data-line"), row.get_attribute("data-account") or "")
        shown[key] = shown.get(key, Decimal(0)) + _number(row.query_selector("td.num").inner_text())
    want: dict[tuple[str, str, str], Decimal] = {}
    for r in expected.rows:
        want[r.fund, "opening", ""] = r.opening
        want[r.fund, "closing", ""] = r.closing
        for kind, lines in (("carried", r.carried), ("source", r.sources), ("use", r.uses)):
            for line in lines:
                want[r.fund, kind, line.account] = line.amount
        for t in r.transfers:  # one row per transfer, each with its reason and approval
            key = (r.fund, "transfer", "Equity:FundTransfers")
            want[key] = want.get(key, Decimal(0)) + t.amount
    assert shown == want
    assert any(k[1] == "transfer" for k in want)  # the period holds a transfer (HOLIDAY-2026 wound up)
    totals = {tr.get_attribute("data-total"): _number(tr.query_selector('td[data-col="closing"]').inner_text()) for tr in page.query_selector_all("#fund-totals tr[data-total]")}
    parts = {k: v for k, v in (("goods", expected.goods), ("receivable", expected.receivable), ("payable", expected.payable)) if v}
    assert totals == {"restricted": expected.restricted.closing, "unrestricted": expected.unrestricted.closing, "declared": expected.declared.closing,
                      "net_assets": expected.net_assets, **parts, **({"money": expected.money} if parts else {})}
    assert page.inner_text("#reconciliation").startswith("✔")
    assert page.inner_text("#relief-period") == "2026-02-01 – 2026-06-30"


def test_a_number_opens_the_journal_of_its_entries(page, server, demo):
    _open_audit(page, server, "?time=2026-02 - 2026-06")
    page.wait_for_selector("#fund-statement")
    row = page.query_selector('#fund-statement tr[data-line="use"]')
    fund, account = row.get_attribute("data-fund"), row.get_attribute("data-account")
    books = load_books(demo)
    expected = [
        e
        for e in books.entries
        if hasattr(e, "postings")
        and e.meta.get("fund") == fund
        and datetime.date(2026, 2, 1) <= e.date < datetime.date(2026, 7, 1)
        and any(p.account == account or p.account.startswith(account + ":") for p in e.postings)
    ]
    assert expected
    row.query_selector("a").click()
    page.wait_for_url("**/journal/**")
    page.wait_for_selector(".journal")
    # with a time filter Fava starts the journal with its own "S" opening-balance rows
    rows = page.query_selector_all(".journal > li.transaction:not(.other)")
    assert len(rows) == len(expected)
    assert re.escape(fund) in unquote(page.url)


def test_views_navigate_inside_fava(page, server):
    _open_audit(page, server)
    page.click('nav.relief-views a[data-view="receipts"]')
    page.wait_for_selector('.relief-audit[data-view="receipts"]')
    assert page.query_selector("#receipt-years") is not None
    assert page.query_selector('tr[data-status="issued"]') is not None
    page.click('nav.relief-views a[data-view="rules"]')
    page.wait_for_selector("#rule-summary")
    summary = page.inner_text("#rule-summary")
    assert "receipt_sequence" in summary and "fund_overdraft" in summary


def test_cases_table_fits_a_laptop_screen(page, server):
    """All seven aid categories and the total fit 1366 px beside Fava's sidebar: a cell breaks
    after "count /" rather than the page scrolling sideways (it did, by some 200 px)."""
    page.set_viewport_size({"width": 1366, "height": 800})
    try:
        _open_audit(page, server, "?view=cases")
        page.wait_for_selector("#cases-by-unit")
        assert len(page.query_selector_all("#cases-by-unit thead th")) == 9  # unit, seven categories, total
        overflow = page.evaluate(
            """() => { const t = document.querySelector('#cases-by-unit').getBoundingClientRect();
                       const a = document.querySelector('article');
                       return [t.right - a.getBoundingClientRect().right, a.scrollWidth - a.clientWidth]; }"""
        )
        assert overflow[0] <= 0 and overflow[1] <= 0, overflow
        cell = page.query_selector('#cases-by-unit tr.total td.num:last-child')
        count, amount = cell.inner_text().split("/")
        assert int(count) > 0 and _number(amount) > 0
    finally:
        page.set_viewport_size({"width": 1300, "height": 1000})


def test_fund_statement_amounts_on_a_phone(page, server):
    """At 390 px the statement's amounts are on the screen: the account column breaks after
    each colon (Income:Donation:Organisation pushed the amounts off it)."""
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        _open_audit(page, server, "?view=statement")
        page.wait_for_selector("#fund-statement")
        right = page.evaluate("document.querySelector('#fund-statement').getBoundingClientRect().right")
        assert right <= 390, right
        amounts = page.query_selector_all('#fund-statement tr[data-line="source"] td.num')
        assert amounts and all(a.bounding_box()["x"] + a.bounding_box()["width"] <= 390 for a in amounts)
        assert page.query_selector('#fund-statement tr[data-line="source"]').get_attribute("data-account").count(":") >= 1
    finally:
        page.set_viewport_size({"width": 1300, "height": 1000})


def test_cases_cells_stack_count_over_amount_and_fit_1280(page, server):
    """At 1280 px the cases table overflowed Fava's content by 11 px, and its cells broke after
    "count /" only where they had to (some cells one line, some two, counts not in a column).
    Every cell is now the count above the amount, and the table fits."""
    page.set_viewport_size({"width": 1280, "height": 900})
    try:
        _open_audit(page, server, "?view=cases")
        page.wait_for_selector("#cases-by-unit")
        overflow, stacked = page.evaluate(
            """() => { const t = document.querySelector('#cases-by-unit').getBoundingClientRect();
                       const a = document.querySelector('article');
                       const cells = [...document.querySelectorAll('#cases-by-unit td.num')].filter(c => c.querySelector('span'));
                       return [Math.max(t.right - a.getBoundingClientRect().right, a.scrollWidth - a.clientWidth),
                               cells.map(c => c.querySelector('span').getBoundingClientRect().bottom <= c.querySelector('a, span + span').getBoundingClientRect().top + 1)]; }"""
        )
        assert overflow <= 0, overflow
        assert len(stacked) > 20 and all(stacked)
    finally:
        page.set_viewport_size({"width": 1300, "height": 1000})


def test_cases_table_fits_a_small_laptop_screen(page, server):
    """At 1024 px the cases table ran 153 px past Fava's content (unit, seven categories of
    stacked count and amount, the total): the page scrolled sideways and the totals were off
    the screen. The header's category names wrap, the amounts keep one line, and the table
    fits; every cell's count and amount are still on the screen."""
    page.set_viewport_size({"width": 1024, "height": 800})
    try:
        _open_audit(page, server, "?view=cases")
        page.wait_for_selector("#cases-by-unit")
        overflow, right = page.evaluate(
            """() => { const t = document.querySelector('#cases-by-unit').getBoundingClientRect();
                       const a = document.querySelector('article');
                       const cells = [...document.querySelectorAll('#cases-by-unit td.num, #cases-by-unit th')];
                       return [[t.right - a.getBoundingClientRect().right, a.scrollWidth - a.clientWidth,
                                document.documentElement.scrollWidth - document.documentElement.clientWidth],
                               Math.max(...cells.map(c => c.getBoundingClientRect().right))]; }"""
        )
        assert max(overflow) <= 0, overflow
        assert right <= 1024, right
        amounts = page.evaluate(
            """() => [...document.querySelectorAll('#cases-by-unit td.num a')].map(a => {
                   const r = document.createRange(); r.selectNodeContents(a);
                   return new Set([...r.getClientRects()].map(c => Math.round(c.top))).size; })"""
        )
        assert amounts and max(amounts) == 1, "an amount broken across lines"
    finally:
        page.set_viewport_size({"width": 1300, "height": 1000})


def test_donor_names_keep_their_width_and_fund_amounts_line_up(page, server):
    """The donors' names were squeezed to three lines of four characters at 1280 px (the gifts
    list, closed, still widened "By fund"), and the per-fund amounts ran on after the fund's
    name in the text font. Names now keep 15em; each donor's fund amounts end at one right edge,
    in the amounts' monospace font."""
    page.set_viewport_size({"width": 1280, "height": 900})
    try:
        _open_audit(page, server, "?view=donors")
        page.wait_for_selector("#donors")
        narrow, edges, fonts = page.evaluate(
            """() => { const rows = [...document.querySelectorAll('#donors > tbody > tr[data-donor]')];
                       const narrow = rows.map(r => r.cells[0]).filter(c => c.getBoundingClientRect().width < 14 * parseFloat(getComputedStyle(c).fontSize)).length;
                       const edges = rows.map(r => new Set([...r.querySelectorAll('.by-fund > a')].map(a => Math.round(a.getBoundingClientRect().right))).size);
                       const fonts = new Set([...document.querySelectorAll('#donors .by-fund > a, #donors td.num > a')].map(a => getComputedStyle(a).fontFamily));
                       return [narrow, edges, [...fonts]]; }"""
        )
        assert narrow == 0
        assert edges and set(edges) == {1}, edges
        assert len(fonts) == 1, fonts
    finally:
        page.set_viewport_size({"width": 1300, "height": 1000})


def test_donors_fit_a_small_laptop_screen(page, server):
    """At 1024 px the donors table ran 204 px past Fava's content, the amounts by fund off the
    screen: Fava gives every <details> a min-width of 400 px, and the closed list of gifts in
    "By fund" kept the column that wide. Closed, the list now takes the width of its summary;
    and a fund id (HOLIDAY-2026), which then broke after its hyphen, stays on one line."""
    page.set_viewport_size({"width": 1024, "height": 800})
    try:
        _open_audit(page, server, "?view=donors")
        page.wait_for_selector("#donors")
        overflow = page.evaluate(
            """() => { const t = document.querySelector('#donors').getBoundingClientRect();
                       const a = document.querySelector('article');
                       return [t.right - a.getBoundingClientRect().right, a.scrollWidth - a.clientWidth]; }"""
        )
        assert overflow[0] <= 0 and overflow[1] <= 0, overflow
        amounts = page.query_selector_all("#donors .by-fund > a")
        assert amounts and all(a.bounding_box()["x"] + a.bounding_box()["width"] <= 1024 for a in amounts[:50])
        lines = page.evaluate(
            """() => [...document.querySelectorAll('#donors .by-fund')].map(s => {
                   const r = document.createRange(); r.selectNodeContents(s.firstChild);
                   return new Set([...r.getClientRects()].map(c => Math.round(c.top))).size; })"""
        )
        assert lines and max(lines) == 1, max(lines)
    finally:
        page.set_viewport_size({"width": 1300, "height": 1000})


def test_an_opened_list_of_gifts_keeps_dates_whole_and_the_page_in_place(page, server):
    """Opened ("明细 gifts"), a donor's list of gifts broke its dates and receipt numbers at
    every hyphen (2026- / 03- / 04, JZ- / 2026- / 00222) and ran the page 92 px sideways at
    1024 px. Each date and number now stays on one line, and the donors table scrolls in its
    own box, as the cases table does: the page itself never scrolls sideways."""
    page.set_viewport_size({"width": 1024, "height": 800})
    try:
        _open_audit(page, server, "?view=donors")
        page.wait_for_selector("#donors")
        page.evaluate("() => document.querySelectorAll('#donors details').forEach(d => d.open = true)")
        found = page.evaluate(
            """() => { const out = [], re = /\\d{4}-\\d{2}-\\d{2}|[A-Z]+-\\d{4}-\\d{5}/g;
                       const walk = document.createTreeWalker(document.querySelector('#donors'), NodeFilter.SHOW_TEXT);
                       while (walk.nextNode()) {
                         const node = walk.currentNode;
                         if (!node.parentElement.closest('details')) continue;
                         for (const m of node.textContent.matchAll(re)) {
                           const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
                           out.push([m[0], new Set([...r.getClientRects()].map(c => Math.round(c.top))).size]);
                         } }
                       const a = document.querySelector('article');
                       return [out, a.scrollWidth - a.clientWidth]; }"""
        )
        words, overflow = found
        assert len(words) > 100 and all(lines == 1 for _, lines in words), [w for w in words if w[1] != 1][:5]
        assert overflow <= 0, overflow
    finally:
        page.set_viewport_size({"width": 1300, "height": 1000})


@pytest.fixture(scope="module")
def troubled_server(tmp_path_factory):
    """Books with rule violations, a syntax error and misused receipts (test_link_crawl's)."""
    from tests.fava.test_link_crawl import _troubled

    with _serve(_troubled(tmp_path_factory.mktemp("troubled") / "books")) as base:
        yield base


@pytest.mark.parametrize("books", ["server", "troubled_server"])
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("view", ["rules", "receipts", "cases"])
def test_dates_and_receipt_numbers_are_never_broken_across_lines(page, request, books, view, width):
    """The rules view broke the date of an error with a long message after its second hyphen
    ("2026-08-" above "06") at 1280 px; on a phone the receipt register broke its dates and
    receipt numbers the same way ("JZ-" above "2026-" above "00003"). Every date and receipt
    number shown in a table cell of its own (or of a range, "JZ-2026-00001 – JZ-2026-01087") is
    on one line (the table scrolls sideways instead), on the demo books and on books with
    errors and misused receipts. A sentence that quotes one (a rule's message) may break."""
    page.set_viewport_size({"width": width, "height": 900})
    try:
        _open_audit(page, request.getfixturevalue(books), f"?view={view}")
        page.wait_for_selector(".relief-audit")
        words = page.evaluate(
            """() => { const out = [], re = /\\d{4}-\\d{2}-\\d{2}|[A-Z]+-\\d{4}-\\d{5}/g;
                       const walk = document.createTreeWalker(document.querySelector('.relief-audit'), NodeFilter.SHOW_TEXT);
                       while (walk.nextNode()) {
                         const node = walk.currentNode;
                         // a cell of dates or numbers, not a sentence that quotes one (a rule's message)
                         if (!node.parentElement.closest('td') || node.textContent.replace(re, '').trim().replace(/^–$/, '')) continue;
                         for (const m of node.textContent.matchAll(re)) {
                           const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
                           const rects = [...r.getClientRects()];  // none: inside a closed list of gifts
                           if (rects.length) out.push([m[0], new Set(rects.map(c => Math.round(c.top))).size]);
                         } }
                       return out; }"""
        )
        assert all(lines == 1 for _, lines in words), [w for w in words if w[1] != 1]
        assert words or (books, view) in {("server", "rules"), ("server", "cases")}  # the demo keeps every rule
        if view == "receipts":
            assert any(w.startswith("JZ-") for w, _ in words)
    finally:
        page.set_viewport_size({"width": 1300, "height": 1000})
