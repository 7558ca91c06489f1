"""A balance before the period's last one that differs from the books within its written
tolerance is said, with its day, as the last one is.

Why: within a quarter (or a month with two counts) only the last balance was set against the
books, so a cash count let pass 0.40 short by its `~ 0.50` showed "OK" with no word: reconciled
as its own month it was said, reconciled as the quarter it was not."""

from __future__ import annotations

from ledger.books import load_books
from ledger.period import parse_period
from ledger.reconcile.report import build_report

EARLIER_COUNT = """
2024-03-21 balance Assets:Cash 1000.40 ~ 0.50 CNY
"""


def _cash(main, period):
    report = build_report(load_books(main), parse_period(period))
    (cash,) = [a for a in report.accounts if a.account == "Assets:Cash"]
    assert cash.ok, cash.problem  # within its tolerance: a note, never a failure
    return cash


def test_an_earlier_count_within_its_tolerance_is_said_in_the_quarter(books_factory):
    main = books_factory(extra=EARLIER_COUNT)
    for period in ("2024-03", "2024-Q1"):
        cash = _cash(main, period)
        assert cash.note is not None, period
        assert cash.note.startswith("at the end of 2024-03-20, the books differ from the cash count by -0.40 CNY, within the 0.50"), cash.note


def test_an_earlier_count_to_the_fen_says_nothing(books_factory):
    main = books_factory(extra=EARLIER_COUNT.replace("1000.40 ~ 0.50", "1000.00 ~ 0.50"))
    assert _cash(main, "2024-Q1").note is None
