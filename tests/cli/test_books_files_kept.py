"""An --out that names one of the books' own files is refused: the books, and their source
documents, are never replaced by a report (cli/common.py refuse_books_file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli

BOOKS = Path(__file__).parent.parent / "letters" / "books"


@pytest.fixture
def books(tmp_path):
    target = tmp_path / "books"
    shutil.copytree(BOOKS, target)
    (target / "documents").mkdir(exist_ok=True)
    (target / "documents" / "2026-01-05.receipt.pdf").write_bytes(b"%PDF-1.4 a scanned receipt")
    return target


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("target", ["main.beancount", "txns/2026.beancount", "documents/2026-01-05.receipt.pdf", "new.beancount"])
@pytest.mark.parametrize("command", [["report", "--out"], ["reconcile", "--period", "2026-01", "--html"]])
def test_an_out_over_the_books_files_is_refused(books, command, target):
    before = _snapshot(books)
    name, *options = command
    result = CliRunner().invoke(cli, [name, str(books), *options, str(books / target)])
    assert result.exit_code == 1, result.output
    assert f"{books / target}: is one of the books' files" in result.output
    assert "give another --out file" in result.output
    assert _snapshot(books) == before  # nothing written, nothing replaced


def test_a_report_elsewhere_in_the_books_folder_is_still_written(books):
    out = books / "report" / "2026.pdf"
    result = CliRunner().invoke(cli, ["report", str(books), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
