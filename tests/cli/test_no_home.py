"""relief where no home folder can be found: no HOME, and a user the system does not list
(a container run under an arbitrary uid, a job started with `env -i`).

`relief check` stopped with an internal error (Path.home(): "Could not determine home
directory"), and where `~` could not be expanded it stayed `~`: the site secret and the
log key would have been made in a folder named `~` under the current folder (the books')."""

from __future__ import annotations

import base64
import os
import pwd

import pytest
from click.testing import CliRunner

from cli import cli

LOG_KEY = base64.b64encode(b"k" * 32).decode("ascii")


@pytest.fixture
def no_home(tmp_path, monkeypatch):
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    for name in ("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "RELIEF_PARSE_CACHE", "RELIEF_SITE_SECRET",
                 "RELIEF_LOG_KEY", "RELIEF_FONT_DIR"):
        monkeypatch.delenv(name, raising=False)

    def unlisted(uid):
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", unlisted)
    monkeypatch.chdir(books)
    assert os.path.expanduser("~") == "~"  # as the system leaves it
    return books


def test_check_works_without_a_home_folder(no_home):
    result = CliRunner().invoke(cli, ["check", str(no_home)])
    assert result.exit_code == 0, result.output
    assert not (no_home / "~").exists()


def test_publish_asks_for_the_secret_instead_of_making_one_in_a_folder_named_tilde(no_home, tmp_path):
    result = CliRunner().invoke(cli, ["publish", str(no_home), "--out", str(tmp_path / "site"), "--no-report-pdf"])
    assert result.exit_code == 1, result.output
    assert "no home folder" in result.output and "--secret-file" in result.output and "RELIEF_SITE_SECRET" in result.output
    assert not (no_home / "~").exists() and not (tmp_path / "site").exists()


def test_publish_works_with_its_keys_given(no_home, tmp_path, monkeypatch):
    monkeypatch.setenv("RELIEF_SITE_SECRET", "no-home-test-secret-0123456789")
    monkeypatch.setenv("RELIEF_LOG_KEY", LOG_KEY)
    result = CliRunner().invoke(cli, ["publish", str(no_home), "--out", str(tmp_path / "site"), "--no-report-pdf"])
    assert result.exit_code == 0, result.output
    assert not (no_home / "~").exists()
