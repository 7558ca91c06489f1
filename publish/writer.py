"""Writing a site atomically, and only the files that changed.

The site is built in a new sibling folder (`.NAME.new-XXXX` beside the output folder); when
everything is written, the new folder is swapped in with one atomic rename (Linux
`renameat2(RENAME_EXCHANGE)`, else two renames). A failed run removes its half-built folder
and leaves the previous site exactly as it was.

The folder the swap takes out is not deleted file by file: it becomes the spare
(`.NAME.spare`), and the next publish builds in it. After one new donation a site of tens
of thousands of files differs from the previous one in a few dozen, so bringing the spare
up to date (a few links and writes) costs far less than linking every file into an empty
folder and deleting every file of the old one. The spare never holds anything the site
does not: when it is put aside, the old versions of the files just rewritten and the files
just removed are deleted from it, so what is left are the site's own files (the same
inodes). It is never trusted either: a spare file is kept only when it is the very file
(device and inode) the new site is to have at that path, anything else in it (a file
edited or added by hand, a link, a folder where a file belongs) is replaced or deleted, and
a spare without the MARKER file, or on another device, is not used at all. Files the site
shares with the spare are never written in place: a new version is always a new file.

A file whose bytes equal the previous site's copy is hard-linked from it, or kept when the
spare holds that very file already (copied when links are not possible), so unchanged
pages keep their inode and modification time: a re-publish after one new donation rewrites
only the pages that changed, and rsync or a web server's caches see only those.

Like Pelican's writer, it refuses to write outside the output folder or the same file twice.
A folder that exists, is not empty and was not made by publish (no MARKER file) is refused
rather than replaced, and so is a site that holds files publish did not write (anything the
previous site's data/manifest.json does not list), since the swap would delete them: only
the hosting files (HOSTING_FILES, HOSTING_FOLDERS: a GitHub Pages CNAME, an .htaccess, …)
are carried from one site to the next (`carry_hosting_files`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ledger.errors import ReliefError
from ledger.files import holding_lock, is_inside, name_too_long
from ledger.interrupts import interrupts_held
from ledger.said import in_zh, said

MARKER = ".relief-site"
MARKER_TEXT = b"This folder is made by `relief publish`; it is replaced as a whole on every publish.\n"
#: Files a web host reads from the site's folder, which publish keeps from one site to the
#: next (the user puts them there; publish never writes them): GitHub Pages' custom domain
#: and Jekyll switch, Apache's configuration, Netlify's and Cloudflare Pages' headers and
#: redirects, the crawlers' rules.
HOSTING_FILES = ("CNAME", ".nojekyll", ".htaccess", "_headers", "_redirects", "robots.txt")
#: Folders kept with everything in them: RFC 8615 well-known locations (security.txt, ACME challenges).
HOSTING_FOLDERS = (".well-known",)
#: What data/manifest.json lists by hash only: the acknowledgement pages (publish/ack.py).
_ACK_PAGE = re.compile(r"ack/[0-9a-f]{32}\.html")
#: At most this many of the files publish did not write are named in the refusal.
_FOREIGN_SHOWN = 20


class WriteError(ReliefError):
    """Refused or failed write (message says what to do; a Said, its Chinese as `.zh`)."""


@dataclass
class WriteStats:
    """The paths a publish wrote anew, took unchanged from the previous site, and removed."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: the hosting files carried over from the previous site (HOSTING_FILES, HOSTING_FOLDERS)
    kept: list[str] = field(default_factory=list)
    #: what the files made say of themselves (publish/site.py, Build.notes)
    notes: list[str] = field(default_factory=list)


#: The folders a publish keeps beside the site NAME: `.NAME.spare`, `.NAME.new-…`, `.NAME.old-…`.
_SIDE_FOLDER = re.compile(r"\.(.+)\.(?:spare|new-[^/]+|old-[^/]+)")


