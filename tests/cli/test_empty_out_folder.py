"""An empty --out (`--out "$LETTERS"` with the variable unset) was taken for the current
folder: `relief letters BOOKS --out ""` wrote the donors' letters, with their legal names,
into whatever folder the command ran in. publish, letters and demo now refuse it, naming the
option, and write nothing; `.` still names the current folder."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli


@pytest.fixture
def books(tmp_path):
    root = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(root), "--year", "2026"]).exit_code == 0
    return root


@pytest.mark.parametrize("command", [["letters", "BOOKS"], ["publish", "BOOKS", "--no-acknowledgements"], ["demo"]])
@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_out_folder_is_refused_and_nothing_is_written(books, tmp_path, monkeypatch, command, empty):
    here = tmp_path / "where-the-command-ran"
    here.mkdir()
    monkeypatch.chdir(here)
    monkeypatch.setenv("RELIEF_SITE_SECRET", "empty-out-tests-secret-0123456789")
    args = [str(books) if a == "BOOKS" else a for a in command]
    done = CliRunner().invoke(cli, [*args, "--out", empty])
    assert done.exit_code == 2, done.output
    assert "Invalid value for '--out'" in done.output and "it is empty" in done.output, done.output
    assert "Traceback" not in done.output
    assert list(here.iterdir()) == []
