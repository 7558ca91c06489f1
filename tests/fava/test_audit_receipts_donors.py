"""The receipt register and donors' totals on small docstring books, without Fava."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ledger.audit import donor_totals, receipt_register
from ledger.registry import build_registry
from ledger.settings import load_settings

BOOKS = """
2025-01-01 open Assets:Bank CNY
2025-01-01 open Assets:Goods "FIFO"
2025-01-01 open Income:Donation:Enterprise CNY
2025-01-01 open Income:Donation:Individual CNY
2025-01-01 open Income:Donation:InKind CNY
2025-01-01 commodity RICE
2025-01-01 custom "fund" "GENERAL" "unrestricted"
2025-01-01 custom "donor" "D1" "enterprise"
  name: "甲公司"
  display: "甲"
  contact: "secret phone"
2025-01-01 custom "donor" "D2" "individual"
  name: "乙"
  anonymous: "all"

2025-12-30 * "last of 2025"
  fund: "GENERAL"
  donor: "D1"
  receipt: "JZ-2025-00001"
  Assets:Bank   10.00 CNY
  Income:Donation:Enterprise

2026-01-03 * "one"
  fund: "GENERAL"
  donor: "D1"
  receipt: "JZ-2026-00001"
  Assets:Bank   100.00 CNY
  Income:Donation:Enterprise

2026-01-04 * "rice"
  fund: "GENERAL"
  donor: "D2"
  receipt: "JZ-2026-00002"
  Assets:Goods   10 RICE {5.80 CNY}
  Income:Donation:InKind

2026-01-05 custom "receipt-void" "JZ-2026-00003"
  reason: "printed twice"

2026-02-01 * "five"
  fund: "GENERAL"
  donor: "D2"
  receipt: "JZ-2026-00005"
  Assets:Bank   30.00 CNY
  Income:Donation:Individual

2026-02-02 * "five again"
  fund: "GENERAL"
  donor: "D1"
  receipt: "JZ-2026-00005"
  Assets:Bank   5.00 CNY
  Income:Donation:Enterprise

2026-02-03 * "no receipt"
  fund: "GENERAL"
  donor: "D1"
  Assets:Bank   1.00 CNY
  Income:Donation:Enterprise

2026-02-04 * "bad number"
  fund: "GENERAL"
  receipt: "R-7"
  Assets:Bank   2.00 CNY
  Income:Donation:Individual
