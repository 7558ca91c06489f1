"""An e-mail address on the about page breaks only after its @ or at its dots.

On the English about page at 300-317 px (and the Chinese one at 296-300 px) the centre's
address broke at its hyphen: "bangfu@jianglin-" at one line's end and "union.example.org" on
the next, which reads as two addresses, or as one without the hyphen. test_hyphens_phone.py
looks from 320 px up. The address is now written by the `address` filter: a <wbr> after the
@ and after each dot, each hyphenated part kept whole (<span class="nw">); markup only, so
the link, what a reader copies and what a screen reader reads are the address as written.
"""

from __future__ import annotations

import pytest

from publish.environment import WHOLE_MAX, address


def line_breaks(selector: str) -> str:
    """A script giving, for each element `selector` finds, its text and href, and where its
    lines break (the characters before and after each break)."""
    return """() => [...document.querySelectorAll('SELECTOR')].map(a => {
  const chars = [];
  const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) for (let i = 0; i < n.textContent.length; i++) {
    const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
    const rect = [...r.getClientRects()].find(x => x.width > 0);
    if (rect) chars.push([n.textContent[i], rect.top]);
  }
  const breaks = [];
  for (let i = 1; i < chars.length; i++) if (chars[i][1] > chars[i - 1][1] + 2) breaks.push([chars[i - 1][0], chars[i][0]]);
  return {href: a.getAttribute('href'), text: a.textContent, breaks: breaks};
})""".replace("SELECTOR", selector)


#: every mailto link's text, with where its lines break (the characters before and after)
BREAKS = line_breaks('a[href^="mailto:"]')

WIDTHS = [296, 300, 303, 305, 308, 310, 312, 315, 317, 320, 360]


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    from ledger.demo import write_demo

    from .conftest import _publish

    root = tmp_path_factory.mktemp("address-demo")
    main, _ = write_demo(root / "books", seed=1, transactions=300)
    return _publish(root / "site", main.parent)


def _email(result) -> str:
    """The centre's e-mail address, as the books set it."""
    return next(f.value.en for f in result.model.about.facts if f.value and "@" in f.value.en)


@pytest.mark.browser
def test_an_address_breaks_only_after_its_at_or_its_dots(browser, demo_site):
    out = demo_site.out
    email = _email(demo_site)
    assert "-" in email  # the case: a hyphen in the domain
    problems, broken_somewhere = [], False
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 844})
        pg = context.new_page()
        try:
            for path in ("en/about.html", "about.html"):
                pg.goto((out / path).as_uri())
                (link,) = pg.evaluate(BREAKS)
                assert link["href"] == f"mailto:{email}" and link["text"] == email
                for before, after in link["breaks"]:
                    broken_somewhere = True
                    if before not in "@." and after != ".":
                        problems.append(f"{path} at {width} px: {email} broken between {before!r} and {after!r}")
                scroll = pg.evaluate("document.documentElement.scrollWidth")
                if scroll > width:
                    problems.append(f"{path} at {width} px is {scroll} px wide")
        finally:
            context.close()
    assert problems == []
    assert broken_somewhere  # it does not fit a line at the narrowest widths: it broke, where it may


@pytest.mark.browser
def test_a_copied_address_is_the_address(browser, demo_site):
    """What a reader copies at 300 px is the address as written (no soft break in it)."""
    context = browser.new_context(viewport={"width": 300, "height": 844})
    pg = context.new_page()
    try:
        pg.goto((demo_site.out / "en" / "about.html").as_uri())
        copied = pg.evaluate("""() => { const a = document.querySelector('a[href^="mailto:"]');
            const r = document.createRange(); r.selectNodeContents(a);
            const s = getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString(); }""")
    finally:
        context.close()
    assert copied == _email(demo_site)


def test_address_marks_where_it_may_break():
    assert address("bangfu@jianglin-union.example.org") == (
        'bangfu@<wbr><span class="nw">jianglin-union</span>.<wbr>example.<wbr>org')
    assert address("a-b@c.d") == '<span class="nw">a-b</span>@<wbr>c.<wbr>d'
    assert address("<x>@y.z") == "&lt;x&gt;@<wbr>y.<wbr>z"  # escaped, never kept as markup
    long = "x" * WHOLE_MAX + "-y"
    assert address(f"me@{long}.org") == f"me@<wbr>{long}.<wbr>org"  # too long for a phone's line: free to break
