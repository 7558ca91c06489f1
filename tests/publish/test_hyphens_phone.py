"""Dates, receipt numbers and approval numbers are read whole on a phone.

A donor reads their acknowledgement page on a 320-390 px phone. Chromium breaks a line after
a hyphen, so "your gift of 2026-" ended one line and "01-13 is recorded" began the next; the
same with a refund's receipt number and a transfer's approval number (审批 HOLIDAY-2026-
closing) on the acknowledgement, fund, report and home pages. Such values are now wrapped in
<span class="nw"> (white-space: nowrap): markup only, so what a reader copies, and what a
screen reader reads, is the plain text with its ASCII hyphens (no U+2011 or U+2060 in it).
A value too long to fit a phone's line (publish/environment.py WHOLE_MAX) is left free to
break at its hyphens rather than run out of the page.

The site's help text is read the same way: its examples and names of things (the verification
code ABCD-EFGH, my-page.html, --since my-checkpoint.txt, SHA-256, UTF-8, YYYY-MM, the licence
CC-BY-4.0) were exempted from this test, and a donor following the verify page at 320-390 px
read "ABCD-" at one line's end and "EFGH" on the next. They are kept whole now (the `codes`
filter), so nothing is exempt.
"""

from __future__ import annotations

import datetime

import pytest

from publish.environment import WHOLE_MAX, whole
from tests.publish.screenshots import SHOTS, keep_screenshot
from tests.publish.test_layout import page_types

WIDTHS = [320, 360, 390, 1280]

#: every hyphenated number or code in the page's text (outside the charts and the proof's
#: JSON, which is data for the verifier, shown to be copied whole), with the lines it is drawn on
BROKEN = r"""() => {
  const out = [];
  const re = /[0-9A-Za-z\u3014\u3015\u4e00-\u9fff]*[0-9A-Za-z\u3014\u3015](?:-[0-9A-Za-z\u3014\u3015\u4e00-\u9fff]+)+/g;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    if (n.parentElement.closest('svg, style, script, pre.relief-proof')) continue;
    let m; re.lastIndex = 0;
    while ((m = re.exec(n.textContent))) {
      const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      const rects = [...r.getClientRects()].filter(x => x.width > 0 && x.height > 0);
      if (new Set(rects.map(x => Math.round(x.bottom))).size > 1) out.push(m[0]);
    }
  }
  return out;
}"""

@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    from ledger.demo import write_demo

    from .conftest import _publish

    root = tmp_path_factory.mktemp("hyphens-demo")
    main, _ = write_demo(root / "books", seed=1, transactions=600)
    return _publish(root / "site", main.parent)


def _pages(result) -> list[str]:
    """One page of each kind in both languages, the pages of the funds that ended, and the
    acknowledgement pages that show more than the gift's day: a fund that ended (its end, a
    transfer's approval), a pledge's payments, a refund's receipt number."""
    paths = []
    for path, single in page_types(result.model).values():
        paths += [path] if single else [path, f"en/{path}"]
    funds = {f.ref.id: f for f in result.model.funds}
    kinds: dict[str, str] = {}
    for d in result.model.donations:
        if not d.ack_path:
            continue
        fund = funds.get(d.fund.id)
        if fund and fund.ended and fund.restricted:
            kinds.setdefault("ended" + ("-moved" if fund.moved_out else ""), d.ack_path)
            paths += [f"funds/{fund.ref.slug}.html", f"en/funds/{fund.ref.slug}.html"]  # its end, its transfers' approvals
        if d.pledge_paid is not None:
            kinds.setdefault("pledge", d.ack_path)
        if d.returned:
            kinds.setdefault("returned", d.ack_path)
        kinds.setdefault("gift", d.ack_path)
    return sorted(set(paths) | set(kinds.values()))


