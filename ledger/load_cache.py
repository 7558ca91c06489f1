"""One cache of the loaded books for relief's commands, keyed by everything the load read.

`relief check`, `publish`, `import`, `letters` ... load the same books again and again;
when nothing changed, the loaded result (entries, errors and options after parsing,
booking, every plugin and beancount's validation) is read back instead of made again:
about a tenth of the load's time on 100,000 transactions.

beancount's own load cache (`.main.beancount.picklecache`) is keyed on the files' times and
sizes only: after an upgrade whose rules changed it answers with what the old rules said.
relief's commands therefore never use it (they call beancount's loader without it, so they
neither read nor write nor delete that file; bean-check and Fava keep theirs). This cache is
a hit only when all of these are exactly as they were when it was made:

- every file the loader parsed (main file and every include), by the SHA-256 of its bytes
  (the very bytes that were parsed), and the result of every include pattern (a new file
  matching `include "txns/*.beancount"` is a miss);
- what the plugins read besides the books: the listing of each `option "documents"` folder
  (beancount's documents plugin turns its dated files into entries), whether each file a
  `document` entry names exists, every file in the books' `closes/` folder (the
  closed_period rule's hash lists), by content, and each seal image a `relief-option "seal"`
  names (the settings rule reads it), by where it leads and its content;
- the rules' code: the SHA-256 of every .py file of the `ledger` package (the rules and
  everything they import), and of the source of any other plugin the books name outside
  beancount; the versions of beancount, Python and relief-ledger, and this cache's format.

Anything else (a file that cannot be read, an encrypted file, a cache file that cannot be
read) is a miss, never an error. A miss loads the books in full (the per-file parse cache,
ledger/parse_cache.py, still spares re-parsing large unchanged files) and stores the result.

Storing 100,000 transactions takes a few seconds (pickling), so after a miss the result is
written by a background process (forked, run only when a core is idle: SCHED_IDLE) while the command goes on; the
command does not wait for it. It holds a lock on `<slot>.lock` while writing and notes its
own CPU time in `<slot>.written` (the benchmarks wait for it and count it).
RELIEF_LOAD_CACHE_BACKGROUND=0 writes in the command itself instead.

When the books' files only grew since the cached load (an import appended to the inbox),
the cached load is the *base* and only the appended text is parsed, booked and checked
(ledger/incremental.py, where it is shown why that equals a full load, and when it is
refused for a full load instead). The base is not written again after such a load. The
rules may leave notes with the base for such a load (ledger/memo.py, `leave_note`: the
closed periods found intact, so that they need not be hashed again).
RELIEF_LOAD_CACHE_APPENDS=0 switches that off (every change is then a full load).

One cache file per main file (the newest load wins), mode 0600 in a 0700 folder:
`$XDG_CACHE_HOME/relief-ledger/loaded` (else ~/.cache/...), or `loaded/` inside the folder
RELIEF_PARSE_CACHE names. RELIEF_LOAD_CACHE=0 switches this cache off; RELIEF_PARSE_CACHE=0
switches off both of relief's caches of the books. Files not used for PRUNE_DAYS are removed.
The cache holds what the books hold, so it stays in the user's own cache folder.
"""

from __future__ import annotations

import decimal
import functools
import gc
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import pickle
import resource
import struct
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from beancount import loader
from beancount.core import data
from beancount.utils import encryption

import ledger
from ledger import amount_digits, incremental, memo, parse_cache, rules_beside, tuple_pickle
from ledger.errors import ReliefError
from ledger.files import SIDE_FOLDER, atomic_write_bytes, atomic_writer
from ledger.seal import MAX_SEAL_BYTES
from ledger.source_files import NotARegularFile, NotBooksText, read_regular, read_source, walk_without_loops
from ledger.timings import count, phase

VERSION = 4
MAGIC = b"relief-load-cache"
PRUNE_DAYS = 30
ENV = "RELIEF_LOAD_CACHE"
ENV_BACKGROUND = "RELIEF_LOAD_CACHE_BACKGROUND"
ENV_APPENDS = "RELIEF_LOAD_CACHE_APPENDS"
_OFF = ("0", "off", "no", "false")

Loaded = tuple[list[data.Directive], list[Any], dict[str, Any]]

