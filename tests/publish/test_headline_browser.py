"""The home page's headline adds up, as a reader sees it in a browser: opening + raised −
spent ± transfers = held, for the year and since the start, in Chinese and English, on a
desktop and on a 375 px phone. The numbers are read from the rendered page (the DOM), not
from the model; screenshots are saved in the test's tmp folder for people to look at."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest

from tests.conservation.surfaces import money
from tests.publish.screenshots import keep_screenshot
from tests.reference import figures

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": (1200, 900), "phone": (375, 812)}
LINES = ("opening", "raised", "spent", "transfers", "closing")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_home_headline_adds_up(browser, published, small_books, lang, device, tmp_path):
    site, _ = published
    width, height = VIEWPORTS[device]
    context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto((site / ("index.html" if lang == "zh" else "en/index.html")).as_uri())
        cards = page.locator(".cards dl.statement")
        assert cards.count() == 2
        seen = {}
        for i in range(2):
            card = cards.nth(i)
            key = card.get_attribute("data-statement")
            fig = {}
            for name in LINES:
                dd = card.locator(f'[data-figure="{name}"]')
                assert dd.is_visible(), (key, name)
                box = dd.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, f"{key} {name} outside the {width} px viewport"
                fig[name] = money(dd.inner_text())
            assert fig["opening"] + fig["raised"] - fig["spent"] + fig["transfers"] == fig["closing"], (key, fig)
            seen[key] = fig
        # the same numbers as the books (plain sums), and the year's opening is what was carried over
        entries = small_books.entries
        year = next(k for k in seen if k != "all")
        import datetime

        for key, (start, end) in {"all": (None, None), year: (datetime.date(int(year), 1, 1), datetime.date(int(year) + 1, 1, 1))}.items():
            ref = figures(entries, start, end)
            assert seen[key] == {"opening": ref.opening, "raised": ref.raised, "spent": ref.spent, "transfers": ref.transfers, "closing": ref.closing}
        assert seen["all"]["opening"] > Decimal(0)  # the small books begin with a carried-over balance
        assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page is wider than the viewport"
        keep_screenshot(page, tmp_path / f"headline_{lang}_{device}.png", full_page=False)
        if os.environ.get("RELIEF_SCREENSHOTS"):
            keep_screenshot(page, os.path.join(os.environ["RELIEF_SCREENSHOTS"], f"headline_{lang}_{device}.png"), full_page=False)
    finally:
        context.close()
