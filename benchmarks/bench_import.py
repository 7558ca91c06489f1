"""`relief import` (a dry run) of a 100 000-row bank statement into 100 000-transaction demo
books, as a user runs it, against bean-check without its cache.

    python benchmarks/bench_import.py [--transactions N] [--rows R] [--repeat K]

The demo books of N transactions (default 100 000; generated once and kept under
/tmp/relief-bench-books/, see bench_publish.py) are copied into a temporary folder. The
statement (R rows, default 100 000) is in the demo's own bank export layout: every row of
the demo's monthly statements (already in the books, so de-duplication by the bank's
transaction id must drop them) plus generated new rows - donations from registered donors
and from strangers, debits to payees - with fresh ids.

Measured in one run, each as its own process, the fastest of K runs: the baseline,
`bean-check -C` (beancount's loader with the rules and no cache), and `relief import BOOKS
STATEMENT` (the whole dry run: loading the books, identify, read, classify, de-duplicate,
receipts, printing) in the default configuration, relief's caches as a first command left
them (a `relief check` runs first). Ratios are import / baseline, elapsed and CPU; the target
is at most 1x (issue 15).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import random
import re
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _as_users import bytecode_as_users, users_env  # noqa: E402
from _results import save  # noqa: E402
from ledger.books import load_books  # noqa: E402

HEADER = ["交易日期", "交易流水号", "摘要", "对方户名", "收入金额", "支出金额", "余额"]


def write_statement(root: Path, rows: int, seed: int = 11) -> tuple[Path, int]:
    """The demo's own statement rows plus new rows up to `rows`; returns (path, rows already in the books)."""
    rnd = random.Random(seed)
    old: list[list[str]] = []
    for path in sorted((root / "documents" / "statements").glob("*.csv")):
        reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8")))
        # the rows of transactions only (the bank's preamble, header and totals are left out)
        old.extend(row for row in reader if len(row) == len(HEADER) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[0].strip()))
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
    """Write the statement, then time bean-check -C and the dry run alternately; save the fastest of each."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transactions", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--books-cache", type=Path, default=Path(tempfile.gettempdir()) / "relief-bench-books")
    args = parser.parse_args()
    bytecode_as_users()
    from bench_publish import BIN, Step, demo_books, run  # noqa: E402

    from ledger import load_cache

    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        env = users_env(tmp)
        root = Path(tmp) / "demo"
        demo_books(args.transactions, args.books_cache if str(args.books_cache) else None, env, root)
        main_file = str(root / "main.beancount")
        statement, overlap = write_statement(root, args.rows)
        print(f"statement: {args.rows:,} rows ({overlap:,} already in the books, {args.rows - overlap:,} new)")
        load_cache.wait_for_writer(main_file)
        first = run([str(BIN / "relief"), "check", main_file], env)  # relief's caches as a first command leaves them
        assert first.result.returncode == 0, first.result.stdout + first.result.stderr
        load_cache.wait_for_writer(main_file)
        base, dry = Step("bean-check -C (baseline)"), Step(f"relief import, dry run, {args.rows:,}-row statement")
        for _ in range(args.repeat):
            r = base.add(run([str(BIN / "bean-check"), "-C", main_file], env)).result
            assert r.returncode == 0, r.stdout + r.stderr
            r = dry.add(run([str(BIN / "relief"), "import", main_file, str(statement)], env)).result
            assert r.returncode == 0, r.stderr[-2000:]
            note = load_cache.wait_for_writer(main_file)
            if note:
                dry.runs[-1].system += note["cpu_s"]
        summary = [line for line in r.stdout.splitlines() if line.startswith(";; ")][:3]
        print("\n".join(summary))
        rows = []
        for step, b in ((base, None), (dry, base)):
            row = {"label": step.label, "elapsed_s": round(step.wall, 2), "cpu_s": round(step.cpu, 2)}
            if b:
                row.update(elapsed_ratio=round(step.wall / b.wall, 2), cpu_ratio=round(step.cpu / b.cpu, 2), target=1.0, target_kind="ratio_max")
            rows.append(row)
            print(f"{step.label:44} {step.wall:7.2f} s elapsed {step.cpu:7.2f} s CPU"
                  + (f"  = {row['elapsed_ratio']:.2f}x / {row['cpu_ratio']:.2f}x bean-check -C (target: at most 1x)" if b else ""))
        save("bench_import", rows, transactions=args.transactions, rows_in_statement=args.rows, repeat=args.repeat)


if __name__ == "__main__":
    main()
