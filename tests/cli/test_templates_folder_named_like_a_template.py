"""A folder in one's own --templates folder named like a shipped template (tpl/overview.html/,
made by an unzip or a `mkdir -p` typed one word too far) was silently passed over: the shipped
overview.html was used and the user's change never showed, with no word why. publish, letters
and report now refuse it, naming the folder, and write nothing."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli
from tests.chinese_halves import chinese_first


@pytest.fixture
def books(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("RELIEF_SITE_SECRET", "templates-folder-tests-secret-0123456789")
    root = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(root), "--year", "2026"]).exit_code == 0
    return root


COMMANDS = {
    "publish": (["publish", "BOOKS", "--out", "OUT", "--no-acknowledgements", "--no-report-pdf"], "overview.html"),
    "letters": (["letters", "BOOKS", "--out", "OUT"], "letters/letter.html"),
    "report": (["report", "BOOKS", "--out", "OUT/annual.pdf"], "report/annual.html"),
}


@pytest.mark.parametrize("command", COMMANDS)
def test_a_folder_named_like_a_shipped_template_is_refused(books, tmp_path, command):
    args, name = COMMANDS[command]
    tpl = tmp_path / "tpl"
    (tpl / name).mkdir(parents=True)
    (tpl / name / "index.html").write_text("<p>mine</p>", encoding="utf-8")
    out = tmp_path / "out"
    args = [str(books) if a == "BOOKS" else a.replace("OUT", str(out)) for a in args]
    done = CliRunner().invoke(cli, [*args, "--templates", str(tpl)])
    assert done.exit_code == 2, done.output
    assert "--templates" in done.output and str(tpl / name) in done.output and "is a folder" in done.output, done.output
    [said] = [line.removeprefix("Error: ") for line in done.output.splitlines() if line.startswith("Error: ")]
    zh = chinese_first(said, "Invalid value for '--templates'", "is a folder, named like the shipped template")  # English alone before
    assert "是文件夹，却与自带模板" in zh and str(tpl / name) in zh, said
    assert "Traceback" not in done.output
    assert not out.exists()


def test_a_folder_of_its_own_name_is_not_refused(books, tmp_path):
    tpl = tmp_path / "tpl"
    (tpl / "letters").mkdir(parents=True)  # the shipped letters/ folder: a folder there is right
    (tpl / "my-pages.html").mkdir()  # named like no shipped template
    out = tmp_path / "out"
    done = CliRunner().invoke(cli, ["publish", str(books), "--out", str(out), "--no-acknowledgements", "--no-report-pdf",
                                    "--templates", str(tpl)])
    assert done.exit_code == 0, done.output
    assert (out / "index.html").exists()
