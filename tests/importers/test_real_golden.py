"""Real exports published by others, recognised by the built-in importers alone.

Each sample under tests/importers/real/<profile id>/ (bank statements) or
tests/importers/real/wechat|alipay/ (payment bills) — sources, commits and licences in
tests/importers/real/README.md — sits beside its expected dry run <name>.beancount, as in
test_golden.py: no hand-written profile, only the books and --account. The samples are
anonymised (masked balances, record counts that do not match), so totals rows are not
verified (--ignore-summary), as for every anonymised sample.

Besides the golden output, every yuan is counted from the file itself (real_statements.py,
without the importers) for these samples and for every real statement in
../shared/fixtures/real/bank/: the entries proposed plus the rows skipped move exactly what
the file moves, and the closing balance asserted is the file's own.
To regenerate: `RELIEF_UPDATE_GOLDEN=1 pytest tests/importers/test_real_golden.py` (it then
fails, listing each file it changed; review with git diff).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from beancount.core import data
from beancount.parser import parser

from importers.config import importers_for_books
from importers.run import choose_importer, extract_files, load_importers, render
from ledger.books import load_books
from ledger.init_books import init_books
from tests.importers import conservation
from tests.importers.real_statements import SPEC, movement
from tests.importers.support import OTHER_BANKS, REAL, books_entries

HERE = Path(__file__).parent / "real"
SAMPLES = sorted(p for p in HERE.glob("*/*") if p.suffix in (".csv", ".xls", ".xlsx") and p.parent.name != "unsupported")
#: folders of payment bills (their importer is relief.<folder>); every other folder is a bank profile's
BILLS = ("wechat", "alipay")
BANK_SAMPLES = [p for p in SAMPLES if p.parent.name not in BILLS]
SHARED = sorted((REAL / "bank").glob("*")) if (REAL / "bank").exists() else []
UPDATE = os.environ.get("RELIEF_UPDATE_GOLDEN") == "1"
ACCOUNT = "Assets:Bank:Basic"


@pytest.fixture(scope="module")
def early_books(tmp_path_factory):
    """New books that start in 2017, before the oldest sample's first row (a WeChat Pay bill's)."""
    root = tmp_path_factory.mktemp("real") / "books"
    init_books(root, name_zh="测试帮扶中心", name_en="Test centre", year=2017)
    return load_books(root)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_sample_golden(early_books, path):
    (result,) = extract_files(early_books, [path], load_importers(early_books.root), account=ACCOUNT,
                              verify_summary=False)
    assert result.problem is None, result.problem
    kind = path.parent.name
    wanted = f"relief.{kind}" if kind in BILLS else f"relief.bank.{kind}"
    assert result.importer.name == wanted, f"{path.name} was read by {result.importer.name}"
    got = render([result]).replace(str(path.parent) + os.sep, "")
    expected = path.with_name(path.name + ".beancount")
    if UPDATE:
        old = expected.read_text(encoding="utf-8") if expected.exists() else None
        expected.write_text(got, encoding="utf-8")
        if old != got:
            pytest.fail(f"updated {expected.relative_to(HERE)}: review it with git diff, then run again")
    assert expected.exists(), f"no expected output for {path.name}: run with RELIEF_UPDATE_GOLDEN=1 and review it"
    assert got == expected.read_text(encoding="utf-8")
    _, errors, _ = parser.parse_string(got)
    assert errors == []


@pytest.fixture(scope="module")
def importers(tmp_path_factory):
    return importers_for_books(tmp_path_factory.mktemp("cfg") / "import_config.py", profiles=OTHER_BANKS,
                               verify_summary=False, account=ACCOUNT)


@pytest.mark.parametrize("path", BANK_SAMPLES + SHARED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_statement_is_conserved(importers, path):
    assert path.name in SPEC, f"say in real_statements.SPEC how {path.name} states its money"
    money_in, money_out, amounts, balances = movement(path)
    imp = choose_importer(importers, path)
    entries = imp.extract(str(path), books_entries())
    report = imp.report(str(path))
    assert conservation.problems(entries, report, ACCOUNT, money_in, money_out) == []
    # row by row: each data row is booked once at the file's amount, or skipped with it
    booked = {e.meta["lineno"]: sum(p.units.number for p in e.postings if p.account == ACCOUNT)
              for e in entries if isinstance(e, data.Transaction)}
    skipped = {s.row: s.amount for s in report.skipped}
    assert sorted([*booked, *skipped]) == sorted(amounts)
    assert {**booked, **skipped} == amounts
    # the closing balance asserted is one the file states, on its latest row
    asserted = [e.amount.number for e in entries if isinstance(e, data.Balance)]
    if asserted:
        assert asserted[0] in {b for _, b in balances}
    assert conservation.problems(conservation.plant_one_fen(entries, ACCOUNT), report, ACCOUNT, money_in, money_out) != []



def test_real_heading_totals_are_checked(tmp_path):
    """BOCOM's 查询表 states 总收入：5139.8元 总支出：380.29元 above its header (row 2), which the
    golden run above does not check: the file as published agrees with it, and the same file
    without its row 4 (139.80 in) is refused naming that line, not imported short of it."""
    from click.testing import CliRunner

    from cli import cli

    path = HERE / "bocom-query" / "bocom-query.csv"
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2023"]).exit_code == 0
    whole = CliRunner().invoke(cli, ["import", str(books), str(path), "--account", ACCOUNT])
    assert whole.exit_code == 0, whole.output
    assert "file in +5,139.80, out -380.29, net +4,759.51 = proposed +4,759.51" in whole.output, whole.output
    lines = path.read_bytes().split(b"\n")
    short = tmp_path / path.name
    short.write_bytes(b"\n".join(lines[:3] + lines[4:]))
    refused = CliRunner().invoke(cli, ["import", str(books), str(short), "--account", ACCOUNT])
    assert refused.exit_code == 1, refused.output
    assert ("bocom-query.csv, row 2: the statement says 5,139.80 went in (总收入：5139.8) but its rows move "
            "5,000.00 in") in refused.output, refused.output
