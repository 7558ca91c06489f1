"""The year's aid tables on a 375 px phone: every category's households and amount in sight.

A month (or reporting union) a row, seven categories and the total as pairs of columns:
seventeen columns, 1,000 px and more behind a 343 px window, so a phone showed Living and
Medical and hid the rest, the total last of all. On a phone each row is now a block: its name,
then a line per category, the category's name, its households and its amount; on a desktop
they are the cross-tables they were.
"""

from __future__ import annotations

import pytest

from tests.publish.screenshots import SHOTS, keep_screenshot

pytestmark = pytest.mark.browser

LOOK = """() => [...document.querySelectorAll('table.aid')].map(t => {
    const region = t.closest('.scroll');
    const pairs = [...t.querySelectorAll('tbody tr, tfoot tr')].flatMap(tr =>
        [...tr.querySelectorAll('td')].filter((c, i) => i % 2 === 0).map(c => {
            const amount = c.nextElementSibling, a = c.getBoundingClientRect(), b = amount.getBoundingClientRect();
            return {label: c.dataset.label || '', hh: c.textContent.trim(), amount: amount.textContent.trim(),
                    shown: getComputedStyle(c, '::before').content,
                    sameLine: Math.abs(a.top - b.top) < 4, visible: a.right <= innerWidth && b.right <= innerWidth};
        }));
    return {label: region.getAttribute('aria-label'), over: region.scrollWidth - region.clientWidth,
            display: getComputedStyle(t).display, pairs};
})"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_aid_tables_read_on_a_phone_without_scrolling_sideways(browser, published, lang):
    site, _ = published
    path = site / ("aid/2026.html" if lang == "zh" else "en/aid/2026.html")
    for width in (375, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        pg = context.new_page()
        try:
            pg.goto(path.as_uri())
            tables = pg.evaluate(LOOK)
            assert len(tables) == 2
            for t in tables:
                where = f"{lang} {t['label']} at {width} px"
                assert all(p["label"] for p in t["pairs"]), f"{where}: a pair of figures without its category"
                if width == 375:
                    assert t["over"] <= 1, f"{where}: scrolls sideways ({t['over']} px)"
                    for p in t["pairs"]:
                        assert p["visible"] and p["sameLine"], f"{where}: {p}"
                        assert p["shown"] == f'"{p["label"]}"', f"{where}: the category's name is not drawn"
                else:
                    assert t["display"] == "table", where
            assert pg.evaluate("document.documentElement.scrollWidth") <= width
            if width == 375:
                keep_screenshot(pg, SHOTS / "stacked" / f"{lang}-aid_2026.png")
        finally:
            context.close()
