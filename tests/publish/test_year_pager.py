"""A year's honour roll and aid page link to the year before and after, as the reports do:
a reader on 2026's roll had to go back to the index to reach 2027's."""

from __future__ import annotations

import re

LATER = '''
2027-01-05 * "李红梅" "捐款"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2027-00001"
  Assets:Bank:Basic   300.00 CNY
  Income:Donation:Individual

2027-01-20 * "特困救助"
  fund: "GENERAL"
  approval: "SP-2027-0001"
  case: "C0001"
  Expenses:Aid:Living   500.00 CNY
  Assets:Bank:Basic
'''


def _links(page) -> dict[str, str]:
    """The page's prev/next links, as the files they open."""
    text = page.read_text(encoding="utf-8")
    return {rel: (page.parent / href).resolve() for rel, href in re.findall(r'<a rel="(prev|next)" href="([^"]+)"', text)}


def test_the_years_rolls_and_aid_pages_link_to_each_other(books_copy, tmp_path, publish_to):
    (books_copy / "txns" / "2027.beancount").write_text(LATER, encoding="utf-8")
    main = books_copy / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + '\ninclude "txns/2027.beancount"\n', encoding="utf-8")
    out = tmp_path / "site"
    publish_to(out, books_copy)
    for folder in ("donors", "aid", "en/donors", "en/aid"):
        here = (out / folder).resolve()
        assert _links(out / folder / "2026.html") == {"next": here / "2027.html"}, folder
        assert _links(out / folder / "2027.html") == {"prev": here / "2026.html"}, folder
        assert (here / "2027.html").exists() and (here / "2026.html").exists()
