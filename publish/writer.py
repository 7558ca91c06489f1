"""Writing a site atomically, and only the files that changed.

The site is built in a new sibling folder (`.NAME.new-XXXX` beside the output folder); when
everything is written, the new folder is swapped in with one atomic rename (Linux
`renameat2(RENAME_EXCHANGE)`, else two renames) and the old one removed. A failed run
removes its half-built folder and leaves the previous site exactly as it was.

A file whose bytes equal the previous site's copy is hard-linked from it (or copied when
links are not possible), so unchanged pages keep their inode and modification time: a
re-publish after one new donation rewrites only the pages that changed, and rsync or a
web server's caches see only those.

Like Pelican's writer, it refuses to write outside the output folder or the same file twice.
A folder that exists, is not empty and was not made by publish (no MARKER file) is refused
rather than replaced.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ledger.errors import ReliefError

MARKER = ".relief-site"
MARKER_TEXT = b"This folder is made by `relief publish`; it is replaced as a whole on every publish.\n"


class WriteError(ReliefError):
    """Refused or failed write (message says what to do)."""


@dataclass
class WriteStats:
    """The paths a publish wrote anew, took unchanged from the previous site, and removed."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def check_output_folder(out: Path, books_root: Path | None = None) -> None:
    """Refuse an output folder that is not ours to replace (message says why)."""
    out = Path(out)
    if books_root is not None:
        o, b = out.resolve(), books_root.resolve()
        inside = o.is_relative_to(b) and (b / "main.beancount").is_file()
        if o == b or b.is_relative_to(o) or inside:
            raise WriteError(f"{out}: the site must be written outside the books folder ({books_root}); choose another --out folder")
    if out.exists():
        if not out.is_dir():
            raise WriteError(f"{out}: exists and is not a folder; choose a folder for --out")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise WriteError(f"{out}: is not empty and was not made by `relief publish` (no {MARKER} file); choose a new or empty folder, publish replaces it as a whole")


