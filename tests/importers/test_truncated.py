"""Every golden input cut off at several points gives entries or a clear problem, never an exception."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books

GOLDEN = Path(__file__).parent / "golden"
INPUTS = sorted(p for p in GOLDEN.glob("*/*") if p.suffix in (".csv", ".xls", ".xlsx"))


@pytest.fixture(scope="module")
def loaded(books_template):
    return load_books(books_template)


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_cut_off_files(loaded, tmp_path, path):
    blob = path.read_bytes()
    importers = load_importers(loaded.root)
    for fraction in (0.1, 0.35, 0.6, 0.85, 0.97):
        cut = tmp_path / f"cut-{int(fraction * 100)}{path.suffix}"
        cut.write_bytes(blob[: int(len(blob) * fraction)])
        (result,) = extract_files(loaded, [cut], importers)  # anything but ImportProblem would raise here
        if result.problem is not None:
            assert cut.name in result.problem.message
