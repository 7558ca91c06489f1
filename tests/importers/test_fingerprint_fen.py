"""A row without an id of its own is the same row whether its amount reads -10.00 or -10.

Rows without a bank or platform id are told apart by a fingerprint of their content
(importers.records.Record.fingerprint). It used the amount's text as read, so the same
statement as downloaded (CSV, -10.00) and saved by Excel as a workbook (the number -10), or a
bank's XLS export beside its CSV, gave other ids: importing the second after the first booked
every such row again (the real BOC sample: 8 transactions, -819.20 CNY, twice). Amounts now
count to the fen; books imported before keep matching through the id older versions gave
(`legacy_ref`).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from beancount.core import data
from click.testing import CliRunner

from cli import cli
from importers.records import Record, assign_fingerprints
from importers.run import extract_files, load_importers
from ledger.books import load_books
from ledger.init_books import init_books
from tests.importers.test_real_golden import ACCOUNT, HERE
from tests.importers.test_saved_again import _text, excel_workbook

DAY = datetime.date(2026, 3, 5)


def record(amount: str, balance: str | None = "100.00") -> Record:
    return Record(row=2, date=DAY, amount=Decimal(amount), balance=None if balance is None else Decimal(balance), memo="转账")


def test_an_amount_counts_to_the_fen():
    assert record("-10.00").fingerprint("x") == record("-10").fingerprint("x") == record("-10.0").fingerprint("x")
    assert record("-10.00", "100").fingerprint("x") == record("-10.00", "100.00").fingerprint("x")
    assert record("-10.00").fingerprint("x") != record("-10.01").fingerprint("x")
    # a quantity finer than the fen (a goods register's 1.125 kg) keeps its figures
    assert record("1.125").fingerprint("x") != record("1.13").fingerprint("x")


def test_the_older_id_is_kept_only_where_it_differs():
    written, rounded, twice, again = record("-10.00"), record("-10"), record("-10"), record("-10")
    assign_fingerprints([written, rounded], "boc")
    assert written.source_ref == rounded.source_ref.removesuffix("#2")
    assert written.legacy_ref == ""  # -10.00 gave this id before too
    assert rounded.legacy_ref and rounded.legacy_ref != rounded.source_ref
    assign_fingerprints([twice, again], "boc")
    assert again.source_ref == twice.source_ref + "#2" and again.legacy_ref == twice.legacy_ref + "#2"
    assert written.written_to_fen and not rounded.written_to_fen and not record("-10.00", "100").written_to_fen


def _cli(*args: str) -> str:
    run = CliRunner().invoke(cli, ["import", *args])
    assert run.exit_code == 0, run.output
    return run.output


@pytest.fixture
def books(tmp_path):
    root = tmp_path / "books"
    init_books(root, name_zh="测试帮扶中心", name_en="Test centre", year=2017)
    return root


def test_the_statement_saved_by_excel_after_the_csv_adds_nothing(books, tmp_path):
    sample = HERE / "boc-debit" / "boc-debit.csv"
    _cli(str(books), str(sample), "--account", ACCOUNT, "--ignore-summary", "--no-balance", "--write")
    workbook = tmp_path / "boc-debit.xlsx"
    workbook.write_bytes(excel_workbook(_text(sample)))
    loaded = load_books(books)
    (result,) = extract_files(loaded, [workbook], load_importers(books), account=ACCOUNT, verify_summary=False, balance=False)
    assert result.problem is None, result.problem
    assert [e for e in result.new if isinstance(e, data.Transaction)] == []
    assert len(result.duplicates) == 17


def test_books_imported_by_an_older_version_still_match(books, monkeypatch):
    """The real CCB .xls (amounts as numbers: 11000, not 11000.00) written with the ids older
    versions made, then imported again: every row is found in the books."""
    sample = HERE / "ccb-debit-detail" / "ccb-debit-detail.xls"
    fingerprint = Record.fingerprint
    with monkeypatch.context() as m:
        m.setattr(Record, "fingerprint", lambda self, namespace, legacy=False: fingerprint(self, namespace, legacy=True))
        _cli(str(books), str(sample), "--account", ACCOUNT, "--ignore-summary", "--no-balance", "--write")
    loaded = load_books(books)
    old_ids = {e.meta["source_ref"] for e in loaded.entries if isinstance(e, data.Transaction) and "source_ref" in e.meta}
    (result,) = extract_files(loaded, [sample], load_importers(books), account=ACCOUNT, verify_summary=False, balance=False)
    assert result.problem is None, result.problem
    new_ids = {e.meta["source_ref"] for e in result.duplicates if "source_ref" in e.meta}
    assert new_ids - old_ids, "the sample has whole-yuan amounts: some of its ids changed"
    assert [e for e in result.new if isinstance(e, data.Transaction)] == []