class SiteWriter:
    """Collects files into a staging folder, then swaps it in with `commit()`.

    Use as a context manager: leaving the block with an exception discards the staging
    folder and keeps the old site.
    """

    def __init__(self, out: str | os.PathLike[str]):
        self.out = Path(out).absolute()
        self.previous = self.out if self.out.is_dir() else None
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
        self._stage = str(self.staging)
        self._prev = str(self.previous) if self.previous is not None else None
        self.files: dict[str, str] = {}  # path -> sha256
        self._stamps: dict[str, tuple[int, int, int]] = {}  # path -> (inode, size, mtime_ns)
        self._dirs: set[str] = {self._stage}
        self.stats = WriteStats()
        self._committed = False

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if not self._committed:
            shutil.rmtree(self.staging, ignore_errors=True)

    def _target(self, path: str) -> str:
        parts = path.split("/")
        if not path or path.startswith("/") or any(p in ("..", "", ".") or "\\" in p or "\0" in p for p in parts):
            raise WriteError(f"refusing to write {path!r}: outside the output folder")
        # the staging folder is new and holds no symlinks, so a path of plain parts stays inside
        return self._stage + "/" + path

    def _claim(self, path: str) -> str:
        if path in self.files:
            raise WriteError(f"refusing to write {path!r} twice in one publish (two pages share an address)")
        return self.claim_folder(path)

    def claim_folder(self, path: str) -> str:
        """Make the folder in the staging area that `path` will be written in, and return
        the staged file's path, without writing or recording the file.

        For files a forked worker process writes itself (publish/parallel.py): the main
        process claims their folders before forking, so that workers never race to create
        one and this writer knows every folder it must fix the permissions of; the worker
        then writes with its own copy of the writer, and the main process accounts for each
        file with `record`. Refuses a path outside the output folder, as `write` does."""
        target = self._target(path)
        folder = target.rpartition("/")[0]
        if folder not in self._dirs:
            os.makedirs(folder, exist_ok=True)
            self._dirs.add(folder)
        return target

    def _old(self, path: str) -> tuple[str, os.stat_result] | None:
        """The previous site's copy of `path` and its lstat, if it is a regular file (not a link)."""
        if self._prev is None:
            return None
        old = self._prev + "/" + path
        try:
            st = os.lstat(old)  # one system call: tens of thousands of pages come this way
        except OSError:
            return None
        return (old, st) if stat.S_ISREG(st.st_mode) else None

    @staticmethod
    def _link(old: str, target: str) -> bool:
        """Hard-link the previous site's file (True), or copy it where links fail (False)."""
        try:
            os.link(old, target)
            return True
        except OSError:
            shutil.copy2(old, target)
            return False

    def write(self, path: str, content: bytes | str) -> str:
        """Stage one file; returns its SHA-256. Refuses a path written before."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = self._claim(path)
        digest = hashlib.sha256(data).hexdigest()
        self.files[path] = digest
        found = self._old(path)
        if found is not None and found[1].st_size == len(data) and _read(found[0]) == data:
            if self._link(found[0], target):
                st = found[1]
                self._stamps[path] = (st.st_ino, st.st_size, st.st_mtime_ns)
            self.stats.unchanged.append(path)
        else:
            st = _write_new(target, data)
            self._stamps[path] = (st.st_ino, st.st_size, st.st_mtime_ns)
            self.stats.written.append(path)
        return digest

    def stamp(self, path: str) -> tuple[int, int, int]:
        """(inode, size, mtime in ns) of a staged file: it keeps them once swapped in."""
        known = self._stamps.get(path)
        if known is not None:
            return known
        st = os.stat(self._stage + "/" + path)
        return st.st_ino, st.st_size, st.st_mtime_ns

    def record(self, path: str, sha256: str, written: bool, stamp: tuple[int, int, int]) -> None:
        """Account for a file a worker process staged (publish/parallel.py)."""
        if path in self.files:
            raise WriteError(f"refusing to write {path!r} twice in one publish (two pages share an address)")
        self.claim_folder(path)
        self.files[path] = sha256
        self._stamps[path] = tuple(stamp)
        (self.stats.written if written else self.stats.unchanged).append(path)

    def reuse(self, path: str, sha256: str, stamp: tuple[int, int, int] | None = None) -> bool:
        """Take `path` unchanged from the previous site, without rendering it again.

        The previous file must be the one recorded: same inode, size and modification time
        as `stamp` (files are only ever linked, never rewritten in place), or, without a
        stamp, bytes with this SHA-256. False (and nothing staged) otherwise.
        """
        if path in self.files:
            raise WriteError(f"refusing to write {path!r} twice in one publish (two pages share an address)")
        found = self._old(path)
        if found is None:
            return False
        old, st = found
        if stamp is not None:
            if (st.st_ino, st.st_size, st.st_mtime_ns) != tuple(stamp):
                return False
        elif hashlib.sha256(_read(old)).hexdigest() != sha256:
            return False
        if self._link(old, self._claim(path)):
            self._stamps[path] = (st.st_ino, st.st_size, st.st_mtime_ns)
        self.files[path] = sha256
        self.stats.unchanged.append(path)
        return True

    def commit(self) -> WriteStats:
        """Swap the staging folder in place of the output folder."""
        self.write(MARKER, MARKER_TEXT)
        if self._prev is not None:
            old_files = set()
            for folder, _dirs, names in os.walk(self._prev):
                rel = os.path.relpath(folder, self._prev)
                prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
                old_files.update(prefix + n for n in names)
            self.stats.removed = sorted(old_files - set(self.files))
        for folder in self._dirs:
            os.chmod(folder, 0o755)
        if self.out.exists():
            if not _exchange(self.staging, self.out):
                trash = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
                os.rename(self.out, trash / "site")
                os.rename(self.staging, self.out)
                self.staging = trash
            shutil.rmtree(self.staging, ignore_errors=True)  # now holds the old site
        else:
            os.rename(self.staging, self.out)
        self._committed = True
        self.stats.written.sort()
        self.stats.unchanged.sort()
        return self.stats


def _write_new(target: str, data: bytes) -> os.stat_result:
    """Create `target` (it must not exist) with `data`; returns its stat.

    Plain system calls, not open(): for tens of thousands of pages the buffered file
    object's extra calls (a terminal check, a seek, a second stat) cost more than the write."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        return os.fstat(fd)
    finally:
        os.close(fd)


def _read(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False when not available."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0