@pytest.fixture(scope="module", params=["small", "demo"])
def site(request, published):
    if request.param == "small":
        out, result = published
    else:
        result = request.getfixturevalue("demo_site")
        out = result.out
    return request.param, out, result


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_no_date_or_number_is_broken_at_a_hyphen(browser, site, width):
    name, out, result = site
    context = browser.new_context(viewport={"width": width, "height": 844})
    pg = context.new_page()
    problems, checked = [], 0
    try:
        for path in _pages(result):
            pg.goto((out / path).as_uri())
            broken = pg.evaluate(BROKEN)
            if broken:
                problems.append(f"{name}:{path} at {width} px: {broken}")
            scroll = pg.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                problems.append(f"{name}:{path} at {width} px is {scroll} px wide")
            checked += 1
            if path.startswith("ack/") and width < 1280:
                keep_screenshot(pg, SHOTS / "hyphens" / f"{name}_{path.replace('/', '_')}_{width}.png")
    finally:
        context.close()
    assert checked >= 10
    assert problems == []


@pytest.mark.browser
def test_a_copied_date_and_number_keep_their_plain_hyphens(browser, published):
    """What the donor copies from the page (Chromium's selection) is the text as written."""
    out, result = published
    gift = next(d for d in result.model.donations if d.ack_path)
    context = browser.new_context(viewport={"width": 320, "height": 844})
    pg = context.new_page()
    try:
        pg.goto((out / gift.ack_path).as_uri())
        copied = pg.evaluate("""() => { const lead = document.querySelector('article.ack[lang=en] .lead');
            const r = document.createRange(); r.selectNodeContents(lead);
            const s = getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString(); }""")
        assert pg.locator("article.ack[lang=en] .lead .nw").count() >= 1
    finally:
        context.close()
    day = (gift.received or gift.date).isoformat()
    assert day in copied, copied
    assert "\u2011" not in copied and "\u2060" not in copied


def test_whole_keeps_short_values_on_one_line_and_lets_long_ones_break():
    assert whole(datetime.date(2026, 3, 14)) == '<span class="nw">2026-03-14</span>'
    assert whole("JZ-2026-00003") == '<span class="nw">JZ-2026-00003</span>'
    assert whole("民募〔2026〕-0012号") == '<span class="nw">民募〔2026〕-0012号</span>'  # 19 columns: fits
    assert whole("SP0012") == "SP0012"  # nothing to break at
    assert whole("<a>-b") == '<span class="nw">&lt;a&gt;-b</span>'
    long = "X" * WHOLE_MAX + "-1"
    assert whole(long) == long  # longer than a phone's line: it may break at its hyphen
    assert whole("民募〔2026〕-001234号") == "民募〔2026〕-001234号"  # 21 columns


def test_codes_keeps_a_help_texts_codes_whole_and_leaves_prose_free():
    from publish.environment import codes

    assert codes("核验码（如 ABCD-EFGH）") == '核验码（如 <span class="nw">ABCD-EFGH</span>）'
    assert codes("add --since my-checkpoint.txt: it") == (
        'add <span class="nw">--since</span> <span class="nw">my-checkpoint.txt</span>: it')
    assert codes("its SHA-256 is listed.") == 'its <span class="nw">SHA-256</span> is listed.'  # the full stop is not in it
    assert codes("under CC-BY-4.0, credit") == 'under <span class="nw">CC-BY-4.0</span>, credit'
    assert codes("YYYY、YYYY-Qn、YYYY-MM") == 'YYYY、<span class="nw">YYYY-Qn</span>、<span class="nw">YYYY-MM</span>'
    # English compounds and lone hyphens are prose; markup in the text is escaped, never kept
    assert codes("a co-signed read-only file - once") == "a co-signed read-only file - once"
    assert codes("<b>x</b>-y & A-1") == '&lt;b&gt;x&lt;/b&gt;-y &amp; <span class="nw">A-1</span>'
    long = "X" * WHOLE_MAX + "-1"
    assert codes(f"see {long}") == f"see {long}"  # too long for a phone's line: free to break
    assert codes(None) == ""