#: How the latest load() in this process was made (for tests and benchmarks): "hit" (read
#: back), "incremental" (read back plus the appended entries), "full" (loaded and stored as
#: the new base) or "uncached" (this cache is off).
LAST_LOAD_KIND: str | None = None
#: Why the latest load() did not take the append-only fast path although files only grew.
LAST_REFUSAL: str | None = None


def cache_folder() -> Path | None:
    """Where loaded books are kept, or None when this cache is switched off."""
    if os.environ.get(ENV, "").strip().lower() in _OFF:
        return None
    parsed = parse_cache.cache_folder()
    if parsed is None:
        return None
    setting = os.environ.get(parse_cache.ENV, "").strip()
    if setting and setting.lower() not in ("1", "on", "yes", "true"):
        return parsed / "loaded"  # RELIEF_PARSE_CACHE=/some/folder: both caches in it
    return parsed.parent / "loaded"


# --- the key -----------------------------------------------------------------------------


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _hash_tree(h, folder: Path) -> None:
    for path in sorted(folder.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        h.update(str(path.relative_to(folder)).encode("utf-8") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())


@functools.cache
def code_key() -> str:
    """The rules' code and the versions everything loaded depends on."""
    h = hashlib.sha256()
    h.update(
        f"{MAGIC.decode()}-{VERSION} beancount-{_version('beancount')} relief-ledger-{_version('relief-ledger')} "
        f"python-{sys.implementation.name}-{sys.version}\0".encode()
    )
    _hash_tree(h, Path(ledger.__file__).resolve().parent)
    return h.hexdigest()


def _module_source(name: str, pythonpath: list[str]) -> tuple[str, str] | None:
    """(origin, sha256 of its source) of a plugin module outside beancount and ledger."""
    saved = list(sys.path)
    try:
        sys.path[0:0] = pythonpath
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError, AttributeError):
        spec = None
    finally:
        sys.path[:] = saved
    if spec is None or not spec.origin or not os.path.isfile(spec.origin):
        return None
    origin = os.path.abspath(spec.origin)
    h = hashlib.sha256()
    if os.path.basename(origin) == "__init__.py":
        _hash_tree(h, Path(origin).parent)
    else:
        h.update(Path(origin).read_bytes())
    return origin, h.hexdigest()


def _foreign_plugins(options: dict[str, Any]) -> dict[str, tuple[str, str] | None]:
    out = {}
    for name, _config in options.get("plugin", ()):
        top = name.split(".", 1)[0]
        if top in ("beancount", "ledger"):
            continue  # beancount's version and the ledger package's hash cover them
        out[name] = _module_source(name, list(options.get("pythonpath", ())))
    return out


def _expand_includes(files: list[tuple[str, str, tuple[str, ...], int]]) -> set[str]:
    """The files the parsed files' include patterns name now (beancount's own expansion)."""
    import glob

    found = set()
    for name, _digest, patterns, _size in files:
        cwd = os.path.dirname(name)
        for pattern in patterns:
            search = pattern if os.path.isabs(pattern) else os.path.join(cwd, pattern)
            for match in glob.glob(search, recursive=True):
                found.add(os.path.normpath(match if os.path.isabs(match) else os.path.join(cwd, match)))
    return found


def _walk_listing(h, folder: str) -> None:
    """Names (not contents) under a documents folder, as beancount's documents plugin walks it."""
    if not os.path.exists(folder):
        h.update(b"\0absent\0")
        return
    for root, dirs, files in walk_without_loops(folder, followlinks=True):  # a symlink loop is walked once
        dirs.sort()
        h.update(f"{os.path.relpath(root, folder)}\0{chr(1).join(sorted(files))}\0".encode("utf-8", "surrogateescape"))


