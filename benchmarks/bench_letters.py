"""Letters per second, and the cost of bringing letters up to date after one new donation.

    python benchmarks/bench_letters.py [--transactions N] [--baseline-sample K] [--jobs J]

Writes demo books (`relief demo`; 3,000 transactions give about 1,000 donations) into a
temporary folder and measures, in one run:

1. the baseline: a plain one-process loop over weasyprint, as a first attempt would write
   it - each letter's HTML (the same templates) through `HTML(string=...).write_pdf()` with
   weasyprint's defaults (a new font configuration and stylesheet per letter, system fonts
   found by name). Timed on the first K letters (default 40), reported in letters/s;
2. `make_letters` on every letter of the books (the project's runner: subset fonts, one
   font configuration per worker, a process pool over J workers, default every core);
3. one new donation appended to the books: the books loaded again and `make_letters` run
   on the same folder (only the new letter is made) - reported as the letters step alone
   and with the loading, against the time the baseline takes for ten letters.

For the full run it also reports the CPU time per letter (this process and its workers)
and the rate that gives on free cores (workers / CPU time per letter): on a shared machine
the elapsed rate mostly measures the neighbours. Sizes: average and largest letter.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _as_users import bytecode_as_users  # noqa: E402
from _results import save  # noqa: E402
from ledger.books import load_books  # noqa: E402
from ledger.demo import write_demo  # noqa: E402

SECRET = b"bench-letters-secret-0123456789"


def timed(fn):
    """(elapsed seconds, result) of calling `fn`."""
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the pool's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def new_donation(books_dir: Path, books) -> str:
    """Append one donation with the next receipt number to the books; returns the receipt."""
    prefix = books.settings.receipt_prefix
    receipts = sorted(str(e.meta["receipt"]) for e in books.entries if hasattr(e, "postings") and e.meta.get("receipt"))
    last = max(r for r in receipts if r.startswith(f"{prefix}-2026-"))
    receipt = f"{prefix}-2026-{int(last.rsplit('-', 1)[1]) + 1:05d}"
    donor = next(d for d in books.registry.donors.values() if d.anonymous == "none" and d.id not in ("ANON", "UNIDENTIFIED"))
    bank = next(e.account for e in books.entries if getattr(e, "account", "").startswith("Assets:Bank:"))
    text = (
        f'\n2026-12-31 * "{donor.name}" "年末捐款"\n'
        f'  fund: "GENERAL"\n  donor: "{donor.id}"\n  receipt: "{receipt}"\n'
        f"  {bank}  8888.88 CNY\n  Income:Donation:{donor.kind.capitalize()}\n"
    )
    with open(books_dir / "inbox.beancount", "a", encoding="utf-8") as fh:
        fh.write(text)
    return receipt


def main() -> None:
    """Run the three measurements and save the rows (benchmarks/results/bench_letters.json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=3000, help="size of the demo books (3,000: about 1,000 donations)")
    parser.add_argument("--baseline-sample", type=int, default=40, help="letters timed for the plain loop")
    parser.add_argument("--jobs", type=int, default=None, help="workers (default: every core)")
    args = parser.parse_args()
    bytecode_as_users()

    from letters.make import centre_of, make_letters
    from letters.model import build_letters
    from letters.render import LetterRenderer
    from publish.parallel import default_jobs
    from publish.model_builder import build_public_model

    with tempfile.TemporaryDirectory(prefix="bench-letters-") as tmp:
        tmp = Path(tmp)
        books_dir = tmp / "books"
        write_demo(books_dir, transactions=args.transactions)
        books = load_books(books_dir)
        if books.errors:
            sys.exit(f"demo books have {len(books.errors)} errors")
        centre = centre_of(books)
        letters = build_letters(books, build_public_model(books, SECRET)).letters
        jobs = args.jobs or default_jobs()
        print(f"demo books: {args.transactions} transactions, {len(letters)} letters; {jobs} workers on {os.cpu_count()} CPUs")

        # 1. baseline: a plain loop, weasyprint's defaults, one process
        from weasyprint import CSS, HTML

        renderer = LetterRenderer()  # only for its templates: same HTML as ours
        css = renderer.env.get_template("letters/letters.css").render().replace('"Relief Serif", ', "").replace('"Relief Sans", ', "")
        sample = letters[: args.baseline_sample]
        html = [renderer.html(letter, centre) for letter in sample]
        base_time, _ = timed(lambda: [HTML(string=h).write_pdf(stylesheets=[CSS(string=css)]) for h in html])
        base_rate = len(sample) / base_time
        print(f"baseline (plain loop, 1 process): {len(sample)} letters in {base_time:.1f} s = {base_rate:.1f} letters/s")

        # 2. the runner over every letter
        out = tmp / "letters"
        cpu_before = cpu_seconds()
        run_time, result = timed(lambda: make_letters(books, out, SECRET, jobs=jobs))
        cpu_ms = (cpu_seconds() - cpu_before) * 1000
        made = len(result.report.made)
        rate = made / run_time
        # On a shared machine the elapsed rate depends on the neighbours; the CPU time per
        # letter does much less: `workers / CPU time per letter` is the rate the same run
        # reaches with its cores to itself.
        cpu_per_letter = cpu_ms / made if made else 0.0
        free_rate = result.report.jobs * 1000 / cpu_per_letter if cpu_per_letter else 0.0
        sizes = [(out / name).stat().st_size for name in result.report.made]
        average_kb = sum(sizes) / len(sizes) / 1024 if sizes else 0.0
        largest_kb = max(sizes, default=0) / 1024
        print(f"relief letters ({result.report.jobs} workers): {made} letters in {run_time:.1f} s = {rate:.1f} letters/s "
              f"= {rate / base_rate:.1f}x the baseline (target: 20 letters/s); CPU {cpu_per_letter:.0f} ms a letter "
              f"(all processes) = {free_rate:.1f} letters/s on {result.report.jobs} free cores; {average_kb:.1f} KB a letter "
              f"on average (largest {largest_kb:.1f} KB; target: at most 60 KB)")
        save("bench_letters", [
            {"label": f"letters: full run ({made} letters, {result.report.jobs} workers)", "elapsed_s": round(run_time, 2),
             "value": round(rate, 1), "unit": "letters/s", "target": 20, "target_kind": "min"},
            {"label": f"letters: full run by CPU time ({result.report.jobs} free cores)", "value": round(free_rate, 1),
             "unit": "letters/s", "target": 20, "target_kind": "min"},
            {"label": "letters: average size", "value": round(average_kb, 1), "unit": "KB", "target": 60, "target_kind": "max"},
            {"label": "letters: largest size", "value": round(largest_kb, 1), "unit": "KB"},
        ], transactions=args.transactions, letters=made, jobs=result.report.jobs, baseline_letters_per_s=round(base_rate, 1),
            cpu_ms_per_letter=round(cpu_per_letter, 1))

        # 3. one new donation
        receipt = new_donation(books_dir, books)
        load_time, books2 = timed(lambda: load_books(books_dir))
        update_time, update = timed(lambda: make_letters(books2, out, SECRET, jobs=jobs))
        assert update.report.made == [f"2026/{receipt}.pdf"], update.report.made
        ten = 10 / base_rate
        ten_ours = 10 / rate
        print(f"update after one new donation: letters step {update_time:.2f} s, with loading the books {update_time + load_time:.2f} s; "
              f"ten letters take {ten:.2f} s in the baseline loop ({(update_time + load_time) / ten:.2f}x), "
              f"{ten_ours:.2f} s with the runner ({update_time / ten_ours:.2f}x for the letters step)")
        print(f"  ({len(update.report.unchanged)} letters unchanged, 1 made)")


if __name__ == "__main__":
    main()
