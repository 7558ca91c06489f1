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


@pytest.mark.parametrize("command, option", [
    (["report", "BOOKS"], "--out"),
    (["reconcile", "BOOKS", "--period", "2026-01"], "--html"),
    (["verify", "SITE"], "--save-checkpoint"),
    (["verify", "SITE"], "--since"),
])
def test_a_file_option_given_a_folder_is_refused_in_both_languages(books, tmp_path, command, option):
    """`relief report BOOKS --out site` (a folder where the PDF goes), `reconcile --html`,
    `verify --save-checkpoint` and `--since` given a folder: click's "File 'site' is a
    directory.", English only and saying nothing of what to do."""
    folder = tmp_path / "afolder"
    folder.mkdir()
    (tmp_path / "site").mkdir()
    args = [str(books) if a == "BOOKS" else str(tmp_path / "site") if a == "SITE" else a for a in command]
    done = CliRunner().invoke(cli, [*args, option, str(folder)])
    assert done.exit_code == 2, done.output
    said = done.output.split("Error: ", 1)[1]
    assert f"Invalid value for '{option}'" in said and str(folder) in said, said
    zh, en = said.index("是文件夹"), said.index("is a folder, not a file")
    assert zh < en and option in said[zh:en] and option in said[en:], said  # Chinese first; each names the option
    assert "is a directory" not in said


def test_witness_out_that_is_a_file_is_refused_in_both_languages(tmp_path):
    afile = tmp_path / "notes.txt"
    afile.write_text("mine", encoding="utf-8")
    (tmp_path / "site").mkdir()
    done = CliRunner().invoke(cli, ["witness", str(tmp_path / "site"), "--out", str(afile)])
    assert done.exit_code == 2, done.output
    said = done.output.split("Error: ", 1)[1]
    zh, en = said.index("是文件"), said.index("is a file, not a folder")
    assert zh < en, said
    assert afile.read_text(encoding="utf-8") == "mine"
