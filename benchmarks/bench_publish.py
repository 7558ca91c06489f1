"""What `relief publish` costs on large books, as a ratio to bean-check on the same books.

    .venv/bin/python benchmarks/bench_publish.py [--transactions 100000] [--repeat 3] [--with-report-pdf]

Writes the demo books (`relief demo --transactions N`, about N transactions in a year),
then runs, each as its own process:

1. bean-check on the books (the baseline; beancount's pickle cache is switched off for
   every run, so each one parses and books the whole year);
2. a first publish into an empty folder, with relief's parse cache empty;
   (1 and 2 are repeated --repeat times, each publish into a new folder with a new cache)
3. a publish of the unchanged books (must change no byte; the big file's parse is stored);
4. one new donation appended to the books, bean-check again (the new baseline), then a
   publish, which should rewrite only the pages that changed (repeated --repeat times,
   one more donation each time).

Each step is measured twice over: elapsed time (what the finance officer waits for; the
publish uses every core, bean-check one) and CPU time (user + system of the process and its
workers: the work done, which neighbours on a shared machine do not inflate). The fastest
run of each step counts (as timeit does): this virtual machine's timings vary by 10-30 %
from run to run, bean-check's too.

The annual-report PDFs (added to the site by the letters' generator) are left out unless
--with-report-pdf: they are measured by the letters' own benchmark.

Targets (issue 4): first publish at most 1.5 x bean-check; publish after one new donation
at most 1.2 x bean-check, rewriting only the changed pages. Results are printed and saved
in benchmarks/results/bench_publish.json (gitignored), with each publish's own account
of its phases (`relief publish --timings`).
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
BIN = Path(sys.executable).parent


@dataclass
class Run:
    """One child process: elapsed, user and system seconds, and its output."""

    wall: float
    user: float
    system: float
    result: subprocess.CompletedProcess

    @property
    def cpu(self) -> float:
        return self.user + self.system


def run(cmd: list[str], env: dict[str, str]) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Run(wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime, result)


@dataclass
class Step:
    """The runs of one step; the fastest counts, elapsed and CPU each on their own."""

    label: str
    runs: list[Run] = field(default_factory=list)

    def add(self, r: Run) -> Run:
        self.runs.append(r)
        return r

    @property
    def wall(self) -> float:
        return min(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return min(r.cpu for r in self.runs)

    def fastest(self) -> Run:
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--transactions", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each timed step; the fastest counts")
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "bench-publish")
    ap.add_argument("--with-report-pdf", action="store_true",
                    help="also make the annual-report PDFs (the letters' generator; left out by default to measure the site)")
    args = ap.parse_args()

    work: Path = args.work
    books, site = work / "books", work / "site"
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, BEANCOUNT_DISABLE_LOAD_CACHE="1", RELIEF_SITE_SECRET="benchmark-secret-0123456789abcdef",
               XDG_CONFIG_HOME=tempfile.mkdtemp(prefix="bench-config-"))
    relief, bean_check = str(BIN / "relief"), str(BIN / "bean-check")

    print(f"writing demo books with about {args.transactions} transactions ...", flush=True)
    subprocess.run([relief, "demo", "--out", str(books), "--transactions", str(args.transactions), "--force"], env=env, check=True, capture_output=True)
    # The previous run's site is moved aside now and deleted only after the measurements:
    # on a file system without a journal (ext4 here) new files made within minutes of
    # deleting tens of thousands cost many times the usual system time, which would be
    # charged to the first publish.
    trash = Path(tempfile.mkdtemp(prefix=".trash-", dir=work))
    for stale in (site, work / ".site.publish-cache"):
        if stale.exists():
            os.rename(stale, trash / stale.name)
    main_file = str(books / "main.beancount")

    def publish_to(out: Path) -> list[str]:
        return [relief, "publish", str(books), "--out", str(out), "--timings"] + ([] if args.with_report_pdf else ["--no-report-pdf"])

    check, first, unchanged, check_after, after = (Step(x) for x in (
        "bean-check", "publish (first)", "publish (unchanged books)", "bean-check (+1 donation)", "publish (+1 donation)"))
    timings: dict[str, list[str]] = {}  # each publish's own account of its phases and cache hits
    caches = []
    for i in range(args.repeat):
        r = check.add(run([bean_check, main_file], env)).result
        assert r.returncode == 0, r.stdout + r.stderr
        # every first publish gets a new folder and an empty parse cache; the last one is `site`
        caches.append(tempfile.mkdtemp(prefix="bench-parse-cache-"))
        env["RELIEF_PARSE_CACHE"] = caches[-1]
        out = site if i == args.repeat - 1 else trash / f"site-{i}"
        r = first.add(run(publish_to(out), env)).result
        assert r.returncode == 0, r.stderr
    timings[first.label] = phases_of(first.fastest().result.stderr)
    files = int(re.search(r"(\d+) files", r.stderr).group(1))
    r = unchanged.add(run(publish_to(site), env)).result
    unchanged_written = int(re.search(r"(\d+) written", r.stderr).group(1))
    timings[unchanged.label] = phases_of(r.stderr)

    receipts, written = [], []
    for _ in range(args.repeat):
        receipts.append(add_one_donation(books))
        r = check_after.add(run([bean_check, main_file], env)).result
        assert r.returncode == 0, "the new donation broke the books: " + r.stdout + r.stderr
        r = after.add(run(publish_to(site), env)).result
        assert r.returncode == 0, r.stderr
        written.append(int(re.search(r"(\d+) written", r.stderr).group(1)))
    timings[after.label] = phases_of(after.fastest().result.stderr)

    def ratio(step: Step, base: Step, kind: str) -> float:
        return round(getattr(step, kind) / getattr(base, kind), 2)

    rows = [(check, None, None), (first, check, 1.5), (unchanged, check, None), (check_after, None, None), (after, check_after, 1.2)]
    result = {
        "transactions": args.transactions,
        "report_pdf": args.with_report_pdf,
        "repeat": args.repeat,
        "files": files,
        "unchanged_files_written": unchanged_written,
        "new_donations": receipts,
        "files_written_after_one_donation": written,
        "steps": {
            step.label: {
                "elapsed_s": round(step.wall, 2), "cpu_s": round(step.cpu, 2),
                "runs": [{"elapsed_s": round(r.wall, 2), "user_s": round(r.user, 2), "system_s": round(r.system, 2)} for r in step.runs],
                **({"elapsed_ratio": ratio(step, base, "wall"), "cpu_ratio": ratio(step, base, "cpu")} if base else {}),
                **({"target": target} if target else {}),
            }
            for step, base, target in rows
        },
        "timings": timings,
    }
    out_dir = ROOT / "benchmarks" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench_publish.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")

    print(f"\nfastest of {args.repeat} run(s) each; ratios to bean-check on the same books\n")
    print(f"{'':28} {'elapsed':>9} {'ratio':>6}   {'CPU':>8} {'ratio':>6}   target")
    for step, base, target in rows:
        line = f"{step.label:28} {step.wall:8.2f}s"
        line += f" {ratio(step, base, 'wall'):6.2f}" if base else " " * 7
        line += f"   {step.cpu:7.2f}s"
        line += f" {ratio(step, base, 'cpu'):6.2f}" if base else " " * 7
        line += f"   <= {target}" if target else ""
        print(line.rstrip())
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
