"""A restricted fund that ends with a pledge to it still to come says so.

A company pledged 20,000.00 to EDU-2026 (a restricted fund ending 2026-10-31) and paid
12,000.00 of it by the time the fund ended. The fund's page said "ended on 2026-10-31; its
remainder of ¥… has not been moved yet", the funds index and the annual report marked it
ended, and none of them said that 8,000.00 of that remainder had never come: the fund's
closing figures read as money held. The fund's page, the funds index and the annual report
now name what of its pledges is still to come; an open fund's page says it too.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

from publish.annual import report_html

PLEDGE = """
2026-06-01 * "某某机械" "认捐金秋助学"
  fund: "EDU-2026"
  donor: "D0001"
  receipt: "JZ-2026-00008"
  Assets:Receivable:Pledges    20000.00 CNY
  Income:Donation:Enterprise

2026-06-15 * "某某机械" "认捐第一期到账"
  fund: "EDU-2026"
  Assets:Bank:Basic            12000.00 CNY
  Assets:Receivable:Pledges
"""

#: books that go on past the fund's end (2026-10-31), so that the fund has ended
LATER = """
2026-11-30 * "银行手续费"
  fund: "GENERAL"
  Expenses:Operations:BankFees    10.00 CNY
  Assets:Bank:Basic
"""

#: a second payment, in 2027, after the year whose annual report is read
PAID_LATER = """
2027-01-10 * "某某机械" "认捐第二期到账"
  fund: "EDU-2026"
  Assets:Bank:Basic             3000.00 CNY
  Assets:Receivable:Pledges
"""


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def _publish(books_copy, publish_to, tmp_path, *extra: str, fund_id: str = "EDU-2026"):
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text("utf-8") + "\n" + "\n".join(extra), "utf-8")
    site = tmp_path / "site"
    result = publish_to(site, books_copy)
    fund = next(f for f in result.model.funds if f.ref.id == fund_id)
    return site, result, fund


def test_an_ended_fund_with_a_pledge_still_to_come_says_so(books_copy, publish_to, tmp_path):
    site, result, fund = _publish(books_copy, publish_to, tmp_path, PLEDGE, LATER)
    assert fund.ended and fund.restricted
    assert fund.pledged_to_come() == Decimal("8000.00")
    page = _text((site / "funds" / f"{fund.ref.slug}.html").read_text("utf-8"))
    assert "本基金已到期，但仍有认捐 ¥8,000.00（1 笔）尚未到账" in page
    en = _text((site / "en" / "funds" / f"{fund.ref.slug}.html").read_text("utf-8"))
    assert "This fund has ended with ¥8,000.00 pledged to it (1 pledge) still to come" in en
    for listing in ("funds/index.html", "index.html"):
        index = _text((site / listing).read_text("utf-8"))
        assert "已到期但仍有认捐未到账的基金：2026年金秋助学专项 ¥8,000.00。" in index, listing
    en_index = _text((site / "en" / "funds" / "index.html").read_text("utf-8"))
    assert "Ended with pledges to them still to come: 2026 autumn education aid fund ¥8,000.00." in en_index
    assert "年末尚有认捐 ¥8,000.00 未到账，计入年末余额" in _text(report_html(result.model, 2026))


def test_the_annual_report_counts_what_was_to_come_at_its_year_end(books_copy, publish_to, tmp_path):
    # paid 3,000.00 more in 2027: the 2026 report still says 8,000.00 had not come by its year
    # end; the fund's page, as the books stand, 5,000.00
    (books_copy / "txns" / "2027.beancount").write_text(PAID_LATER, "utf-8")
    main = books_copy / "main.beancount"
    main.write_text(main.read_text("utf-8") + '\ninclude "txns/2027.beancount"\n', "utf-8")
    site, result, fund = _publish(books_copy, publish_to, tmp_path, PLEDGE, LATER)
    assert fund.pledged_to_come() == Decimal("5000.00")
    assert "年末尚有认捐 ¥8,000.00 未到账" in _text(report_html(result.model, 2026))
    assert "本基金已到期，但仍有认捐 ¥5,000.00（1 笔）尚未到账" in _text((site / "funds" / f"{fund.ref.slug}.html").read_text("utf-8"))


def test_an_open_fund_with_a_pledge_still_to_come_says_its_balance_holds_it(books_copy, publish_to, tmp_path):
    # the general fund, which never ends
    site, _result, fund = _publish(books_copy, publish_to, tmp_path, PLEDGE.replace("EDU-2026", "GENERAL"), fund_id="GENERAL")
    assert not fund.ended
    page = _text((site / "funds" / f"{fund.ref.slug}.html").read_text("utf-8"))
    assert "余额含尚未到账的认捐 ¥8,000.00（1 笔），这部分尚未收到。" in page
    assert "The balance includes ¥8,000.00 pledged (1 pledge) and not yet received." in _text(
        (site / "en" / "funds" / f"{fund.ref.slug}.html").read_text("utf-8"))
    assert "已到期但仍有认捐未到账" not in _text((site / "funds" / "index.html").read_text("utf-8"))


def test_a_fund_whose_pledges_all_came_says_nothing_of_them(books_copy, publish_to, tmp_path):
    paid = PLEDGE + """
2026-07-01 * "某某机械" "认捐第二期到账"
  fund: "EDU-2026"
  Assets:Bank:Basic             8000.00 CNY
  Assets:Receivable:Pledges
"""
    site, _result, fund = _publish(books_copy, publish_to, tmp_path, paid, LATER)
    assert fund.pledged_to_come() == 0
    assert 'data-note="pledged"' not in (site / "funds" / f"{fund.ref.slug}.html").read_text("utf-8")
