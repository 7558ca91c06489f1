"""Importing a 100 000-row bank statement into 100 000-transaction demo books, against bean-check.

    python benchmarks/bench_import.py [BOOKS] [--transactions N] [--rows R]

Without BOOKS, the demo books of N transactions (default 100 000) are written by `relief
demo` into a temporary folder. The statement (R rows, default 100 000) is in the demo's own
bank export layout: every row of the demo's monthly statements (already in the books, so
de-duplication by the bank's transaction id must drop them) plus generated new rows —
donations from registered donors and from strangers, debits to payees — with fresh ids.

Measured in one run, on the same books:
- baseline: beancount's loader with the rules and no cache (what bean-check does);
- import: identify + read + classify + de-duplicate (source_ref and beangulp's fuzzy match
  over the indexed books) + receipts, given the loaded books (what `relief import` adds to
  loading them);
- the whole dry run as `relief import` runs it (loading the books included), for reference.
Ratios are import / baseline; the target is at most 1×.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from beancount import loader  # noqa: E402

from importers.run import extract_files, load_importers, render  # noqa: E402
from ledger.books import load_books, resolve_books  # noqa: E402

HEADER = ["交易日期", "交易流水号", "摘要", "对方户名", "收入金额", "支出金额", "余额"]


def write_statement(root: Path, rows: int, seed: int = 11) -> tuple[Path, int]:
    """The demo's own statement rows plus new rows up to `rows`; returns (path, rows already in the books)."""
    rnd = random.Random(seed)
    old: list[list[str]] = []
    for path in sorted((root / "documents" / "statements").glob("*.csv")):
        reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8")))
        next(reader)
        old.extend(reader)
    old = old[:rows]
    donors = [e for e in load_books(root).registry.donors.values() if e.id not in ("ANON",)]
    new = []
    balance = Decimal("1000000.00")
    for i in range(rows - len(old)):
        day = datetime.date(2026, 1, 1) + datetime.timedelta(days=rnd.randrange(365))
        kind = rnd.random()
        if kind < 0.5:
            name, amount = rnd.choice(donors).name, Decimal(rnd.randrange(100, 500000)) / 100
        elif kind < 0.75:
            name, amount = f"新捐赠人{rnd.randrange(5000)}", Decimal(rnd.randrange(100, 100000)) / 100
        else:
            name, amount = f"收款单位{rnd.randrange(2000)}", -Decimal(rnd.randrange(100, 200000)) / 100
        balance += amount
        new.append([day.isoformat(), f"BENCH{i:08d}", "转账", name,
                    f"{amount:.2f}" if amount > 0 else "", f"{-amount:.2f}" if amount < 0 else "", f"{balance:.2f}"])
    new.sort(key=lambda r: r[0])
    path = root / "bench-statement.csv"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(old + new)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path, len(old)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("books", nargs="?")
    parser.add_argument("--transactions", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        if args.books:
            main_file = resolve_books(args.books)
        else:
            from ledger.demo import write_demo

            t = time.perf_counter()
            main_file, _ = write_demo(Path(tmp) / "demo", seed=1, transactions=args.transactions)
            print(f"demo books: {args.transactions:,} transactions written in {time.perf_counter() - t:.1f} s")
        root = main_file.parent
        statement, overlap = write_statement(root, args.rows)
        print(f"statement: {args.rows:,} rows ({overlap:,} already in the books, {args.rows - overlap:,} new)")

        loader.initialize(use_cache=False)
        t = time.perf_counter()
        entries, errors, _ = loader.load_file(str(main_file))
        baseline = time.perf_counter() - t
        n_txn = sum(1 for e in entries if type(e).__name__ == "Transaction")
        print(f"baseline (bean-check: loader + rules, no cache): {baseline:.2f} s for {n_txn:,} transactions, {len(errors)} errors")

        t = time.perf_counter()
        books = load_books(main_file)
        loaded = time.perf_counter() - t
        importers = load_importers(books.root)
        t = time.perf_counter()
        (result,) = extract_files(books, [statement], importers)
        work = time.perf_counter() - t
        assert result.problem is None, result.problem
        t = time.perf_counter()
        text = render([result])
        rendered = time.perf_counter() - t
        new = [e for e in result.new if type(e).__name__ == "Transaction"]
        print(f"import: {len(new):,} new transactions, {len(result.duplicates):,} already in the books "
              f"(of {args.rows:,} rows); printed {len(text) // 1024:,} KiB")
        print(f"import work (read, classify, de-duplicate, receipts): {work:.2f} s = {work / baseline:.2f}x bean-check")
        whole = loaded + work + rendered
        print(f"whole dry run (load books {loaded:.2f} s + import + print {rendered:.2f} s): {whole:.2f} s = {whole / baseline:.2f}x bean-check")


if __name__ == "__main__":
    main()
