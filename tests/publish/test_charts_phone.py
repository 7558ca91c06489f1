"""The charts read on a phone, and the desktop keeps its drawing.

Each chart is one SVG scaled to the page's width: at 320 px the month chart (760 units wide)
drew its labels 4.5 px high and the sources and uses charts (520 units) 6.6 px, unreadable
(the tables under them read well). Each chart is now drawn a second time for a phone,
PHONE_WIDTH units wide (the months down the screen), and site.css shows that one under
640 px: its labels are at least 11 px at 320 px. At 1280 px the page shows the desktop
drawing as before.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from publish import charts
from tests.publish.screenshots import SHOTS, keep_screenshot

#: every visible chart: its viewBox, and the smallest and largest height its text is drawn at
SIZES = """() => [...document.querySelectorAll('figure.chart svg')].filter(s => s.getBoundingClientRect().width > 0).map(s => {
    const px = [...s.querySelectorAll('text')].filter(t => t.getBoundingClientRect().height > 0)
        .map(t => parseFloat(getComputedStyle(t).fontSize) * s.getScreenCTM().a);
    const labels = [...s.querySelectorAll('.axis text')].filter(t => t.getBoundingClientRect().width > 0).map(t => t.getBoundingClientRect());
    let overlaps = 0;
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i], b = labels[j];
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) overlaps++;
    }
    return {id: s.id, viewBox: s.getAttribute('viewBox'), width: s.getBoundingClientRect().width,
            smallest: Math.min(...px), overlaps};
})"""


def test_each_chart_is_drawn_for_a_desktop_and_for_a_phone():
    items = [("企业捐赠", Decimal("6015680")), ("Organisation donations", Decimal("963070"))]
    for svg in (charts.horizontal("sources-en", "Sources", items, "desc"),
                charts.bar_trend("trend-zh", "每月", [f"2026年{m}月" for m in range(1, 13)],
                                 [("筹集", [Decimal(m * 1000) for m in range(12)]), ("使用", [Decimal(500)] * 12)], "desc")):
        roots = re.findall(r"<svg [^>]*>", svg)
        assert len(roots) == 2
        wide, phone = roots
        assert 'class="pygal-chart chart-wide"' in wide and 'class="pygal-chart chart-phone"' in phone
        assert f'viewBox="0 0 {charts.PHONE_WIDTH} ' in phone and f'viewBox="0 0 {charts.PHONE_WIDTH} ' not in wide
        assert re.search(r'id="chart-[\w-]+-phone"', phone)
        assert svg.count('role="img"') == 2


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 360, 390, 1280])
def test_chart_labels_read_on_a_phone_and_the_desktop_keeps_its_drawing(browser, published, width):
    out, _result = published
    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    seen = []
    try:
        for page in ("index.html", "en/index.html", "funds/general.html", "en/funds/general.html"):
            pg.goto((out / page).as_uri())
            found = pg.evaluate(SIZES)
            assert found, f"{page}: no chart shown at {width} px"
            for chart in found:
                seen.append(chart)
                if width < 640:
                    assert chart["id"].endswith("-phone"), chart
                    assert chart["smallest"] >= 11, f"{page} at {width} px: {chart}"
                    assert chart["overlaps"] == 0, f"{page} at {width} px: axis labels overlap: {chart}"
                else:
                    assert not chart["id"].endswith("-phone"), chart
                    assert chart["viewBox"].split()[2] in ("760", "520"), chart
            assert pg.evaluate("document.documentElement.scrollWidth") <= width
            keep_screenshot(pg, SHOTS / "charts_phone" / f"{page.replace('/', '_')}_{width}.png")
    finally:
        context.close()
    if width == 1280:  # the home page's month chart as wide as before (the page's whole column)
        trend = next(c for c in seen if c["id"] == "chart-trend-zh")
        assert trend["width"] > 1000
