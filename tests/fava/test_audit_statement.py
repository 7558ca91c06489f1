"""The fund statement computed on small docstring books, without Fava."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ledger.audit import fund_statement
from ledger.registry import build_registry
from tests.reference import fund_balances, net_assets

BOOKS = """
option "operating_currency" "CNY"
2026-01-01 open Assets:Bank CNY
2026-01-01 open Assets:Goods "FIFO"
2026-01-01 open Equity:Opening-Balances CNY
2026-01-01 open Equity:FundTransfers CNY
2026-01-01 open Income:Donation:Enterprise CNY
2026-01-01 open Income:Donation:InKind CNY
2026-01-01 open Income:Government:City CNY
2026-01-01 open Expenses:Aid:Education CNY
2026-01-01 open Expenses:Aid:Goods CNY
2026-01-01 open Expenses:Operations:Office CNY
2026-01-01 commodity RICE

2026-01-01 custom "fund" "GENERAL" "unrestricted"
2026-01-01 custom "fund" "EDU" "restricted"
  purpose: "Expenses:Aid:Education"

2026-01-02 * "opening"
  fund: "GENERAL"
  Assets:Bank   1000.00 CNY
  Equity:Opening-Balances

2026-01-10 * "gift"
  fund: "EDU"
  Assets:Bank   500.00 CNY
  Income:Donation:Enterprise

2026-02-01 * "allocation"
  fund: "GENERAL"
  Assets:Bank   300.00 CNY
  Income:Government:City

2026-02-03 * "rice"
  fund: "GENERAL"
  Assets:Goods   10 RICE {5.80 CNY}
  Income:Donation:InKind

2026-02-05 * "school fees"
  fund: "EDU"
  Expenses:Aid:Education   120.00 CNY
  Assets:Bank

2026-02-06 * "rice handed out"
  fund: "GENERAL"
  Expenses:Aid:Goods   23.20 CNY
  Assets:Goods   -4 RICE {}

2026-03-01 * "close EDU into GENERAL"
  Equity:FundTransfers   100.00 CNY
    fund: "EDU"
  Equity:FundTransfers  -100.00 CNY
    fund: "GENERAL"
"""


def test_whole_books_sources_uses_closing(load_doc):
    entries, errors, _ = load_doc(BOOKS)
    assert not errors
    st = fund_statement(entries, build_registry(entries))
    edu, general = st.row("EDU"), st.row("GENERAL")
    assert edu.kind == "restricted" and general.kind == "unrestricted"
    assert [(line.account, line.amount) for line in edu.sources] == [("Income:Donation:Enterprise", Decimal("500.00"))]
    assert [(line.account, line.amount) for line in edu.uses] == [("Expenses:Aid:Education", Decimal("120.00"))]
    assert edu.closing == Decimal("280.00")
    # sub-accounts are grouped under their kind of source
    assert {line.account: line.amount for line in general.sources} == {
        "Income:Government": Decimal("300.00"),
        "Income:Donation:InKind": Decimal("58.00"),
    }
    # opening money is the opening balance, never a transfer; each transfer is its own line
    assert [(line.account, line.amount) for line in general.carried] == [("Equity:Opening-Balances", Decimal("1000.00"))]
    assert general.opening == Decimal("1000.00") and general.before == 0
    assert [(t.amount, t.counterparts, t.reason) for t in general.transfers] == [(Decimal("100.00"), ("EDU",), "close EDU into GENERAL")]
    assert [(t.amount, t.counterparts) for t in edu.transfers] == [(Decimal("-100.00"), ("GENERAL",))]
    assert st.declared.transfers == 0 and st.declared.carried == Decimal("1000.00")
    assert general.closing == Decimal("1000") + 300 + Decimal("58.00") - Decimal("23.20") + 100
    assert {r.fund: r.closing for r in st.rows} == fund_balances(entries)
    assert st.net_assets == net_assets(entries) and st.reconciled
    assert st.restricted.closing == edu.closing and st.unrestricted.closing == general.closing
    assert st.declared.closing == st.net_assets


def test_period_opening_and_closing(load_doc):
    entries, _, _ = load_doc(BOOKS)
    st = fund_statement(entries, build_registry(entries), datetime.date(2026, 2, 1), datetime.date(2026, 3, 1))
    edu, general = st.row("EDU"), st.row("GENERAL")
    assert edu.opening == Decimal("500.00") and general.opening == Decimal("1000.00")
    assert edu.total_sources == 0 and edu.total_uses == Decimal("120.00") and edu.closing == Decimal("380.00")
    assert general.transfers == []  # the transfer is in March, the opening in January
    assert general.closing == general.opening + general.total_sources - general.total_uses
    assert st.net_assets == net_assets(entries, until=datetime.date(2026, 3, 1))
    assert st.reconciled


def test_postings_without_fund_break_the_reconciliation(load_doc):
    entries, _, _ = load_doc(
        BOOKS
        + """