def check_output_folder(out: Path, books_root: Path | None = None) -> None:
    """Refuse an output folder that is not ours to replace (message says why)."""
    out = Path(out)
    too_long = name_too_long(out)  # the site is built in `.NAME.new-XXXXXXXX` beside it
    if too_long:
        raise WriteError(said(f"{out}：无法写入网站（{in_zh(too_long)}）", f"{out}: cannot write the site ({too_long})"))
    if books_root is not None:
        inside = is_inside(out, books_root) and (books_root / "main.beancount").is_file()
        if is_inside(books_root, out) or inside:
            raise WriteError(said(f"{out}：网站必须写在账簿文件夹（{books_root}）以外；请另选 --out 文件夹",
                                  f"{out}: the site must be written outside the books folder ({books_root}); choose another --out folder"))
    beside = _SIDE_FOLDER.fullmatch(out.name)
    if beside:
        site = out.parent / beside.group(1)
        raise WriteError(said(
            f"{out}：这是 `relief publish` 放在网站 {site} 旁边的文件夹，不是网站；什么也没有改动。"
            f"上次发布时是在位于 {site} 的命令行中以 --out . 给出的：发布把那个文件夹移到了一旁（这里），新网站在 {site}："
            f"请再 `cd {site}`，或给出 --out {site}",
            f"{out}: is a folder `relief publish` keeps beside the site {site}, not a site; nothing was changed. "
            f"Given as --out . from a shell standing in {site} when it was last published: the publish moved that folder "
            f"aside (here), and the new site is in {site}: `cd {site}` again, or give --out {site}"))
    if out.exists():
        if not out.is_dir():
            raise WriteError(said(f"{out}：已存在且不是文件夹；请给 --out 一个文件夹", f"{out}: exists and is not a folder; choose a folder for --out"))
        if os.path.ismount(out):
            # the site is swapped in whole by renaming, which cannot move a mount point: the
            # rename failed with "Device or resource busy" once the whole site was made
            raise WriteError(said(f"{out}：是挂载点（一个卷，或单独的磁盘），而网站是靠改名放到位的，改名无法替换挂载点；"
                                  f"请发布到其中的文件夹（--out {out / 'site'}），并提供那个文件夹",
                                  f"{out}: is a mount point (a volume, or a disk of its own), and the site is put in place by "
                                  f"renaming, which cannot replace a mount point; publish into a folder inside it (--out {out / 'site'}) "
                                  "and serve that one"))
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise WriteError(said(f"{out}：不是空的，也不是 `relief publish` 生成的（没有 {MARKER} 文件）；请选择新的或空的文件夹，发布会整个替换它",
                                  f"{out}: is not empty and was not made by `relief publish` (no {MARKER} file); choose a new or empty folder, publish replaces it as a whole"))
        if (out / MARKER).is_file():
            foreign = foreign_files(out)
            if foreign is None:
                raise WriteError(said(
                    f"{out}：其中的 data/manifest.json（`relief publish` 在那里写入的文件清单）缺失或已损坏，因此无法把文件夹中"
                    "您自己的文件与网站的文件区分开，而发布（整个替换该文件夹）可能删除它们；什么也没有改动。"
                    "请把您自己的文件移出该文件夹，删除它，再发布。",
                    f"{out}: its data/manifest.json, the list of the files `relief publish` wrote there, is missing or damaged, "
                    "so files of your own in the folder cannot be told from the site's and publishing (which replaces the folder "
                    "as a whole) could delete them; nothing was changed. Move any files of your own out of the folder, delete it "
                    "and publish again."
                ))
            if foreign:
                shown = ", ".join(foreign[:_FOREIGN_SHOWN]) + (f" and {len(foreign) - _FOREIGN_SHOWN} more" if len(foreign) > _FOREIGN_SHOWN else "")
                hosting = ", ".join((*HOSTING_FILES, *(f + "/" for f in HOSTING_FOLDERS)))
                shown_zh = "、".join(foreign[:_FOREIGN_SHOWN]) + (f" 等另外 {len(foreign) - _FOREIGN_SHOWN} 个" if len(foreign) > _FOREIGN_SHOWN else "")
                raise WriteError(said(
                    f"{out}：其中有 {len(foreign)} 个不是 `relief publish` 写入的文件：{shown_zh}。发布会整个替换该文件夹并删除它们，"
                    f"因此什么也没有改动。请把它们移出该文件夹（或删除），再发布。每次发布之间只保留托管文件 {hosting}（docs/publishing.md）。",
                    f"{out}: holds {len(foreign)} file{'s' if len(foreign) != 1 else ''} that `relief publish` did not write: {shown}. "
                    f"Publishing replaces the folder as a whole and would delete {'them' if len(foreign) != 1 else 'it'}, so nothing "
                    f"was changed. Move {'them' if len(foreign) != 1 else 'it'} out of the folder (or delete "
                    f"{'them' if len(foreign) != 1 else 'it'}) and publish again. Only the hosting files {hosting} are kept from one "
                    "publish to the next (docs/publishing.md)."
                ))


