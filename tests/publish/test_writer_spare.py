"""The site writer's spare folder (publish/writer.py): the site swapped out is kept as
`.NAME.spare`, holding only the live site's own files, and the next publish builds in it.
Whatever the spare holds, the site made from it is the one made from scratch, and nothing
the previous site shares is ever written in place."""

from __future__ import annotations

import hashlib
import os
import shutil
import time

import pytest

from publish import writer as writer_module
from publish.writer import MARKER, SiteWriter, WriteError

from .test_site import NEW_DONATION

A = {"index.html": "home 1", "a.html": "same", "b.html": "b 1", "c/d.html": "d 1", "c/e.html": "e", "big/x.html": "x"}
B = {"index.html": "home 2", "a.html": "same", "b.html": "b 2", "c/e.html": "e", "f/g.html": "g 1", "big/x.html": "x"}
C = {"index.html": "home 3", "a.html": "same", "b.html": "b 3", "c/d.html": "d 3", "c/e.html": "e", "f/g.html": "g 1", "h.html": "h"}


def put(out, files):
    """One publish of `files` (path -> text) with the writer alone; returns its stats."""
    with SiteWriter(out) as w:
        for path, text in files.items():
            w.write(path, text)
        return w.commit()


def tree(root):
    """path -> bytes of every entry under `root` (a link or a folder shows as such)."""
    out = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            p = os.path.join(folder, name)
            rel = os.path.relpath(p, root)
            if os.path.islink(p):
                out[rel] = ("link", os.readlink(p))
            elif os.path.isdir(p):
                out[rel] = "folder"
            else:
                with open(p, "rb") as fh:
                    out[rel] = fh.read()
    return out


def expected(files):
    want = {p: t.encode() for p, t in files.items()}
    want[MARKER] = writer_module.MARKER_TEXT
    folders = {os.path.dirname(p) for p in files} - {""}
    want.update({f: "folder" for f in folders})
    return want


def assert_spare_holds_only_the_sites_files(site, spare):
    for folder, _dirs, names in os.walk(spare):
        for name in names:
            rel = os.path.relpath(os.path.join(folder, name), spare)
            mine, theirs = os.lstat(spare / rel), os.lstat(site / rel)
            assert (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino), rel


