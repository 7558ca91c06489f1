"""Tables of records on a 375 px phone: stacked rows, not a window scrolling sideways.

The funds, a fund's transfers and months, the overview's restricted funds, a report's funds,
the donors' years and rolls, and the aid's years were tables wider than a phone (All funds:
826 px behind a 343 px window in English; a fund's balance out of sight until scrolled to).
On a phone each row is now a block: its name, then each figure on its own line after its
column's name (the cell's data-label); on a desktop they are tables as before. The year's aid
tables stack a line per category (test_aid_tables_phone.py).
"""

from __future__ import annotations

import pytest

from tests.publish.screenshots import SHOTS, keep_screenshot

pytestmark = pytest.mark.browser

PAGES = ["index.html", "funds/index.html", "funds/general.html", "funds/edu-2026.html", "reports/2026.html",
         "donors/index.html", "donors/2026.html", "aid/index.html"]


LOOK = """() => [...document.querySelectorAll('table.stack')].map(t => {
    const region = t.closest('.scroll');
    const cells = [...t.querySelectorAll('tbody td, tfoot td')].filter(c => c.textContent.trim());
    return {label: region.getAttribute('aria-label'), over: region.scrollWidth - region.clientWidth,
            display: getComputedStyle(t).display, unlabelled: cells.filter(c => !c.dataset.label).length,
            labels: cells.map(c => c.dataset.label)};
})"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_record_tables_stack_on_a_phone_and_stay_tables_on_a_desktop(browser, published, lang):
    site, _ = published
    seen = 0
    for width in (375, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        pg = context.new_page()
        try:
            for page in PAGES:
                path = site / (page if lang == "zh" else f"en/{page}")
                pg.goto(path.as_uri())
                tables = pg.evaluate(LOOK)
                assert tables, f"{path}: no stacked table"
                for t in tables:
                    where = f"{lang} {page} {t['label']} at {width} px"
                    assert t["unlabelled"] == 0, f"{where}: a figure without its column's name"
                    if width == 375:
                        assert t["display"] == "block" and t["over"] <= 1, f"{where}: scrolls sideways ({t['over']} px)"
                        seen += 1
                    else:
                        assert t["display"] == "table", where
                assert pg.evaluate("document.documentElement.scrollWidth") <= width, f"{path}: wider than {width} px"
                if width == 375:
                    keep_screenshot(pg, SHOTS / "stacked" / f"{lang}-{page.replace('/', '_')}.png")
        finally:
            context.close()
    assert seen >= len(PAGES)


def test_a_stacked_figure_says_which_column_it_is(browser, published):
    site, _ = published
    context = browser.new_context(viewport={"width": 375, "height": 900})
    pg = context.new_page()
    try:
        pg.goto((site / "en" / "funds" / "index.html").as_uri())
        (funds,) = pg.evaluate(LOOK)
        assert funds["labels"][:6] == ["Kind", "Carried over", "Raised", "Spent", "Transfers", "Balance"]
        shown = pg.evaluate("getComputedStyle(document.querySelector('table.stack tbody td:last-child'), '::before').content")
        assert shown == '"Balance"'  # the label is drawn beside its figure
    finally:
        context.close()
