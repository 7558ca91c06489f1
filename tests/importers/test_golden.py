"""Golden files: every importer and bank profile on the project's own inputs.

Each input under tests/importers/golden/<importer>/ sits beside its expected output
<name>.<ext>.beancount: the dry run of `relief import` (entries printed by beancount's printer,
skipped rows, notes, counts), with paths made relative. To regenerate after a deliberate
change: `RELIEF_UPDATE_GOLDEN=1 pytest tests/importers/test_golden.py` — it rewrites the
expected files and then FAILS, listing each file it changed, so an update is never silent;
review with `git diff` and run again.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from beancount.parser import parser

from importers.profiles import builtin_profiles
from importers.run import extract_files, load_importers, render
from ledger.books import load_books

GOLDEN = Path(__file__).parent / "golden"
INPUTS = sorted(p for p in GOLDEN.glob("*/*") if p.suffix in (".csv", ".xls", ".xlsx"))
UPDATE = os.environ.get("RELIEF_UPDATE_GOLDEN") == "1"



def normalise(text: str, books_root: Path, folder: Path) -> str:
    return text.replace(str(folder) + os.sep, "").replace(str(books_root) + os.sep, "BOOKS/")


def test_every_importer_and_profile_has_golden_files():
    folders = {p.parent.name for p in INPUTS}
    wanted = {p.id for p in builtin_profiles()} | {"wechat", "alipay", "donations", "roster", "goods"}
    assert wanted <= folders, f"no golden files for {sorted(wanted - folders)}"


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden(golden_books, path):
    (result,) = extract_files(golden_books, [path], load_importers(golden_books.root))
    assert result.problem is None, result.problem
    assert result.importer.name.endswith("." + path.parent.name), f"{path.name} was read by {result.importer.name}"
    got = normalise(render([result]), golden_books.root, path.parent)
    expected_path = path.with_name(path.name + ".beancount")
    if UPDATE:
        old = expected_path.read_text(encoding="utf-8") if expected_path.exists() else None
        expected_path.write_text(got, encoding="utf-8")
        if old != got:
            pytest.fail(f"updated {expected_path.relative_to(GOLDEN)}: review it with git diff, then run again without RELIEF_UPDATE_GOLDEN")
    assert expected_path.exists(), f"no expected output for {path.name}: run with RELIEF_UPDATE_GOLDEN=1 and review it"
    assert got == expected_path.read_text(encoding="utf-8")
    _, errors, _ = parser.parse_string(got)
    assert errors == [], "the dry run's output is itself valid beancount (comments and entries)"


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden_entries_pass_the_rules(golden_books, tmp_path, path):
    """Written into the books (balance assertions left out), every golden file passes `relief check`."""
    from importers.run import write_import

    root = tmp_path / "books"
    shutil.copytree(golden_books.root, root, ignore=shutil.ignore_patterns("*.pickle"))
    books = load_books(root)
    results = extract_files(books, [path], load_importers(root), balance=False)
    written = write_import(books, results)  # raises ImportFailed (and rolls back) if the books would fail
    assert written and "entries" in written[0]
    assert load_books(root).errors == []
