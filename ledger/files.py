"""Writing files so that a failure never leaves half of one: temp file, fsync, rename.

The one atomic writer of the project: every part that writes a file the user keeps (books,
inbox, site pages, PDFs, secrets) or a cache calls it, so that no reader ever sees a
half-written file and no temporary file is left behind when writing fails."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import shutil
import signal
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from ledger.said import Said, said

#: The folder beside the main file that holds one side file per closed period
#: (`closes/2026-Q1.sha256`); here, at the ground floor, because both the load cache (which
#: watches it) and the month-end package (which writes it) name it.
SIDE_FOLDER = "closes"


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], mode: int | None = None, *, fsync: bool = True) -> Iterator[BinaryIO]:
    """A binary file that replaces `path` in one step when the block ends without error;
    the old file stays if anything fails.

    The temporary file is made in the same folder (so the rename is atomic) and removed on
    any failure. `mode`: the new file's permissions (None: the old file's, else 0o644); the
    temporary file is created 0o600, so a secret is never readable by others, even briefly.
    `fsync=False` for files that can be made again (caches, documents the next run rebuilds).
    Why a stream and not only bytes: a large file (the load cache) written as it is made
    needs no second copy of itself in memory."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = None
    held = _hold_interrupts()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            _let_interrupts_in(held)  # one that came meanwhile is raised here, the name known
            yield handle
            if fsync:
                handle.flush()
                os.fsync(handle.fileno())
        if mode is None:
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        _let_interrupts_in(held)
        if isinstance(exc, OSError) and exc.filename is None:
            # a write or fsync refused (a full disk) names no file: the message would say
            # only 'the disk is full', not which file was being written
            exc.filename = os.fspath(path)
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise


#: the signals that stop relief (Ctrl-C, and SIGTERM: cli.stop_on_terminate)
_INTERRUPTS = {signal.SIGINT, signal.SIGTERM}


def _hold_interrupts() -> set[int] | None:
    """Block Ctrl-C and SIGTERM for this thread; the mask to put back (None where signals
    cannot be blocked).

    Why: Python acts on a signal at its next step, wherever that is: one that came while
    the system made the temporary file was raised as mkstemp returned, before the writer
    knew the file's name, and the file was left behind among the books. Held, it waits
    until the name is known (two system calls, nothing else is delayed)."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _INTERRUPTS)


def _let_interrupts_in(held: set[int] | None) -> None:
    """Put back the mask `_hold_interrupts` changed (a held signal is acted on now)."""
    if held is not None and not _INTERRUPTS <= held:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def write_new_file(path: str | os.PathLike[str], content: bytes, mode: int = 0o644) -> None:
    """Write `content` to `path`, a file that must not exist yet (FileExistsError when it
    does); nothing is left of it when the write fails or is interrupted.

    Not the atomic writer: its rename would replace a file made meanwhile, and what is
    written here never overwrites (O_EXCL): a template given to the user, a witness's key.
    Why: cut short (a full disk), the part written stayed, and every later run refused it
    as already there (a template Excel cannot open, 'not a witness key')."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, mode: int | None = None, *, fsync: bool = True) -> None:
    """Replace `path` with `data` in one step; the old file stays if anything fails
    (`atomic_writer`)."""
    with atomic_writer(path, mode, fsync=fsync) as handle:
        handle.write(data)


