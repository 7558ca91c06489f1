"""What the centre owes (Liabilities: aid approved and not paid yet) is said beside the balance.

A statement's notes said how much of the balance held is goods and how much is still to be
received, and statement.csv said "the closing less these two columns is money". Aid approved
and booked as owed (Expenses:Aid / Liabilities:Payable), not paid yet, is spent, and the
balance held is net of it, but no page said so: with ¥2,000.00 owed the closing less goods and
receivables was ¥2,000.00 less than the money held, and the open data's own description was
wrong by that much. The notes now say what is owed, statement.csv has it (payable_held) and
its description adds it back.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

OWED = """
2026-10-10 * "帮扶支出（已批准，未付）"
  fund: "GENERAL"
  approval: "SP-2026-0201"
  case: "C0001"
  Expenses:Aid:Living      2000.00 CNY
  Liabilities:Payable
"""


def test_what_is_owed_is_said(books_copy, publish_to, tmp_path):
    before = publish_to(tmp_path / "before", books_copy)
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(OWED)
    out = tmp_path / "site"
    result = publish_to(out, books_copy)
    ov = result.model.overview
    assert ov.all_time.payable == ov.year.payable == Decimal("2000.00")
    assert before.model.overview.all_time.payable == 0
    assert ov.all_time.closing == before.model.overview.all_time.closing - Decimal("2000.00")
    said = "The balance held is net of ¥2,000.00 owed (aid approved and not yet paid, other payables)."
    assert said in (out / "en" / "index.html").read_text("utf-8")
    assert "结存已扣除尚未支付的应付款项（已批准未付的帮扶等） ¥2,000.00。" in (out / "index.html").read_text("utf-8")
    assert "net of ¥2,000.00 owed" in (out / "en" / "funds" / "index.html").read_text("utf-8")
    assert "net of ¥2,000.00 owed" in (out / "en" / "reports" / "2026-10.html").read_text("utf-8")
    assert "owed" not in (out / "en" / "reports" / "2026-09.html").read_text("utf-8")  # before it was booked
    rows = list(csv.DictReader(io.StringIO((out / "data" / "statement.csv").read_text("utf-8-sig"))))
    closing = {r["period"]: r for r in rows if r["fund_id"] == "TOTAL" and r["line"] == "closing"}
    assert closing["all"]["payable_held"] == "2000.00" and closing["2026-09"]["payable_held"] in ("", "0.00")
    money = Decimal(closing["all"]["amount"]) - Decimal(closing["all"]["goods_held"] or 0) \
        - Decimal(closing["all"]["receivable_held"] or 0) + Decimal(closing["all"]["payable_held"])
    cash_and_bank = sum((Decimal(r) for r in _money_held(books_copy)), Decimal(0))
    assert money == cash_and_bank


def _money_held(books):
    """The books' money: bank, cash and online balances, summed from the postings."""
    from ledger.books import load_books

    for e in load_books(books).entries:
        for p in getattr(e, "postings", ()):
            if p.account.startswith(("Assets:Bank", "Assets:Cash", "Assets:Online")):
                yield p.units.number