def _folder_contents(h, folder: str) -> None:
    """Each file in `folder` by its bytes, and each thing there that is not a file by its kind.

    Why bytes and kinds: the closed_period rule reads a side file's bytes whatever they hold
    and warns of a folder (or a pipe) in its place; keyed as "unreadable" alike, a side file
    with a NUL byte and a folder put in its place had one key, and `relief check` answered
    from the cache what it had found for the other."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        h.update(b"\0absent\0")
        return
    for name in names:
        path = os.path.join(folder, name)
        h.update(name.encode("utf-8", "surrogateescape") + b"\0")
        try:
            h.update(hashlib.sha256(read_regular(path)).digest())  # a FIFO or device in closes/ is not waited on
        except NotARegularFile as exc:
            h.update(f"\0{exc.kind}\0".encode())
        except OSError as exc:
            h.update(f"\0unreadable {exc.errno}\0".encode())


def side_state(spec: dict[str, Any]) -> str:
    """A digest of what the plugins read besides the books, for the folders named in `spec`."""
    h = hashlib.sha256()
    for folder in spec["documents"]:
        h.update(f"documents {folder}\0".encode())
        _walk_listing(h, folder)
    if spec["closes"]:
        h.update(f"closes {spec['closes']}\0".encode())
        _folder_contents(h, spec["closes"])
    return h.hexdigest()


def side_spec(main: Path, options: dict[str, Any]) -> dict[str, Any]:
    """The folders the plugins read besides the books: each documents folder and `closes/`."""
    base = os.path.dirname(os.path.abspath(options.get("filename") or str(main)))
    documents = [os.path.abspath(os.path.normpath(d if os.path.isabs(d) else os.path.join(base, d))) for d in options.get("documents", ())]
    return {"documents": documents, "closes": os.path.join(base, SIDE_FOLDER)}


def _document_files(entries: list[data.Directive], errors: list[Any]) -> list[tuple[str, bool]]:
    """Each file a `document` entry names, and whether the load found it (from its errors)."""
    missing = {
        e.entry.filename
        for e in errors
        if type(e).__name__ == "DocumentError" and isinstance(getattr(e, "entry", None), data.Document) and "does not exist" in str(e.message)
    }
    return sorted({(e.filename, e.filename not in missing) for e in entries if isinstance(e, data.Document)})


def _seal_files(entries: list[data.Directive], options: dict[str, Any]) -> list[str]:
    """Each image a `relief-option "seal"` names, where the settings rule looks for it.

    Why: the rule reads the image (it must exist, be an image and stay inside the books), so
    the image is an input of the load; unrecorded, `relief check` answered "0 errors" from
    this cache after the seal was deleted or spoilt, while bean-check and Fava reported it."""
    main = options.get("filename")
    if not main:
        return []
    root = os.path.dirname(os.path.abspath(main))
    names = set()
    for entry in entries:
        if isinstance(entry, data.Custom) and entry.type == "relief-option":
            values = [v.value for v in entry.values or ()]
            # a value beancount read as an amount (`12.50 CNY`) is no option's name: the
            # settings rule reports it; compared with a str, beancount's Amount raises
            if len(values) == 2 and isinstance(values[0], str) and values[0] == "seal" and isinstance(values[1], str) and values[1].strip():
                names.add(os.path.join(root, values[1].strip().replace("\\", "/")))
    return sorted(names)


def _file_state(path: str) -> str:
    """A digest of what a rule sees of the file `path`: where it leads (a link may lead out
    of the books) and its bytes, as much of them as the seal rule reads; whether it is absent,
    unreadable or not a file (read_regular never waits on a FIFO put there)."""
    h = hashlib.sha256(os.path.realpath(path).encode("utf-8", "surrogateescape") + b"\0")
    try:
        h.update(read_regular(path, MAX_SEAL_BYTES + 1))
    except NotARegularFile:
        h.update(b"not a file")
    except OSError as exc:
        h.update(f"unreadable {exc.errno}".encode())
    return h.hexdigest()


def _compare_files(files: list[tuple[str, str, tuple[str, ...], int]]) -> list[incremental.Growth] | None:
    """The files that only grew since the manifest (their first bytes hash as recorded), or
    None if any file changed otherwise or cannot be read; [] when none changed at all."""
    grown = []
    for name, digest, _patterns, size in files:
        try:
            content = read_source(name)  # a file that became a FIFO must not hang the check
        except (OSError, NotBooksText):
            return None
        if len(content) == size and hashlib.sha256(content).hexdigest() == digest:
            continue
        if len(content) > size and hashlib.sha256(memoryview(content)[:size]).hexdigest() == digest:
            grown.append(incremental.Growth(name, size, content))
            continue
        return None
    return grown


def _others_hold(manifest: dict[str, Any]) -> bool:
    """True when every input but the parsed files' bytes is exactly as it was."""
    files = manifest["files"]
    if _expand_includes(files) | {manifest["main"]} != {f[0] for f in files}:
        return False
    if side_state(manifest["spec"]) != manifest["side"]:
        return False
    for name, existed in manifest["documents"]:
        if os.path.exists(name) != existed:
            return False
    for name, state in manifest["seals"]:
        if _file_state(name) != state:
            return False
    for name, source in manifest["plugins"].items():
        if _module_source(name, manifest["pythonpath"]) != source:
            return False
    return True


