"""What the closed_period rule costs on large books, as a ratio to bean-check's own work.

    .venv/bin/python benchmarks/closed_period.py [--transactions 100000]

Builds relief books (the `init` template) with N transactions over two years: donations
with donors and receipts, aid with cases and approvals, bank fees; a statement balance with
its period at every month end; then closes every month but the last (the digests computed
as `relief close` does). One load through beancount's loader (every plugin runs), then the
rules as the loader runs them (the `ledger.plugins.rules` bundle, whose rules share the
registry, settings and transaction index: computed once), and each rule again alone (each
then builds those look-ups itself, so the rules alone add up to more than the bundle).
Reported as ratios against the load without the rules (bean-check's own parsing, booking
and checks), measured in the same run, in CPU time of this process (the machine is shared;
wall time would count the neighbours' work). The saved row, against issue 2's budget, is
the bundle's: what bean-check, Fava and relief pay.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from beancount import loader  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _as_users import bytecode_as_users  # noqa: E402
from _results import save  # noqa: E402
from ledger.closes.close import close_directive  # noqa: E402
from ledger.init_books import init_books  # noqa: E402
from ledger.plugins import closed_period, rules  # noqa: E402
from ledger.closes.records import period_entries, side_text  # noqa: E402
from ledger.closes.digest import books_root, digest_of_hashes, entry_hash  # noqa: E402
from ledger.period import month_of  # noqa: E402


def write_books(root: Path, n: int) -> Path:
    """Books of about n transactions spread over 2024-2025 (fixed seed); returns the main file."""
    main = init_books(root, name_zh="基准", name_en="Bench", year=2024)
    rng = random.Random(7)
    donors, cases, lines = [], [], []
    for i in range(200):
        donors.append(f'2024-01-01 custom "donor" "D{i:04d}" "individual"\n  name: "捐赠人{i}"\n')
        cases.append(f'2024-01-01 custom "case" "C{i:04d}" "enrolled"\n  unit: "工会{i % 7}"\n  cause: "illness"\n  household: 3\n')
    (root / "registry" / "donors.beancount").write_text("".join(donors), encoding="utf-8")
    (root / "registry" / "cases.beancount").write_text("".join(cases), encoding="utf-8")
    (root / "settings.beancount").write_text(
        (root / "settings.beancount").read_text(encoding="utf-8").replace("30000 CNY", "3000000 CNY").replace("20000 CNY", "2000000 CNY"), encoding="utf-8"
    )
    start = datetime.date(2024, 1, 1)
    days = 730
    per_day = n / days
    balance = Decimal(0)
    receipts = {2024: 0, 2025: 0}
    month = None
    k = 0
    for d in range(days):
        day = start + datetime.timedelta(days=d)
        if month_of(day) != month:
            if month is not None:
                lines.append(f"{day} balance Assets:Bank:Basic {balance:.2f} CNY\n  statement_start: {month.start}\n  statement_end: {month.last_day}\n")
            month = month_of(day)
        count = int(per_day * (d + 1)) - int(per_day * d)
        for _ in range(count):
            k += 1
            kind = rng.random()
            if kind < 0.6 or balance < 5000:
                amount = Decimal(rng.randint(1000, 100000)) / 100
                receipts[day.year] += 1
                lines.append(
                    f'{day} * "捐赠人{k % 200}" "捐款"\n  fund: "GENERAL"\n  donor: "D{k % 200:04d}"\n  receipt: "JZ-{day.year}-{receipts[day.year]:05d}"\n'
                    f'  source_ref: "B{k:08d}"\n  Assets:Bank:Basic  {amount} CNY\n  Income:Donation:Individual\n'
                )
                balance += amount
            elif kind < 0.95:
                amount = Decimal(rng.randint(100, 2000))
                lines.append(
                    f'{day} * "困难救助"\n  fund: "GENERAL"\n  approval: "SP-{k:07d}"\n  case: "C{k % 200:04d}"\n'
                    f"  Expenses:Aid:Living  {amount:.2f} CNY\n  Assets:Bank:Basic\n"
                )
                balance -= amount
            else:
                lines.append(f'{day} * "手续费"\n  fund: "GENERAL"\n  source_ref: "F{k:08d}"\n  Expenses:Operations:BankFees  2.00 CNY\n  Assets:Bank:Basic\n')
                balance -= 2
    (root / "txns" / "2024.beancount").write_text("\n".join(lines), encoding="utf-8")
    return main


def close_all_but_last(main: Path) -> int:
    """Close every month but the last, digests computed as `relief close` does; returns how many."""
    entries, errors, options = loader.load_file(str(main))
    assert not errors, errors[:3]
    root = books_root(options)
    months = sorted({month_of(e.date) for e in entries if e.date.year >= 2024})[:-1]
    texts = []
    for period in months:
        in_period = period_entries(entries, period)
        digest = digest_of_hashes(entry_hash(e, root) for e in in_period)
        (main.parent / "closes").mkdir(exist_ok=True)
        (main.parent / "closes" / f"{period}.sha256").write_text(side_text(period, digest, in_period, root), encoding="utf-8")
        texts.append(close_directive(period, digest, datetime.date(2026, 1, 1)))
    with (main.parent / "closes.beancount").open("a", encoding="utf-8") as handle:
        handle.write("\n" + "\n".join(texts))
    return len(months)


def main() -> None:
    """Load the closed books once with every rule, then time each rule alone; save all rules' share of bean-check's own work."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=100_000)
    args = parser.parse_args()
    bytecode_as_users()
    with tempfile.TemporaryDirectory() as tmp:
        books = write_books(Path(tmp) / "books", args.transactions)
        closed = close_all_but_last(books)
        t0 = time.process_time()
        entries, errors, options = loader.load_file(str(books))
        full = time.process_time() - t0
        assert not errors, [str(e.message) for e in errors[:3]]
        bundle = []
        for _ in range(2):
            t0 = time.process_time()
            rules.check_all_rules(entries, options)
            bundle.append(time.process_time() - t0)
        all_rules = min(bundle)
        timings = {}
        for rule in rules.RULES:
            t0 = time.process_time()
            rule(entries, options)
            timings[rule.__name__] = time.process_time() - t0
        base = full - all_rules
        ours = timings[closed_period.check_closed_period.__name__]
        n_txn = sum(1 for e in entries if type(e).__name__ == "Transaction")
        print(f"books: {len(entries)} entries, {n_txn} transactions, {closed} closed months")
        print(f"load with every rule: {full:.2f} s; bean-check's own work (load minus rules): {base:.2f} s")
        print(f"all rules, as the loader runs them (the bundle, look-ups shared): {all_rules:.2f} s = {all_rules / base:.1%} of bean-check (budget 20%)")
        print("each rule alone (building the shared look-ups itself):")
        for name, t in sorted(timings.items(), key=lambda kv: -kv[1]):
            print(f"  {name:28s} {t:7.3f} s  {t / base:6.1%} of bean-check")
        print(f"closed_period: {ours:.3f} s = {ours / base:.1%} of bean-check, {ours / n_txn * 1e6:.1f} µs per transaction")
        save("closed_period", [{"label": f"rules (bundle) / bean-check's work, {n_txn:,} txns, {closed} closes",
                                "cpu_s": round(all_rules, 2), "cpu_ratio": round(all_rules / base, 3), "target": 0.20, "target_kind": "ratio_max"}])


if __name__ == "__main__":
    main()
