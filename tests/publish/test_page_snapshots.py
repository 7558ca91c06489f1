"""Snapshots of the small books' pages, as the text a reader sees (markup and SVG left out).

Volatile parts are normalised first: acknowledgement addresses (they depend on the secret)
become ack/<token>.html. Regenerate after a deliberate change with UPDATE_SNAPSHOTS=1 and
review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from .sitecheck import visible_text

SNAPSHOTS = Path(__file__).parent / "snapshots" / "pages"
PAGES = ["index.html", "en/index.html", "funds/edu-2026.html", "en/funds/general.html", "donors/2026.html",
         "en/aid/2026.html", "reports/2026-Q1.html", "en/reports/2026.html"]


def normalise(text: str) -> str:
    return re.sub(r"ack/[0-9a-f]{32}\.html", "ack/<token>.html", text)


@pytest.mark.parametrize("page", PAGES + ["ack:JZ-2026-00003"])
def test_page_text_snapshot(published, page):
    out, result = published
    if page.startswith("ack:"):
        receipt = page[4:]
        path = out / next(d.ack_path for d in result.model.donations if d.receipt == receipt)
    else:
        path = out / page
    text = normalise(visible_text(path)).replace(" · ", "\n· ").replace("。 ", "。\n")
    snap = SNAPSHOTS / (page.replace("/", "__").replace(":", "_") + ".txt")
    if os.environ.get("UPDATE_SNAPSHOTS"):
        snap.parent.mkdir(parents=True, exist_ok=True)
        snap.write_text(text + "\n", encoding="utf-8")
    assert text + "\n" == snap.read_text(encoding="utf-8")