def atomic_copy(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Copy `source` to `target` (its times and mode kept, as shutil.copy2 does) in one step:
    `target` appears only once the copy is whole.

    Why: a statement filed under documents/ by a copy killed half way (kill -9, the OOM
    killer, a file size limit) stayed there cut short under its archived name, and the next
    import filed the whole copy beside it as `…-2.csv`. Killed now, the copy leaves only its
    temporary file (`.NAME.XXXXXXXX.tmp`), which `sweep_temporaries` removes."""
    with atomic_writer(target) as handle, open(source, "rb") as original:
        shutil.copyfileobj(original, handle)
    shutil.copystat(source, target)


def sweep_temporaries(path: str | os.PathLike[str]) -> None:
    """Remove the temporary files `atomic_writer` left beside `path` when a run writing it was
    killed outright (its clean-up never ran). Only for a file one writer at a time writes (the
    books' writer lock held): another's temporary file would be taken away while written."""
    path = Path(path)
    with contextlib.suppress(OSError):
        for left in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                left.unlink()


def atomic_write_text(path: str | os.PathLike[str], text: str, mode: int | None = None, *, fsync: bool = True) -> None:
    """Replace `path` with `text` (UTF-8) in one step; the old file stays if anything fails."""
    atomic_write_bytes(path, text.encode("utf-8"), mode, fsync=fsync)


def appended(content: bytes, text: str) -> bytes:
    """`content` byte for byte, then `text` in the file's own line ends (CRLF when the file
    has them: a file saved on Windows), on a line of its own.

    Why bytes: text read through Python's newline translation and written back turned a
    Windows-edited closes.beancount's (or inbox's) CRLF line ends into LF, every earlier
    line changed in the books' history; and an inbox re-saved in GBK, whose Chinese was only
    in comments (which beancount reads as they are), could not be read as text at all."""
    newline = b"\r\n" if b"\r\n" in content else b"\n"
    if content and not content.endswith((b"\n", b"\r")):
        content += newline
    return content + text.encode("utf-8").replace(b"\n", newline)


def through_links(path: str | os.PathLike[str]) -> Path:
    """The file a path names once links are followed (the path itself when it is no link).

    Why: a books file kept elsewhere and linked into the books (closes.beancount, the inbox,
    in a synced or shared folder) was replaced by an atomic write, link and all, with a file
    of its own: the file the link named, the one kept, never got what was written."""
    return Path(os.path.realpath(path))


def is_inside(path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> bool:
    """True when `path` is `folder` or lies anywhere under it, links followed.

    The one test of "inside the books folder" for everything that refuses to write (or
    keep a key) there: `relief publish`'s site, the site secret and log key, and the
    --out / --html files of `relief report` and `relief reconcile`."""
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


def write_failure(path: str | os.PathLike[str], exc: OSError) -> str:
    """Why writing `path` failed, in words that point at the cause.

    Why: when a folder on the way is a file (`--out notes.txt/site`), the system says "File
    exists" or "Not a directory", which reads as if the target were the trouble; the message
    names the file standing where a folder must be instead. Likewise a symbolic link whose
    target is gone (`--out site` linked to a folder on an unmounted disk) was "Not a
    directory" or "File exists": the message names the link and its target. And a folder
    that may not be written ("Permission denied", a read-only disk) is named, with what to
    do: the system names the file (often a temporary one relief made) and says nothing more.

    A Said (its Chinese as `.zh`) but for the system's own words (strerror), which it gives
    only in English."""
    too_long = name_too_long(path) if exc.errno == errno.ENAMETOOLONG else None
    return (dangling_link_on_the_way(path) or folder_in_the_way(path)
            or _not_writable(path, exc) or too_long or disk_full(exc) or str(exc.strerror or exc))


def disk_full(exc: OSError) -> Said | None:
    """"the disk is full writing F (…); free some space …" for a write refused by a full disk
    or a quota, else None.

    Why: publish, letters, report and close said only 'cannot write the site (No space left
    on device)', nothing of what to do; and a copy (the statement filed into documents/)
    names its source first, so the file being written is its second name."""
    if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
        return None
    written = exc.filename2 or exc.filename
    where = f" writing {os.fsdecode(written)}" if written else ""
    where_zh = f"（正在写入 {os.fsdecode(written)}）" if written else ""
    return said(f"磁盘已满{where_zh}（{exc.strerror or exc}）；请腾出空间（或提高配额）后再运行",
                f"the disk is full{where} ({exc.strerror or exc}); free some space (or raise the quota) and run it again")


#: What relief adds to a name for the temporary file or folder it writes first, beside it,
#: and renames into place: `.NAME.XXXXXXXX.tmp` (atomic_writer), `.NAME.new-XXXXXXXX` (a site).
TEMPORARY_NAME_EXTRA = 14


def name_too_long(path: str | os.PathLike[str]) -> Said | None:
    """"its name is N bytes long; …" when the name of `path` leaves no room for the temporary
    name it is first written under (TEMPORARY_NAME_EXTRA bytes more), else None.

    Why: a report named with 250 bytes (a legal name) was made, for minutes on large books,
    and then refused with "File name too long", which the name given was not."""
    given = Path(path)
    size = len(os.fsencode(given.name))
    here = given.absolute().parent
    folder = next((p for p in (here, *here.parents) if p.is_dir()), Path("/"))
    try:
        limit = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    if size + TEMPORARY_NAME_EXTRA <= limit:
        return None
    return said(f"它的名称长 {size} 字节；relief 先以长 {TEMPORARY_NAME_EXTRA} 字节的临时名称在旁边写入它，而那里的名称最多 "
                f"{limit} 字节：请给出最多 {limit - TEMPORARY_NAME_EXTRA} 字节的名称",
                f"its name is {size} bytes long; relief writes it first under a temporary name {TEMPORARY_NAME_EXTRA} "
                f"bytes longer beside it, and a name there may have at most {limit} bytes: give a name of at most "
                f"{limit - TEMPORARY_NAME_EXTRA} bytes")


def cannot_write_into(path: str | os.PathLike[str]) -> Said | None:
    """Why `path` could not be written, asked before the work (the nearest folder on the way
    that exists may not be written by this user, or is on a read-only disk), else None.

    Why: `relief report` and `reconcile --html` said so only after the work (minutes on
    large books), when the write failed."""
    here = Path(path).absolute().parent
    folder = next((p for p in (here, *here.parents) if p.is_dir()), None)
    if folder is None or os.access(folder, os.W_OK | os.X_OK):
        return None
    try:
        read_only = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        read_only = False
    code = errno.EROFS if read_only else errno.EACCES
    return _not_writable(path, OSError(code, os.strerror(code), str(folder / "x")))


def read_only_file(path: str | os.PathLike[str], purpose: str, purpose_zh: str) -> Said | None:
    """"F is read-only (r--r--r--), so relief does not change it: …" when the books file at
    `path` exists and may not be written (no write permission for anyone, or not for this
    user), else None; `purpose` ends the advice ("take new entries"; `purpose_zh`: "接收新分录").

    Why: a file made read-only (`chmod a-w`, a year's files frozen once audited) in a folder
    that may still be written was replaced all the same, as the atomic writer renames a new
    file over it through the folder (its read-only mode copied): the file the user had
    protected changed without a word."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if st.st_mode & 0o222 and os.access(path, os.W_OK):
        return None
    mode = stat.filemode(st.st_mode)[1:]
    return said(f"{os.fspath(path)} 是只读的（{mode}），因此 relief 不改动它：如果要让它{purpose_zh}，"
                f"请让它可写（`chmod u+w {os.fspath(path)}`）",
                f"{os.fspath(path)} is read-only ({mode}), so relief does not change it: "
                f"make it writable (`chmod u+w {os.fspath(path)}`) if it is to {purpose}")


def books_read_only(where: str | os.PathLike[str] | None) -> Said:
    """What to say when the books could not be changed because their disk is mounted
    read-only (`where`: what the system named).

    Why: import --write said only '…/documents/Assets: Read-only file system', and close
    named its temporary file and said to choose a folder on another disk, which books
    cannot: they are changed where they are."""
    place = f" ({where})" if where else ""
    return said(f"账簿所在的磁盘以只读方式挂载{f'（{where}）' if where else ''}，因此无法在那里改动账簿："
                "请让它可写（重新挂载），或在账簿的副本上工作",
                f"the disk the books are on is mounted read-only{place}, so they cannot be changed there: "
                "make it writable (remount it), or work on a copy of the books")


def _not_writable(path: str | os.PathLike[str], exc: OSError) -> Said | None:
    """"…: FOLDER may not be written by you; …" for a write refused for its permissions or a
    read-only disk, naming the nearest folder on the way to `path` that exists; else None."""
    if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
        return None
    # the folder the refused file was to go in (the system names the file: a temporary one
    # beside the target, a folder being made), else the nearest one on the way to `path`
    here = Path(exc.filename or path).absolute().parent
    folder = next((p for p in (here, *here.parents) if p.is_dir()), here)
    if exc.errno == errno.EROFS:
        return said(f"{exc.strerror}：{folder} 在以只读方式挂载的磁盘上；请选择另一个磁盘上的文件夹",
                    f"{exc.strerror}: {folder} is on a disk mounted read-only; choose a folder on another disk")
    return said(f"{exc.strerror}：您无权写入 {folder}：请让它可写（`chmod u+w {folder}`，或请其所有者处理）",
                f"{exc.strerror}: {folder} may not be written by you: make it writable (`chmod u+w {folder}`, or ask its owner)")


def dangling_link_on_the_way(path: str | os.PathLike[str]) -> Said | None:
    """"X is a symbolic link to T, which does not exist; …" when `path`, or a folder on the
    way to it, is a symbolic link that leads to nothing, else None."""
    here = Path(path).absolute()
    for step in (here, *here.parents):
        try:
            if step.is_symlink() and not step.exists():
                return said(f"{step} 是指向 {os.readlink(step)} 的符号链接，而后者不存在；"
                            "请恢复其目标（挂载磁盘）、改正或删除该链接，或选择另一个路径",
                            f"{step} is a symbolic link to {os.readlink(step)}, which does not exist; "
                            "restore its target (mount the disk), correct or remove the link, or choose another path")
        except OSError:
            break
    return None


def folder_in_the_way(path: str | os.PathLike[str]) -> Said | None:
    """"X is a file, not a folder; …" when a file stands where a folder on the way to `path`
    must be (so `path` cannot be written), else None: asked before work whose output would
    then be lost."""
    for parent in Path(path).absolute().parents:
        try:
            if parent.exists() and not parent.is_dir():
                return said(f"{parent} 是文件，不是文件夹；请选择某个文件夹中的路径",
                            f"{parent} is a file, not a folder; choose a path inside a folder")
        except OSError:
            break
    return None


@contextlib.contextmanager
def books_write_lock(folder: str | os.PathLike[str], on_wait: Callable[[], None] | None = None,
                     on_no_locks: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the books' writer lock (an exclusive flock on the books folder) for the block;
    another holder is waited for (`on_wait` is called first, to say so).

    Why: `relief import --write` loads the books, leaves out what is already in them, writes
    the rest and loads them again to check; two at once (the same statement twice, or the
    CLI beside a second terminal) each saw books without the other's entries, so the same
    payment was booked twice, and a rollback of one put back an inbox without the other's
    entries that it had reported written. The lock is taken before the books are loaded
    and held until the check after writing is done. The folder, not a file in it, is
    locked: no lock file appears among the books, and no atomic write replaces the folder.
    The lock goes when the process ends, however it ends. On a file system that keeps no
    locks the write goes on unlocked, after `on_no_locks` is told why (folder_lock)."""
    with folder_lock(folder, on_wait, on_no_locks):
        yield


#: What flock fails with on a file system that keeps no locks (NFS without its lock
#: service, some network and FUSE mounts), as against a lock held by another.
NO_LOCKS = frozenset({errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EINVAL})


@contextlib.contextmanager
def folder_lock(folder: str | os.PathLike[str], on_wait: Callable[[], None] | None = None,
                on_no_locks: Callable[[str], None] | None = None) -> Iterator[None]:
    """An exclusive flock on `folder` for the block; another holder is waited for (`on_wait`
    is called first, to say so). Released when the block ends or the process does.

    On a file system that keeps no locks the block runs unlocked, `on_no_locks` told the
    system's reason first: import --write, close and publish stopped there with an internal
    error (OSError: No locks available), on books kept on such a network share."""
    try:
        import fcntl
    except ImportError:  # no flock (Windows): one writer at a time is then the user's to keep
        yield
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    held = None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            held = os.path.realpath(folder)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
            held = os.path.realpath(folder)
        except OSError as exc:
            if exc.errno not in NO_LOCKS:
                raise
            if on_no_locks is not None:
                on_no_locks(exc.strerror or str(exc))
        if held is not None:
            _HELD[held] = _HELD.get(held, 0) + 1
        yield
    finally:
        if held is not None:
            _HELD[held] -= 1
            if not _HELD[held]:
                del _HELD[held]
        os.close(fd)


#: folder (real path) -> how many of this process's folder_lock blocks hold its lock now
_HELD: dict[str, int] = {}


def holding_lock(folder: str | os.PathLike[str]) -> bool:
    """Whether this process holds `folder`'s lock now (a folder_lock block got it).

    Why: what a killed writer left beside its output (a publish's staging folder) can be
    told from a running writer's only by the lock: the holder knows no other is writing."""
    return os.path.realpath(folder) in _HELD


def folder_held_by_another(folder: str | os.PathLike[str], unknown: bool = False) -> bool:
    """Whether another process holds `folder`'s lock now (folder_lock), asked without waiting;
    `unknown` where locks cannot be asked for (no flock, a file system that keeps none).

    Why: what a writer leaves while it works (an import's entries not yet checked, a demo's
    staging folder) is a killed writer's only when no writer holds the lock."""
    try:
        import fcntl
    except ImportError:
        return unknown
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return unknown
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return unknown
    finally:
        os.close(fd)  # (a lock it took goes with it)
    return False


@contextlib.contextmanager
def site_publish_lock(out: str | os.PathLike[str], on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the lock of the folder a site `out` is made in (its parent: the site folder itself
    is swapped for the new one, so it cannot hold a lock) while a publish reads the previous
    site and swaps in the next.

    Why: two publishes into one folder at once each built on the same previous site: both
    said they had published, the last swap won, and the first's checkpoint of the public log,
    seen for a moment by anyone fetching it, was then never extended, which is what a log
    rewriting its history looks like. The second now waits for the first and builds on its
    site. A parent folder this user may not open for reading (write and search only) gets no
    lock: the publish goes on as before."""
    parent = Path(os.path.abspath(out)).parent
    with contextlib.ExitStack() as stack:
        with contextlib.suppress(PermissionError, FileNotFoundError, NotADirectoryError):
            # (no such folder: the publish itself says it cannot write there)
            stack.enter_context(folder_lock(parent, on_wait))
        yield
