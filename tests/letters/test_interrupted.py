"""An interrupted `relief letters` keeps what it finished, and the manifest says no more than that.

A run stopped by Ctrl-C (the whole process group gets SIGINT) drained the pool, making
nearly every letter, and then wrote a manifest of the few batches it had received before the
interrupt: ~1,060 PDFs beside `{"files": {}}`, and the next run made all 1,073 again. Now
the letters finished before the stop are recorded and the next run makes only the others,
the same bytes as one uninterrupted run.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ledger.books import load_books
from letters.make import make_letters
from letters.render import LetterRenderer
from letters.runner import Interrupted

from .conftest import BOOKS, SECRET


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*.pdf"))}


def assert_manifest_agrees(out: Path) -> dict[str, dict]:
    """Every PDF in `out` is in the manifest with its size, every entry is a file; no temporary file is left."""
    files = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    on_disk = {str(p.relative_to(out)) for p in out.rglob("*.pdf")}
    assert set(files) == on_disk
    for path, entry in files.items():
        assert (out / path).stat().st_size == entry["size"], path
    assert [p for p in out.rglob("*") if p.is_file() and p.name.endswith(".tmp")] == []
    return files


def stop_after(monkeypatch, renders: int, path_to_stop: str | None = None) -> None:
    """Ctrl-C while rendering: after `renders` documents in this process, or on `path_to_stop` in any process."""
    real = LetterRenderer.render
    count = {"n": 0}

    def render(self, doc, centre):
        count["n"] += 1
        if doc.relpath == path_to_stop or (path_to_stop is None and count["n"] > renders):
            raise KeyboardInterrupt
        return real(self, doc, centre)

    monkeypatch.setattr(LetterRenderer, "render", render)


@pytest.mark.parametrize("jobs", [1, 2], ids=["this-process", "workers"])
def test_an_interrupted_run_keeps_what_it_finished(letters_run, books, tmp_path, monkeypatch, jobs):
    full, _ = letters_run
    out = tmp_path / "out"
    # in this process: the 5th document is interrupted; in the pool: the 6th of 12, in whichever worker has it
    stop_after(monkeypatch, 4, None if jobs == 1 else "2026/JZ-2026-00006.pdf")
    with pytest.raises(Interrupted) as stopped:
        make_letters(books, out, SECRET, statements=True, jobs=jobs)
    kept = assert_manifest_agrees(out)
    assert sorted(kept) == stopped.value.report.made
    assert 0 < len(kept) < 12
    if jobs == 1:
        assert len(kept) == 4
    for path, digest in digests(out).items():
        assert digest == digests(full)[path], path  # a kept letter is the letter a full run makes

    monkeypatch.undo()
    again = make_letters(books, out, SECRET, statements=True, jobs=jobs)
    assert sorted(again.report.unchanged) == sorted(kept)
    assert sorted(again.report.made) == sorted(set(digests(full)) - set(kept))
    assert digests(out) == digests(full)
    assert_manifest_agrees(out)


def test_files_about_to_be_remade_are_unlisted_first(books_copy, tmp_path, monkeypatch):
    """A letter whose content changed keeps its old file until it is remade; the manifest
    drops its entry before any work, so an interrupted run never leaves the old file listed
    under the old hash as if it were current, nor the new file under the old hash."""
    out = tmp_path / "out"
    make_letters(load_books(books_copy), out, SECRET, jobs=1)
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8").replace("1680.32 CNY", "1880.32 CNY"), encoding="utf-8")
    stop_after(monkeypatch, 0)
    with pytest.raises(Interrupted):
        make_letters(load_books(books_copy), out, SECRET, jobs=1)
    files = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert "2026/JZ-2026-00003.pdf" not in files and len(files) == 6
    monkeypatch.undo()
    assert make_letters(load_books(books_copy), out, SECRET, jobs=1).report.made == ["2026/JZ-2026-00003.pdf"]


#: run before the command in the child: each worker makes its first document, then holds the
#: next until the run is stopped (at most two minutes), so the signal always comes while
#: documents are still to be made, however busy the machine (a fixed delay per document was
#: outrun once); once stopped, the worker finishes the document in hand, as it always does
SLOW_RENDER = """import time
from letters import runner
from letters.render import LetterRenderer
_real = LetterRenderer.render
_made = []
def _render(self, doc, centre):
    if _made:
        deadline = time.monotonic() + 120
        stop = runner._worker.get("stop")
        while time.monotonic() < deadline and not (stop is not None and stop.is_set()):
            time.sleep(0.05)
    _made.append(doc)
    return _real(self, doc, centre)
LetterRenderer.render = _render
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_the_command_stopped_by_a_signal_to_its_process_group(tmp_path, letters_run, signum):
    """As a terminal's Ctrl-C or `timeout` sends it: to the command and its workers at once."""
    full, _ = letters_run
    out = tmp_path / "out"
    env = dict(os.environ, RELIEF_SITE_SECRET=SECRET.decode(), RELIEF_PARSE_CACHE="0", PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    command = [sys.executable, "-c", "from cli import run; run()", "letters", str(BOOKS), "--out", str(out), "--statements", "--jobs", "2"]
    # each worker makes one document and then waits, so the signal comes while documents
    # are still to be made even on a busy machine (12 of them took less than the test's poll)
    slowed = [sys.executable, "-c", SLOW_RENDER + "from cli import run; run()", *command[3:]]
    process = subprocess.Popen(slowed, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 300
    while not any(out.rglob("*.pdf")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(process.pid, signum)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode != 0, "the run ended before the signal; the test proves nothing"
    assert "Interrupted:" in stderr and "Traceback" not in stderr, stderr
    kept = assert_manifest_agrees(out)
    assert 0 < len(kept) < 12

    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert f"{12 - len(kept)} made, {len(kept)} unchanged" in result.stdout
    assert digests(out) == digests(full)
    assert_manifest_agrees(out)


#: each worker makes its first document, then holds the next until the main process is gone
#: (at most two minutes), so the kill always comes while documents are still to be made
HOLD_UNTIL_ORPHANED = """import os, time
from letters.render import LetterRenderer
_real = LetterRenderer.render
_made = []
_parent = os.getppid()
def _render(self, doc, centre):
    if _made:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and os.getppid() == _parent:
            time.sleep(0.05)
    _made.append(doc)
    return _real(self, doc, centre)
LetterRenderer.render = _render
"""


def test_workers_end_when_the_command_is_killed(tmp_path):
    """SIGKILL (the OOM killer, `kill -9`, a CI job's timeout) to `relief letters` alone left
    its worker processes waiting for work for ever, holding the command's output pipes (a
    script reading them hung) and the site secret in memory. A worker now notices its
    command is gone, finishes the document in hand (never half a file) and ends."""
    out = tmp_path / "out"
    env = dict(os.environ, RELIEF_SITE_SECRET=SECRET.decode(), RELIEF_PARSE_CACHE="0", PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    command = [sys.executable, "-c", HOLD_UNTIL_ORPHANED + "from cli import run; run()",
               "letters", str(BOOKS), "--out", str(out), "--statements", "--jobs", "2"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    while not any(out.rglob("*.pdf")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    group_alive = True
    deadline = time.monotonic() + 60
    while group_alive and time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
            time.sleep(0.2)
        except ProcessLookupError:
            group_alive = False
    if group_alive:
        os.killpg(process.pid, signal.SIGKILL)
    assert not group_alive, "the workers lived on after their command was killed"
    assert [p for p in out.rglob("*") if p.is_file() and p.name.endswith(".tmp")] == []
    assert 0 < len(list(out.rglob("*.pdf"))) < 12
