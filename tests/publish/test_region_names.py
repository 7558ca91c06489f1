"""Every scroll region of a page has a name of its own.

The open data page put each file's table of columns in a region named "What each column
means" (各列含义), six of them: a screen reader's list of landmarks read six identical
entries, with no way to tell funds.csv's from grants.csv's (axe: landmark-unique). Each is
now named with its file.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from .sitecheck import html_files


def test_no_two_regions_of_a_page_share_a_name(published):
    site, _ = published
    shared = {}
    for page in html_files(site):
        names = Counter(html.unescape(n) for n in re.findall(r'role="region" aria-label="([^"]*)"', page.read_text(encoding="utf-8")))
        twice = sorted(n for n, k in names.items() if k > 1)
        if twice:
            shared[page.relative_to(site).as_posix()] = twice
    assert shared == {}


def test_the_data_pages_column_tables_are_named_with_their_file(published):
    site, _ = published
    zh = (site / "data" / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "data" / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="funds.csv 各列含义"' in zh
    assert 'aria-label="What each column of funds.csv means"' in en