def _is_hosting(rel: str) -> bool:
    return rel in HOSTING_FILES or rel.split("/", 1)[0] in HOSTING_FOLDERS


def foreign_files(site: Path) -> list[str] | None:
    """What a site made by publish holds that publish did not write and will not keep, as
    sorted paths (a folder with a trailing /): files and links that the site's
    data/manifest.json does not list (acknowledgement pages, listed by hash only, are known
    by their name), folders with nothing of the site in them, and hosting files that are not
    plain files. None when the manifest cannot be read: then the site's files cannot be told
    apart from the user's own.

    Why: the swap replaces the folder as a whole; a CNAME or a folder put there by hand
    was deleted without a word ("2 removed")."""
    site = Path(site)
    listed: set[str] = {MARKER}
    try:
        manifest = json.loads((site / "data" / "manifest.json").read_text(encoding="utf-8"))
        listed.update(item["path"] for item in manifest["files"])
        listed.add("data/manifest.json")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    ours_dirs = {"/".join(p.split("/")[:i]) for p in listed for i in range(1, p.count("/") + 1)}
    foreign: list[str] = []

    def walk(folder: str, prefix: str) -> None:
        # os.scandir's entries know links and folders without a stat of each file (tens of
        # thousands of acknowledgement pages)
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_symlink():
                    foreign.append(rel)  # a link is never followed, never kept
                elif entry.is_dir(follow_symlinks=False):
                    if not _is_hosting(rel) and rel not in ours_dirs and not os.listdir(entry.path):
                        foreign.append(rel + "/")
                    walk(entry.path, rel + "/")
                elif _is_hosting(rel):
                    if not entry.is_file(follow_symlinks=False):
                        foreign.append(rel)
                elif not (rel in listed or _ACK_PAGE.fullmatch(rel)):
                    foreign.append(rel)

    walk(os.fspath(site), "")
    return sorted(foreign)


#: a staging folder untouched for this long belongs to a publish that was killed (SIGKILL,
#: power lost): no publish runs for a day, and one still running keeps its folder's time fresh
ABANDONED_AFTER_S = 24 * 3600


def sweep_abandoned(out: Path, now: float | None = None, *, alone: bool = False) -> list[str]:
    """Delete the staging folders (`.NAME.new-…`, `.NAME.old-…`) and the caches' temporary
    files (`..NAME.publish-cache.….tmp`) that killed publishes left beside the output folder;
    returns their names.

    Why: a publish stopped by Ctrl-C or SIGTERM removes its staging folder itself, but one
    killed outright cannot, and each such folder is as large as the site (hundreds of MB
    with tens of thousands of acknowledgement pages). Only folders of this output folder's
    names, owned by this user, not links, and untouched for ABANDONED_AFTER_S (their own
    time and that of every folder directly inside: a running publish writes into them) are
    deleted, so a publish running beside this one keeps its folder. `alone`: the caller holds
    the lock of the folder the site is made in (site_publish_lock), so no other publish is
    building there, and what is left is swept whatever its age (ten killed runs of a cron job
    left ten copies of the site for a day).
    """
    now = time.time() if now is None else now
    after = 0 if alone else ABANDONED_AFTER_S
    swept = []
    prefixes = (f".{out.name}.new-", f".{out.name}.old-")
    # the temporary file of a cache being written (ledger/files.py atomic_writer) when the publish was killed
    caches = (f"..{out.name}.publish-cache.", f"..{out.name}.verification-cache.")
    try:
        listed = os.listdir(out.parent)
    except OSError:
        return swept
    names = [n for n in listed if n.startswith(prefixes)]
    for name in (n for n in listed if n.startswith(caches) and n.endswith(".tmp")):
        path = os.path.join(out.parent, name)
        try:
            st = os.lstat(path)
            if stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid() and now - st.st_mtime >= after:
                os.unlink(path)
                swept.append(name)
        except OSError:
            continue
    for name in names:
        path = os.path.join(out.parent, name)
        try:
            st = os.lstat(path)
            if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
                continue
            newest = max([st.st_mtime, *(e.stat(follow_symlinks=False).st_mtime for e in os.scandir(path) if e.is_dir(follow_symlinks=False))])
        except OSError:
            continue
        if now - newest >= after:
            shutil.rmtree(path, ignore_errors=True)
            swept.append(name)
    return swept


