"""How long the auditors' pages take in Fava on large books, against bean-check's time.

    python benchmarks/bench_fava.py [BOOKS] [--transactions N]

With BOOKS, those are measured; without, demo books of N transactions (`relief demo`;
default 20 000 so that `make bench` stays short, docs/auditing.md reports 100 000) are
written into a temporary folder. Measured in one run: the baseline (beancount's loader with
the rules, i.e. what bean-check does), Fava loading the books (which includes the audit
extension computing its views of the whole books, `after_load_file`; that part is also timed
on its own), then each audit view and its JSON once Fava has loaded them: the first request
(the figure to watch: target 1 s), then the median of three more.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from beancount import loader
from beancount.core import data

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _as_users import bytecode_as_users  # noqa: E402
from _results import save  # noqa: E402
from ledger.books import resolve_books  # noqa: E402
from ledger.demo import write_demo  # noqa: E402


def timed(fn):
    """Elapsed seconds of one call and its result (wall clock: what a Fava user waits for)."""
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def timed_cpu(fn):
    """(elapsed, CPU of this process) seconds of fn()."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    """Load the books in Fava, time the extension's views at load and each page's first request; save the rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("books", nargs="?", help="books to measure (default: write demo books)")
    parser.add_argument("--transactions", type=int, default=20_000)
    args = parser.parse_args()
    bytecode_as_users()
    tmp = None
    if args.books:
        main_file = resolve_books(args.books)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="bench-fava-")
        t, (main_file, _) = timed(lambda: write_demo(Path(tmp.name) / "books", transactions=args.transactions))
        print(f"wrote demo books of about {args.transactions} transactions in {t:.1f} s")

    loader.initialize(use_cache=False)  # bean-check's work, not a pickle read; Fava does not cache either
    baseline, (entries, errors, _) = timed(lambda: loader.load_file(str(main_file)))
    n_txn = sum(isinstance(e, data.Transaction) for e in entries)
    print(f"books: {main_file} ({n_txn} transactions, {len(errors)} errors)")
    print(f"baseline  bean-check (loader + rules)           {baseline:7.2f} s  1.00")

    from cli.serve import make_app

    t_load, fava = timed(lambda: make_app(main_file))
    print(f"fava      load the books                        {t_load:7.2f} s  {t_load / baseline:.2f}")
    ledger = next(iter(fava.app.config["LEDGERS"].items()))[1]
    extension = ledger.extensions.get_extension("ReliefAudit")
    t_prepare, c_prepare = timed_cpu(extension.after_load_file)  # again, alone: its share of the load
    print(f"fava      of which the audit views (after_load_file) {t_prepare:7.2f} s  {t_prepare / baseline:.2f}")
    client = fava.app.test_client()
    base = f"/{fava.slug}/extension/ReliefAudit/"

    def get(url, **query):
        response = client.get(url, query_string=query)
        assert response.status_code == 200, (url, response.status_code)
        return response

    year = str(max(e.date for e in entries if isinstance(e, data.Transaction)).year)
    cases = [
        ("statement page", base, {}),
        (f"statement page, time={year}", base, {"time": year}),
        ("statement JSON", base + "statement", {}),
        ("receipts page", base, {"view": "receipts"}),
        ("donors page", base, {"view": "donors"}),
        ("cases page", base, {"view": "cases"}),
        ("rules page", base, {"view": "rules"}),
        ("fava income statement (for scale)", f"/{fava.slug}/api/income_statement", {}),
    ]
    rows = [
        {"label": "fava: load the books (for scale)", "elapsed_s": round(t_load, 2), "elapsed_ratio": round(t_load / baseline, 2)},
        {"label": "fava: of which the audit views at load", "elapsed_s": round(t_prepare, 2), "cpu_s": round(c_prepare, 2), "elapsed_ratio": round(t_prepare / baseline, 2)},
    ]
    for label, url, query in cases:
        first, first_cpu = timed_cpu(lambda: get(url, **query))
        runs = [timed(lambda: get(url, **query))[0] for _ in range(3)]
        med = statistics.median(runs)
        print(f"page      {label:38s} first {first:6.2f} s (CPU {first_cpu:5.2f} s)  {first / baseline:.3f}   again (median of 3) {med:5.2f} s")
        row = {"label": f"fava: {label}, first request", "elapsed_s": round(first, 2), "cpu_s": round(first_cpu, 2), "value": round(first, 2), "unit": "s"}
        if "for scale" not in label:
            row.update(target=1.0, target_kind="max")
        rows.append(row)
    save("bench_fava", rows, transactions=n_txn, baseline_elapsed_s=round(baseline, 2))
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
