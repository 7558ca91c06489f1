"""A cache of parsed beancount files: after a small change only the changed files are parsed.

Books of a busy year are one large file of transactions and a few small ones; the daily
work appends to the small ones. beancount's own load cache keeps the whole loaded result
and is thrown away when any file changes, so every command after an import parses the
whole year again: on 100,000 transactions that is 5 of the 14 seconds a load takes.

This cache keeps, per source file, beancount's *parser* output (before booking, plugins
and validation, which still run on every load, so every error is still found): the
entries, errors and options of that file exactly as `beancount.parser.parser.parse_file`
returned them. It is used only while `cached_parsing()` is active (ledger/books.py's
load_books) and only for files of at least MIN_BYTES.

- Key: the file's absolute path, the SHA-256 of its bytes, the parser's arguments and the
  versions of beancount, Python and this cache. Any change to any of them is a miss.
- A file's parse is stored the second time the same bytes are parsed (the first time only
  its key is noted): writing the cache costs about as much as the parse saves, so it is
  spent only on files that stay the same between loads, not on one that changes every time.
- One cache file per source path (the newest content wins), written atomically, mode 0600
  in a 0700 folder: `$XDG_CACHE_HOME/relief-ledger/parsed` (else ~/.cache/...). Files not
  used for PRUNE_DAYS are removed. A cache file that cannot be read is a miss, never an
  error.
- RELIEF_PARSE_CACHE=0 switches it off; RELIEF_PARSE_CACHE=/some/folder moves it.

The cache holds what the books hold (it is a parsed copy of them), so it stays in the
user's own cache folder, readable by that user only.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import importlib.metadata
import io
import os
import pickle
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from beancount.core import account as bc_account
from beancount.core import data
from beancount.parser import parser as bc_parser

from ledger.files import atomic_write_bytes
from ledger.interrupts import interrupts_held
from ledger.source_files import NotBooksText, account_walk, read_source
from ledger.timings import count, phase
from ledger.tuple_pickle import dumps as tuple_pickle_dumps
from ledger.user_dirs import user_folder

VERSION = 2  # 2: custom directives without values are stored with values [] (_parse)
MIN_BYTES = 256 * 1024
PRUNE_DAYS = 30
ENV = "RELIEF_PARSE_CACHE"

_active: contextvars.ContextVar[Path | None] = contextvars.ContextVar("relief_parse_cache", default=None)
_guarded: contextvars.ContextVar[bool] = contextvars.ContextVar("relief_parse_guard", default=False)
_recording: contextvars.ContextVar[ParsedFiles | None] = contextvars.ContextVar("relief_parsed_files", default=None)
_install_lock = threading.Lock()
_guard_everywhere = False  # relief serve: Fava loads in its own threads, where no context is set
_original_parse_file = None
_original_walk = None


def cache_folder() -> Path | None:
    """Where parsed files are kept, or None when the cache is switched off."""
    setting = os.environ.get(ENV, "").strip()
    if setting.lower() in ("0", "off", "no", "false"):
        return None
    if setting and setting.lower() not in ("1", "on", "yes", "true"):
        return Path(setting)
    base = user_folder("XDG_CACHE_HOME", ".cache")
    return base / "relief-ledger" / "parsed" if base is not None else None  # no home: no cache


@functools.cache
def _versions() -> str:
    try:
        beancount = importlib.metadata.version("beancount")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - beancount is a dependency
        beancount = "?"
    return f"relief-parse-cache-{VERSION} beancount-{beancount} python-{sys.version_info[0]}.{sys.version_info[1]}.{sys.version_info[2]}"


def _key(path: str, content: bytes, args: tuple) -> str:
    h = hashlib.sha256()
    h.update(f"{_versions()}\0{path}\0{args!r}\0".encode())
    h.update(content)
    return h.hexdigest()


def _slot(folder: Path, path: str) -> Path:
    return folder / hashlib.sha256(path.encode("utf-8")).hexdigest()[:40]


def _read(slot: Path, key: str) -> Any | None:
    try:
        with open(slot.with_suffix(".pickle"), "rb") as fh:
            if fh.readline().rstrip(b"\n") != key.encode("ascii"):
                return None
            result = pickle.load(fh)
    except OSError:  # absent, or the cache folder cannot be read (it is a file, no permission): a miss
        return None
    except Exception:  # a damaged or foreign cache file is only a miss
        try:
            slot.with_suffix(".pickle").unlink(missing_ok=True)
        except OSError:
            pass
        return None
    try:
        os.utime(slot.with_suffix(".pickle"))  # recently used: kept by the pruning
    except OSError:
        pass
    return result


def _remember(folder: Path, slot: Path, key: str, result: Any) -> None:
    """Note the key; on its second sighting store the parse itself."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        seen = slot.with_suffix(".seen")
        try:
            again = seen.read_text(encoding="ascii").strip() == key
        except (OSError, UnicodeDecodeError):
            again = False
        if again:
            with phase("store the parse in the cache"):
                payload = key.encode("ascii") + b"\n" + tuple_pickle_dumps(result)
                atomic_write_bytes(slot.with_suffix(".pickle"), payload, 0o600, fsync=False)
            count("parse cache: stored")
        else:
            atomic_write_bytes(seen, key.encode("ascii") + b"\n", 0o600, fsync=False)
        prune(folder)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        pass  # only a cache: the next load parses again