def _changes(manifest: dict[str, Any], main: Path) -> list[incremental.Growth] | None:
    """[] when every input the manifest lists is exactly as it was; the grown files when
    they only grew and every other input is as it was; None for any other change."""
    if manifest.get("main") != str(main):
        return None
    grown = _compare_files(manifest["files"])
    if grown is None or not _others_hold(manifest):
        return None
    return grown


# --- reading and writing -----------------------------------------------------------------


def _slot(folder: Path, main: Path) -> Path:
    return folder / hashlib.sha256(str(main).encode("utf-8")).hexdigest()[:40]


def _header() -> bytes:
    return MAGIC + b" " + code_key().encode("ascii") + b"\n"


def read_manifest(slot: Path) -> tuple[dict[str, Any], Any] | None:
    """(manifest, open file positioned at the payload) if the slot's code key is current."""
    try:
        fh = open(slot.with_suffix(".pickle"), "rb")
    except OSError:
        return None
    try:
        if fh.readline() != _header():
            fh.close()
            return None
        (size,) = struct.unpack("<Q", fh.read(8))
        manifest = pickle.loads(fh.read(size))
        return manifest, fh
    except Exception:  # a damaged or foreign cache file (unpickling raises any kind) is only a miss
        fh.close()
        return None


def _appends_on() -> bool:
    return os.environ.get(ENV_APPENDS, "").strip().lower() not in _OFF


def _read(slot: Path, main: Path) -> tuple[str, Loaded] | None:
    """("hit", the cached load) when nothing changed; ("incremental", the base with what was
    appended since, ledger/incremental.py) when files only grew; None otherwise."""
    global LAST_REFUSAL
    found = read_manifest(slot)
    if found is None:
        return None
    manifest, fh = found
    with fh:
        try:
            grown = _changes(manifest, main)
            if grown is None or (grown and not (manifest.get("clean") and _appends_on())):
                return None
            with phase("read the load cache"):
                result = pickle.load(fh)
        except Exception:  # damaged, foreign or unreadable: only a miss
            return None
    try:
        os.utime(slot.with_suffix(".pickle"))  # recently used: kept by the pruning
    except OSError:
        pass
    if not grown:
        return "hit", result
    try:
        with phase("apply the appended entries"):
            return "incremental", incremental.apply(result, grown, manifest.get("notes"))
    except incremental.Refused as refused:
        LAST_REFUSAL = str(refused)
    except Exception as exc:  # a case the fast path did not foresee: the full load is always right
        LAST_REFUSAL = f"unexpected {type(exc).__name__}: {exc}"
    count("load cache: appended entries refused")
    return None


def _write(folder: Path, slot: Path, manifest: dict[str, Any], result: Loaded) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    meta = pickle.dumps(manifest, protocol=pickle.HIGHEST_PROTOCOL)
    # Pickled straight into the file: the books' pickle (hundreds of MB on large books)
    # is never held whole in memory, whose pages cost the writer more than the writing.
    with atomic_writer(slot.with_suffix(".pickle"), 0o600, fsync=False) as handle:
        handle.write(_header())
        handle.write(struct.pack("<Q", len(meta)))
        handle.write(meta)
        tuple_pickle.dump(result, handle)  # read back without a Python call per entry, posting or amount
    parse_cache.prune(folder, PRUNE_DAYS)


_DEFERRED: ContextVar[list | None] = ContextVar("relief_load_cache_deferred", default=None)


@contextmanager
def writes_deferred() -> Iterator[None]:
    """Within this block a load that must be stored starts its background writer only when
    the block ends, not at once.

    For `relief publish` (cli/publish_cmd.py): its workers fill both cores from the end of
    the load to the end of the publish, and the writer, pickling hundreds of MB and writing
    them out, still slowed them though it runs only on an idle core (memory and disk it
    shares): the verifiable record took 1.7 s instead of 1.2 s on 100,000 transactions. Once
    the site is made, the writer has the machine to itself; the command does not wait for it."""
    pending: list = []
    token = _DEFERRED.set(pending)
    try:
        yield
    finally:
        _DEFERRED.reset(token)
        for args in pending:
            _store(*args)


