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


@pytest.mark.parametrize("cut", [1, 3, 4])
def test_a_file_cut_inside_its_last_amount_is_refused(books, tmp_path, cut):
    """No balances, the amount the last column, no line break at the end: a cut inside that
    amount (-1234.5, -1234, -123) is refused, never booked as a smaller sum."""
    from click.testing import CliRunner

    from cli import cli

    whole = ("交易日期,借贷标志,对方户名,摘要,交易金额\n2026-03-02,贷,王小明,捐赠,1000.00\n"
             "2026-03-03,借,张三,救助,1234.56").encode()
    f = tmp_path / "bocom.csv"
    f.write_bytes(whole)
    assert CliRunner().invoke(cli, ["import", str(books), str(f)]).exit_code == 0
    f.write_bytes(whole[:-cut])
    result = CliRunner().invoke(cli, ["import", str(books), str(f)])
    assert result.exit_code == 1, result.output
    assert "bocom.csv, row 3" in result.output and "cut off" in result.output
