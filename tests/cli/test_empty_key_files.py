"""An empty --secret-file, --log-key-file or --key (`--secret-file "$SECRET"` with the variable
unset) was read as the current folder and refused as ". : cannot read the site secret (it is a
folder, not a file)", which names neither the option nor the mistake. Each is now refused as
empty, naming the option, and nothing is written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli


@pytest.fixture
def books(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("RELIEF_SITE_SECRET", raising=False)
    monkeypatch.delenv("RELIEF_LOG_KEY", raising=False)
    root = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(root), "--year", "2026"]).exit_code == 0
    return root


CASES = {
    "publish --secret-file": (["publish", "BOOKS", "--out", "OUT", "--no-report-pdf"], "--secret-file"),
    "publish --log-key-file": (["publish", "BOOKS", "--out", "OUT", "--no-report-pdf"], "--log-key-file"),
    "letters --secret-file": (["letters", "BOOKS", "--out", "OUT"], "--secret-file"),
    "witness --key": (["witness", "SITE", "--name", "audit.example.cn", "--out", "OUT"], "--key"),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("empty", ["", " "])
def test_an_empty_key_file_option_is_refused_naming_it(books, tmp_path, monkeypatch, case, empty):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    (tmp_path / "site").mkdir()
    args, option = CASES[case]
    out = tmp_path / "out"
    args = [str(books) if a == "BOOKS" else str(tmp_path / "site") if a == "SITE" else str(out) if a == "OUT" else a
            for a in args]
    done = CliRunner().invoke(cli, [*args, option, empty])
    assert done.exit_code == 2, done.output
    assert f"Invalid value for '{option}'" in done.output and "it is empty" in done.output, done.output
    assert "it is a folder" not in done.output and "Traceback" not in done.output
    assert not out.exists() and list(here.iterdir()) == []
    assert not (tmp_path / "config").exists()  # no secret or key made in its place
