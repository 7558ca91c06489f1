"""Closed funds told honestly (issue 16): a restricted fund whose end date has come with
nothing left is closed; one past its end date still holding money has ended; the pages and
a gift's acknowledgement say how much of the fund was used for its purpose and where the
rest went, with the transfer's reason and approval."""

from __future__ import annotations

import re
from decimal import Decimal

from ledger.books import load_books
from publish.model_builder import build_public_model
from tests.publish.sitecheck import unwrap_whole


def _text(path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", unwrap_whole(path.read_text("utf-8"))))


def test_the_closed_fund_in_the_model(small_books):
    edu = build_public_model(small_books).fund("EDU-2026")
    assert edu.status == "closed" and edu.closed and edu.ended
    assert (edu.had, edu.spent, edu.balance) == (Decimal("20000.00"), Decimal("12000.00"), 0)
    [out] = edu.moved_out
    assert (out.amount, [c.id for c in out.counterparts], out.reason, out.approval) == (Decimal("-8000.00"), ["GENERAL"], "金秋助学专项结余转入一般资金", "BD-2026-07")


def test_acknowledgement_of_a_gift_to_a_closed_fund_says_so(published):
    site, result = published
    [gift] = [d for d in result.model.donations if d.fund.id == "EDU-2026"]
    text = _text(site / gift.ack_path)
    assert "该基金已于 2026年10月31日 结束" in text
    assert "它共有资金 ¥20,000.00，其中 ¥12,000.00（60.0%）用于其限定用途；¥8,000.00（40.0%）转入 一般帮扶资金 ，事由：金秋助学专项结余转入一般资金（审批 BD-2026-07）" in text
    assert "which closed on 2026-10-31" in text
    assert ("¥12,000.00 (60.0%) was used for its purpose; ¥8,000.00 (40.0%) went to the General relief fund , for this reason: "
            "金秋助学专项结余转入一般资金 (original text, in Chinese) (approval BD-2026-07)") in text
    assert "将按所进入基金的用途" not in text  # not the promise made for an open fund
    other = next(d for d in result.model.donations if d.fund.id == "GENERAL" and d.ack_path)
    assert "将按所进入基金的用途用于帮扶困难职工" in _text(site / other.ack_path)


def test_fund_pages_and_home_mark_closed_funds_and_show_transfers(published):
    site, _ = published
    home = (site / "index.html").read_text("utf-8")
    restricted = home.split("限定用途基金", 1)[1]
    assert 'data-status="closed"' in restricted and ">转拨<" in restricted and "-¥8,000.00" in restricted
    assert "转出 ¥8,000.00 至 一般帮扶资金。事由：金秋助学专项结余转入一般资金；审批：BD-2026-07" in _text(site / "index.html")
    assert 'data-status="closed"' in (site / "funds" / "index.html").read_text("utf-8")
    page = _text(site / "funds" / "edu-2026.html")
    assert "事由 审批" in page and "金秋助学专项结余转入一般资金 BD-2026-07 -¥8,000.00" in page
    assert "它所得资金的 60.0%（¥12,000.00）用于其限定用途；¥8,000.00 转入一般帮扶资金" in page


def test_a_fund_past_its_end_with_money_left_has_ended(books_copy):
    txns = books_copy / "txns" / "2026.beancount"
    text = txns.read_text("utf-8")
    start = text.index('2026-11-01 * "金秋助学专项结余转入一般资金"')
    end = text.find("\n\n", start)
    later = '\n2026-12-01 * "利息"\n  fund: "GENERAL"\n  Assets:Bank:Basic   1.00 CNY\n  Income:Interest\n'
    txns.write_text(text[:start] + (text[end + 2:] if end >= 0 else "") + later, "utf-8")
    model = build_public_model(load_books(books_copy))
    edu = model.fund("EDU-2026")
    assert edu.status == "ended" and not edu.closed and edu.balance == Decimal("8000.00")
    assert model.fund("GENERAL").status == "open"
