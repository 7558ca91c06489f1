"""A failed balance says where its difference arose (ledger/balance_runs.py): the window after
the last balance that held, the entries there moving the difference (or half of it, a sign
typed wrong), and the later balances failing by the same amount, which say so."""

from __future__ import annotations

import textwrap

from beancount import loader
from click.testing import CliRunner

from cli import cli
from ledger.balance_runs import explain_balance_runs
from ledger.init_books import init_books

HEAD = """
2026-01-01 open Assets:Bank:Basic CNY
2026-01-01 open Assets:Bank:Other CNY
2026-01-01 open Income:Donation CNY
2026-01-01 open Expenses:Aid CNY
2026-01-01 * "opening"
  Assets:Bank:Basic  1000.00 CNY
  Income:Donation
"""


def _told(tmp_path, text: str) -> list[str]:
    path = tmp_path / "books.beancount"
    path.write_text(textwrap.dedent(HEAD + text), encoding="utf-8")
    entries, errors, _ = loader.load_file(str(path))
    return [e.message for e in explain_balance_runs(errors, entries) if type(e).__name__ == "BalanceError"]


def test_one_extra_entry_is_found_and_the_later_balances_point_to_the_first(tmp_path):
    told = _told(tmp_path, """
2026-02-01 balance Assets:Bank:Basic 1000.00 CNY
2026-02-10 * "aid" "typed twice"
  Expenses:Aid  80.00 CNY
  Assets:Bank:Basic
2026-02-10 * "gift"
  Assets:Bank:Basic  15.00 CNY
  Income:Donation
2026-03-01 balance Assets:Bank:Basic 1015.00 CNY
2026-04-01 balance Assets:Bank:Basic 1015.00 CNY
2026-05-01 balance Assets:Bank:Basic 1015.00 CNY
""")
    assert len(told) == 3
    first = told[0]
    assert "(80.00 too little). The balance of 2026-02-01 held, so the difference arose from 2026-02-01 to 2026-03-01" in first
    assert "books.beancount:11 (2026-02-10 aid typed twice: -80.00)" in first
    assert "gift" not in first
    assert "the next 2 balance(s) of Assets:Bank:Basic fail by the same 80.00 CNY" in first
    assert all("The same difference as the balance of 2026-03-01" in later for later in told[1:])


def test_a_sign_typed_wrong_is_found_by_half_the_difference(tmp_path):
    told = _told(tmp_path, """
2026-02-01 * "gift" "booked as money out"
  Assets:Bank:Basic  -50.00 CNY
  Income:Donation
2026-03-01 balance Assets:Bank:Basic 1050.00 CNY
""")
    assert len(told) == 1
    assert "No earlier balance of Assets:Bank:Basic held, so the difference arose before 2026-03-01" in told[0]
    assert "(2026-02-01 gift booked as money out: -50.00)" in told[0]
    assert "the next" not in told[0]


def test_a_missing_entry_is_said_to_be_looked_for_and_another_account_is_not_searched(tmp_path):
    told = _told(tmp_path, """
2026-02-01 balance Assets:Bank:Basic 1000.00 CNY
2026-02-05 * "on the other account"
  Assets:Bank:Other  -30.00 CNY
  Income:Donation
2026-03-01 balance Assets:Bank:Basic 1030.00 CNY
2026-04-01 balance Assets:Bank:Basic 1031.00 CNY
""")
    assert len(told) == 2
    assert "no entry there moves 30.00 or 15.00 on Assets:Bank:Basic: look for a missing entry" in told[0]
    assert "other account" not in told[0]
    # a different difference is a new run, its window starting where the last balance held (none since 02-01)
    assert "The balance of 2026-02-01 held, so the difference arose from 2026-02-01 to 2026-04-01" in told[1]
    assert "same difference" not in told[1]


def test_books_without_failed_balances_are_left_as_they_are(tmp_path):
    assert _told(tmp_path, "2026-02-01 balance Assets:Bank:Basic 1000.00 CNY\n") == []


