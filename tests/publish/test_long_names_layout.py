"""A donor's name that is one long word (a German company's, 80 letters without a space)
stays inside its card and its cell. It ran out of the acknowledgement page's card on a phone
(the page 747 px wide at 390 px, the name cut off at the screen's edge) and, on a desktop,
out of its column of the honour roll over the gift count and the amount beside it
("…bauun1terbeamtengesellsch¥12,345.67"). The letters and the annual report already broke it.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli

pytestmark = pytest.mark.browser

NAME = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft mbH"

#: every element of the page whose text runs out of it (not a scroll region, which may)
OVERFLOWING = """() => [...document.querySelectorAll('p, th, td, dd, h1, h2')]
    .filter(e => getComputedStyle(e).overflowX === 'visible' && e.scrollWidth > e.clientWidth + 1)
    .map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 30))"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("long-names")
    mp = pytest.MonkeyPatch()
    mp.setenv("RELIEF_SITE_SECRET", "long-names-secret-0123456789")
    mp.setenv("XDG_CONFIG_HOME", str(tmp / "cfg"))
    try:
        books = tmp / "books"
        assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
        with open(books / "registry" / "donors.beancount", "a", encoding="utf-8") as fh:
            fh.write(f'\n2026-01-01 custom "donor" "D0001" "enterprise"\n  name: "{NAME}"\n')
        with open(books / "inbox.beancount", "a", encoding="utf-8") as fh:
            fh.write('\n2026-10-20 * "捐款"\n  fund: "GENERAL"\n  donor: "D0001"\n'
                     '  receipt: "JZ-2026-00001"\n'
                     "  Assets:Bank:Basic  12345.67 CNY\n  Income:Donation:Enterprise\n")
        out = tmp / "site"
        result = CliRunner().invoke(cli, ["publish", str(books), "--out", str(out),
                                          "--no-report-pdf", "--jobs", "1"])
        assert result.exit_code == 0, result.output
    finally:
        mp.undo()
    [ack] = [p for p in (out / "ack").glob("*.html") if p.name != "index.html"]
    return out, ack


def _look(browser, path, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        pg = context.new_page()
        pg.goto(path.as_uri())
        assert NAME in pg.inner_text("body")
        return pg.evaluate("document.documentElement.scrollWidth"), pg.evaluate(OVERFLOWING)
    finally:
        context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_acknowledgement_page_keeps_a_long_name_in_its_card(browser, site, width):
    _, ack = site
    assert _look(browser, ack, width) == (width, [])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_honour_roll_keeps_a_long_name_in_its_column(browser, site, lang):
    out, _ = site
    roll = out / ("donors/2026.html" if lang == "zh" else "en/donors/2026.html")
    assert _look(browser, roll, 1280) == (1280, [])