"""


def _load(load_doc):
    entries, _, _ = load_doc(BOOKS)
    return entries, build_registry(entries), load_settings(entries)[0]


def test_register_marks_gaps_voids_and_duplicates(load_doc):
    entries, reg, settings = _load(load_doc)
    register = receipt_register(entries, reg, settings)
    assert [y.year for y in register.years] == [2025, 2026]
    lines = {line.number: line for line in register.years[1].lines}
    assert [line.number for line in register.years[1].lines] == [f"JZ-2026-0000{i}" for i in range(1, 6)]
    assert lines["JZ-2026-00001"].status == "issued" and lines["JZ-2026-00001"].amount == Decimal("100.00")
    assert lines["JZ-2026-00002"].amount == Decimal("58.00")  # goods at cost
    assert lines["JZ-2026-00002"].donations[0].donor_name == "乙"
    assert lines["JZ-2026-00003"].status == "void" and lines["JZ-2026-00003"].void_reason == "printed twice"
    assert lines["JZ-2026-00004"].status == "gap" and not lines["JZ-2026-00004"].donations
    assert lines["JZ-2026-00005"].status == "duplicate" and len(lines["JZ-2026-00005"].donations) == 2
    assert [d.narration for d in register.without_receipt] == ["no receipt"]
    assert [d.receipt for d in register.malformed] == ["R-7"]
    assert (register.count("gap"), register.count("void"), register.count("duplicate")) == (1, 1, 1)


def test_register_shows_whole_years_the_period_touches(load_doc):
    entries, reg, settings = _load(load_doc)
    register = receipt_register(entries, reg, settings, datetime.date(2026, 2, 1), datetime.date(2026, 3, 1))
    assert [y.year for y in register.years] == [2026]
    assert len(register.years[0].lines) == 5  # January's receipts stay, or 1 to 4 would look missing
    empty = receipt_register(entries, reg, settings, datetime.date(2027, 1, 1), None)
    assert empty.years == [] and empty.without_receipt == []


def test_void_used_on_a_donation(load_doc):
    entries, _, _ = load_doc(BOOKS.replace('receipt: "JZ-2026-00005"\n  Assets:Bank   30.00', 'receipt: "JZ-2026-00003"\n  Assets:Bank   30.00'))
    register = receipt_register(entries, build_registry(entries), load_settings(entries)[0])
    statuses = {line.number: line.status for line in register.years[1].lines}
    assert statuses["JZ-2026-00003"] == "void-used"


def test_donor_totals_and_funds(load_doc):
    entries, reg, _ = _load(load_doc)
    totals = donor_totals(entries, reg)
    by_id = {d.donor_id: d for d in totals}
    assert by_id["D1"].total == Decimal("116.00") and by_id["D1"].count == 4
    assert by_id["D2"].total == Decimal("88.00") and by_id["D2"].anonymous == "all"
    assert by_id[""].total == Decimal("2.00") and not by_id[""].registered
    assert [d.donor_id for d in totals] == ["D1", "D2", ""]  # largest first
    assert by_id["D1"].by_fund == {"GENERAL": Decimal("116.00")}
    assert "secret" not in repr(totals)


def test_donor_totals_in_a_period(load_doc):
    entries, reg, _ = _load(load_doc)
    totals = donor_totals(entries, reg, datetime.date(2026, 1, 1), datetime.date(2026, 2, 1))
    assert {d.donor_id: d.total for d in totals} == {"D1": Decimal("100.00"), "D2": Decimal("58.00")}


def test_keep_narrows_issued_lines_but_not_the_sequence(load_doc):
    entries, reg, settings = _load(load_doc)
    register = receipt_register(entries, reg, settings, keep=lambda d: d.donor_id == "D2")
    lines = {line.number: line.status for line in register.years[1].lines}
    # D1's JZ-2026-00001 is left out, not turned into a gap; the real gap and void stay
    assert lines == {"JZ-2026-00002": "issued", "JZ-2026-00003": "void", "JZ-2026-00004": "gap", "JZ-2026-00005": "duplicate"}
    assert register.without_receipt == [] and register.malformed == []


def test_a_gift_numbered_in_another_year_is_on_the_page_of_its_own_year(load_doc):
    """Why: the register files a gift by its number's year, so a 2026 gift numbered
    JZ-2025-00002 was on no page of 2026: the 2026 view left it out without a word."""
    extra = '''
2026-01-20 * "late number"
  fund: "GENERAL"
  donor: "D1"
  receipt: "JZ-2025-00002"
  Assets:Bank   40.00 CNY
  Income:Donation:Enterprise
'''
    entries, _, _ = load_doc(BOOKS + extra)
    reg, settings = build_registry(entries), load_settings(entries)[0]
    in_2026 = receipt_register(entries, reg, settings, datetime.date(2026, 1, 1), datetime.date(2027, 1, 1))
    assert [(d.receipt, d.amount) for d in in_2026.other_year] == [("JZ-2025-00002", Decimal("40.00"))]
    assert all(d.entry.meta["receipt"].startswith("JZ-2026") for line in in_2026.lines for d in line.donations)
    whole = receipt_register(entries, reg, settings)
    assert {line.number: line.status for line in whole.years[0].lines} == {"JZ-2025-00001": "issued", "JZ-2025-00002": "issued"}
    assert receipt_register(entries, reg, settings, datetime.date(2025, 1, 1), datetime.date(2026, 1, 1)).other_year == []


def test_a_gift_in_another_currency_is_left_out_of_the_amounts_and_named(load_doc):
    """A gift of 50.00 USD (booked without a price in CNY) was added to its donor's total in
    the donors view as 50.00 CNY, and the receipt register showed it as ¥50.00, where the site
    leaves it out of every figure. It now counts 0.00 in the books' currency, and the view
    names what it gave in the other one."""
    entries, errors, _ = load_doc(BOOKS.replace("2025-01-01 commodity RICE", "2025-01-01 commodity RICE\n2025-01-01 open Assets:BankUSD USD\n"
                                                "2025-01-01 open Income:Donation:Foreign USD") + """
2026-03-01 * "usd"
  fund: "GENERAL"
  donor: "D1"
  receipt: "JZ-2026-00009"
  Assets:BankUSD   50.00 USD
  Income:Donation:Foreign
""")
    reg = build_registry(entries)
    before = {d.donor_id: d.total for d in donor_totals(load_doc(BOOKS)[0], reg)}
    totals = {d.donor_id: d for d in donor_totals(entries, reg)}
    assert totals["D1"].total == before["D1"] and totals["D1"].count == 5
    [usd] = [g for g in totals["D1"].gifts if g.receipt == "JZ-2026-00009"]
    assert (usd.amount, usd.other_currencies) == (0, ("50.00 USD",))
    register = receipt_register(entries, reg, load_settings(entries)[0])
    [line] = [line for line in register.lines if line.number == "JZ-2026-00009"]
    assert line.amount == 0