def test_relief_check_tells_it(tmp_path):
    root = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2026).parent
    with open(root / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(textwrap.dedent("""
            2026-01-02 * "期初余额" "carried over"
              fund: "GENERAL"
              Assets:Bank:Basic         1000.00 CNY
              Equity:Opening-Balances

            2026-02-01 balance Assets:Bank:Basic 1000.00 CNY
            2026-02-01 * "银行手续费" "charged twice"
              fund: "GENERAL"
              Expenses:Admin:BankFees    5.50 CNY
              Assets:Bank:Basic
            2026-03-01 balance Assets:Bank:Basic 1000.00 CNY
            2026-04-01 balance Assets:Bank:Basic 1000.00 CNY
            """))
    result = CliRunner().invoke(cli, ["check", str(root)])
    assert result.exit_code == 1
    assert "The balance of 2026-02-01 held, so the difference arose from 2026-02-01 to 2026-03-01" in result.output, result.output
    assert "银行手续费 charged twice: -5.50" in result.output
    assert "The same difference as the balance of 2026-03-01" in result.output


def test_two_balances_of_one_day_each_keep_their_own_message(tmp_path):
    """A merge that kept both sides wrote the closing balance twice on one day: the messages
    were kept by day, so the first failing balance said it had "the same difference as the
    balance of 2026-03-01" (itself) and lost its window and entries."""
    told = _told(tmp_path, """
2026-02-01 balance Assets:Bank:Basic 1000.00 CNY
2026-02-10 * "aid" "typed twice"
  Expenses:Aid  80.00 CNY
  Assets:Bank:Basic
2026-03-01 balance Assets:Bank:Basic 1000.00 CNY
2026-03-01 balance Assets:Bank:Basic 1000.00 CNY
""")
    assert len(told) == 2
    assert "The balance of 2026-02-01 held, so the difference arose from 2026-02-01 to 2026-03-01" in told[0]
    assert "The same difference as the balance of 2026-03-01 (" in told[1] and "books.beancount:14)" in told[1]
    assert "same difference" not in told[0]


def test_a_row_booked_twice_is_named_by_its_source_ref(tmp_path):
    told = _told(tmp_path, """
2026-02-01 balance Assets:Bank:Basic 1000.00 CNY
2026-02-10 * "gift"
  source_ref: "icbc:0001"
  Assets:Bank:Basic  15.00 CNY
  Income:Donation
2026-02-10 * "gift"
  source_ref: "icbc:0001"
  Assets:Bank:Basic  15.00 CNY
  Income:Donation
2026-03-01 balance Assets:Bank:Basic 1015.00 CNY
""")
    assert ("1 row(s) of the bank's or platform's files are in the books twice, the same source_ref on two entries"
            in told[0])
    assert "icbc:0001: " in told[0] and "books.beancount:11 and " in told[0]


def test_a_transaction_that_does_not_balance_in_the_window_is_named_first(tmp_path):
    """Beancount keeps a transaction that does not balance: an extra one (here 100.00 into the
    bank against 90.00 of income) makes the balance fail. It was one of the "entries moving
    100.00", after three ordinary gifts of that amount, so under "and 1 more"; its own error
    was elsewhere in the list. The failed balance now names it first."""
    told = _told(tmp_path, """
2026-02-01 balance Assets:Bank:Basic 1000.00 CNY
2026-02-02 * "gift one"
  Assets:Bank:Basic  100.00 CNY
  Income:Donation
2026-02-03 * "gift two"
  Assets:Bank:Basic  100.00 CNY
  Income:Donation
2026-02-04 * "gift three"
  Assets:Bank:Basic  100.00 CNY
  Income:Donation
2026-02-05 * "union" "typed wrong"
  Assets:Bank:Basic  100.00 CNY
  Income:Donation   -90.00 CNY
2026-03-01 balance Assets:Bank:Basic 1300.00 CNY
""")
    assert len(told) == 1
    assert "does not balance" in told[0] and "books.beancount:20" in told[0], told[0]
    assert told[0].index("books.beancount:20") < told[0].index("gift one"), told[0]