def _store(folder: Path, slot: Path, manifest: dict[str, Any], result: Loaded) -> None:
    """Write the cache file, in a background process unless RELIEF_LOAD_CACHE_BACKGROUND=0
    (at the end of a `writes_deferred` block when in one)."""
    background = os.environ.get(ENV_BACKGROUND, "").strip().lower() not in _OFF and hasattr(os, "fork")
    deferred = _DEFERRED.get()
    if background and deferred is not None:
        deferred.append((folder, slot, manifest, result))
        count("load cache: stored in the background, after the command's work")
        return
    if not background:
        with phase("store the books in the load cache"):
            try:
                _write(folder, slot, manifest, result)
            except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
                return
        count("load cache: stored")
        return
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
    except OSError:
        return
    if pid:  # the command: reap the short-lived middle process and go on
        os.waitpid(pid, 0)
        count("load cache: stored in the background")
        return
    # The middle process takes the writer's lock (so that the lock is held before the command
    # goes on), forks the writer and exits at once: the writer belongs to no one (no zombie
    # in a long-lived parent) and the command never waits for it.
    code = 0
    try:
        import fcntl

        lock = os.fdopen(os.open(slot.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600), "r+b")
        fcntl.flock(lock, fcntl.LOCK_EX)
        slot.with_suffix(".written").unlink(missing_ok=True)
        if os.fork() == 0:
            # Let go of the command's files: a pipe reading its output (`relief check | less`,
            # a caller capturing it) ends when the command ends, not when the writer does.
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(devnull, fd)
            os.closerange(3, lock.fileno())
            os.closerange(lock.fileno() + 1, max(lock.fileno() + 1, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 4096))
            _background_write(folder, slot, manifest, result)
    except BaseException:
        code = 1
    os._exit(code)