2026-03-02 * "forgot the fund"
  Assets:Bank   40.00 CNY
  Income:Donation:Enterprise

2026-03-03 * "fund nobody declared"
  fund: "MED"
  Assets:Bank   7.00 CNY
  Income:Donation:Enterprise
"""
    )
    st = fund_statement(entries, build_registry(entries))
    assert not st.reconciled
    assert st.difference == Decimal("47.00")
    assert st.row("").kind == "unassigned" and st.row("").closing == Decimal("40.00")
    assert st.row("MED").kind == "undeclared" and st.row("MED").closing == Decimal("7.00")
    # the undeclared and unassigned rows are not in the funds' totals
    assert st.declared.funds == ("EDU", "GENERAL")


def test_declared_fund_without_movement_is_listed_with_zero(load_doc):
    entries, _, _ = load_doc(BOOKS + '\n2026-01-01 custom "fund" "MED" "restricted"\n  purpose: "Expenses:Aid:Medical"\n')
    st = fund_statement(entries, build_registry(entries))
    med = st.row("MED")
    assert (med.opening, med.closing, med.sources, med.uses) == (0, 0, [], [])


def test_foreign_books_are_one_unassigned_fund(load_doc):
    entries, _, _ = load_doc(
        """
2026-01-01 open Assets:Cash USD
2026-01-01 open Income:Salary USD
2026-01-05 * "pay"
  Assets:Cash   10 USD
  Income:Salary
"""
    )
    st = fund_statement(entries, build_registry(entries), currency="USD")
    assert [r.fund for r in st.rows] == [""]
    assert st.declared.closing == 0 and not st.reconciled
    # in the default currency (CNY) the USD postings are left out, and counted
    assert fund_statement(entries, build_registry(entries)).skipped == {"USD": 2}


def test_same_numbers_as_plain_sums_for_every_period(load_doc):
    from tests.reference import figures

    entries, _, _ = load_doc(BOOKS + '\n2026-03-02 * "no fund"\n  Assets:Bank   3.00 CNY\n  Income:Donation:Enterprise\n')
    reg = build_registry(entries)
    days = [None, datetime.date(2026, 1, 10), datetime.date(2026, 2, 4), datetime.date(2026, 3, 2), datetime.date(2027, 1, 1)]
    for start in days:
        for end in days:
            if start and end and end <= start:
                continue
            st = fund_statement(entries, reg, start, end)
            for row in st.rows:
                ref = figures(entries, start, end, row.fund)
                assert row.opening == ref.opening
                assert row.total_sources == ref.raised
                assert row.total_uses == ref.spent
                assert row.total_transfers == ref.transfers
                assert row.closing == ref.closing == row.opening + row.total_sources - row.total_uses + row.total_transfers
            assert st.net_assets == net_assets(entries, until=end)


def test_a_fund_that_only_received_a_transfer_is_in_the_statement(load_doc):
    """Found by the conservation test: a fund whose only movement in the period is a
    transfer in must not drop out of the statement (nor its money out of the total)."""
    entries, _, _ = load_doc(BOOKS + '\n2026-01-01 custom "fund" "MED" "restricted"\n  purpose: "Expenses:Aid:Medical"\n'
                             '\n2026-03-05 * "调剂"\n  Equity:FundTransfers   50.00 CNY\n    fund: "GENERAL"\n  Equity:FundTransfers  -50.00 CNY\n    fund: "MED"\n')
    st = fund_statement(entries, build_registry(entries), datetime.date(2026, 3, 1), datetime.date(2026, 4, 1))
    med = st.row("MED")
    assert (med.opening, med.total_transfers, med.closing) == (0, Decimal("50.00"), Decimal("50.00"))
    assert st.reconciled
