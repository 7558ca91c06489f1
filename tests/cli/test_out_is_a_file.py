"""`relief publish BOOKS --out report.pdf` (a file where the site's folder should be) was refused
with click's "Directory 'report.pdf' is a file.", English only and saying nothing of what to do.
publish and letters now refuse it in both languages, Chinese first, naming the option and the
file, which is left as it was."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli


@pytest.fixture
def books(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("RELIEF_SITE_SECRET", "out-is-a-file-tests-secret-0123456789")
    root = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(root), "--year", "2026"]).exit_code == 0
    return root


@pytest.mark.parametrize("command", [["publish", "BOOKS", "--no-report-pdf"], ["letters", "BOOKS"]])
def test_an_out_folder_that_is_a_file_is_refused_in_both_languages(books, tmp_path, command):
    afile = tmp_path / "report.pdf"
    afile.write_bytes(b"%PDF-1.7 mine")
    args = [str(books) if a == "BOOKS" else a for a in command]
    done = CliRunner().invoke(cli, [*args, "--out", str(afile)])
    assert done.exit_code == 2, done.output
    said = done.output.split("Error: ", 1)[1]
    assert "Invalid value for '--out'" in said and str(afile) in said, said
    zh, en = said.index("是文件"), said.index("is a file, not a folder")
    assert zh < en and "--out" in said[zh:en] and "--out" in said[en:], said  # Chinese first; each names the option
    assert "Directory" not in said
    assert afile.read_bytes() == b"%PDF-1.7 mine"
