"""The honour roll says how much of its total is pledged and not yet come in.

A pledge is counted as given when it is made (Assets:Receivable:Pledges against the gift).
The 2026 roll said "共 8 笔捐赠，合计 …" and the annual report "本年度共收到捐赠 … 合计 …"
with ¥8,000.00 of a pledge in it that had not come (¥12,000.00 of ¥20,000.00 paid), and
nothing on either said so. Both, and the donors' index, now say how much is still to come.
"""

from __future__ import annotations

import html
import re

from publish.annual import report_html
from tests.publish.test_pledge_ack_page import FIRST, PLEDGE, REST


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def _publish(books, publish_to, site, *added):
    txns = books / "txns" / "2026.beancount"
    txns.write_text(txns.read_text("utf-8") + "".join(added), "utf-8")
    return publish_to(site, books)


def test_the_roll_says_what_is_pledged_and_not_yet_come(books_copy, publish_to, tmp_path):
    site = tmp_path / "site"
    result = _publish(books_copy, publish_to, site, PLEDGE, FIRST)
    roll = _text((site / "donors" / "2026.html").read_text("utf-8"))
    assert "合计含认捐尚未到账的 ¥8,000.00（1 笔认捐，截至数据日期）" in roll, roll
    en = _text((site / "en" / "donors" / "2026.html").read_text("utf-8"))
    assert "The total includes ¥8,000.00 pledged and not yet come in, by the data's date (1 pledge)" in en, en
    index = _text((site / "donors" / "index.html").read_text("utf-8"))
    assert "金额含认捐尚未到账的部分（认捐在承诺时即计入捐赠；截至数据日期）：2026年 ¥8,000.00。" in index, index
    report = _text(report_html(result.model, 2026))
    assert "合计含认捐尚未到账的 ¥8,000.00（1 笔认捐，截至本报告的数据日期）" in report

    result = _publish(books_copy, publish_to, site, REST)  # all of it come: nothing to say
    for page in ("donors/2026.html", "donors/index.html", "en/donors/2026.html"):
        assert "尚未到账" not in (site / page).read_text("utf-8") and "not yet come in" not in (site / page).read_text("utf-8"), page
    assert "尚未到账" not in report_html(result.model, 2026)
