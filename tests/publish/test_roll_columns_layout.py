"""The honour roll's group tables line up on a desktop: each column starts where it starts
in the other groups (they were sized by their own names, so 笔数 and 金额 stood at another
place in 企业 than in 个人)."""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

#: per roll table, the left edge of each header cell
EDGES = """() => [...document.querySelectorAll('table.roll')].map(t =>
    [...t.querySelectorAll('thead th')].map(th => Math.round(th.getBoundingClientRect().left)))"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_rolls_groups_line_up(published, lang):
    if not os.path.exists(CHROMIUM):
        pytest.skip("no system chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    out, result = published
    roll = next(r for r in result.model.rolls if len(r.groups) > 1)
    path = f"donors/{roll.period.key}.html"
    page = out / (path if lang == "zh" else f"en/{path}")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            pg = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            pg.goto(page.as_uri())
            edges = pg.evaluate(EDGES)
            pg.set_viewport_size({"width": 375, "height": 900})
            phone_width = pg.evaluate("document.documentElement.scrollWidth")
        finally:
            browser.close()
    assert len(edges) == len(roll.groups) > 1
    assert all(e == edges[0] for e in edges), f"the groups' columns start at different places: {edges}"
    assert phone_width <= 375  # on a phone the page is no wider than the screen (the tables scroll)
