"""Run every benchmark in this folder, then print one table of every measurement against its target (`make bench`).

    .venv/bin/python benchmarks/run.py [--transactions 100000] [--repeat K] [--only NAME] [--table-only]

Each script measures against a baseline taken in the same run (bean-check without its
cache, `bean-check -C`, on the same books), prints its own details and saves its rows in
benchmarks/results/NAME.json; this script then prints them all as one table: the
measurement, elapsed time and its ratio, CPU time and its ratio, the target (issue 15, and
issue 2's budget for the rules) and pass / MISS. A ratio passes when both its elapsed and its
CPU figure are within the target.

--transactions sets the size of the demo books for every benchmark but the letters' (which
makes every letter of its own 3,000-transaction demo books); 100,000 is the documented
default, `--transactions 10000` a quick check. Generated demo books are kept under
/tmp/relief-bench-books/ between runs. --table-only prints the table of the saved results.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _as_users import bytecode_as_users  # noqa: E402
from _results import RESULTS, verdict  # noqa: E402

ORDER = ["bench_publish", "bench_import", "bench_link", "bench_letters", "bench_fava", "bench_rules", "closed_period"]


def arguments(name: str, transactions: int, repeat: int | None) -> list[str]:
    """The command-line arguments that give benchmark `name` the requested size and repeats."""
    again = ["--repeat", str(repeat)] if repeat else []
    if name == "bench_publish":
        return ["--transactions", str(transactions), *again]
    if name in ("bench_fava", "closed_period"):
        return ["--transactions", str(transactions)]
    if name == "bench_import":
        return ["--transactions", str(transactions), "--rows", str(transactions), *again]
    if name == "bench_rules":
        # its ratio is of medians: with two runs a median is their mean, and one disturbed
        # run moves it (1.22 in a table, 1.05 on its own); three let the median drop it
        return ["--sizes", str(transactions), "--repeat", str(max(repeat or 3, 3))]
    if name == "bench_link":
        return again  # its own small demo books: the link's cost is the gifts', not the books'
    return []  # bench_letters: its own demo books


def table(names: list[str]) -> list[str]:
    """The lines of the one table: every saved row of the named benchmarks, with its target and verdict."""
    verdicts: list[str] = []
    out = [f"{'measurement':58} {'elapsed':>9} {'ratio':>6} {'CPU':>9} {'ratio':>6} {'value':>12}  {'target':>14}  result"]
    for name in names:
        path = RESULTS / f"{name}.json"
        if not path.is_file():
            out.append(f"{name}: no results (not run, or it failed)")
            continue
        result = json.loads(path.read_text(encoding="utf-8"))
        size = result.get("transactions")
        out.append(f"-- {name}" + (f" ({size:,} transactions)" if size else ""))
        for row in result["rows"]:
            def num(key, fmt):
                return format(row[key], fmt) if row.get(key) is not None else ""

            value = f"{row['value']:g} {row.get('unit', '')}".strip() if row.get("value") is not None else ""
            target = ""
            if row.get("target") is not None:
                kind = row.get("target_kind")
                sign = ">=" if kind == "min" else "<="
                unit = "x" if kind == "ratio_max" else f" {row.get('unit', '')}".rstrip()
                target = f"{sign} {row['target']:g}{unit}"
            elapsed = num("elapsed_s", ".2f") + ("s" if row.get("elapsed_s") is not None else "")
            cpu = num("cpu_s", ".2f") + ("s" if row.get("cpu_s") is not None else "")
            out.append(f"{row['label'][:58]:58} {elapsed:>9} {num('elapsed_ratio', '.2f'):>6} {cpu:>9} {num('cpu_ratio', '.2f'):>6} "
                       f"{value:>12}  {target:>14}  {verdict(row)}".rstrip())
            verdicts.append(verdict(row))
    met, targets = verdicts.count("pass"), sum(1 for v in verdicts if v)
    out.append(f"-- {met} of {targets} targets met" + (f"; MISS: {targets - met}" if met < targets else ""))
    return out


def main() -> int:
    """Run the chosen benchmarks (each its own process), then print the table; non-zero if one failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=100_000, help="size of the demo books (default 100,000)")
    parser.add_argument("--repeat", type=int, help="timed runs of each step where a script repeats them (default: each script's own, 3)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="run only this script (repeatable)")
    parser.add_argument("--table-only", action="store_true", help="print the table of the results saved by the last runs")
    args = parser.parse_args()
    bytecode_as_users()
    names = [n for n in ORDER if (HERE / f"{n}.py").is_file()]
    names += sorted(p.stem for p in HERE.glob("*.py") if p.stem not in names and p.name != "run.py" and not p.name.startswith("_"))
    if args.only:
        names = [n for n in names if n in args.only or f"{n}.py" in args.only]
    failed = []
    if not args.table_only:
        for name in names:
            print(f"== {name}.py", flush=True)
            (RESULTS / f"{name}.json").unlink(missing_ok=True)
            if subprocess.call([sys.executable, str(HERE / f"{name}.py"), *arguments(name, args.transactions, args.repeat)], cwd=HERE.parent) != 0:
                failed.append(name)
    print()
    print("\n".join(table(names)))
    print("\nElapsed: what the user waits for; CPU: the work done (user + system, every process of the command, relief's\n"
          "background cache writer included). Ratios to bean-check -C on the same books in the same run; the fastest of\n"
          "several runs counts. The default configuration throughout (see each script's docstring).")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