def test_the_old_site_becomes_a_spare_holding_only_the_sites_own_files(tmp_path):
    out, spare = tmp_path / "site", tmp_path / ".site.spare"
    put(out, A)
    assert not spare.exists()  # the first publish swaps nothing out
    stats = put(out, B)
    assert tree(out) == expected(B)
    assert stats.removed == ["c/d.html"] and set(stats.written) == {"index.html", "b.html", "f/g.html"}
    assert spare.is_dir()
    assert_spare_holds_only_the_sites_files(out, spare)
    # the old versions of what changed, and what was removed, are gone from it
    held = tree(spare)
    assert "b.html" not in held and "index.html" not in held and "c/d.html" not in held
    assert held["a.html"] == b"same" and held[MARKER] == writer_module.MARKER_TEXT


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_building_in_the_spare_gives_the_site_made_from_scratch(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(writer_module, "_exchange", lambda a, b: False)
    out, spare = tmp_path / "site", tmp_path / ".site.spare"
    put(out, A)
    put(out, B)
    before = {p: os.lstat(out / p).st_ino for p in B}
    stats = put(out, C)
    assert tree(out) == expected(C)
    assert set(stats.written) == {"index.html", "b.html", "c/d.html", "h.html"}
    assert stats.removed == ["big/x.html"]
    for path in stats.unchanged:
        if path in before:
            assert os.lstat(out / path).st_ino == before[path], path  # unchanged files keep their inode
    for path in stats.written:
        assert os.lstat(out / path).st_ino not in before.values(), path  # a new version is a new file
    assert_spare_holds_only_the_sites_files(out, spare)
    assert [p.name for p in tmp_path.iterdir() if ".new-" in p.name or ".old-" in p.name] == []
    again = put(out, C)
    assert again.written == [] and again.removed == [] and tree(out) == expected(C)


@pytest.mark.parametrize("listed", [True, False], ids=["inodes-listed", "inodes-looked-at"])
def test_the_spare_is_checked_by_its_listings_inodes_where_they_are_the_files_own(tmp_path, monkeypatch, listed):
    """The spare's listing gives each file's inode: an unchanged page is known to be there
    without a system call per file (tens of thousands of acknowledgement pages); on a file
    system whose listings give other numbers, each file is looked at instead. Both give the
    site made from scratch, unchanged files keeping their inode."""
    real = writer_module._inventory

    def inventory(root, dev):
        found = real(root, dev)
        assert found is None or found[2]  # this machine's file system lists the files' own inodes
        return found if found is None or listed else (found[0], found[1], False)

    monkeypatch.setattr(writer_module, "_inventory", inventory)
    out = tmp_path / "site"
    put(out, A)
    put(out, B)
    before = {p: os.lstat(out / p).st_ino for p in B}
    looked_at: list[str] = []
    real_lstat = os.lstat

    def lstat(path, *args, **kwargs):
        if ".site.new-" in os.fspath(path):
            looked_at.append(os.fspath(path))
        return real_lstat(path, *args, **kwargs)

    monkeypatch.setattr(writer_module.os, "lstat", lstat)
    stats = put(out, C)
    monkeypatch.setattr(writer_module.os, "lstat", real_lstat)
    assert tree(out) == expected(C)
    kept = [p for p in stats.unchanged if p in before]
    assert kept and all(os.lstat(out / p).st_ino == before[p] for p in kept)
    in_staging = {p.split(".site.new-", 1)[1].split("/", 1)[1] for p in looked_at if "/" in p.split(".site.new-", 1)[1]}
    in_spare = set(kept) & set(A)  # the spare is the site before B: pages it holds are looked at unless listed
    assert in_spare and (in_staging & set(kept)) == (set() if listed else in_spare)


def test_the_previous_sites_files_are_never_written_in_place(tmp_path):
    out, spare = tmp_path / "site", tmp_path / ".site.spare"
    put(out, A)
    put(out, B)
    # keep every inode of the site and the spare alive under another name, with its bytes
    keep = tmp_path / "keep"
    keep.mkdir()
    held = {}
    for n, path in enumerate(p for root in (out, spare) for p in root.rglob("*") if p.is_file()):
        os.link(path, keep / str(n))
        held[str(n)] = path.read_bytes()
    put(out, C)
    put(out, A)
    assert {p.name: p.read_bytes() for p in keep.iterdir()} == held
    assert tree(out) == expected(A)


def test_a_spare_edited_by_hand_never_reaches_the_site(tmp_path):
    out, spare = tmp_path / "site", tmp_path / ".site.spare"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not for the site")
    (outside / "e.html").write_text("outside e")
    put(out, A)
    put(out, B)
    # a file replaced with other bytes (a new file: the site's copy is not touched)
    (spare / "a.html").unlink()
    (spare / "a.html").write_text("edited by hand")
    # a file added, a link to a file outside, a link where a folder belongs, a folder where a
    # file belongs, a file where a folder belongs, an empty folder
    (spare / "extra.html").write_text("extra")
    os.symlink(outside / "secret.txt", spare / "h.html")
    shutil.rmtree(spare / "c")
    os.symlink(outside, spare / "c")
    assert not (spare / "b.html").exists()  # rewritten by the last publish: its old version was deleted
    (spare / "b.html").mkdir()
    (spare / "b.html" / "inside.html").write_text("in a folder")
    (spare / "f").write_text("a file where a folder was")
    (spare / "empty").mkdir()
    stats = put(out, C)
    assert tree(out) == expected(C)
    assert (out / "a.html").read_bytes() == b"same" and "a.html" in stats.unchanged
    assert sorted(p.name for p in outside.iterdir()) == ["e.html", "secret.txt"]
    assert (outside / "secret.txt").read_text() == "not for the site" and (outside / "e.html").read_text() == "outside e"
    assert_spare_holds_only_the_sites_files(out, spare)
    assert not any(p.is_symlink() for p in spare.rglob("*"))


def test_a_spare_file_edited_in_place_is_rewritten(tmp_path):
    """An edit in place changes the file the site shares: the site's bytes no longer match
    what publish makes, so the page is written anew (a new file), as without a spare."""
    out, spare = tmp_path / "site", tmp_path / ".site.spare"
    put(out, A)
    put(out, B)
    with open(spare / "a.html", "a") as fh:
        fh.write(" defaced")
    stats = put(out, C)
    assert "a.html" in stats.written and tree(out) == expected(C)


def test_a_spare_without_the_marker_is_left_alone(tmp_path):
    out, spare = tmp_path / "site", tmp_path / ".site.spare"
    spare.mkdir()
    (spare / "thesis.docx").write_text("years of work")
    put(out, A)
    put(out, B)
    put(out, C)
    assert tree(out) == expected(C)
    assert tree(spare) == {"thesis.docx": b"years of work"}


def test_a_spare_that_is_a_link_is_not_followed(tmp_path):
    out, spare = tmp_path / "site", tmp_path / ".site.spare"
    put(out, A)
    put(out, B)
    elsewhere = tmp_path / "elsewhere"
    os.rename(spare, elsewhere)
    os.symlink(elsewhere, spare)
    before = tree(elsewhere)
    put(out, C)
    assert tree(out) == expected(C) and tree(elsewhere) == before and spare.is_symlink()


def test_a_failed_publish_leaves_the_site_and_discards_the_spare(tmp_path):
    out, spare = tmp_path / "site", tmp_path / ".site.spare"
    put(out, A)
    put(out, B)
    before = {p: (p.read_bytes(), p.stat().st_ino) for p in out.rglob("*") if p.is_file()}
    with pytest.raises(RuntimeError):
        with SiteWriter(out) as w:
            for path, text in C.items():
                w.write(path, text)
            raise RuntimeError("a template failed")
    assert {p: (p.read_bytes(), p.stat().st_ino) for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert not spare.exists()
    put(out, C)  # and the next publish builds from scratch
    assert tree(out) == expected(C)


def test_a_spare_beside_a_site_deleted_by_hand_is_deleted(tmp_path):
    out, spare = tmp_path / "site", tmp_path / ".site.spare"
    put(out, A)
    put(out, B)
    assert spare.is_dir()
    shutil.rmtree(out)
    put(out, C)
    assert tree(out) == expected(C) and not spare.exists()


def test_reuse_takes_the_recorded_file_through_the_spare(tmp_path):
    """The page cache's path: `reuse` with the recorded stamp keeps the very file."""
    out = tmp_path / "site"
    stamps = {}
    with SiteWriter(out) as w:
        for path, text in A.items():
            w.write(path, text)
            stamps[path] = w.stamp(path)
        w.commit()
    put(out, A)  # the spare is made
    (out / "b.html").unlink()
    (out / "b.html").write_text("b 1")  # same bytes, but not the recorded file
    with SiteWriter(out) as w:
        sha = hashlib.sha256(b"same").hexdigest()
        assert w.reuse("a.html", sha, stamps["a.html"])
        assert not w.reuse("b.html", hashlib.sha256(b"b 1").hexdigest(), stamps["b.html"])
        assert w.files == {"a.html": sha}
        w.commit()
    assert os.lstat(out / "a.html").st_ino == stamps["a.html"][0]
    assert not (out / "b.html").exists()


@pytest.mark.parametrize("bad", ["../evil.html", "/etc/passwd", "a/../../x", "", "a//b.html", "a/./b.html", "./a.html",
                                 "a/..", "a/", "..", ".", "a\\b.html", "a\0b.html"])
def test_writer_refuses_paths_that_leave_the_folder(tmp_path, bad):
    with SiteWriter(tmp_path / "site") as w:
        with pytest.raises(WriteError, match="outside"):
            w.write(bad, "x")
        w.write("a..b/c.d..html", "dots inside a name are fine")


def test_publishing_through_the_spare_with_workers_gives_the_site_made_from_scratch(books_copy, tmp_path, publish_to, monkeypatch):
    """Three publishes (the third builds in the spare, acknowledgement pages made by worker
    processes): the same bytes as one publish from scratch, and a spare holding only the
    site's files."""
    from publish import parallel

    monkeypatch.setattr(parallel, "MIN_PAGES", 2)
    out, spare = tmp_path / "site", tmp_path / ".site.spare"
    publish_to(out, books_copy, jobs=2)
    publish_to(out, books_copy, jobs=2)
    assert spare.is_dir()
    (spare / "index.html").unlink()
    (spare / "index.html").write_text("edited by hand")
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(NEW_DONATION)
    third = publish_to(out, books_copy, jobs=2)
    assert third.stats.written and "index.html" in third.stats.written
    scratch = tmp_path / "scratch"
    publish_to(scratch, books_copy, jobs=1)
    assert tree(out) == tree(scratch)
    assert_spare_holds_only_the_sites_files(out, spare)


def _age(path, seconds):
    """Set `path` and every folder in it `seconds` into the past."""
    for folder, _dirs, _names in os.walk(path):
        st = os.stat(folder)
        os.utime(folder, (st.st_atime - seconds, st.st_mtime - seconds))


def test_staging_folders_of_killed_publishes_are_swept_and_running_ones_kept(tmp_path):
    """A publish killed outright (SIGKILL, power lost) leaves `.site.new-…` behind, as large as
    the site; the next publish deletes such folders once a day old, and no other folder."""
    out = tmp_path / "site"
    put(out, A)
    put(out, B)
    killed = tmp_path / ".site.new-abcd1234"
    (killed / "ack").mkdir(parents=True)
    (killed / "ack" / "page.html").write_text("half", encoding="utf-8")
    _age(killed, 2 * 24 * 3600)
    trash = tmp_path / ".site.old-k1ll3d00"
    (trash / "site").mkdir(parents=True)
    _age(trash, 2 * 24 * 3600)
    running = tmp_path / ".site.new-running0"  # another publish building now
    (running / "ack").mkdir(parents=True)
    _age(running, 3 * 24 * 3600)
    os.utime(running / "ack")  # it is writing its pages now
    mine = tmp_path / ".other.new-abcd1234"  # another site's, and a folder of the user's own
    mine.mkdir()
    own = tmp_path / "site.new-notes"
    own.mkdir()
    link = tmp_path / ".site.new-link0000"
    link.symlink_to(own)
    for folder in (mine, own):
        _age(folder, 2 * 24 * 3600)
    os.utime(link, (0, 0), follow_symlinks=False)
    put(out, C)
    assert tree(out) == expected(C)
    assert not killed.exists() and not trash.exists()
    assert running.is_dir() and mine.is_dir() and own.is_dir() and link.is_symlink()


def test_a_spare_taken_into_use_is_not_taken_for_abandoned(tmp_path):
    """The spare kept from a publish days ago becomes the staging folder of the next one:
    its time is set then, so a publish started meanwhile does not sweep it."""
    out, spare = tmp_path / "site", tmp_path / ".site.spare"
    put(out, A)
    put(out, B)
    _age(spare, 3 * 24 * 3600)
    with SiteWriter(out) as w:
        assert w._spare_files is not None  # it builds in the spare
        assert writer_module.sweep_abandoned(out) == []
        assert w.staging.is_dir()
        for path, text in C.items():
            w.write(path, text)
        w.commit()
    assert tree(out) == expected(C)


def test_temporary_files_of_the_caches_left_by_a_killed_publish_are_swept(tmp_path):
    """A publish killed while writing `.site.publish-cache` or `.site.verification-cache`
    leaves the atomic writer's temporary file beside the site: swept once a day old, like a
    staging folder; the caches themselves stay (they are meant to)."""
    out = tmp_path / "site"
    put(out, A)
    old = tmp_path / "..site.publish-cache.k1ll3d.tmp"
    old.write_text("half")
    os.utime(old, (time.time() - 2 * 24 * 3600,) * 2)
    fresh = tmp_path / "..site.verification-cache.wr1t1n.tmp"  # a publish writing it now
    fresh.write_text("half")
    cache = tmp_path / ".site.verification-cache"
    cache.write_text("{}")
    os.utime(cache, (time.time() - 2 * 24 * 3600,) * 2)
    assert writer_module.sweep_abandoned(out) == ["..site.publish-cache.k1ll3d.tmp"]
    assert not old.exists() and fresh.exists() and cache.exists()


def test_ctrl_c_between_the_two_renames_of_the_swap_keeps_a_site(tmp_path, monkeypatch):
    """Where paths cannot be exchanged in one step (not Linux, or a file system without
    RENAME_EXCHANGE), the swap is two renames: the old site aside, the new one in. Ctrl-C
    between them left no site at all (the new one was discarded as half-made, the old one
    lay in .site.old-…, swept a day later). The swap now ends before the interrupt goes on."""
    import signal

    out = tmp_path / "site"
    with SiteWriter(out) as w:
        w.write("index.html", "old")
        w.commit()
    monkeypatch.setattr(writer_module, "_exchange", lambda a, b: False)
    real_rename = os.rename
    calls = []

    def rename_then_ctrl_c(src, dst):
        real_rename(src, dst)
        calls.append(dst)
        if len(calls) == 1:  # the old site is aside
            signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(writer_module.os, "rename", rename_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        with SiteWriter(out) as w:
            w.write("index.html", "new")
            w.commit()
    monkeypatch.setattr(writer_module.os, "rename", real_rename)
    assert (out / "index.html").read_text(encoding="utf-8") == "new"
