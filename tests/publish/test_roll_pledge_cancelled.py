"""A pledge its donor cancelled in full within the year (the donation line taken back against
the pledge, `correction:` naming it, as docs/books.md and the letters write it) is left off the
honour roll, as a gift corrected away is. The roll then said of it "另有 1 笔捐赠（合计
¥20,000.00）记在了并非捐赠人的名下，已在本年经更正全部不计入" / "booked under someone who did not
give it was corrected in full": the public read that ¥20,000.00 had been booked under the wrong
donor, when a company had promised it and withdrawn the promise."""

from __future__ import annotations

from .sitecheck import visible_text
from .test_pledge_ack_page import CANCEL_ALL, PLEDGE


def test_the_roll_says_a_pledge_cancelled_in_full_was_cancelled(books_copy, publish_to, tmp_path):
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text("utf-8") + PLEDGE + CANCEL_ALL, "utf-8")
    result = publish_to(tmp_path / "site", books_copy)
    roll = next(r for r in result.model.rolls if "2026" in repr(r.period))
    text = visible_text(tmp_path / "site" / "donors" / "2026.html")
    en = visible_text(tmp_path / "site" / "en" / "donors" / "2026.html")
    assert "并非捐赠人" not in text and "did not give" not in en, text
    assert "另有 1 笔认捐（合计 ¥20,000.00）已由认捐人在本年全部取消，未列入本名单。" in text, text
    assert "1 pledge (¥20,000.00) was cancelled in full by its donor within the year and is not listed." in en, en
    assert roll.cancelled_in_full == 1 and roll.corrected_in_full == 0