def prune(folder: Path, days: int = PRUNE_DAYS) -> None:
    """Remove the files of a cache folder unused for `days` (the load cache's too)."""
    cutoff = time.time() - days * 86400
    for entry in os.scandir(folder):
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
        except OSError:
            pass


def _caching_parse_file(file, *args, **kwargs):
    """beancount's parse_file, answered from the cache for large unchanged files.

    While `recording_inputs()` is active, every file parsed is also noted with the SHA-256
    of the very bytes parsed and its include patterns (the whole-books cache's key,
    ledger/load_cache.py). Ctrl-C and SIGTERM wait for the file's parse to end
    (ledger/interrupts.py): beancount's parser would take them for a parse error."""
    with interrupts_held():
        return _parse_file(file, *args, **kwargs)


def _parse_file(file, *args, **kwargs):
    folder = _active.get()
    record = _recording.get()
    guarded = _guard_everywhere or _guarded.get()
    if (folder is None and record is None and not guarded) or args or not isinstance(file, (str, os.PathLike)) or file == "-":
        if record is not None:
            record.complete = False  # a source this hook cannot vouch for: the books are not cached
        return _original_parse_file(file, *args, **kwargs)
    name = os.fspath(file)
    try:
        before = os.stat(name) if record is not None else None
        content = read_source(name)
    except NotBooksText as problem:
        if record is not None:
            record.complete = False  # nothing parsed to vouch for: the next load looks again
        return refused_parse(name, problem, kwargs)
    except OSError:
        if record is not None:
            record.complete = False
        return _original_parse_file(file, *args, **kwargs)
    kwargs.setdefault("report_filename", name)  # what the parser reports for a file it opens
    if folder is None or len(content) < MIN_BYTES:
        # parse the very bytes that are noted (the file may change meanwhile)
        result = _parse(content, kwargs)
    else:
        result = _parse_through_cache(folder, name, content, kwargs)
    if record is not None:
        if not record.files and record.on_first is not None:
            record.on_first(name, result[2])
        record.files.append(
            (os.path.abspath(name), hashlib.sha256(content).hexdigest(), tuple(result[2].get("include", ())), len(content))
        )
        record.stamps.append((name, before.st_size, before.st_mtime_ns, len(content)))
    return result


class SourceFileError(NamedTuple):
    """A file the loader was to parse that is not books text (ledger/source_files.py): one
    error in place of its parse. Line 0 when the file has no line to fix (a FIFO, a
    folder): ledger/books.py then points at the include line that names it."""

    source: dict[str, Any]
    message: str
    entry: Any


def refused_parse(name: str, problem: NotBooksText, kwargs: dict) -> Any:
    """What parse_file returns for a file that is not parsed: no entries, the parser's own
    default options for it (so the loader goes on with the other files) and one error."""
    entries, errors, options = _original_parse_file(io.BytesIO(b""), **{**kwargs, "report_filename": name})
    return entries, [*errors, SourceFileError({"filename": name, "lineno": problem.lineno}, problem.message, None)], options


def _parse_through_cache(folder: Path, name: str, content: bytes, kwargs: dict) -> Any:
    key = _key(os.path.abspath(name), content, tuple(sorted(kwargs.items())))
    slot = _slot(folder, os.path.abspath(name))
    with phase("read the parse cache"):
        cached = _read(slot, key)
    if cached is not None:
        count("parse cache: hit")
        return cached
    count("parse cache: miss")
    # parse the very bytes the key was made of (the file may change meanwhile)
    with phase(f"parse {os.path.basename(name)}"):
        result = _parse(content, kwargs)
    _remember(folder, slot, key, result)
    return result