class SiteWriter:
    """Collects files into a staging folder, then swaps it in with `commit()`.

    Use as a context manager: leaving the block with an exception discards the staging
    folder and keeps the old site.
    """

    def __init__(self, out: str | os.PathLike[str]):
        self.out = Path(out).absolute()
        self.previous = self.out if self.out.is_dir() else None
        self.out.parent.mkdir(parents=True, exist_ok=True)
        sweep_abandoned(self.out, alone=holding_lock(self.out.parent))
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
        self.spare_path = self.out.parent / f".{self.out.name}.spare"
        self._stage = str(self.staging)
        self._prev = str(self.previous) if self.previous is not None else None
        self.files: dict[str, str] = {}  # path -> sha256
        self._stamps: dict[str, tuple[int, int, int]] = {}  # path -> (inode, size, mtime_ns)
        self._dirs: set[str] = {self._stage}
        self.stats = WriteStats()
        self._committed = False
        #: what the staging folder held when it was taken from the spare (None: it was empty):
        #: each file's inode as its folder listing gave it, and its folders
        self._spare_files: dict[str, int] | None = None
        self._spare_dirs: frozenset[str] = frozenset()
        #: whether those inodes are the files' own (st_ino); where a file system's listings
        #: give other numbers (some overlay file systems), each file is looked at instead
        self._spare_inodes_listed = False
        self._dev = os.lstat(self._stage).st_dev
        if self._prev is not None:
            self._take_spare()

    def _take_spare(self) -> None:
        """Build in the spare folder (the site before the previous one, minus what changed
        since) when there is a usable one: a real folder on this device, with the MARKER,
        holding only folders and regular files (links and anything else in it are deleted
        first, never followed)."""
        spare = str(self.spare_path)
        try:
            st = os.lstat(spare)
            if not stat.S_ISDIR(st.st_mode) or st.st_dev != self._dev:
                return
            if not stat.S_ISREG(os.lstat(spare + "/" + MARKER).st_mode):
                return
            found = _inventory(spare, self._dev)
            if found is None:
                return
            os.rename(spare, self._stage)  # replaces the empty folder mkdtemp made
        except OSError:
            return
        os.chmod(self._stage, 0o700)  # like a new mkdtemp folder: no one else looks in while it is built
        os.utime(self._stage)  # its time now: a folder in use is never taken for an abandoned one (sweep_abandoned)
        self._spare_files, self._spare_dirs, self._spare_inodes_listed = found

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if not self._committed:
            shutil.rmtree(self.staging, ignore_errors=True)

    def _target(self, path: str) -> str:
        # the same test as "no part is empty, '.' or '..', none holds a backslash or NUL", in
        # string operations (tens of thousands of pages come this way)
        wrapped = "/" + path + "/"
        if not path or "//" in wrapped or "/./" in wrapped or "/../" in wrapped or "\\" in path or "\0" in path:
            raise WriteError(said(f"拒绝写入 {path!r}：它在输出文件夹以外", f"refusing to write {path!r}: outside the output folder"))
        # the staging folder holds no symlinks (a new folder, or a spare whose links were
        # deleted), so a path of plain parts stays inside
        return self._stage + "/" + path

    def _claim(self, path: str) -> str:
        if path in self.files:
            raise WriteError(said(f"拒绝在一次发布中两次写入 {path!r}（两个网页使用同一地址）",
                                  f"refusing to write {path!r} twice in one publish (two pages share an address)"))
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
            if self._spare_files is None:
                os.makedirs(folder, exist_ok=True)
            else:
                self._spare_folder(folder)
            self._dirs.add(folder)
        return target

    def _spare_folder(self, folder: str) -> None:
        """Make `folder` in a staging folder taken from the spare, where a part of its path
        may be a file (the spare held only folders and regular files, never links)."""
        rel = folder[len(self._stage) + 1:]
        at = self._stage
        for part in rel.split("/"):
            at += "/" + part
            try:
                st = os.lstat(at)
            except FileNotFoundError:
                os.mkdir(at)
                continue
            if not stat.S_ISDIR(st.st_mode):
                os.unlink(at)
                os.mkdir(at)

    def _clear(self, path: str, target: str) -> None:
        """Delete what a staging folder taken from the spare holds at `path`, before a new
        file is put there (never written in place: the site may share it)."""
        if self._spare_files is None or (path not in self._spare_files and path not in self._spare_dirs):
            return
        try:
            st = os.lstat(target)
        except FileNotFoundError:
            return
        if stat.S_ISDIR(st.st_mode):
            shutil.rmtree(target)
        else:
            os.unlink(target)

    def _spare_holds(self, path: str, target: str, st: os.stat_result) -> bool:
        """Whether the staging folder, taken from the spare, already holds the very file
        `st` (same device and inode) at `path`.

        Why the listing's inode: tens of thousands of pages come this way on every publish,
        and the spare's listing (`_inventory`) already gave each file's inode without a
        system call per file. The staging folder is this publish's own (mode 0700) and a
        path is claimed once, so what the listing saw is still there when it is asked."""
        if self._spare_files is None:
            return False
        listed = self._spare_files.get(path)
        if listed is None:
            return False
        if self._spare_inodes_listed:
            return listed == st.st_ino and st.st_dev == self._dev
        try:
            mine = os.lstat(target)
        except OSError:
            return False
        return mine.st_ino == st.st_ino and mine.st_dev == st.st_dev and stat.S_ISREG(mine.st_mode)

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
            st = found[1]
            if self._spare_holds(path, target, st):
                self._stamps[path] = (st.st_ino, st.st_size, st.st_mtime_ns)
            else:
                self._clear(path, target)
                if self._link(found[0], target):
                    self._stamps[path] = (st.st_ino, st.st_size, st.st_mtime_ns)
            self.stats.unchanged.append(path)
        else:
            self._clear(path, target)
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
            raise WriteError(said(f"拒绝在一次发布中两次写入 {path!r}（两个网页使用同一地址）",
                                  f"refusing to write {path!r} twice in one publish (two pages share an address)"))
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
            raise WriteError(said(f"拒绝在一次发布中两次写入 {path!r}（两个网页使用同一地址）",
                                  f"refusing to write {path!r} twice in one publish (two pages share an address)"))
        found = self._old(path)
        if found is None:
            return False
        old, st = found
        if stamp is not None:
            if (st.st_ino, st.st_size, st.st_mtime_ns) != tuple(stamp):
                return False
        elif hashlib.sha256(_read(old)).hexdigest() != sha256:
            return False
        target = self._claim(path)
        if self._spare_holds(path, target, st):
            self._stamps[path] = (st.st_ino, st.st_size, st.st_mtime_ns)
        else:
            self._clear(path, target)
            if self._link(old, target):
                self._stamps[path] = (st.st_ino, st.st_size, st.st_mtime_ns)
        self.files[path] = sha256
        self.stats.unchanged.append(path)
        return True

    def carry_hosting_files(self) -> list[str]:
        """Take the previous site's hosting files (HOSTING_FILES, and every file under
        HOSTING_FOLDERS) into the new site unchanged; returns their paths. Only plain files:
        a link is never followed (check_output_folder refuses a site that holds one)."""
        if self._prev is None:
            return []
        found = [name for name in HOSTING_FILES if self._old(name) is not None]
        for folder in HOSTING_FOLDERS:
            for at, _dirs, names in os.walk(self._prev + "/" + folder):
                rel = os.path.relpath(at, self._prev).replace(os.sep, "/")
                found.extend(rel + "/" + n for n in sorted(names) if self._old(rel + "/" + n) is not None)
        for path in found:
            if path not in self.files:
                self.reuse(path, hashlib.sha256(_read(self._prev + "/" + path)).hexdigest())
        self.stats.kept = sorted(found)
        return self.stats.kept

    def commit(self) -> WriteStats:
        """Swap the staging folder in place of the output folder; the old site becomes the
        spare for the next publish."""
        self.write(MARKER, MARKER_TEXT)
        if self._spare_files is not None:
            self._drop_spare_leftovers()
        if self._prev is not None:
            old_files = set()
            for folder, _dirs, names in os.walk(self._prev):
                rel = os.path.relpath(folder, self._prev)
                prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
                old_files.update(prefix + n for n in names)
            self.stats.removed = sorted(old_files - set(self.files))
        for folder in self._dirs:
            os.chmod(folder, 0o755)
        # Ctrl-C and SIGTERM wait for the swap: between its two renames (no exchange in one
        # step) one left no site at all, the new one discarded as half-made.
        with interrupts_held():
            self._swap()
        self.stats.written.sort()
        self.stats.unchanged.sort()
        return self.stats

    def _swap(self) -> None:
        """Put the staging folder in the output folder's place, and the old site aside."""
        if self.out.exists():
            if _exchange(self.staging, self.out):
                self._put_aside(self._stage)  # the staging path now holds the old site
            else:
                trash = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
                os.rename(self.out, trash / "site")
                os.rename(self.staging, self.out)
                self.staging = trash
                self._put_aside(str(trash / "site"))
            shutil.rmtree(self.staging, ignore_errors=True)  # what was not put aside
        else:
            os.rename(self.staging, self.out)
            self._drop_stale_spare()
        self._committed = True

    def _drop_spare_leftovers(self) -> None:
        """Delete what the spare held that the new site does not: files, then folders
        (never a file or folder of the new site that took the place of one of them)."""
        keep = set()
        for folder in self._dirs:
            while folder not in keep and len(folder) > len(self._stage):
                keep.add(folder)
                folder = folder.rpartition("/")[0]
        for path in self._spare_files.keys() - self.files.keys():
            target = self._stage + "/" + path
            if target not in keep:
                try:
                    os.unlink(target)
                except (FileNotFoundError, NotADirectoryError):
                    pass  # in a folder deleted to make room for a file
        for rel in sorted(self._spare_dirs, key=len, reverse=True):
            target = self._stage + "/" + rel
            if target not in keep and rel not in self.files:
                shutil.rmtree(target, ignore_errors=True)

    def _drop_stale_spare(self) -> None:
        """A spare left beside a site deleted by hand holds pages no longer published:
        delete it (only when it is ours: a real folder with the MARKER)."""
        spare = str(self.spare_path)
        try:
            if stat.S_ISDIR(os.lstat(spare).st_mode) and stat.S_ISREG(os.lstat(spare + "/" + MARKER).st_mode):
                shutil.rmtree(spare, ignore_errors=True)
        except OSError:
            pass

    def _put_aside(self, old_site: str) -> None:
        """Make the old site, swapped out, the spare: first delete from it the files this
        publish rewrote or removed, so that it holds only the new site's own files. When
        the spare's name is taken (a spare not used: no MARKER, another device), the old
        site is left where it is to be deleted."""
        if self.spare_path.exists() or self.spare_path.is_symlink():
            return
        for path in (*self.stats.written, *self.stats.removed):
            try:
                os.unlink(old_site + "/" + path)
            except FileNotFoundError:
                pass  # new in this publish
            except OSError:
                return  # not a plain file (a folder made by hand in the old site): not a spare
        try:
            os.rename(old_site, self.spare_path)
        except OSError:
            pass


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


def _inventory(root: str, dev: int) -> tuple[dict[str, int], frozenset[str], bool] | None:
    """(files with their inodes, folders, whether the listing's inodes are the files' own)
    under `root`, as paths relative to it, after deleting every entry that is neither (a
    symbolic link, a pipe: never followed, never kept). None when a folder in it lies on
    another device than `dev` (a mount point: not a spare of ours).

    The inodes are those the folder listing gives (no system call per file); they are
    checked against one file's own stat, as some overlay file systems list other numbers."""
    files: dict[str, int] = {}
    dirs: set[str] = set()
    inodes_listed: bool | None = None
    todo = [(root, "")]
    while todo:
        folder, prefix = todo.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_file(follow_symlinks=False):
                    files[rel] = entry.inode()
                    if inodes_listed is None:
                        inodes_listed = entry.inode() == entry.stat(follow_symlinks=False).st_ino
                elif entry.is_dir(follow_symlinks=False):
                    if entry.stat(follow_symlinks=False).st_dev != dev:
                        return None
                    dirs.add(rel)
                    todo.append((entry.path, rel + "/"))
                else:
                    os.unlink(entry.path)
    return files, frozenset(dirs), bool(inodes_listed)


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
