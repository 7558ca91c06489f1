"""How much the relief-fund rules add to loading the books (issue 2's measure).

In one run: write demo books at 10k and 100k transactions, then time beancount's loader (what
bean-check runs) on each, with the rules plugin and without it (a copy of main.beancount
with the plugin line removed), alternating, a few times each, every load in a fresh
process with the pickle cache off. Times are the loading process's CPU seconds, which
other work on a shared machine disturbs less than wall-clock time.

A third variant names a plugin that does nothing: beancount imports it, re-sorts the
entries after it, and the extra allocation often costs one more full garbage collection.
That is what any plugin costs; the last column is what the rules add beyond it. Prints a table and the ratio; the target is that the
rules add at most 20%.

    .venv/bin/python benchmarks/bench_rules.py [--sizes 10000,100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _as_users import bytecode_as_users  # noqa: E402
from _results import save  # noqa: E402
from ledger.demo import write_demo  # noqa: E402

PLUGIN_LINE = 'plugin "ledger.plugins.rules"'
NOOP_MODULE = "relief_bench_noop_plugin"
NOOP_SOURCE = '__plugins__ = ("noop",)\n\n\ndef noop(entries, options_map, config=None):\n    return entries, []\n'
TARGET = 1.20

# Runs in a fresh interpreter: import first, then time the load alone.
TIMER = """
import sys, time
from beancount import loader
loader.initialize(use_cache=False)
start = time.process_time()
entries, errors, options = loader.load_file(sys.argv[1])
print(time.process_time() - start, len(errors), len(entries))
"""


def time_load(main: Path) -> tuple[float, int]:
    """Seconds of one load of `main` in a fresh process (TIMER) and the number of errors it reported."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(main.parent), os.environ.get("PYTHONPATH")]))}
    out = subprocess.run([sys.executable, "-c", TIMER, str(main)], capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    seconds, errors, _ = out.stdout.split()
    return float(seconds), int(errors)


def variant(main: Path, name: str, plugin_line: str) -> Path:
    """A copy of main.beancount beside it with the rules' plugin line replaced."""
    text = main.read_text(encoding="utf-8")
    if PLUGIN_LINE not in text:
        raise SystemExit(f"{main}: no {PLUGIN_LINE!r} line to replace")
    copy = main.with_name(f"main-{name}.beancount")
    copy.write_text(text.replace(PLUGIN_LINE, plugin_line), encoding="utf-8")
    return copy


def _fmt(times: list[float]) -> str:
    return "[" + ", ".join(f"{t:.2f}" for t in times) + "]"


def main() -> int:
    """Load each size with the rules, without them and with a no-op plugin, alternating; print and save the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="transaction counts, comma separated")
    parser.add_argument("--repeat", type=int, default=3, help="loads per variant and size")
    args = parser.parse_args()
    bytecode_as_users()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-rules-") as tmp:
        for size in sizes:
            started = time.perf_counter()
            main_file, year = write_demo(Path(tmp) / f"demo-{size}", seed=1, transactions=size)
            generated = time.perf_counter() - started
            plain = variant(main_file, "without-rules", "")
            (main_file.parent / f"{NOOP_MODULE}.py").write_text(NOOP_SOURCE, encoding="utf-8")
            noop = variant(main_file, "noop-plugin", f'plugin "{NOOP_MODULE}"')
            with_times, without_times, noop_times = [], [], []
            for _ in range(args.repeat):  # alternate, so that load on the machine hits all alike
                seconds, errors = time_load(main_file)
                if errors:
                    print(f"{size}: the demo books have {errors} errors with the rules; fix that first", file=sys.stderr)
                    return 1
                with_times.append(seconds)
                without_times.append(time_load(plain)[0])
                noop_times.append(time_load(noop)[0])
            rows.append((size, year.counts.get("transactions", 0), generated, with_times, without_times, noop_times))
            print(f"  {size:>7}: generated in {generated:.1f} s; with rules {_fmt(with_times)}; without {_fmt(without_times)}; "
                  f"no-op plugin {_fmt(noop_times)}", flush=True)
    print()
    print(f"{'size':>8} {'txns':>8} {'generate s':>10} {'without s':>10} {'no-op s':>8} {'with s':>8} "
          f"{'ratio':>6} {'ratio(min)':>10} {'vs no-op':>8}")
    worst = 0.0
    saved = []
    for size, txns, generated, with_times, without_times, noop_times in rows:
        w, wo, nop = statistics.median(with_times), statistics.median(without_times), statistics.median(noop_times)
        ratio, ratio_min = w / wo, min(with_times) / min(without_times)
        worst = max(worst, ratio)
        print(f"{size:>8} {txns:>8} {generated:>10.1f} {wo:>10.2f} {nop:>8.2f} {w:>8.2f} {ratio:>6.2f} {ratio_min:>10.2f} {w / nop:>8.2f}")
        saved.append({"label": f"rules: with / without them, {txns:,} txns (issue 2)",
                      "cpu_s": round(w, 2), "cpu_ratio": round(ratio, 2), "target": TARGET, "target_kind": "ratio_max"})
    save("bench_rules", saved, repeat=args.repeat)
    print(f"\nCPU seconds, median of {args.repeat} loads each, fresh process, pickle cache off; target: ratio <= {TARGET:.2f}")
    print("within target" if worst <= TARGET else f"OVER TARGET: the rules add {100 * (worst - 1):.0f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
