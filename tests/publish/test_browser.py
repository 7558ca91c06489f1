"""The site in a real browser: Playwright driving the system chromium (headless).

Screenshots land in tests/screenshots/ (gitignored) for people to review.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.publish.screenshots import SHOTS, keep_screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, java_script_enabled=False)
    pg = context.new_page()
    requests = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.requests = requests
    yield pg
    context.close()


def url(site: Path, rel: str) -> str:
    return (site / rel).as_uri()


def shot(pg, name: str) -> None:
    keep_screenshot(pg, SHOTS / f"publish_{name}.png")


def test_overview_in_chinese_with_a_visible_chart(published, page):
    site, result = published
    page.goto(url(site, "index.html"))
    assert page.locator("h1").inner_text() == "总览"
    assert result.model.site.name.zh in page.title()
    chart = page.locator("figure.chart svg").first
    box = chart.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 150
    assert chart.locator("rect").count() > 5  # bars are drawn without any script
    shot(page, "overview_zh")
    assert all(r.startswith("file://") for r in page.requests)  # nothing from other hosts


def test_overview_in_english(published, page):
    site, _ = published
    page.goto(url(site, "en/index.html"))
    assert page.locator("h1").inner_text() == "Overview"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Restricted funds").is_visible()
    shot(page, "overview_en")


def test_language_switch_goes_both_ways(published, page):
    site, _ = published
    page.goto(url(site, "funds/edu-2026.html"))
    page.click("#lang-switch")
    assert page.url.endswith("/en/funds/edu-2026.html")
    assert page.locator("h1").inner_text().startswith("2026 autumn education aid fund")
    page.click("#lang-switch")
    assert page.url.endswith("/funds/edu-2026.html") and "/en/" not in page.url
    assert page.locator("h1").inner_text().startswith("2026年金秋助学专项")
    shot(page, "fund_zh")


def test_acknowledgement_page_opens(published, page):
    site, result = published
    d = next(d for d in result.model.donations if d.receipt == "JZ-2026-00005")
    page.goto(url(site, d.ack_path))
    assert page.locator("h1").first.inner_text() == "感谢您的捐赠"
    assert page.locator(".receipt").first.inner_text() == "JZ-2026-00005"
    assert page.get_by_text("How this fund has been used").is_visible()
    shot(page, "ack")
    page.click("text=查看基金的完整账目")
    assert page.url.endswith("/funds/edu-2026.html")


def test_script_in_a_name_shows_as_text(published, browser):
    site, _ = published
    context = browser.new_context(java_script_enabled=True)  # a script would run if injected
    pg = context.new_page()
    dialogs = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.goto(url(site, "donors/2026.html"))
    assert pg.get_by_text("<script>alert('xss')</script>丰收粮油").is_visible()
    pg.goto(url(site, "index.html"))
    assert dialogs == []
    context.close()


def test_print_layout_hides_navigation(published, page):
    site, _ = published
    page.goto(url(site, "index.html"))
    page.emulate_media(media="print")
    assert not page.locator("nav.site-nav").is_visible()
    assert page.locator("figure.chart svg").first.is_visible()
    page.emulate_media(media="screen")
    assert page.locator("nav.site-nav").is_visible()


def test_aid_page_suppression_marks(published, page):
    site, _ = published
    page.goto(url(site, "en/aid/2026.html"))
    assert page.locator("td.suppressed").count() > 0
    assert page.locator("table.aid").count() == 2
    shot(page, "aid_en")


@pytest.fixture(scope="module")
def about_site(tmp_path_factory):
    import shutil

    from ledger.books import load_books
    from publish.run import publish_books

    from .conftest import SMALL, TEST_SECRET
    from .test_about import FACTS

    root = tmp_path_factory.mktemp("about-browser")
    books = root / "books"
    shutil.copytree(SMALL, books)
    with (books / "settings.beancount").open("a", encoding="utf-8") as f:
        f.write(FACTS)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RELIEF_SITE_SECRET", TEST_SECRET)
        publish_books(load_books(books), root / "site", jobs=1)
    return root / "site"


@pytest.mark.parametrize("lang,width", [("zh", 1200), ("en", 1200), ("zh", 375), ("en", 375)])
def test_about_page(about_site, browser, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
    pg = context.new_page()
    requests = []
    pg.on("request", lambda r: requests.append(r.url))
    try:
        pg.goto(url(about_site, "about.html" if lang == "zh" else "en/about.html"))
        assert pg.locator("h1").inner_text() == ("关于本中心" if lang == "zh" else "About the centre")
        nav = pg.locator("nav.site-nav li.current a")
        assert nav.inner_text() == ("关于本中心" if lang == "zh" else "About")
        facts = pg.locator("dl.about-facts")
        assert "81330100MJ00000011" in facts.inner_text()
        assert ("未公开" if lang == "zh" else "Not published") in facts.inner_text()
        assert pg.locator("table.disclosure tbody tr").count() == 9
        # nothing wider than the viewport (the disclosure table scrolls inside its box)
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
        assert all(r.startswith("file://") for r in requests), requests
        shot(pg, f"about_{lang}_{width}")
    finally:
        context.close()
