"""weasyprint's copies of the fonts are removed when a command ends.

weasyprint copies every @font-face font into a temporary folder of its own and leaves its
removal to a finaliser, which never runs in relief's commands (they end without the
interpreter's teardown, and forked workers with os._exit). Each report, publish and letters
run left 300-500 KB in /tmp for ever. The commands are run here as the user runs them (a
process of their own, TMPDIR pointing at an empty folder) and must leave that folder empty.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ledger.demo import write_demo

RELIEF = [sys.executable, "-c", "from cli import run; run()"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    main, _ = write_demo(tmp_path_factory.mktemp("fonts") / "books", seed=7, transactions=300)
    return main


def _run(args, tmp: Path, home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, TMPDIR=str(tmp), XDG_CONFIG_HOME=str(home / "config"), RELIEF_PARSE_CACHE="0",
               PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    return subprocess.run(RELIEF + args, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("command", [
    ["report", "{books}", "--out", "{out}/report.pdf"],
    ["letters", "{books}", "--out", "{out}/letters", "--jobs", "2"],
    ["publish", "{books}", "--out", "{out}/site", "--jobs", "2"],
], ids=["report", "letters", "publish"])
def test_a_command_leaves_no_font_copies_behind(demo, tmp_path, command):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    args = [a.format(books=demo, out=tmp_path) for a in command]
    result = _run(args, tmp, tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp.iterdir()) == []


def test_only_this_process_s_folders_are_removed(tmp_path, monkeypatch):
    """A forked worker must not remove the folder of the process it was forked from (still
    in use there), only its own; a configuration still alive forgets its removed folder."""
    import weakref

    from publish import pdf

    class Config:
        _folder = None

    mine, parents = tmp_path / "mine", tmp_path / "parents"
    mine.mkdir()
    parents.mkdir()
    config = Config()
    config._folder = str(mine)
    other = Config()
    monkeypatch.setattr(pdf, "_FONT_FOLDERS", [(os.getpid(), mine, weakref.ref(config)),
                                               (os.getpid() + 1, parents, weakref.ref(other))])
    pdf.remove_font_folders()
    assert not mine.exists() and parents.exists()
    assert config._folder is None
    assert [(pid, path) for pid, path, _ in pdf._FONT_FOLDERS] == [(os.getpid() + 1, parents)]


def test_a_renderer_s_folder_is_noted_and_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    from publish import pdf

    monkeypatch.setattr(pdf, "_FONT_FOLDERS", [])
    renderer = pdf.PdfRenderer(("body { font-size: 10pt }",), fonts=pdf.run_font_files("捐赠"))
    assert renderer.render("<p>捐赠 ¥1.00</p>").pages == 1
    made = [p for p in tmp_path.iterdir() if p.name.startswith("weasyprint-")]
    assert made and [path for _, path, _ in pdf._FONT_FOLDERS] == made
    pdf.remove_font_folders()
    assert not any(p.exists() for p in made) and pdf._FONT_FOLDERS == []
    assert renderer.font_config._folder is None
