"""A web address on the about and data pages breaks only after its ://, a slash or at a dot.

It was written in a <span class="url"> with `overflow-wrap: anywhere`, so on a phone a long
address broke at whatever letter met the line's end (`https://bangfu.jianglin-un` / `ion.exa…`),
which a reader copying it by hand takes for two words or types without the hyphen; so could
the open data licence's address. They are now written by the `address` filter, as the centre's e-mail address is (test_address_breaks_phone.py).
"""

from __future__ import annotations

import pytest

from publish.environment import address

from .test_address_breaks_phone import line_breaks

URL = "https://bangfu.jianglin-union.example.org/transparency-site/2026/"

#: the text of each web address on a page, with where its lines break (characters around)
BREAKS = line_breaks(".url")


@pytest.fixture(scope="module")
def long_url_site(tmp_path_factory):
    from ledger.demo import write_demo

    from .conftest import _publish

    root = tmp_path_factory.mktemp("url-demo")
    main, _ = write_demo(root / "books", seed=1, transactions=300)
    settings = main.parent / "settings.beancount"
    text = settings.read_text("utf-8")
    assert '"site_url"' in text
    lines = [f'2026-01-01 custom "relief-option" "site_url" "{URL}"' if '"site_url"' in line else line for line in text.splitlines()]
    settings.write_text("\n".join(lines) + "\n", "utf-8")
    return _publish(root / "site", main.parent)


@pytest.mark.browser
def test_the_site_address_breaks_only_at_its_slashes_and_dots(browser, long_url_site):
    problems, broken_somewhere = [], False
    for width in (296, 300, 310, 320, 360, 400):
        context = browser.new_context(viewport={"width": width, "height": 844})
        pg = context.new_page()
        try:
            for path in ("en/about.html", "about.html", "en/data/index.html", "data/index.html"):
                pg.goto((long_url_site.out / path).as_uri())
                shown = pg.evaluate(BREAKS)
                if "about" in path:
                    assert URL in [s["text"] for s in shown]
                for one in shown:
                    for before, after in one["breaks"]:
                        broken_somewhere |= one["text"] == URL
                        if before not in "/.:" and after != ".":
                            problems.append(f"{path} at {width} px: {one['text']} broken between {before!r} and {after!r}")
                scroll = pg.evaluate("document.documentElement.scrollWidth")
                if scroll > width:
                    problems.append(f"{path} at {width} px is {scroll} px wide")
        finally:
            context.close()
    assert problems == []
    assert broken_somewhere  # too long for a phone's line: it broke, where it may


def test_address_marks_a_web_address():
    assert address("https://a-b.example.org/x/") == (
        'https://<wbr><span class="nw">a-b</span>.<wbr>example.<wbr>org/<wbr>x/<wbr>')
