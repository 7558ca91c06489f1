"""A quarter's report is "2026年第1季度报告", not "2026年第1季度季度报告" (the period's label
already says 季度; the title said it twice, in the page's title and its heading)."""

from __future__ import annotations

import re


def test_quarter_report_titles_say_quarter_once(published):
    site, result = published
    quarters = [r for r in result.model.reports if r.period.kind == "quarter"]
    assert quarters
    for r in quarters:
        page = (site / f"reports/{r.period.key}.html").read_text("utf-8")
        h1 = re.search(r"<h1>(.*?)</h1>", page).group(1)
        assert h1 == f"{r.period.label.zh}报告" and h1.count("季度") == 1, h1
        assert re.search(r"<title>(.*?)</title>", page).group(1).startswith(h1 + " ")
        en = (site / f"en/reports/{r.period.key}.html").read_text("utf-8")
        assert re.search(r"<h1>(.*?)</h1>", en).group(1) == f"{r.period.label.en} quarterly report"
