"""A bank debit to a case whose aid is in the books under another amount (one of the two mistyped).

Left alone by fuzzH and done after it: the roster's 800.01 (aid in the books) and the
statement's 800.00 to the same case on one day were not linked (the link asks for the same
amount) and nothing said so: the debit stood flagged on Liabilities:Payable, the aid paid
twice in the books, stopped only by the statement's balance assertion (not with --no-balance).
The dry run now names the aid entry and says the aid is paid twice if it is one payment."""

from __future__ import annotations

from pathlib import Path

from importers.run import extract_files, load_importers
from ledger.books import load_books

AID = """
2026-03-01 * "期初余额"
  fund: "GENERAL"
  Assets:Bank:Basic   5000.00 CNY
  Equity:Opening-Balances

2026-03-03 * "李大伟" "困难救助"
  fund: "GENERAL"
  approval: "SP-2026-0001"
  case: "C0001"
  source_ref: "roster:SP-2026-0001"
  Expenses:Aid:Living   {amount} CNY
  Assets:Bank:Basic
"""
STATEMENT = "交易日期,摘要,收入金额,支出金额,余额,对方户名\n2026-03-03,跨行汇款,,800.00,4200.00,{payee}\n"


def _notes(books: Path, tmp_path: Path, aid_amount: str, payee: str) -> list[str]:
    with open(books / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(AID.format(amount=aid_amount))
    statement = tmp_path / "statement.csv"
    statement.write_text(STATEMENT.format(payee=payee), encoding="utf-8")
    loaded = load_books(books)
    assert not loaded.errors, loaded.errors
    results = extract_files(loaded, [statement], load_importers(loaded.root), account="Assets:Bank:Basic", balance=False)
    assert all(r.problem is None for r in results), [r.problem for r in results]
    return [n for r in results for n in r.report.notes if "amounts differ" in n]


def test_a_mistyped_aid_amount_is_named(books, tmp_path):
    notes = _notes(books, tmp_path, "800.01", "李大伟")
    assert len(notes) == 1, notes
    # the payee is the case, as the books name it (never the name: private/cases.csv holds that)
    assert "the debit of 800.00 to C0001（帮扶对象） on 2026-03-03" in notes[0] and "the aid of 800.01" in notes[0]
    assert "2026.beancount:" in notes[0] and "paid twice" in notes[0]


def test_the_same_amount_is_linked_and_not_named(books, tmp_path):
    assert _notes(books, tmp_path, "800.00", "李大伟") == []


def test_a_debit_to_someone_else_is_not_named(books, tmp_path):
    assert _notes(books, tmp_path, "800.01", "赵小红") == []
