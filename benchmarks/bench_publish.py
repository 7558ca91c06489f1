"""What `relief publish` costs on large books, as a ratio to bean-check on the same books.

    .venv/bin/python benchmarks/bench_publish.py [--transactions 100000]

Writes the demo books (`relief demo --transactions N`, about N transactions in a year),
then runs, each as its own process and measured in CPU time (user + system of the child;
the machine is shared, so wall time would count the neighbours' work):

1. bean-check on the books (the baseline; beancount's pickle cache is switched off for
   every run, so each one parses and books the whole year);
2. a first publish into an empty folder (relief's parse cache empty);
3. a publish of the unchanged books (must change no byte; the big file's parse is stored);
4. one new donation appended to the books, bean-check again (the new baseline), then a
   publish, which should rewrite only the pages that changed.

The annual-report PDFs (added to the site by the letters' generator) are left out unless
--with-report-pdf: they are measured by the letters' own benchmark.

Targets (issue 4): first publish at most 1.5 x bean-check; publish after one new donation
at most 1.2 x bean-check, rewriting only the changed pages. Results are printed and saved
in benchmarks/results/bench_publish.json (gitignored).
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


#: user and system CPU seconds of every measured run, by label (printed at the end)
SPLIT: dict[str, tuple[float, float]] = {}


def cpu_of(cmd: list[str], env: dict[str, str], label: str = "") -> tuple[float, float, subprocess.CompletedProcess]:
    """(CPU seconds, wall seconds, result) of one child process; user and system time are
    kept apart in SPLIT (system time is mostly the file system's: creating files)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    if label:
        SPLIT[label] = min(SPLIT.get(label, (user, system)), (user, system), key=sum)
    return user + system, wall, result


def best_of(n: int, cmd: list[str], env: dict[str, str], label: str = "") -> tuple[float, float, subprocess.CompletedProcess]:
    runs = [cpu_of(cmd, env, label) for _ in range(n)]
    return min(runs, key=lambda r: r[0])


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
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((books / "txns").glob("*.beancount")))
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
    ap.add_argument("--repeat", type=int, default=1, help="runs of each step; the fastest counts")
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "bench-publish")
    ap.add_argument("--with-report-pdf", action="store_true",
                    help="also make the annual-report PDFs (the letters' generator; left out by default to measure the site)")
    args = ap.parse_args()

    work: Path = args.work
    books, site = work / "books", work / "site"
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, BEANCOUNT_DISABLE_LOAD_CACHE="1", RELIEF_SITE_SECRET="benchmark-secret-0123456789abcdef",
               XDG_CONFIG_HOME=tempfile.mkdtemp(prefix="bench-config-"))
    # relief's own parse cache (ledger/parse_cache.py) starts empty, as on a first publish
    env["RELIEF_PARSE_CACHE"] = tempfile.mkdtemp(prefix="bench-parse-cache-")
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
    publish = [relief, "publish", str(books), "--out", str(site), "--timings"] + ([] if args.with_report_pdf else ["--no-report-pdf"])
    timings: dict[str, list[str]] = {}  # each publish's own account of its phases and cache hits

    check1, check1_wall, r = best_of(args.repeat, [bean_check, main_file], env, "bean-check")
    assert r.returncode == 0, r.stdout + r.stderr
    first, first_wall, r = cpu_of(publish, env, "publish (first)")
    assert r.returncode == 0, r.stderr
    timings["publish (first)"] = phases_of(r.stderr)
    files = int(re.search(r"(\d+) files", r.stderr).group(1))
    again, again_wall, r = cpu_of(publish, env, "publish (unchanged)")
    unchanged_written = int(re.search(r"(\d+) written", r.stderr).group(1))
    timings["publish (unchanged)"] = phases_of(r.stderr)

    receipt = add_one_donation(books)
    check2, check2_wall, r = best_of(args.repeat, [bean_check, main_file], env, "bean-check (+1 donation)")
    assert r.returncode == 0, "the new donation broke the books: " + r.stdout
    after, after_wall, r = cpu_of(publish, env, "publish (+1 donation)")
    assert r.returncode == 0, r.stderr
    written = int(re.search(r"(\d+) written", r.stderr).group(1))
    timings["publish (+1 donation)"] = phases_of(r.stderr)

    result = {
        "transactions": args.transactions,
        "report_pdf": args.with_report_pdf,
        "files": files,
        "bean_check_cpu_s": round(check1, 2),
        "publish_cpu_s": round(first, 2),
        "publish_ratio": round(first / check1, 2),
        "publish_unchanged_cpu_s": round(again, 2),
        "publish_unchanged_ratio": round(again / check1, 2),
        "publish_unchanged_files_written": unchanged_written,
        "new_donation": receipt,
        "bean_check_after_cpu_s": round(check2, 2),
        "republish_cpu_s": round(after, 2),
        "republish_ratio": round(after / check2, 2),
        "republish_files_written": written,
        "wall_s": {"bean_check": round(check1_wall, 1), "publish": round(first_wall, 1), "publish_unchanged": round(again_wall, 1),
                   "bean_check_after": round(check2_wall, 1), "republish": round(after_wall, 1)},
        "wall_ratios": {"publish": round(first_wall / check1_wall, 2), "publish_unchanged": round(again_wall / check1_wall, 2),
                        "republish": round(after_wall / check2_wall, 2)},
        "targets": {"publish_ratio": 1.5, "republish_ratio": 1.2},
        "user_system_cpu_s": {k: [round(u, 2), round(sy, 2)] for k, (u, sy) in SPLIT.items()},
        "timings": timings,
    }
    print(f"bean-check                 {check1:7.2f} s CPU")
    print(f"publish (first)            {first:7.2f} s CPU   ratio {first / check1:.2f}  (target <= 1.5)  {files} files")
    print(f"publish (unchanged books)  {again:7.2f} s CPU   ratio {again / check1:.2f}  {unchanged_written} files written")
    print(f"bean-check (+1 donation)   {check2:7.2f} s CPU")
    print(f"publish (+1 donation)      {after:7.2f} s CPU   ratio {after / check2:.2f}  (target <= 1.2)  {written} of {files} files written")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_publish.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"elapsed (wall) ratios, meaningful on an idle machine: first {first_wall / check1_wall:.2f}, unchanged {again_wall / check1_wall:.2f}, "
          f"+1 donation {after_wall / check2_wall:.2f} (bean-check {check1_wall:.1f} s / {check2_wall:.1f} s)")
    print("user / system CPU seconds: " + "; ".join(f"{k} {u:.2f} / {sy:.2f}" for k, (u, sy) in SPLIT.items()))
    for label, lines in timings.items():
        print(f"\n{label}, as `relief publish --timings` saw it (main process only):")
        print("\n".join("  " + line for line in lines))
    shutil.rmtree(env["XDG_CONFIG_HOME"], ignore_errors=True)
    shutil.rmtree(env["RELIEF_PARSE_CACHE"], ignore_errors=True)
    for old in work.glob(".trash-*"):
        shutil.rmtree(old, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
