"""An amount never touches a Chinese character: the site writes "使用 ¥5.60 不属于帮扶" with a
space on each side (as everywhere else: "帮扶合计 ¥X 加上…"), never "¥5.60不属于帮扶" (the
report's note on uses that are not aid, when its aid table's total is hidden). Full-width
punctuation (，。（）、：) needs no space and is allowed."""

from __future__ import annotations

import html
import re

HAN = r"\u4e00-\u9fff"
AMOUNT = r"[-−]?¥[\d,]+(?:\.\d+)?"
TOUCHING = re.compile(rf"[{HAN}]{AMOUNT}|{AMOUNT}[{HAN}]")
#: tags that start a new cell, line or block: their text never runs on into the next one's
BLOCKS = "td|th|tr|dt|dd|p|div|li|br|h\\d|caption|summary|title|section|article|header|footer|nav|main|table|figure|figcaption|svg|text|g"
BLOCK = re.compile(rf"</?(?:{BLOCKS})\b[^>]*>")


def _text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", "\n", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", BLOCK.sub("\n", page)))


def test_no_amount_touches_a_chinese_character(published):
    site, _ = published
    found = []
    pages = [p for p in site.rglob("*.html") if "en" not in p.relative_to(site).parts[:1]]
    assert len(pages) > 20
    for page in pages:
        text = _text(page.read_text("utf-8"))
        found += [f"{page.relative_to(site)}: …{text[max(0, m.start() - 12):m.end() + 8]}…" for m in TOUCHING.finditer(text)]
    assert found == []


def test_the_check_sees_a_touching_amount():
    assert TOUCHING.search(_text('<p>银行手续费 <span data-aid="line">¥5.60</span>不属于帮扶，未列入本表。</p>'))
    assert not TOUCHING.search(_text("<tr><th>办公费用</th><td>¥5.60</td></tr><p>合计 ¥5.60。（¥1.00）</p>"))
