"""A donation register and a bank statement of the same N equal gifts imported together (a
一日捐 campaign), against the same two files imported one at a time.

    python benchmarks/bench_link.py [--gifts N] [--transactions T] [--repeat K]

Writes demo books of T transactions (default 3,000) into a temporary folder, and two files
for N workers (default 3,000) each giving 100.00 within four days: the register (捐赠登记表,
收款方式 银行) and the bank's statement of the same gifts in the demo bank's layout. Measured
in one run, each as its own process, the fastest of K runs:

- the baseline: `relief import BOOKS STATEMENT` and `relief import BOOKS REGISTER`, each alone
  (each reads its file and books every gift; nothing to link), their times added;
- `relief import BOOKS STATEMENT REGISTER`: both read, and every register row linked to its
  statement row (each gift booked once).

The ratio is the second over the first; the target is at most 1x: linking costs less than the
second load of the books the baseline pays. Before the link was indexed (issue 15's stop 11)
each gift was ranked against every row of 100.00 in the window, N × N: 3,000 gifts took
minutes. Dry runs throughout (nothing is written); the default configuration.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _as_users import bytecode_as_users, users_env  # noqa: E402
from _results import save  # noqa: E402

STATEMENT_HEADER = ["交易日期", "交易流水号", "摘要", "对方户名", "收入金额", "支出金额", "余额"]
REGISTER_HEADER = ["日期", "捐赠人", "金额", "收款方式", "基金", "需要感谢信", "凭证号"]


def write_files(root: Path, gifts: int, seed: int = 3) -> tuple[Path, Path]:
    """The register and the statement of `gifts` gifts of 100.00 by 一日捐职工{i}, 14-17 December."""
    rnd = random.Random(seed)
    days = [datetime.date(2026, 12, 14) + datetime.timedelta(days=d) for d in range(4)]
    rows = sorted(((rnd.choice(days), f"一日捐职工{i:05d}") for i in range(gifts)), key=lambda r: r[0])
    register = root / "捐赠登记表.csv"
    with register.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(REGISTER_HEADER)
        for day, name in rows:
            writer.writerow([day.isoformat(), name, "100", "银行", "", "", ""])
    buf, balance = io.StringIO(), 0
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(STATEMENT_HEADER)
    for i, (day, name) in enumerate(rows):
        balance += 100
        writer.writerow([day.isoformat(), f"LINK{i:08d}", "转账存入", name, "100.00", "", f"{balance}.00"])
    statement = root / "campaign-statement.csv"
    statement.write_text(buf.getvalue(), encoding="utf-8")
    return register, statement


def main() -> None:
    """Write the books and files, then time the two alone and the two together, alternately."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gifts", type=int, default=3000)
    parser.add_argument("--transactions", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bytecode_as_users()
    from bench_publish import BIN, Step, run  # noqa: E402

    from ledger import load_cache
    from ledger.demo import write_demo

    with tempfile.TemporaryDirectory(prefix="bench-link-") as tmp:
        env = users_env(tmp)
        root = Path(tmp) / "demo"
        write_demo(root, transactions=args.transactions)
        main_file = str(root / "main.beancount")
        register, statement = write_files(Path(tmp), args.gifts)
        relief = str(BIN / "relief")
        first = run([relief, "check", main_file], env)  # relief's caches as a first command leaves them
        assert first.result.returncode == 0, first.result.stdout + first.result.stderr
        load_cache.wait_for_writer(main_file)
        alone_s, alone_r = Step("statement alone"), Step("register alone")
        together = Step(f"relief import, register + statement of {args.gifts:,} equal gifts")
        for _ in range(args.repeat):
            for step, files in ((alone_s, [statement]), (alone_r, [register]), (together, [statement, register])):
                r = step.add(run([relief, "import", main_file, *map(str, files)], env)).result
                assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
                note = load_cache.wait_for_writer(main_file)
                if note:
                    step.runs[-1].system += note["cpu_s"]
        linked = r.stdout.count("linked")
        print(f"together: {linked} lines say linked")
        wall, cpu = alone_s.wall + alone_r.wall, alone_s.cpu + alone_r.cpu
        rows = [{"label": "the two files imported one at a time (baseline)", "elapsed_s": round(wall, 2), "cpu_s": round(cpu, 2)},
                {"label": together.label, "elapsed_s": round(together.wall, 2), "cpu_s": round(together.cpu, 2),
                 "elapsed_ratio": round(together.wall / wall, 2), "cpu_ratio": round(together.cpu / cpu, 2),
                 "target": 1.0, "target_kind": "ratio_max"}]
        for row in rows:
            print(f"{row['label']:64} {row['elapsed_s']:7.2f} s elapsed {row['cpu_s']:7.2f} s CPU"
                  + (f"  = {row['elapsed_ratio']:.2f}x / {row['cpu_ratio']:.2f}x (target: at most 1x)" if "target" in row else ""))
        save("bench_link", rows, transactions=args.transactions, gifts=args.gifts, repeat=args.repeat)


if __name__ == "__main__":
    main()
