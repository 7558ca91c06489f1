"""A pledge's acknowledgement page (the page its letter's QR code opens) says what the letter
says: the pledge, each payment of it received and what is still to come.

A company pledged ¥20,000.00 (Assets:Receivable:Pledges against the gift) and paid it in
instalments. Its page said "您于 2026年6月1日 的捐赠已记入账目" with 金额 ¥20,000.00, when
nothing, or ¥12,000.00, had come; the letter beside it said 尚有 ¥8,000.00 未到账. And a
publish after a payment took the page unchanged from the last site (its cache key did not
cover the payments), so it could not have said more.
"""

from __future__ import annotations

import html
import re

from tests.publish.sitecheck import unwrap_whole

PLEDGE = """
2026-06-01 * "某某机械" "认捐金秋助学"
  fund: "EDU-2026"
  donor: "D0001"
  receipt: "JZ-2026-00008"
  Assets:Receivable:Pledges    20000.00 CNY
  Income:Donation:Enterprise
"""
FIRST = """
2026-06-15 * "某某机械" "认捐第一期到账"
  fund: "EDU-2026"
  Assets:Bank:Basic            12000.00 CNY
  Assets:Receivable:Pledges
"""
REST = """
2026-12-20 * "某某机械" "认捐第二期到账"
  donor: "D0001"
  Assets:Bank:Basic             8000.00 CNY
  Assets:Receivable:Pledges
"""


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", unwrap_whole(page))))


def _page(books, publish_to, site, *added) -> str:
    txns = books / "txns" / "2026.beancount"
    txns.write_text(txns.read_text("utf-8") + "".join(added), "utf-8")
    result = publish_to(site, books)
    (gift,) = [d for d in result.model.donations if d.receipt == "JZ-2026-00008"]
    return _text((site / gift.ack_path).read_text("utf-8"))


def test_the_page_says_what_came_and_what_is_still_to_come(books_copy, publish_to, tmp_path):
    site = tmp_path / "site"
    page = _page(books_copy, publish_to, site, PLEDGE)
    assert "您于 2026年6月1日 的认捐已记入账目" in page and "的捐赠已记入账目" not in page, page
    assert "认捐款项尚未到账。" in page and "None of the pledge has come in yet." in page
    assert "认捐金额 ¥20,000.00" in page and "Amount pledged ¥20,000.00" in page
    assert "your pledge of 2026-06-01 is recorded" in page

    # the same site published again after the first payment: the page is made again
    page = _page(books_copy, publish_to, site, FIRST)
    assert "已到账 ¥12,000.00（2026年6月15日）；尚有 ¥8,000.00 未到账。" in page, page
    assert "Received: ¥12,000.00 on 2026-06-15; ¥8,000.00 is still to come." in page
    assert "尚未到账。" not in page

    page = _page(books_copy, publish_to, site, REST)
    assert "认捐款项已全部到账：¥12,000.00（2026年6月15日）；¥8,000.00（2026年12月20日）。" in page, page
    assert "The whole pledge has come in: ¥12,000.00 on 2026-06-15; ¥8,000.00 on 2026-12-20." in page
    assert "未到账" not in page


def test_a_gift_of_money_is_thanked_as_before(books_copy, publish_to, tmp_path):
    site = tmp_path / "site"
    _page(books_copy, publish_to, site, PLEDGE)
    result = publish_to(site, books_copy)
    other = next(d for d in result.model.donations if d.receipt != "JZ-2026-00008" and d.ack_path and not d.goods)
    page = _text((site / other.ack_path).read_text("utf-8"))
    assert "的捐赠已记入账目" in page and "认捐" not in page and "pledge" not in page


CANCEL = """
2026-07-10 * "某某机械" "认捐余款取消"
  fund: "EDU-2026"
  donor: "D0001"
  receipt: "JZ-2026-00009"
  correction: "JZ-2026-00008"
  Income:Donation:Enterprise    8000.00 CNY
  Assets:Receivable:Pledges
"""


def test_a_pledge_cut_short_says_what_came_and_what_was_cancelled(books_copy, publish_to, tmp_path):
    """The company paid ¥12,000.00 and cancelled the rest (the donation line taken back
    against the pledge): the page said 已到账 ¥12,000.00；¥8,000.00 and that the whole
    pledge had come, for ¥8,000.00 that never came."""
    page = _page(books_copy, publish_to, tmp_path / "site", PLEDGE, FIRST, CANCEL)
    assert "已到账 ¥12,000.00（2026年6月15日）；已取消认捐 ¥8,000.00（2026年7月10日）。" in page, page
    assert "Received: ¥12,000.00 on 2026-06-15; cancelled: ¥8,000.00 on 2026-07-10." in page
    assert "全部到账" not in page and "未到账" not in page


