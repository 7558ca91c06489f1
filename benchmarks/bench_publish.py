"""What `relief check` and `relief publish` cost on large books, as users run them, against
bean-check without its cache on the same books in the same run.

    .venv/bin/python benchmarks/bench_publish.py [--transactions 100000] [--repeat 3] [--no-report-pdf]

Writes the demo books (`relief demo --transactions N`, about N transactions in a year; kept
between runs under /tmp/relief-bench-books/ when --books-cache is left as it is), then
runs, each as its own process, in the default configuration: beancount's own load cache as
users have it (on: BEANCOUNT_DISABLE_LOAD_CACHE is not set), relief's caches (the load
cache, ledger/load_cache.py, and the parse cache) as they are after the previous command,
the annual-report PDF made (a default output of publish), the project's modules compiled as a
user's first run leaves them (_as_users.py):

1. `bean-check -C` (the baseline: beancount's loader and every rule, no cache), once per
   round, the fastest run counts;
2. a first publish into an empty folder with relief's caches empty (--repeat times, each
   into a new folder with new caches); then, for comparison, a first publish into a new
   empty folder of books a command has already loaded (relief's load cache as the last first
   publish left it: as after `relief check`);
3. a publish and a `relief check` of the unchanged books (answered from relief's load cache);
4. --repeat rounds of: one new donation appended to inbox.beancount and `relief check` with
   the load cache's append-only path off (RELIEF_LOAD_CACHE_APPENDS=0: a full load, for
   comparison); one new donation appended; `relief check` (the first command after the
   change: the cached base plus the appended entries, ledger/incremental.py); `relief publish` right after it (the check stored the
   loaded books); another new donation; bean-check with its own cache on (as a user runs
   it, for comparison); `relief publish` as the first command after the change.

Each step is measured twice over: elapsed time (what the finance officer waits for; the
publish uses every core, bean-check one) and CPU time (user + system of the process and its
workers, plus the CPU of relief's background cache writer, which the benchmark waits for
before the next step). The fastest run of each step counts (as timeit does): this virtual
machine's timings vary by 10-30 % from run to run, bean-check's too.

The demo books have the year's first three quarters closed (`relief close`, done once when
the books are generated and kept with them), as a centre's books are late in the year, so
that every publish builds the verifiable log's sum trees and proofs (docs/verification.md).
Issue 13's budget: the verification phase (`verification (trees, log, proofs)` in
--timings) at most 10 % of a first publish and of a publish after one new donation, elapsed
and CPU; reported as two more rows.

Targets (issue 15): `relief check` after one new donation at most 0.5 x bean-check -C;
publish after one new donation at most 0.6 x (report PDF included); first publish at most
1.3 x. Results are printed and saved in benchmarks/results/bench_publish.json (gitignored),
with each publish's own account of its phases (`relief publish --timings`);
benchmarks/run.py gathers every benchmark's results into one table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
BIN = Path(sys.executable).parent

from _as_users import bytecode_as_users  # noqa: E402


@dataclass
class Run:
    """One child process: elapsed, user and system seconds, and its output."""

    wall: float
    user: float
    system: float
    result: subprocess.CompletedProcess
    background: float = 0.0  # CPU seconds of relief's background cache writer, included in `system`
    faults: int = 0  # minor page faults of the process and its workers (not the background writer)

    @property
    def cpu(self) -> float:
        """User plus system seconds (the background cache writer's CPU is in `system`)."""
        return self.user + self.system


def run(cmd: list[str], env: dict[str, str]) -> Run:
    """Run one command as a child process and measure it (elapsed, and CPU from RUSAGE_CHILDREN)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Run(wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime, result,
               faults=after.ru_minflt - before.ru_minflt)


@dataclass
class Step:
    """The runs of one step; the fastest counts, elapsed and CPU each on their own."""

    label: str
    runs: list[Run] = field(default_factory=list)

    def add(self, r: Run) -> Run:
        """Keep one run of this step; returns it for chaining."""
        self.runs.append(r)
        return r

    @property
    def wall(self) -> float:
        """The fastest elapsed time of the step's runs."""
        return min(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        """The least CPU time of the step's runs (taken on its own, not from the fastest elapsed run)."""
        return min(r.cpu for r in self.runs)

    def fastest(self) -> Run:
        """The run with the least CPU time (its --timings are the ones reported)."""
        return min(self.runs, key=lambda r: r.cpu)


NEW_DONATION = """
{date} * "基准新增捐赠" "benchmark: one new donation"
  fund: "GENERAL"
  donor: "{donor}"
  receipt: "{receipt}"
  Assets:Receivable:Pledges        123.45 CNY
  Income:Donation:{account}
"""


def phases_of(stderr: str) -> list[str]:
    """The `--timings` lines of a publish's output."""
    return [line.removeprefix("timing: ") for line in stderr.splitlines() if line.startswith("timing: ")]


def add_one_donation(books: Path) -> str:
    """Append the next receipt's donation to inbox.beancount; returns the receipt."""
    text = "".join(p.read_text(encoding="utf-8") for p in [*sorted((books / "txns").glob("*.beancount")), books / "inbox.beancount"])
    receipts = re.findall(r'receipt: "([A-Z0-9]+)-(\d{4})-(\d{5})"', text)
    prefix, year, seq = max(receipts, key=lambda r: (r[1], r[2]))
    dates = re.findall(r"^(\d{4}-\d{2}-\d{2}) [*!]", text, re.M)
    donor = re.search(r'custom "donor" "(D\d+)" "enterprise"', (books / "registry" / "donors.beancount").read_text(encoding="utf-8")).group(1)
    receipt = f"{prefix}-{year}-{int(seq) + 1:05d}"
    with open(books / "inbox.beancount", "a", encoding="utf-8") as fh:
        fh.write(NEW_DONATION.format(date=max(dates), donor=donor, receipt=receipt, account="Enterprise"))
    return receipt


#: closed before measuring, so that publish builds the verifiable log (issue 13)
CLOSED = ("2026-Q1", "2026-Q2", "2026-Q3")
VERIFICATION_PHASE = "verification (trees, log, proofs)"
#: the proofs' trees built just before the acknowledgement pages are shared out among
#: workers (publish/site.py): verification's work too, timed inside the pages phase
TREES_PHASE = "proofs' trees, before the workers"


def close_quarters(books: Path, env: dict[str, str]) -> None:
    """Close CLOSED in `books` (each close is one entry of the public log)."""
    closes = books / "closes.beancount"
    done = closes.read_text(encoding="utf-8") if closes.is_file() else ""
    for period in CLOSED:
        if f'"{period}"' not in done:
            subprocess.run([str(BIN / "relief"), "close", str(books), period], env=env, check=True, capture_output=True)


def demo_books(transactions: int, cache: Path | None, env: dict[str, str], dest: Path) -> None:
    """Demo books of about N transactions with CLOSED closed at `dest`: generated once,
    then copied from `cache`."""
    relief = str(BIN / "relief")
    if cache is not None:
        kept = cache / f"demo-{transactions}"
        if not (kept / "main.beancount").is_file():
            print(f"writing demo books with about {transactions} transactions (kept in {kept}) ...", flush=True)
            subprocess.run([relief, "demo", "--out", str(kept), "--transactions", str(transactions), "--force"], env=env, check=True, capture_output=True)
        close_quarters(kept, env)
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(kept, dest, ignore=shutil.ignore_patterns(".*picklecache"))
        return
    print(f"writing demo books with about {transactions} transactions ...", flush=True)
    subprocess.run([relief, "demo", "--out", str(dest), "--transactions", str(transactions), "--force"], env=env, check=True, capture_output=True)
    close_quarters(dest, env)


def phase_seconds(lines: list[str], name: str) -> tuple[float, float] | None:
    """(elapsed, CPU) of one top-level phase in a publish's --timings lines."""
    for line in lines:
        m = re.match(rf"{re.escape(name)}\s+([\d.]+) s\s+\(CPU\s+([\d.]+) s\)", line)
        if m:
            return float(m.group(1)), float(m.group(2))
    return None


def main() -> int:
    """Run every step in the order of the module docstring, print the table and save the results."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--transactions", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each timed step; the fastest counts")
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "bench-publish")
    ap.add_argument("--books-cache", type=Path, default=Path(tempfile.gettempdir()) / "relief-bench-books",
                    help="where generated demo books are kept between runs ('' to generate every time)")
    ap.add_argument("--no-report-pdf", action="store_true", help="leave out the annual-report PDF (not the default configuration)")
    args = ap.parse_args()
    bytecode_as_users()

    from ledger import load_cache

    work: Path = args.work
    books, site = work / "books", work / "site"
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, RELIEF_SITE_SECRET="benchmark-secret-0123456789abcdef", XDG_CONFIG_HOME=tempfile.mkdtemp(prefix="bench-config-"))
    for name in ("BEANCOUNT_DISABLE_LOAD_CACHE", "RELIEF_LOAD_CACHE", "RELIEF_LOAD_CACHE_BACKGROUND"):
        env.pop(name, None)  # the default configuration
    relief, bean_check = str(BIN / "relief"), str(BIN / "bean-check")
    demo_books(args.transactions, args.books_cache if str(args.books_cache) else None, env, books)
    # The previous run's site is moved aside now and deleted only after the measurements:
    # on a file system without a journal (ext4 here) new files made within minutes of
    # deleting tens of thousands cost many times the usual system time, which would be
    # charged to the first publish.
    trash = Path(tempfile.mkdtemp(prefix=".trash-", dir=work))
    # Everything a publish keeps beside its site goes too (`.site.*`: the page cache, the report
    # parts, the verification roots, the spare folder): the last first publish goes into
    # `site`, and must find no cache of an earlier run.
    for stale in (site, *work.glob(".site.*")):
        if stale.exists():
            os.rename(stale, trash / stale.name)
    main_file = str(books / "main.beancount")

    def publish_to(out: Path) -> list[str]:
        return [relief, "publish", str(books), "--out", str(out), "--timings"] + (["--no-report-pdf"] if args.no_report_pdf else [])

    def relief_run(step: Step, cmd: list[str], extra: dict[str, str] | None = None) -> Run:
        """A relief command, then its background cache writer (waited for, its CPU counted)."""
        r = step.add(run(cmd, {**env, **(extra or {})}))
        note = load_cache.wait_for_writer(main_file)
        if note:
            r.system += note["cpu_s"]  # counted in the CPU time; the command did not wait for it
            r.background = note["cpu_s"]
        return r

    def use_caches(folder: str) -> None:
        env["RELIEF_PARSE_CACHE"] = os.environ["RELIEF_PARSE_CACHE"] = folder

    check = Step("bean-check -C (baseline)")
    first = Step("publish, first (caches empty)")
    first_site = Step("publish, first site (books loaded before)")
    unchanged = Step("publish, unchanged books")
    check_unchanged = Step("relief check, unchanged books")
    check_after = Step("relief check (+1 donation)")
    check_full = Step("relief check (+1 donation, appends path off)")
    publish_after_check = Step("publish (+1 donation, after check)")
    bean_default = Step("bean-check, its cache on (+1 donation)")
    after = Step("publish (+1 donation)")
    timings: dict[str, list[str]] = {}  # each publish's own account of its phases and cache hits
    caches = []
    for i in range(args.repeat):
        r = check.add(run([bean_check, "-C", main_file], env)).result
        assert r.returncode == 0, r.stdout + r.stderr
        # every first publish gets a new folder and empty caches; the last one is `site`
        caches.append(tempfile.mkdtemp(prefix="bench-relief-caches-"))
        use_caches(caches[-1])
        out = site if i == args.repeat - 1 else trash / f"site-{i}"
        r = relief_run(first, publish_to(out)).result
        assert r.returncode == 0, r.stderr
    timings[first.label] = phases_of(first.fastest().result.stderr)
    files = int(re.search(r"(\d+) files", r.stderr).group(1))
    # For comparison (no target): the first publish of a site whose books a command has
    # already loaded (`relief check` before publishing, as the finance officer's flow has
    # it): a new, empty site folder, relief's load cache as the last first publish left it.
    for i in range(args.repeat):
        r = relief_run(first_site, publish_to(trash / f"new-site-{i}")).result
        assert r.returncode == 0, r.stderr
    timings[first_site.label] = phases_of(first_site.fastest().result.stderr)
    r = relief_run(unchanged, publish_to(site)).result
    unchanged_written = int(re.search(r"(\d+) written", r.stderr).group(1))
    timings[unchanged.label] = phases_of(r.stderr)
    for _ in range(args.repeat):
        r = relief_run(check_unchanged, [relief, "check", main_file]).result
        assert r.returncode == 0, r.stdout + r.stderr

    receipts, written = [], []
    for _ in range(args.repeat):
        # for comparison: the same check with the load cache's append-only path switched off
        # (a full load, and a new base stored in the background)
        receipts.append(add_one_donation(books))
        r = relief_run(check_full, [relief, "check", main_file], {"RELIEF_LOAD_CACHE_APPENDS": "0"}).result
        assert r.returncode == 0, r.stdout + r.stderr
        receipts.append(add_one_donation(books))
        r = check.add(run([bean_check, "-C", main_file], env)).result
        assert r.returncode == 0, "the new donation broke the books: " + r.stdout + r.stderr
        r = relief_run(check_after, [relief, "check", main_file]).result
        assert r.returncode == 0, r.stdout + r.stderr
        r = relief_run(publish_after_check, publish_to(site)).result
        assert r.returncode == 0, r.stderr
        receipts.append(add_one_donation(books))
        r = bean_default.add(run([bean_check, main_file], env)).result
        assert r.returncode == 0, r.stdout + r.stderr
        r = relief_run(after, publish_to(site)).result
        assert r.returncode == 0, r.stderr
        written.append(int(re.search(r"(\d+) written", r.stderr).group(1)))
    timings[after.label] = phases_of(after.fastest().result.stderr)
    timings[publish_after_check.label] = phases_of(publish_after_check.fastest().result.stderr)

    def ratio(step: Step, base: Step, kind: str) -> float:
        return round(getattr(step, kind) / getattr(base, kind), 2)

    rows = [
        (check, None, None),
        (check_unchanged, check, None),
        (check_after, check, 0.5),
        (check_full, check, None),
        (bean_default, check, None),
        (first, check, 1.3),
        (first_site, check, None),
        (unchanged, check, None),
        (publish_after_check, check, None),
        (after, check, 0.6),
    ]
    result = {
        "benchmark": "bench_publish",
        "transactions": args.transactions,
        "report_pdf": not args.no_report_pdf,
        "repeat": args.repeat,
        "files": files,
        "unchanged_files_written": unchanged_written,
        "new_donations": receipts,
        "files_written_after_one_donation": written,
        "rows": [
            {
                "label": step.label, "elapsed_s": round(step.wall, 2), "cpu_s": round(step.cpu, 2),
                **({"elapsed_ratio": ratio(step, base, "wall"), "cpu_ratio": ratio(step, base, "cpu")} if base else {"baseline": True}),
                **({"target": target, "target_kind": "ratio_max"} if target else {}),
                "runs": [{"elapsed_s": round(r.wall, 2), "user_s": round(r.user, 2), "system_s": round(r.system, 2),
                          "minor_faults": r.faults,
                          **({"background_cache_write_cpu_s": round(r.background, 2)} if r.background else {})} for r in step.runs],
            }
            for step, base, target in rows
        ],
        "timings": timings,
    }
    for step in (first, after):
        spent = phase_seconds(timings[step.label], VERIFICATION_PHASE)
        trees = phase_seconds([line.strip() for line in timings[step.label]], TREES_PHASE)
        if spent is not None and trees is not None:
            spent = (spent[0] + trees[0], spent[1] + trees[1])
        run_ = step.fastest()
        if spent is not None:
            result["rows"].append({
                "label": f"verification's share of {step.label}", "elapsed_s": spent[0], "cpu_s": spent[1],
                "elapsed_ratio": round(spent[0] / run_.wall, 3), "cpu_ratio": round(spent[1] / run_.cpu, 3),
                "target": 0.1, "target_kind": "ratio_max"})
    out_dir = ROOT / "benchmarks" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench_publish.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    print(f"\nfastest of {args.repeat} run(s) each; ratios to bean-check -C on the same books; "
          f"default configuration{' (report PDF left out)' if args.no_report_pdf else ', report PDF included'}\n")
    print(f"{'':40} {'elapsed':>9} {'ratio':>6}   {'CPU':>8} {'ratio':>6}   target")
    for step, base, target in rows:
        line = f"{step.label:40} {step.wall:8.2f}s"
        line += f" {ratio(step, base, 'wall'):6.2f}" if base else " " * 7
        line += f"   {step.cpu:7.2f}s"
        line += f" {ratio(step, base, 'cpu'):6.2f}" if base else " " * 7
        line += f"   <= {target}" if target else ""
        print(line.rstrip())
    for row in result["rows"][len(rows):]:
        print(f"{row['label']:40} {row['elapsed_s']:8.2f}s {row['elapsed_ratio']:6.3f}   {row['cpu_s']:7.2f}s {row['cpu_ratio']:6.3f}   <= {row['target']} (of that publish)")
    # Why the split: on a virtual machine a page fault can cost tens of microseconds, so the
    # system time of a step that forks workers varies from run to run far more than its user
    # time; the split shows which of the two a CPU ratio is made of.
    print("\nCPU of each step's least-CPU run: user + system seconds (the background cache writer's CPU is in system), "
          "and minor page faults")
    for step, _base, _target in rows:
        r = step.fastest()
        writer = f" (of which the cache writer {r.background:.2f}s)" if r.background else ""
        print(f"  {step.label:40} user {r.user:6.2f}s   system {r.system:6.2f}s{writer}   {r.faults:>9,} faults")
    print(f"\n{files} files; unchanged books: {unchanged_written} written; after one new donation: {', '.join(map(str, written))} written")
    for label, lines in timings.items():
        print(f"\n{label}, as `relief publish --timings` saw it (fastest run; elapsed and the main process's CPU):")
        print("\n".join("  " + line for line in lines))
    shutil.rmtree(env["XDG_CONFIG_HOME"], ignore_errors=True)
    for cache in caches:
        shutil.rmtree(cache, ignore_errors=True)
    for old in work.glob(".trash-*"):
        shutil.rmtree(old, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
