"""A wide table's caption on a phone: all of it in sight, not cut off with the table."""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

# Each caption in a scroll region: its text, how far its right edge passes the region's, and
# whether the table is wider than the region (else the check says nothing).
CAPTIONS = """() => [...document.querySelectorAll('.scroll > table > caption')].map(c => {
    const region = c.closest('.scroll').getBoundingClientRect(), table = c.parentElement.getBoundingClientRect();
    return [c.textContent.trim(), c.getBoundingClientRect().right - region.right, table.width > region.width + 1];
})"""


@pytest.mark.parametrize("page", ["aid/2026.html", "en/aid/2026.html"])
def test_a_wide_tables_caption_stays_in_sight_on_a_phone(published, page):
    """The year's aid tables were wider than a 375 px phone, and their captions were cut off with
    them: "By month and category (amounts in", its unit out of sight. On a phone they stack
    now (test_aid_tables_phone.py), captions and all in sight; where a table is still wider
    than the window (700 px: a tablet upright; the table made wider than any font would make
    it), its caption stays in sight, at the left of its region."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("no system chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    out, _ = published
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            pg = browser.new_context(viewport={"width": 375, "height": 900}).new_page()
            pg.goto((out / page).as_uri())
            on_phone = pg.evaluate(CAPTIONS)
            pg = browser.new_context(viewport={"width": 700, "height": 900}).new_page()
            pg.goto((out / page).as_uri())
            pg.evaluate("() => document.querySelectorAll('table.aid').forEach(t => { t.style.minWidth = '2000px'; })")
            captions = pg.evaluate(CAPTIONS)
        finally:
            browser.close()
    assert len(on_phone) == 2 and [c for c in on_phone if c[1] > 1] == [], on_phone
    wide = [(text, past) for text, past, is_wide in captions if is_wide]
    assert len(wide) == 2, captions  # by month, by reporting union
    assert [(text, past) for text, past in wide if past > 1] == []
