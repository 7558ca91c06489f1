"""The open data page on a phone: a column's name wraps only after an underscore or a space."""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

# For each column name: the characters just before each place where it wraps onto a new line.
BREAKS = """() => [...document.querySelectorAll('table.columns code')].map(code => {
    const text = code.textContent, range = document.createRange(), before = [];
    let walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT), node, top = null, prev = '';
    while ((node = walker.nextNode())) {
        for (let i = 0; i < node.length; i++) {
            range.setStart(node, i); range.setEnd(node, i + 1);
            const r = range.getClientRects()[0];
            if (r && top !== null && r.top > top + 1) before.push(prev);
            if (r) top = r.top;
            prev = node.data[i];
        }
    }
    return [text, before];
})"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_column_names_wrap_only_after_an_underscore_or_a_space(published, lang):
    """At 375 px the names broke anywhere: "restricte|d", "purpose_z|h", "donor_kin|d"."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("no system chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    out, _ = published
    page = out / ("data/index.html" if lang == "zh" else "en/data/index.html")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            pg = browser.new_context(viewport={"width": 375, "height": 900}).new_page()
            pg.goto(page.as_uri())
            names = pg.evaluate(BREAKS)
        finally:
            browser.close()
    assert len(names) > 20 and any("_" in text for text, _ in names)
    assert [(text, before) for text, before in names if set(before) - {"_", " "}] == []
    assert "".join(text for text, _ in names).count("\u200b") == 0  # <wbr> adds no character to copy
