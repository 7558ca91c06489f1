"""A relief command stopped from outside (SIGTERM, or SIGKILL of the main process) leaves
no half-built site and no worker process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

BOOKS = Path(__file__).parent.parent / "letters" / "books"
ROOT = Path(__file__).parent.parent.parent


def _python(script: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
           "RELIEF_SITE_SECRET": "terminate-test-secret-0123456789"}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def test_sigterm_during_a_publish_removes_its_staging_folder_and_keeps_the_site(tmp_path):
    """SIGTERM runs the clean-up Ctrl-C gets (cli.stop_on_terminate): before, the process
    ended at once and its `.site.new-XXXX` staging folder stayed beside the site."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    script = """
        import sys, time
        import publish.run
        from publish.writer import SiteWriter

        def slow_publish(books, out, **options):  # a publish caught half-way
            with SiteWriter(out) as writer:
                writer.write("index.html", "half of the new site")
                print("staging", flush=True)
                time.sleep(60)

        publish.run.publish_books = slow_publish
        sys.argv = ["relief", "publish", *sys.argv[1:]]
        from cli import main
        main()
    """
    proc = _python(script, str(BOOKS), "--out", str(site))
    assert proc.stdout.readline().strip() == "staging"
    assert [p.name for p in tmp_path.glob(".site.new-*")]  # the run is half-way
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=30)
    assert "Traceback" not in err
    # 128 + 15, as a shell reports a process SIGTERM ended: before, click's "Aborted!" and
    # status 1, a refused run's status
    assert proc.returncode == 143 and "Interrupted; nothing more was written" in err
    assert not list(tmp_path.glob(".site.new-*"))
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous site"


def test_ctrl_c_during_a_command_says_so_and_exits_130(tmp_path):
    """Ctrl-C (SIGINT) during a command: the message and 128 + 2, not click's "Aborted!" and 1."""
    script = """
        import signal, sys, time
        import cli.check_cmd

        # a shell's background job starts with SIGINT ignored: Ctrl-C's own handler, as at a terminal
        signal.signal(signal.SIGINT, signal.default_int_handler)

        def slow_check(*args, **kwargs):
            print("checking", flush=True)
            time.sleep(60)

        cli.check_cmd.load_for = slow_check
        sys.argv = ["relief", "check", *sys.argv[1:]]
        from cli import run
        run()
    """
    proc = _python(script, str(BOOKS))
    assert proc.stdout.readline().strip() == "checking"
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert "Traceback" not in err and "Aborted" not in err
    assert proc.returncode == 130 and "Interrupted; nothing more was written" in err


def _ended(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")  # a zombie has ended (only its parent, init now, has not reaped it)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_worker_whose_main_process_is_killed_ends(tmp_path):
    """A forked publish worker (publish/parallel.py) holding its result when the main process
    is killed: it ends (broken pipe). Before, it held the pipe's reading end itself and
    waited for ever to hand over its result."""
    script = """
        import os
        from publish.parallel import Forked

        job = Forked(lambda: b"x" * 4_000_000)  # more than a pipe holds
        print(job._process.pid, flush=True)
        os._exit(0)  # the main process is gone without reading
    """
    proc = _python(script)
    pid = int(proc.stdout.readline())
    proc.wait(timeout=30)
    deadline = time.monotonic() + 20
    while not _ended(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    ended = _ended(pid)
    if not ended:
        os.kill(pid, signal.SIGKILL)
    assert ended