def parse_appended(content: bytes, name: str, first_line: int) -> Any:
    """beancount's parser (never the cache) on text appended to file `name`, whose first
    line is line `first_line` of that file: entries and errors carry the file's own name and
    line numbers, as a parse of the whole file gives them (ledger/incremental.py)."""
    parse = _original_parse_file or bc_parser.parse_file
    with interrupts_held():
        return _with_custom_values(parse(io.BytesIO(content), report_filename=name, report_firstline=first_line, encoding=None))


def _parse(content: bytes, kwargs: dict) -> Any:
    """beancount's parser on `content`, with every custom directive's values a list."""
    return _with_custom_values(_original_parse_file(io.BytesIO(content), **kwargs))


def _with_custom_values(result: Any) -> Any:
    """The parse `result` with `values` [] on a custom directive written without any
    (`custom "donor"`), where beancount's parser leaves None.

    Why: beancount's own pad plugin iterates every custom directive's values, so one such
    line stopped it with a TypeError traceback as the books' error at "<load>:0", naming no
    file or line; with [] the rules report the directive at its own line and say what it
    needs (\"A donor needs an id and a kind: ...\")."""
    entries = result[0]
    if not any(type(e) is data.Custom and e.values is None for e in entries):
        return result
    fixed = [e._replace(values=[]) if type(e) is data.Custom and e.values is None else e for e in entries]
    return (fixed, *result[1:])


class ParsedFiles:
    """The files one load parsed, in the order parsed: (absolute path, SHA-256 of the bytes
    parsed, include patterns, size in bytes)."""

    def __init__(self, on_first=None) -> None:
        self.files: list[tuple[str, str, tuple[str, ...], int]] = []
        self.complete = True
        self.on_first = on_first  # called with (name, options) once the top-level file is parsed
        #: (name, size and time before the read, bytes read) of each file: changed_while_read
        self.stamps: list[tuple[str, int, int, int]] = []

    def changed_while_read(self) -> str | None:
        """The first file parsed that was being written while it was read (its size or time
        now not as before its read, or not the size read), else None.

        Why: Fava saves a file by emptying it and writing it again; a read between the two
        saw an empty file, and the load went on without its entries: `relief publish` put a
        site of 1 acknowledgement page in place of one of 50. One stat per file."""
        for name, size, mtime_ns, read in self.stamps:
            try:
                now = os.stat(name)
            except OSError:
                return name
            if read != size or (now.st_size, now.st_mtime_ns) != (size, mtime_ns):
                return name
        return None


@contextmanager
def recording_inputs(on_first=None) -> Iterator[ParsedFiles]:
    """Within this block (this thread or task only), note every file beancount's loader parses;
    `on_first(name, options)` runs as soon as the top-level file is parsed, before the rest."""
    _install()
    record = ParsedFiles(on_first)
    token = _recording.set(record)
    try:
        yield record
    finally:
        _recording.reset(token)


def _install() -> None:
    """Put the caching parse_file in beancount's parser module, and the loop-safe folder walk
    in its account module (the documents plugin walks the documents folder with it), once;
    both pass every call straight through unless guarded (`cached_parsing()` active in the
    calling context, or `guard_every_parse()`)."""
    global _original_parse_file, _original_walk
    with _install_lock:
        if _original_parse_file is None:
            _original_parse_file = bc_parser.parse_file
            bc_parser.parse_file = _caching_parse_file
        if _original_walk is None:
            _original_walk = bc_account.walk
            bc_account.walk = _guarded_walk


def _guarded_walk(root_directory, followlinks=True):
    """beancount's account.walk; when guarded, one that does not go round symlink loops
    (ledger/source_files.py: two links back up made the documents plugin walk for ever)."""
    if _guard_everywhere or _guarded.get():
        return account_walk(root_directory, followlinks)
    return _original_walk(root_directory, followlinks)


def guard_every_parse() -> None:
    """From now on, in every thread, every file beancount's loader parses is read through
    ledger/source_files.py first (no cache): `relief serve` calls it before Fava loads the
    books, so an include of a FIFO or /dev/zero is an error on Fava's page, not a hang."""
    global _guard_everywhere
    _install()
    _guard_everywhere = True


@contextmanager
def cached_parsing() -> Iterator[None]:
    """Within this block (this thread or task only), beancount's loader parses through the cache."""
    folder = cache_folder()
    _install()
    guard = _guarded.set(True)  # with or without the cache, every file is read through read_source
    token = _active.set(folder)
    try:
        yield
    finally:
        _active.reset(token)
        _guarded.reset(guard)
