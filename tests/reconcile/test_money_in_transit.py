"""Money moved between two of the centre's own accounts that the banks date differently (sent
31 March, arrived 1 April): reconcile names the pattern, and booked through Assets:Transit
both months reconcile, the funds adding up with the money in transit at March's end.

Why: one entry carries one date, so one of the two months failed by the amount, and the
problem said only "find the missing or wrong entry" with the transfer named."""

from __future__ import annotations

from decimal import Decimal

from ledger.accounts import TRANSIT_ACCOUNT
from ledger.books import load_books
from ledger.period import parse_period
from ledger.reconcile.report import build_report

MARCH_BASIC = "2024-04-01 balance Assets:Bank:Basic 46000.00 CNY"
OTHER = """
2024-01-01 open Assets:Bank:Other CNY

2024-03-01 balance Assets:Bank:Other 0.00 CNY

2024-04-01 balance Assets:Bank:Other 0.00 CNY
  statement_start: 2024-03-01
  statement_end: 2024-03-31
"""
ONE_ENTRY = """
2024-03-31 * "转至一般户"
  Assets:Bank:Other         1000.00 CNY
  Assets:Bank:Basic
"""
THROUGH_TRANSIT = f"""
2024-03-31 * "转至一般户" "汇出"
  {TRANSIT_ACCOUNT}            1000.00 CNY
  Assets:Bank:Basic

2024-04-01 * "转至一般户" "到账"
  Assets:Bank:Other         1000.00 CNY
  {TRANSIT_ACCOUNT}
"""


def _report(main, period="2024-03"):
    return build_report(load_books(main), parse_period(period))


def test_a_transfer_dated_differently_at_each_bank_names_money_in_transit(books_factory):
    main = books_factory({MARCH_BASIC: "2024-04-01 balance Assets:Bank:Basic 45000.00 CNY"}, OTHER + ONE_ENTRY)
    problems = [p for p in _report(main).problems() if p.startswith("Assets:Bank:Other")]
    assert len(problems) == 1, problems
    assert "转至一般户" in problems[0] and f"through {TRANSIT_ACCOUNT}, each on its own bank's day" in problems[0], problems[0]


def test_booked_through_transit_both_months_reconcile_and_the_funds_add_up(books_factory):
    main = books_factory({MARCH_BASIC: "2024-04-01 balance Assets:Bank:Basic 45000.00 CNY"}, OTHER + THROUGH_TRANSIT)
    report = _report(main)
    assert report.problems() == [], report.problems()
    assert report.funds.ok and report.funds.difference == 0
    in_transit = sum((p.units.number for e in load_books(main).entries if hasattr(e, "postings") and e.date.month == 3
                      for p in e.postings if p.account == TRANSIT_ACCOUNT), Decimal(0))
    assert in_transit == Decimal("1000.00")
    # the money in transit is the centre's own: the net assets hold it, no fund lost it
    assert report.funds.net_assets == report.funds.total
    assert report.funds.net_assets == _report(books_factory({MARCH_BASIC: "2024-04-01 balance Assets:Bank:Basic 45000.00 CNY"},
                                                            OTHER + ONE_ENTRY)).funds.net_assets



def test_the_site_counts_money_in_transit_as_the_centres_own(books_factory):
    """The public statement of March: money in transit is held (closing), not raised nor spent,
    and opening + raised - spent + transfers = closing still holds."""
    from publish.model_builder import build_public_model

    replace = {MARCH_BASIC: "2024-04-01 balance Assets:Bank:Basic 45000.00 CNY"}
    statements = {}
    for name, extra in (("transit", THROUGH_TRANSIT), ("one entry", ONE_ENTRY)):
        model = build_public_model(load_books(books_factory(replace, OTHER + extra)), b"site-test-secret-0123456789abcdef")
        statements[name] = {r.period.key: r.statement for r in model.reports}["2024-03"]
    march = statements["transit"]
    assert march.opening + march.raised - march.spent + march.transfers == march.closing
    assert (march.closing, march.raised, march.spent, march.receivable, march.payable) == (
        statements["one entry"].closing, statements["one entry"].raised, statements["one entry"].spent, 0, 0)


def test_a_difference_from_aid_typed_twice_says_nothing_of_transit(books_factory):
    main = books_factory(extra='''
2024-03-20 * "困难救助" "typed twice"
  fund: "GENERAL"
  approval: "SP-2024-0001"
  case: "C0001"
  Expenses:Aid:Living       3000.00 CNY
  Assets:Bank:Basic
''')
    (problem,) = [p for p in _report(main).problems() if p.startswith("Assets:Bank:Basic")]
    assert "typed twice" in problem and TRANSIT_ACCOUNT not in problem, problem
