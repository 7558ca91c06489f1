"""No heading ends on a line of one character on a phone.

At 320 px the demo centre's name, 江临市总工会困难职工帮扶中心, at the top of every page
wrapped as "江临市总工会困难职工帮扶中" and a lone "心" on the line below; a fund's name as a
page title did the same. Headings now balance their lines (text-wrap: balance in site.css).
"""

from __future__ import annotations

import pytest

from tests.publish.test_layout import page_types

WIDTHS = [320, 360]

#: for each heading drawn on more than one line: the number of characters on its last line
LAST_LINE = r"""() => {
  const out = [];
  for (const el of document.querySelectorAll('.site-name, h1, h2')) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const chars = []; let n;
    while ((n = walker.nextNode())) {
      for (let i = 0; i < n.textContent.length; i++) {
        if (!n.textContent[i].trim()) continue;
        const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
        const rect = [...r.getClientRects()].find(x => x.width > 0);
        if (rect) chars.push(Math.round(rect.top));
      }
    }
    const lines = [...new Set(chars)].sort((a, b) => a - b);
    if (lines.length > 1) {
      const last = lines[lines.length - 1];
      out.push([el.textContent.trim(), chars.filter(t => Math.abs(t - last) < 4).length]);
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    from ledger.demo import write_demo

    from .conftest import _publish

    root = tmp_path_factory.mktemp("orphans-demo")
    main, _ = write_demo(root / "books", seed=1, transactions=600)
    return _publish(root / "site", main.parent)


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_no_heading_leaves_one_character_alone_on_its_last_line(browser, demo_site, width):
    out, model = demo_site.out, demo_site.model
    paths = []
    for path, single in page_types(model).values():
        paths += [path] if single else [path, f"en/{path}"]
    paths += [f"funds/{f.ref.slug}.html" for f in model.funds]
    context = browser.new_context(viewport={"width": width, "height": 844})
    pg = context.new_page()
    wrapped, orphans = 0, []
    try:
        for path in sorted(set(paths)):
            pg.goto((out / path).as_uri())
            for text, last in pg.evaluate(LAST_LINE):
                wrapped += 1
                if last < 2:
                    orphans.append(f"{path} at {width} px: {text!r}")
    finally:
        context.close()
    assert wrapped > 0  # some heading does wrap at this width, so the test can see an orphan
    assert orphans == []