def lower_priority() -> None:
    """Make this process run only on a core nothing else wants (Linux's SCHED_IDLE), else at
    the lowest nice value: the cache writer must not take turns with the command it was
    forked from, whose workers fill every core while the site is made (a writer at nice 10
    still took about a tenth of a core from them)."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        return
    except (AttributeError, OSError):
        pass
    try:
        os.nice(19 - os.nice(0))
    except OSError:
        pass


def _background_write(folder: Path, slot: Path, manifest: dict[str, Any], result: Loaded) -> None:
    """Runs in the writer process, which holds the lock its parent took (inherited)."""
    code = 0
    try:
        os.setsid()
        lower_priority()
        # It only pickles: no garbage cycles to find, and a collection would walk (and copy,
        # page by page) every object of the process it was forked from; forked at the end of
        # a publish (writes_deferred), whose collector is running again, that cost 1.6 s.
        gc.disable()
        started = time.perf_counter()
        try:
            _write(folder, slot, manifest, result)
        finally:
            usage = resource.getrusage(resource.RUSAGE_SELF)
            note = {"elapsed_s": time.perf_counter() - started, "cpu_s": usage.ru_utime + usage.ru_stime,
                    "idle": hasattr(os, "sched_getscheduler") and os.sched_getscheduler(0) == getattr(os, "SCHED_IDLE", None),
                    "collector": gc.isenabled()}
            atomic_write_bytes(slot.with_suffix(".written"), json.dumps(note).encode("ascii"), 0o600, fsync=False)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def wait_for_writer(main: str | os.PathLike[str]) -> dict[str, float] | None:
    """Wait until no background writer holds this books' cache; then its note (elapsed and
    CPU seconds of the last write), if one was left since the last call (the note is taken)."""
    import fcntl

    folder = cache_folder()
    if folder is None:
        return None
    slot = _slot(folder, Path(main).resolve())
    try:
        with open(slot.with_suffix(".lock"), "rb") as lock:
            fcntl.flock(lock, fcntl.LOCK_SH)
    except OSError:
        return None
    note = slot.with_suffix(".written")
    try:
        return json.loads(note.read_text(encoding="ascii"))
    except (OSError, ValueError):
        return None
    finally:
        note.unlink(missing_ok=True)


# --- loading -----------------------------------------------------------------------------


def load_uncached(main: Path) -> Loaded:
    """beancount's loader without its pickle cache: reads, writes and deletes no cache file.

    On large books the rules run in a forked child beside the rest of the load
    (ledger/rules_beside.py; RELIEF_PARALLEL_RULES=0 keeps them in this process)."""
    filename = str(main)
    if encryption.is_encrypted_file(filename):
        return loader.load_encrypted_file(filename)
    try:
        return _load_uncached(filename)
    except decimal.InvalidOperation:
        # Why: an amount of 30 digits beside a posting left for beancount to compute ended
        # every command in an internal error (its booking cannot round it), naming no line
        too_long = amount_digits.too_long_in_books(filename)
        if too_long is None:
            raise
        raise AmountsTooLong(too_long) from None


class AmountsTooLong(ReliefError):
    """Amounts with more digits than beancount can book (the message names each line)."""


def _load_uncached(filename: str) -> Loaded:
    try:
        with rules_beside.beside() as session:
            result = loader._load([(filename, True)], None, None, None)
            if session is not None:
                session.finish(result[1], loaded=(result[0], result[2]))
            return result
    except rules_beside.Redo:  # a rule changed the entries in the child: load again, all here
        count("rules: load made again in this process")
        with rules_beside.off():
            return loader._load([(filename, True)], None, None, None)


#: How many times a load is made again while a books file keeps changing under it.
READS_WHILE_SAVED = 3


class BooksBeingSaved(ReliefError):
    """A books file kept changing while the books were read (the message names it)."""


def load(main: Path) -> Loaded:
    """The loaded books for `main` (an absolute path): from the cache when nothing changed,
    from the cache and the appended text when files only grew (ledger/incremental.py).

    A full load during which a file was written (Fava or an editor saving it) is made again,
    READS_WHILE_SAVED times at most (parse_cache.ParsedFiles.changed_while_read)."""
    for _ in range(READS_WHILE_SAVED):
        result, changing = _load_once(main)
        if changing is None:
            return result
        count("load: a file changed while read, loaded again")
    raise BooksBeingSaved(f"{changing} kept changing while the books were read ({READS_WHILE_SAVED} times: saved by Fava "
                          "or an editor meanwhile?); nothing was done: run the command again once it is saved")


def _load_once(main: Path) -> tuple[Loaded, str | None]:
    """load()'s work: the result, and the file written while it was read (None: none)."""
    global LAST_LOAD_KIND, LAST_REFUSAL
    LAST_REFUSAL = None
    folder = cache_folder()
    if folder is None or encryption.is_encrypted_file(str(main)):
        LAST_LOAD_KIND = "uncached"
        with parse_cache.cached_parsing(), parse_cache.recording_inputs() as parsed:
            result = load_uncached(main)
        return result, parsed.changed_while_read()
    slot = _slot(folder, main)
    with phase("check the load cache"):
        found = _read(slot, main)
    if found is not None:
        kind, result = found
        LAST_LOAD_KIND = kind
        count(f"load cache: {kind}")
        return result, None
    count("load cache: miss")
    LAST_LOAD_KIND = "full"
    # What the plugins read besides the books (documents folders, closes/) is noted as soon
    # as the main file is parsed, before any plugin runs, and again after the load: the
    # result is stored only if both agree, so the load saw exactly what is recorded.
    before: dict[str, Any] = {}

    def note_side(name: str, options: dict[str, Any]) -> None:
        before["spec"] = side_spec(main, {**options, "filename": name})
        before["side"] = side_state(before["spec"])

    notes: dict[str, Any] = {}  # what the rules leave for a load that extends this one
    with parse_cache.cached_parsing(), parse_cache.recording_inputs(note_side) as parsed, memo.load_notes(notes):
        result = load_uncached(main)
    changing = parsed.changed_while_read()
    entries, errors, options = result
    spec = side_spec(main, options)
    if changing is not None or not parsed.complete or spec != before.get("spec"):
        return result, changing
    side = side_state(spec)
    if side != before.get("side"):
        return result, None
    manifest = {
        "main": str(main),
        "files": parsed.files,
        "spec": spec,
        "side": side,
        "documents": _document_files(entries, errors),
        "seals": [(name, _file_state(name)) for name in _seal_files(entries, options)],
        "plugins": _foreign_plugins(options),
        "pythonpath": list(options.get("pythonpath", ())),
        "clean": incremental.base_is_clean(errors),
        "notes": notes,
    }
    _store(folder, slot, manifest, result)
    return result, None