IN_GOODS = """
2026-06-20 * "某某机械" "认捐物资到账"
  fund: "EDU-2026"
  donor: "D0001"
  Assets:Goods                   100 RICE {80.00 CNY}
  Assets:Receivable:Pledges    -8000.00 CNY
"""
ALL_IN_GOODS = """
2026-06-01 * "某某机械" "认捐金秋助学物资"
  fund: "EDU-2026"
  donor: "D0001"
  receipt: "JZ-2026-00008"
  Assets:Receivable:Pledges     8000.00 CNY
  Income:Donation:Enterprise
""" + IN_GOODS


def test_a_pledge_paid_in_goods_says_goods_came_not_money(books_copy, publish_to, tmp_path):
    # "认捐款项已全部到账" (the money has all come) for rice: the page now says the goods came
    page = _page(books_copy, publish_to, tmp_path / "site", ALL_IN_GOODS)
    assert "认捐物资已全部收到：¥8,000.00（2026年6月20日）。" in page, page
    assert "The whole pledge has come in, in goods: ¥8,000.00 on 2026-06-20." in page, page
    assert "款项" not in page.split("认捐物资")[1].split("。")[0]


def test_a_pledge_paid_in_money_and_goods_says_both(books_copy, publish_to, tmp_path):
    page = _page(books_copy, publish_to, tmp_path / "site", PLEDGE, FIRST, IN_GOODS)
    assert "认捐款物已全部收到：¥12,000.00（2026年6月15日）；¥8,000.00（2026年6月20日）。" in page, page
    assert "The whole pledge has come in, in money and goods: ¥12,000.00 on 2026-06-15; ¥8,000.00 on 2026-06-20." in page


def test_a_pledge_part_paid_in_goods_says_goods_came(books_copy, publish_to, tmp_path):
    page = _page(books_copy, publish_to, tmp_path / "site", PLEDGE, IN_GOODS)
    assert "已收到物资 ¥8,000.00（2026年6月20日）；尚有 ¥12,000.00 未到账。" in page, page
    assert "Received in goods: ¥8,000.00 on 2026-06-20; ¥12,000.00 is still to come." in page


CANCEL_ALL = """
2026-07-10 * "某某机械" "认捐取消"
  fund: "EDU-2026"
  donor: "D0001"
  receipt: "JZ-2026-00009"
  correction: "JZ-2026-00008"
  Income:Donation:Enterprise   20000.00 CNY
  Assets:Receivable:Pledges
"""


def test_a_cancelled_pledge_is_said_cancelled_not_booked_in_error(books_copy, publish_to, tmp_path):
    """The rest of a pledge cancelled (the donation line taken back against the pledge, with
    `correction:` naming it, as docs and the letters write it): the page said it twice, once
    as cancelled and once as "¥8,000.00 已于 2026年7月10日 更正为多记，不计入这笔捐赠" / "was found
    booked in error and taken off this gift", with "其余 ¥12,000.00 按上述用途使用": the donor
    who cancelled read that the centre had booked their pledge in error."""
    page = _page(books_copy, publish_to, tmp_path / "site", PLEDGE, FIRST, CANCEL)
    assert "已取消认捐 ¥8,000.00（2026年7月10日）" in page and "cancelled: ¥8,000.00 on 2026-07-10" in page, page
    assert "多记" not in page and "booked in error" not in page, page
    zh, en = page.split("收据编号")[0], page.split("Thank you for your gift")[1].split("Receipt number")[0]
    assert zh.count("¥8,000.00") == 1 and en.count("¥8,000.00") == 1, page  # said once, as cancelled
    assert "其余" not in zh and "remaining" not in en, page


def test_a_pledge_cancelled_in_full_says_cancelled(books_copy, publish_to, tmp_path):
    """A pledge cancelled before any of it came: the lead said "经更正已全部不计入这笔捐赠" /
    "was corrected in full", and a second paragraph that ¥20,000.00 was booked in error."""
    page = _page(books_copy, publish_to, tmp_path / "site", PLEDGE, CANCEL_ALL)
    assert "您于 2026年6月1日 的认捐已记入账目，后已全部取消，见下文。" in page, page
    assert "your pledge of 2026-06-01 is recorded in our books, and was later cancelled in full, as shown below." in page, page
    assert "认捐款项尚未到账；已取消认捐 ¥20,000.00（2026年7月10日）。" in page, page
    assert "更正" not in page and "corrected" not in page and "booked in error" not in page, page
