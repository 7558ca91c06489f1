"""How long the auditors' pages take in Fava on large books, against bean-check's time.

    python benchmarks/bench_fava.py [BOOKS] [--transactions N]

With BOOKS (e.g. the demo books from `relief demo`), those are measured; without, books of
N transactions (default 100 000) are generated with beancount's printer into a temporary
folder. Measured in one run: the baseline (beancount's loader with the rules, i.e. what
bean-check does), Fava loading the books, then each audit view and its JSON once Fava has
loaded them (the first request, then the median of three). Printed as seconds and as a ratio
to the baseline.
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from beancount import loader
from beancount.core import amount, data
from beancount.parser import printer
from beancount.parser.grammar import ValueType

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ledger.books import resolve_books  # noqa: E402
from ledger.init_books import init_books  # noqa: E402

AID = ["Living", "Medical", "Education", "Employment", "Legal", "Holiday"]
UNITS = ["市机械冶金工会", "市教科文卫工会", "市财贸工会", "市建设工会", "市交通工会", "市化工工会"]


def _txn(day, narration, meta, postings):
    return data.Transaction(
        data.new_metadata("<bench>", 0, meta), day, "*", None, narration, frozenset(), frozenset(),
        [data.Posting(acct, amount.Amount(Decimal(num), "CNY") if num is not None else None, None, None, None, pmeta) for acct, num, pmeta in postings],
    )


def generate(root: Path, n: int, seed: int = 7) -> Path:
    """Books of about `n` transactions over three years that pass the rules."""
    rnd = random.Random(seed)
    main = init_books(root, name_zh="基准测试帮扶中心", name_en="Benchmark Centre", year=2024)
    start = datetime.date(2024, 1, 1)
    days = (datetime.date(2026, 12, 31) - start).days
    reg: list[data.Directive] = []
    funds = ["EDU-A", "EDU-B", "MED-A"]
    for f in funds:
        purpose = "Expenses:Aid:Education" if f.startswith("EDU") else "Expenses:Aid:Medical"
        reg.append(data.Custom(data.new_metadata("<bench>", 0, {"name_zh": f, "name_en": f, "purpose": purpose}), start, "fund", [ValueType(f, str), ValueType("restricted", str)]))
    donors = [f"D{i:04d}" for i in range(1, 301)]
    for i, d in enumerate(donors):
        reg.append(data.Custom(data.new_metadata("<bench>", 0, {"name": f"捐赠人{i}"}), start, "donor", [ValueType(d, str), ValueType("enterprise" if i % 3 == 0 else "individual", str)]))
    cases = [f"C{i:05d}" for i in range(1, 2501)]
    for i, c in enumerate(cases):
        reg.append(data.Custom(data.new_metadata("<bench>", 0, {"unit": UNITS[i % len(UNITS)], "cause": "illness", "household": Decimal(3)}), start, "case", [ValueType(c, str), ValueType("enrolled", str)]))
    txns: list[data.Directive] = [_txn(start, "期初净资产", {"fund": "GENERAL"}, [("Assets:Bank:Basic", "5000000.00", None), ("Equity:Opening-Balances", "-5000000.00", None)])]
    for f in funds:
        txns.append(_txn(start, "专项期初", {"fund": f}, [("Assets:Bank:Basic", "2000000.00", None), ("Equity:Opening-Balances", "-2000000.00", None)]))
    receipts: dict[int, int] = {}
    approval = 0
    for _ in range(n - len(txns)):
        day = start + datetime.timedelta(days=rnd.randrange(days))
        kind = rnd.random()
        if kind < 0.4:
            fund = rnd.choice(["GENERAL", "GENERAL", *funds])
            receipts[day.year] = receipts.get(day.year, 0) + 1
            value = f"{rnd.randrange(50, 5000)}.00"
            txns.append(_txn(day, "捐款", {"fund": fund, "donor": rnd.choice(donors), "receipt": f"JZ-{day.year}-{receipts[day.year]:05d}"},
                             [("Assets:Bank:Basic", value, None), ("Income:Donation:Individual", f"-{value}", None)]))
        elif kind < 0.9:
            approval += 1
            fund = rnd.choice(["GENERAL", "GENERAL", "GENERAL", *funds])
            category = {"EDU-A": "Education", "EDU-B": "Education", "MED-A": "Medical"}.get(fund) or rnd.choice(AID)
            value = f"{rnd.randrange(100, 800)}.00"
            txns.append(_txn(day, "帮扶", {"fund": fund, "approval": f"SP-{approval:06d}", "case": rnd.choice(cases)},
                             [(f"Expenses:Aid:{category}", value, None), ("Assets:Bank:Basic", f"-{value}", None)]))
        else:
            value = f"{rnd.randrange(1000, 20000)}.00"
            txns.append(_txn(day, "工会经费", {"fund": "GENERAL"}, [("Assets:Bank:Basic", value, None), ("Income:Union", f"-{value}", None)]))
    # Receipts must run in date order within a year: renumber after sorting.
    txns.sort(key=data.entry_sortkey)
    seq: dict[int, int] = {}
    out = []
    for t in txns:
        if "receipt" in t.meta:
            seq[t.date.year] = seq.get(t.date.year, 0) + 1
            t.meta["receipt"] = f"JZ-{t.date.year}-{seq[t.date.year]:05d}"
        out.append(t)
    with (root / "registry" / "funds.beancount").open("a", encoding="utf-8") as f:
        f.write("\n" + "\n".join(printer.format_entry(e) for e in reg))
    with (root / "txns" / "2024.beancount").open("a", encoding="utf-8") as f:
        f.write("\n" + "\n".join(printer.format_entry(e) for e in out))
    return main


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("books", nargs="?", help="books to measure (default: generate)")
    parser.add_argument("--transactions", type=int, default=100_000)
    args = parser.parse_args()
    tmp = None
    if args.books:
        main_file = resolve_books(args.books)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="bench-fava-")
        t, main_file = timed(lambda: generate(Path(tmp.name) / "books", args.transactions))
        print(f"generated {args.transactions} transactions in {t:.1f} s")

    loader.initialize(use_cache=False)  # bean-check's work, not a pickle read; Fava does not cache either
    baseline, (entries, errors, _) = timed(lambda: loader.load_file(str(main_file)))
    n_txn = sum(isinstance(e, data.Transaction) for e in entries)
    print(f"books: {main_file} ({n_txn} transactions, {len(errors)} errors)")
    print(f"baseline  bean-check (loader + rules)           {baseline:7.2f} s  1.00")

    from ledger.serve import make_app

    t_load, fava = timed(lambda: make_app(main_file))
    print(f"fava      load the books                        {t_load:7.2f} s  {t_load / baseline:.2f}")
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
    for label, url, query in cases:
        first, _ = timed(lambda: get(url, **query))
        runs = [timed(lambda: get(url, **query))[0] for _ in range(3)]
        med = statistics.median(runs)
        print(f"page      {label:38s} first {first:6.2f} s, median {med:6.2f} s  {med / baseline:.2f}")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
