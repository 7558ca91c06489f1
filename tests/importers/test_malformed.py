"""Every malformed file gives its message, names the file (and row), never a traceback, writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from tests.importers.malformed import cases, write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("malformed")
    write_corpus(folder)
    return folder


def test_corpus_is_large_enough():
    assert len(cases()) >= 30


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file() and ".pickle" not in p.name}


@pytest.mark.parametrize("case", [c for c, _ in cases()], ids=lambda c: c.name)
def test_malformed_file(books, corpus, case):
    before = _snapshot(books)
    result = CliRunner().invoke(cli, ["import", str(books), str(corpus / case.name), "--write"])
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == 1, output
    assert "Traceback" not in output and not isinstance(result.exception, (KeyError, TypeError, ValueError, AttributeError)), output
    assert case.expected in output, output
    assert case.name in output
    if case.row is not None:
        assert f"row {case.row}" in output, output
    assert _snapshot(books) == before, "nothing may be written"


def test_missing_file_and_folder(books, tmp_path):
    runner = CliRunner()
    missing = runner.invoke(cli, ["import", str(books), str(tmp_path / "nope.csv")])
    assert missing.exit_code == 1 and "no such file" in missing.output
    folder = runner.invoke(cli, ["import", str(books), str(tmp_path)])
    assert folder.exit_code == 1 and "folder" in folder.output
