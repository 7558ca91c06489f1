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


@pytest.mark.parametrize("command", [["publish", "--out", "site"], ["report", "--out", "r.pdf"], ["letters", "--out", "letters"],
                                     ["reconcile", "--period", "2026-01", "--html", "r.html"]])
def test_an_out_under_a_file_names_the_file(books, tmp_path, command):
    """`--out notes.txt/site`: the message names the file standing where a folder must be
    (the system's own words were "File exists" or "Not a directory")."""
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me", encoding="utf-8")
    name, *options, last = command
    result = CliRunner().invoke(cli, [name, str(books), *options, str(notes / last)])
    assert result.exit_code == 1, result.output
    assert f"{notes} is a file, not a folder; choose a path inside a folder" in result.output, result.output
    assert "Traceback" not in result.output and notes.read_text(encoding="utf-8") == "keep me"
