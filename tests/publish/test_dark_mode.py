"""A phone set to dark mode shows the pages as they are designed, charts legible.

The site has one colour scheme, light, and said nothing of it. Chrome's auto dark mode (a
setting on Android; Samsung Internet darkens by default in dark mode) then inverted the pages
itself: the tables came out well enough, but the charts' axis and legend text, grey on the
white they were drawn for, turned dark grey on near-black, unreadable. Every page now says it
is a light page only (`color-scheme: only light`), which the browser's darkening respects.
"""

from __future__ import annotations

import io
import os

import pytest

from .conftest import ARGS, CHROMIUM

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def darkening_browser():
    """Chromium with the auto dark mode a phone's dark setting turns on."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("no system chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[*ARGS, "--force-dark-mode", "--enable-features=WebContentsForceDark"])
        yield b
        b.close()


def test_pages_are_not_darkened_by_the_browser(darkening_browser, published):
    from PIL import Image

    site, result = published
    ack = next(d.ack_path for d in result.model.donations if d.ack_path)
    context = darkening_browser.new_context(viewport={"width": 375, "height": 900}, color_scheme="dark")
    pg = context.new_page()
    try:
        for page in ("index.html", "en/index.html", "funds/general.html", ack):
            pg.goto((site / page).as_uri())
            shot = Image.open(io.BytesIO(pg.screenshot(clip={"x": 0, "y": 0, "width": 375, "height": 900}))).convert("RGB")
            main = pg.evaluate("(() => { const r = document.querySelector('main').getBoundingClientRect(); return [r.left, r.top]; })()")
            # the page's own background, just inside <main>'s left edge, below the header
            x, y = 3, int(main[1]) + 4
            assert shot.getpixel((x, y)) == (255, 255, 255), f"{page}: the background at ({x}, {y}) is {shot.getpixel((x, y))}"
    finally:
        context.close()
