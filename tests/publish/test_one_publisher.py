"""One publish at a time into a folder (ledger.files.site_publish_lock).

Two publishes into the same --out at once each built on the same previous site: both said
they had published, the last swap won, and the first's checkpoint of the public log, seen
by anyone who fetched it in between, was never extended: what a log that rewrote its
history looks like. The second now waits for the first, saying so, and builds on its site."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ledger.files import folder_lock, site_publish_lock


def test_a_second_publish_waits_for_the_first_and_says_so(tmp_path, publish_to):
    out = tmp_path / "site"
    waited = threading.Event()
    done: list = []

    def second() -> None:
        done.append(publish_to(out, on_wait=waited.set))

    with folder_lock(tmp_path):  # a first publish holding the folder the site is made in
        worker = threading.Thread(target=second)
        worker.start()
        assert waited.wait(timeout=60), "the second publish did not wait"
        assert not out.exists() and not done  # nothing made while the first holds the folder
    worker.join(timeout=300)
    assert done and (out / "index.html").is_file()


def test_publishes_into_other_folders_do_not_wait(tmp_path, publish_to):
    (tmp_path / "a").mkdir()
    with folder_lock(tmp_path / "a"):
        publish_to(tmp_path / "b" / "site", on_wait=lambda: (_ for _ in ()).throw(AssertionError("waited")))
    assert (tmp_path / "b" / "site" / "index.html").is_file()


def test_a_parent_folder_that_cannot_be_opened_publishes_without_the_lock(tmp_path):
    """No such parent (the publish then names the folder it cannot make): no lock, no error
    from the lock itself."""
    with site_publish_lock(tmp_path / "missing" / "site"):
        pass


def _someone_waits_for(folder, timeout: float = 120) -> bool:
    """Whether a flock on `folder` gets a waiter within `timeout` (Linux's /proc/locks marks
    a blocked request "->"), once the command has loaded the books and reached the lock."""
    import os
    import time

    st = os.stat(folder)
    inode = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with open("/proc/locks", encoding="ascii") as locks:
            if any("->" in line and line.split()[-3] == inode for line in locks):
                return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads /proc/locks")
def test_the_command_says_it_waits(tmp_path):
    from click.testing import CliRunner

    from cli import cli

    from .conftest import SMALL

    out = tmp_path / "site"
    results: list = []
    with folder_lock(tmp_path):
        worker = threading.Thread(target=lambda: results.append(
            CliRunner().invoke(cli, ["publish", str(SMALL), "--out", str(out), "--no-report-pdf"])))
        worker.start()
        assert _someone_waits_for(tmp_path), "the command did not wait for the folder"
        assert not out.exists()
    worker.join(timeout=300)
    result, = results
    assert result.exit_code == 0, result.output
    assert f"waiting: another `relief publish` is making a site in {tmp_path.resolve()}" in result.output


def test_what_a_killed_publish_left_is_swept_by_the_next_one(tmp_path, publish_to):
    """A publish killed outright (kill -9, the OOM killer, a CI job's timeout) leaves its
    staging folder `.site.new-…`, as large as the site, beside it; the next publishes kept
    every such folder for a day (ten killed runs of a cron job: ten copies of the site). A
    publish holds the folder's lock from before it makes its staging folder until the swap,
    so one that holds it knows no other is building there: it sweeps them at once. Without
    the lock (SiteWriter alone, or where no lock can be had) the day's wait stays."""
    from publish.writer import SiteWriter

    out = tmp_path / "site"
    publish_to(out)
    killed = [tmp_path / ".site.new-k1ll3d00", tmp_path / ".site.old-k1ll3d00"]
    for folder in killed:
        (folder / "ack").mkdir(parents=True)
        (folder / "ack" / "page.html").write_text("half", encoding="utf-8")
    with SiteWriter(out):  # no lock held: a running publish's folder could be among them
        assert all(folder.is_dir() for folder in killed)
    publish_to(out)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith((".site.new-", ".site.old-"))] == []
    assert (out / "index.html").is_file()
