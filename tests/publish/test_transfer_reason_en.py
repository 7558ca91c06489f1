"""The English side of the site showed a transfer's reason in Chinese as if it were English.

"went to the General relief fund (金秋助学专项结余转入一般资金, approval BD-2026-07)": a reader of
the English pages could not tell it was the centre's own words left untranslated, and a
screen reader read the Chinese as English. The reason is the one narration the site
publishes as written (docs/publishing.md); on the English side it is now marked as the
original text, in Chinese (lang="zh-CN"), on every page that shows it.
"""

from __future__ import annotations

import re

from .sitecheck import visible_text

REASON = "金秋助学专项结余转入一般资金"
LABEL = f"{REASON} (original text, in Chinese)"


def test_the_english_pages_mark_the_reason_as_the_original_chinese(published):
    site, result = published
    gift = next(d for d in result.model.donations if d.fund.id == "EDU-2026")
    pages = ["en/funds/edu-2026.html", "en/funds/general.html", "en/index.html", "en/reports/2026.html"]
    for page in pages:
        html = (site / page).read_text(encoding="utf-8")
        assert REASON in html, page
        assert LABEL in visible_text(site / page), page
        assert re.search(rf'<span lang="zh-CN">{REASON}</span>', html), page
    assert LABEL in visible_text(site / gift.ack_path)  # its English part
    for page in ["funds/edu-2026.html", "index.html", "reports/2026.html"]:
        assert "original text" not in visible_text(site / page) and REASON in visible_text(site / page), page
