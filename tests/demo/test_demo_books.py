"""The demo books: deterministic, free of errors, complete, and private where they must be."""

from __future__ import annotations

import csv
import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest
from beancount import loader
from beancount.core import data

from ledger.accounts import AID_CATEGORIES, is_donation
from ledger.demo import write_demo
from ledger.errors import format_error
from ledger.registry import build_registry
from tests.demo.conftest import SMALL


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_writes_byte_identical_books(small_demo, tmp_path):
    again, _ = write_demo(tmp_path / "again", seed=7, transactions=SMALL)
    first, second = _files(small_demo.parent), _files(again.parent)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_another_seed_writes_another_year(small_demo, tmp_path):
    other, _ = write_demo(tmp_path / "other", seed=8, transactions=SMALL)
    assert not filecmp.cmp(small_demo.parent / "txns/2026.beancount", other.parent / "txns/2026.beancount", shallow=False)


def test_loads_with_zero_errors_and_the_rules_on(small_loaded):
    entries, errors, options = small_loaded
    assert [format_error(e) for e in errors] == []
    assert ("ledger.plugins.rules", None) in options["plugin"]


def test_size_is_about_what_was_asked(small_loaded):
    txns = [e for e in small_loaded[0] if isinstance(e, data.Transaction)]
    assert 0.85 * SMALL <= len(txns) <= 1.15 * SMALL


def test_the_year_has_every_part_of_the_story(small_loaded):
    entries, _, _ = small_loaded
    txns = [e for e in entries if isinstance(e, data.Transaction)]
    accounts = {p.account for t in txns for p in t.postings}
    assert set(AID_CATEGORIES) <= accounts
    for source in ("Income:Union", "Income:Government", "Income:Donation:Enterprise", "Income:Donation:Individual",
                   "Income:Donation:Organisation", "Income:Donation:InKind", "Income:Interest",
                   "Expenses:Operations:BankFees", "Equity:Opening-Balances", "Equity:FundTransfers",
                   "Assets:Receivable:Government", "Assets:Cash"):
        assert source in accounts, source
    registry = build_registry(entries)
    assert {f.kind for f in registry.funds.values()} == {"restricted", "unrestricted"}
    assert {"GENERAL", "EDU-2026", "HOLIDAY-2026", "MEDICAL-GOV-2026"} <= set(registry.funds)
    statuses = {ev.status for case in registry.cases.values() for ev in case.events}
    assert statuses == {"enrolled", "adjusted", "exited"}
    assert {d.kind for d in registry.donors.values()} == {"enterprise", "individual", "organisation"}
    assert {d.anonymous for d in registry.donors.values()} == {"none", "public", "all"}
    assert len(registry.voids) >= 1
    # goods come in with a valuation and leave at cost ({} booked to the lots' cost)
    goods_in = [t for t in txns if any(p.account == "Income:Donation:InKind" for p in t.postings)]
    assert goods_in and all(t.meta.get("valuation") in ("invoice", "market", "donor") for t in goods_in)
    goods_out = [p for t in txns for p in t.postings if p.account == "Assets:Goods" and p.units.number < 0]
    assert goods_out and all(p.cost is not None and p.cost.number > 0 for p in goods_out)
    # a receivable that is later received
    receivable = [p.units.number for t in txns for p in t.postings if p.account == "Assets:Receivable:Government"]
    assert any(n > 0 for n in receivable) and any(n < 0 for n in receivable) and sum(receivable) == 0
    # a restricted fund closed into GENERAL
    transfers = [p for t in txns for p in t.postings if p.account == "Equity:FundTransfers"]
    assert {p.meta["fund"] for p in transfers} >= {"GENERAL", "EDU-2026"}
    # monthly balance assertions on bank and cash; documents attached
    balances = [e for e in entries if isinstance(e, data.Balance)]
    assert {(b.account, b.date.month) for b in balances if b.date.year == 2026} >= {
        (a, m) for a in ("Assets:Bank:Basic", "Assets:Cash") for m in range(2, 13)}
    documents = [e for e in entries if isinstance(e, data.Document)]
    assert documents and all(os.path.isfile(d.filename) for d in documents)
    assert any(d.account == "Assets:Bank:Basic" for d in documents)  # statements found by option "documents"
    # every bank line (the opening balance aside) carries the bank's reference, and they are unique
    refs = [t.meta.get("source_ref") for t in txns
            if any(p.account == "Assets:Bank:Basic" for p in t.postings) and not any(p.account.startswith("Equity:Opening") for p in t.postings)]
    assert refs and None not in refs and len(set(refs)) == len(refs)
    # donations carry donor and receipt
    assert all("donor" in t.meta and "receipt" in t.meta for t in txns if any(is_donation(p.account) for p in t.postings))


def test_no_personal_detail_of_a_case_reaches_the_books(small_demo):
    root = small_demo.parent
    books_text = "".join(p.read_text(encoding="utf-8") for p in root.rglob("*.beancount"))
    with (root / "private/cases.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 40
    leaks = [(row["case"], key) for row in rows for key in ("name", "id_number", "phone", "address") if row[key] in books_text]
    assert leaks == []
    assert "private/" not in (root / "main.beancount").read_text(encoding="utf-8")


def test_bean_check_exits_0(small_demo):
    bean_check = Path(sys.executable).with_name("bean-check")
    result = subprocess.run([str(bean_check), "--no-cache", str(small_demo)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


@pytest.mark.slow
def test_ten_thousand_transactions_load_with_zero_errors(tmp_path):
    main, year = write_demo(tmp_path / "big", seed=3, transactions=10_000)
    assert 9_000 <= year.counts["transactions"] <= 11_000
    loader.initialize(use_cache=False)
    entries, errors, _ = loader.load_file(str(main))
    assert [format_error(e) for e in errors] == []
    registry = build_registry(entries)
    assert 300 < len(registry.cases) < 1000 and 150 < len(registry.donors) < 500


@pytest.mark.parametrize("size", [3000, 100_000, 300_000, 1_000_000])
def test_receipt_numbers_never_run_out(size):
    """Receipts have five digits: however large the demo, a year issues fewer than 100,000."""
    from ledger.demo.story import event_counts

    counts = event_counts(size)
    assert counts["donation"] + counts["goods_in"] + 12 + 2 <= 99_999
    assert abs(sum(counts.values()) - size) <= 0.05 * size
