"""The honour roll's total is net of the negative donations of its year, and said so as "合计已
扣除退还捐赠人的 N 笔" / "net of N gifts given back", counting among them a gift corrected down
(booked too high, `correction:` naming it) and the cancelled rest of a pledge: money that never
came and went back to no one. The roll, the donors' index and the annual report now tell the
two apart."""

from __future__ import annotations

from .sitecheck import visible_text
from .test_pledge_ack_page import CANCEL, FIRST, PLEDGE

REFUND = """
2026-06-10 * "某某机械" "退还捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00010"
  refund_of: "JZ-2026-00001"
  Income:Donation:Enterprise   400.00 CNY
  Assets:Bank:Basic
"""


def test_the_roll_tells_refunds_from_corrections(books_copy, publish_to, tmp_path):
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text("utf-8") + PLEDGE + FIRST + CANCEL + REFUND, "utf-8")
    site = tmp_path / "site"
    from publish.annual import site_generator  # the annual report PDF too

    result = publish_to(site, books_copy, extra_generators=[site_generator()])
    roll = next(r for r in result.model.rolls if "2026" in repr(r.period))
    assert (roll.refunds, roll.corrections, roll.refunded, roll.corrected) == (2, 1, 8400, 8000)
    zh, en = visible_text(site / "donors" / "2026.html"), visible_text(site / "en" / "donors" / "2026.html")
    assert "合计已扣除退还捐赠人的 1 笔（¥400.00），以及经更正不计入的 1 笔（¥8,000.00：多记的捐赠或取消的认捐）。" in zh, zh
    assert "The total is net of 1 gift given back (¥400.00) and 1 correction (¥8,000.00: booked too high, or a pledge cancelled)." in en, en
    index = visible_text(site / "donors" / "index.html")
    assert "2026年 2 笔（¥8,400.00），其中经更正不计入的 1 笔（¥8,000.00）" in index, index
    assert "退还捐赠人的 2 笔" not in zh and "2 gifts given back" not in en
    from tests.letters.conftest import pdf_text
    report = "".join(pdf_text(site / "reports" / "annual-2026.pdf").split())
    assert "已扣除退还捐赠人的1笔¥400.00，以及经更正不计入的1笔¥8,000.00，即多记的捐赠或取消的认捐" in report, report
