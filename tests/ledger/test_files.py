"""The one atomic writer (ledger/files.py): all or nothing, no temporary file left behind."""

from __future__ import annotations

import os

import pytest

from ledger import files


def test_replaces_the_file_and_keeps_its_mode(tmp_path):
    path = tmp_path / "main.beancount"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o640)
    files.atomic_write_text(path, "新的 text\n")
    assert path.read_text(encoding="utf-8") == "新的 text\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["main.beancount"]


def test_a_new_file_gets_the_mode_asked_for_and_its_folder(tmp_path):
    path = tmp_path / "config" / "secret"
    files.atomic_write_bytes(path, b"s3cret\n", 0o600)
    assert path.read_bytes() == b"s3cret\n"
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_failed_write_keeps_the_old_file_and_removes_the_temporary_one(tmp_path, monkeypatch):
    path = tmp_path / "inbox.beancount"
    path.write_text("old\n", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        files.atomic_write_text(path, "new\n", fsync=False)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inbox.beancount"]


def test_a_stream_that_fails_half_way_leaves_the_old_file_whole(tmp_path):
    """The load cache pickles straight into `atomic_writer`: an object that cannot be
    pickled half-way through must leave the previous cache file, and no temporary file."""
    import pickle

    path = tmp_path / "books.pickle"
    path.write_bytes(b"previous cache")
    with pytest.raises((pickle.PicklingError, TypeError, AttributeError)):
        with files.atomic_writer(path, 0o600, fsync=False) as handle:
            handle.write(b"header\n")
            pickle.dump(["fine"] * 1000 + [lambda: None], handle)
    assert path.read_bytes() == b"previous cache"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["books.pickle"]


def test_a_stream_that_ends_well_replaces_the_file(tmp_path):
    path = tmp_path / "books.pickle"
    path.write_bytes(b"previous cache")
    with files.atomic_writer(path, 0o600, fsync=False) as handle:
        handle.write(b"new ")
        handle.write(b"cache")
    assert path.read_bytes() == b"new cache"
    assert path.stat().st_mode & 0o777 == 0o600


def test_ctrl_c_as_the_temporary_file_is_made_leaves_no_temporary_file(tmp_path, monkeypatch):
    """Ctrl-C (or SIGTERM) that came while the system made the temporary file was acted on
    as soon as mkstemp's open returned, before the writer knew the file's name: `relief import
    --write` said 'what was half-made was removed' and left .inbox.beancount.XXXX.tmp among
    the books. Here the signal comes just as the file is made."""
    import signal
    import tempfile

    made = tempfile.mkstemp

    def interrupted_mkstemp(*args, **kwargs):
        fd, name = made(*args, **kwargs)
        signal.raise_signal(signal.SIGINT)  # Python acts on it at its next step
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", interrupted_mkstemp)
    path = tmp_path / "inbox.beancount"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        files.atomic_write_text(path, "new\n", fsync=False)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inbox.beancount"]


def test_a_write_refused_by_a_full_disk_names_the_file(tmp_path, monkeypatch):
    """A full disk (or a quota) refuses the writes into the temporary file, or only their
    fsync, with an error naming no file: `relief import --write` on a disk with 4 KB left
    said 'nothing was written: the disk is full (No space left on device)', not which of
    the books' files it was writing. The error now names the file being replaced."""
    import errno

    from cli.common import os_reason

    path = tmp_path / "inbox.beancount"
    path.write_text("old\n", encoding="utf-8")

    def full(_fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError) as failed:
        files.atomic_write_text(path, "new\n")
    assert failed.value.filename == str(path)
    assert os_reason(failed.value).startswith(f"the disk is full writing {path} (No space left on device)")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inbox.beancount"]
