"""Making the letters: only what changed, on every core, never half a file.

Each document has a content hash: its model (every field the template can see), the
centre (name, seal image), the template sources, the fonts' version and the PDF variant.
`manifest.json` in the output folder records, per file, the hash it was made from; a file
whose hash is unchanged and which is still there with the recorded size is left alone.
Files the manifest lists that the books no longer call for (a receipt voided, a filter
narrowed) are removed only when the run covers the whole books, so `--donor` or `--year`
runs never delete other letters.

Work goes to a process pool (one worker per core by default). Each worker sets weasyprint
up once (fonts, templates) in its initializer and then renders batch after batch; each
file is written atomically by the worker that made it. A handful of documents is made in
this process: starting workers would cost more than the work.

The manifest never claims more than is on the disk, so an interrupted run keeps what it
finished: before any document is made, the manifest is rewritten without the files about to
be remade (an entry means "this file was made from this hash"); each file is entered once
its worker has written it, and the manifest is written again as batches come back (at most
every `MANIFEST_EVERY` seconds) and at the end, however the run ends. On Ctrl-C or SIGTERM
(a KeyboardInterrupt here, cli.stop_on_terminate) the workers, which ignore SIGINT, finish
the document in hand and stop; what they finished is recorded before the interrupt goes on.
A file written but not recorded (a worker killed outright) has no entry and is made again.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import select
import signal
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from ledger.errors import ReliefError, bilingual
from letters.model import Centre, Letter, Statement, model_dict
from publish.parallel import default_jobs
from publish.pdf import write_atomic

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
#: With at most this many documents to make, render in this process (no pool start-up).
SERIAL_LIMIT = 6
PRIVATE_MODE = 0o600
#: While documents are being made, the manifest is written again at most this often (seconds).
MANIFEST_EVERY = 1.0

Doc = Letter | Statement


class UnsafeDocument(ReliefError):
    """A document's path that must not be written: outside the output folder, or taken by
    another document. Why a ReliefError: letters made from books with errors (--allow-errors)
    met it as a ValueError, and the command crashed with a traceback."""


@dataclass
class RunReport:
    """What a run did, by file path: made, left unchanged, removed; missing glyphs and page counts."""

    made: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    missing_glyphs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)
    jobs: int = 1


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM while documents were being made; `report` says what was finished
    (and recorded in the manifest) before the run stopped."""

    def __init__(self, report: RunReport, todo: int) -> None:
        super().__init__()
        self.report = report
        self.todo = todo


def content_hash(doc: Doc, centre: Centre, fingerprint: str, pdfa: bool) -> str:
    """The hash of everything a document is made from; an unchanged hash means the file is not remade."""
    payload = {
        "kind": type(doc).__name__,
        "doc": model_dict(doc),
        "centre": model_dict(centre),
        "templates": fingerprint,
        "pdfa": pdfa,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def read_manifest(out: Path) -> dict[str, dict]:
    """The manifest's files, or {} when absent or unreadable (then everything is remade)."""
    return _read_body(out).get("files", {})


def read_manifest_stamp(out: Path) -> dict[str, str]:
    """What the manifest records besides its files (`make_documents`' `stamp`), or {}."""
    stamp = _read_body(out).get("stamp")
    return stamp if isinstance(stamp, dict) else {}


def _read_body(out: Path) -> dict:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION or not isinstance(data.get("files"), dict):
        return {}
    return data


def _write_manifest(out: Path, files: dict[str, dict], stamp: dict[str, str] | None = None) -> None:
    body: dict = {"version": MANIFEST_VERSION, "files": dict(sorted(files.items()))}
    if stamp:
        body["stamp"] = dict(sorted(stamp.items()))
    write_atomic(out / MANIFEST, (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8"), PRIVATE_MODE)


_SAFE_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def _safe(relpath: str) -> bool:
    parts = relpath.split("/")
    return all(_SAFE_PART.match(p) and ".." not in p for p in parts)


# --- worker side -------------------------------------------------------------------------

_worker: dict = {}
#: Young-generation threshold of Python's garbage collector while documents render. weasyprint
#: allocates a few hundred thousand objects per letter; at the default (700) the collector ran
#: about 200 times per 30 letters and took ~8 % of a letter's CPU time (measured with
#: gc.callbacks); at this threshold it takes ~3 % for ~10 MB more memory per worker.
RENDER_GC_THRESHOLD = 100_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect garbage less often while rendering; the caller's settings come back after."""
    previous = gc.get_threshold()
    gc.set_threshold(RENDER_GC_THRESHOLD, *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _init_worker(templates_dir: str | None, pdfa: bool, centre: Centre, out: str, fonts: dict[str, Path] | None = None,
                 stop=None, tell: int | None = None) -> None:
    """Once per worker process: fonts, templates, the centre; `stop` (an Event) set by the
    main process when the run is interrupted, `tell` the pipe on which each written file is
    reported at once."""
    from letters.render import LetterRenderer

    _worker["renderer"] = LetterRenderer(templates_dir, pdfa=pdfa, fonts=fonts)
    _worker["centre"] = centre
    _worker["out"] = Path(out)
    _worker["stop"] = stop
    _worker["tell"] = tell


def _init_pool_worker(*args) -> None:
    """`_init_worker` in a pool process, then its long-lived objects (the books inherited by
    fork, weasyprint, the fonts) are moved out of the collector's sight: every collection of
    the oldest generation would otherwise walk them again (gc.freeze).

    A Ctrl-C reaches the whole process group; a worker ignores it and stops when the main
    process sets `stop`, after the document in hand (a KeyboardInterrupt in a worker lost
    the results of its batch, and one between two batches broke the pool)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init_worker(*args)
    _end_when_orphaned()
    gc.freeze()


#: Held by a worker while it makes and writes a document; how often (seconds) an idle worker
#: looks whether its command is still there.
_busy = threading.Lock()
ORPHAN_POLL = 1.0


def _orphaned() -> bool:
    """Whether this worker's command (the process that forked it) is gone."""
    return os.getppid() != _worker.get("parent", os.getppid())


def _end_when_orphaned() -> None:
    """End this worker once the command that started it is gone, after the document in hand.

    Why: a command killed outright (SIGKILL: `kill -9`, the OOM killer, a CI job's timeout)
    cannot stop its workers, and they waited for the next batch for ever, holding the
    command's output pipes (a script reading them hung) and the site secret. A worker now
    makes no further document once orphaned (`_make` asks `_orphaned`), and a thread ends
    the process when no document is in hand (`_busy`), so never half a file is left."""
    _worker["parent"] = os.getppid()

    def watch() -> None:
        while not _orphaned():
            time.sleep(ORPHAN_POLL)
        _busy.acquire()
        os._exit(1)

    threading.Thread(target=watch, name="end-when-orphaned", daemon=True).start()


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done: a file written is also a file reported."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


#: (relpath, hash, size, missing glyphs, pages) of a document made.
Made = tuple[str, str, int, tuple[str, ...], int]
#: What a worker writes on the `tell` pipe per file: its index in the run's list and its size.
#: 8 bytes, so each write is atomic (below PIPE_BUF) and the workers need no lock.
_TOLD = struct.Struct("<IQ")


def _make(batch: list[tuple[int, Doc, str]], done: Callable[[Made], None] | None = None) -> list[Made]:
    """Render and write each (index, doc, hash); returns (relpath, hash, size, missing glyphs, pages).

    As soon as a file is written it is reported: to `done` in this process, on the `tell`
    pipe from a worker (so that it is recorded even when the worker is then killed, e.g. by
    a SIGTERM sent to the whole process group). Stops before the next document once the
    run's `stop` is set."""
    renderer = _worker["renderer"]
    centre = _worker["centre"]
    out: Path = _worker["out"]
    stop = _worker.get("stop")
    tell = _worker.get("tell")
    results: list[Made] = []
    with _fewer_collections():
        for index, doc, digest in batch:
            if (stop is not None and stop.is_set()) or _orphaned():
                break
            with _busy:
                rendered = renderer.render(doc, centre)
                with _signals_held():
                    write_atomic(out / doc.relpath, rendered.pdf, PRIVATE_MODE)
                    item = (doc.relpath, digest, len(rendered.pdf), rendered.missing_glyphs, rendered.pages)
                    if tell is not None:
                        os.write(tell, _TOLD.pack(index, len(rendered.pdf)))
                    results.append(item)
                    if done is not None:
                        done(item)
    return results


# --- planning and running ----------------------------------------------------------------


def make_documents(
    docs: Iterable[Doc],
    centre: Centre,
    out: Path,
    *,
    fingerprint: str,
    templates_dir: str | None = None,
    pdfa: bool = False,
    jobs: int | None = None,
    progress: bool = False,
    scope: Callable[[str], bool] | None = None,
    stamp: dict[str, str] | None = None,
) -> RunReport:
    """Bring `out` up to date with `docs`.

    `stamp`: what the manifest records of the run besides its files (the letters' site
    secret check, letters/make.py), written with it from now on.

    `scope(path)` says which files this run is responsible for: a file in the manifest that
    is in scope but not in `docs` is removed (a voided receipt); files out of scope (other
    years, other donors, statements when only letters are made) are left as they are.
    None means the run covers everything.
    """
    in_scope = scope or (lambda _path: True)
    out.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(out)
    report = RunReport()
    todo: list[tuple[int, Doc, str]] = []
    wanted: dict[str, str] = {}
    docs_seen: list[Doc] = []
    for doc in docs:
        docs_seen.append(doc)
        digest = content_hash(doc, centre, fingerprint, pdfa)
        path = doc.relpath
        if not _safe(path):
            raise UnsafeDocument(bilingual(
                f"{path}：不是输出文件夹中安全的文件名（收据编号和捐赠人编号只能有字母、数字、- 和 _）；请运行 relief check，按它说的改正账簿",
                f"{path}: not a safe file name inside the output folder (receipt numbers and donor ids may hold only "
                "letters, digits, - and _); run relief check and correct the books as it says"))
        if path in wanted:
            raise UnsafeDocument(bilingual(
                f"两份文件会写到同一个位置 {path}；收据编号必须唯一（请运行 relief check）",
                f"two documents would be written to {path}; receipt numbers must be unique (run relief check)"))
        wanted[path] = digest
        entry = manifest.get(path)
        target = out / path
        if entry and entry.get("hash") == digest and target.is_file() and target.stat().st_size == entry.get("size"):
            report.unchanged.append(path)
        else:
            todo.append((len(todo), doc, digest))
    # What is on the disk and may stay listed: unchanged files, files out of this run's scope,
    # and stale ones until they are removed. Files about to be made are unlisted first, so an
    # entry never names a file that is still the previous version (or half a new one).
    remaking = {doc.relpath for _, doc, _ in todo}
    new_manifest = {p: e for p, e in manifest.items() if p not in remaking}
    stale = sorted(p for p in manifest if p not in wanted and in_scope(p))
    if new_manifest != manifest or (stamp or {}) != read_manifest_stamp(out):
        _write_manifest(out, new_manifest, stamp)
    fonts = None
    if todo:
        # One font subset for the whole run: the characters of every document the run covers
        # (not only those remade), so an incremental run whose new letters add no character
        # uses the same font as the full run (see docs/letters.md, "Fonts").
        from letters.render import run_characters
        from publish.pdf import run_font_files

        fonts = run_font_files(run_characters(docs_seen, centre, templates_dir))
    jobs = max(1, jobs or default_jobs())
    report.jobs = 1 if len(todo) <= SERIAL_LIMIT else min(jobs, len(todo))
    written = time.monotonic()
    made: set[str] = set()

    def record(relpath: str, digest: str, size: int) -> None:
        """One file written: into the manifest (once)."""
        if relpath in made:
            return
        made.add(relpath)
        new_manifest[relpath] = {"hash": digest, "size": size}
        report.made.append(relpath)
        if bar:
            bar.update(1)

    def note(item: Made) -> None:
        """A document's full result: recorded, with its page count and missing glyphs."""
        relpath, digest, size, missing, pages = item
        record(relpath, digest, size)
        report.pages[relpath] = pages
        if missing:
            report.missing_glyphs[relpath] = missing

    def checkpoint() -> None:
        """The manifest as far as the run has got, now and then: a run killed outright keeps most of its work."""
        nonlocal written
        if time.monotonic() - written >= MANIFEST_EVERY:
            _write_manifest(out, new_manifest, stamp)
            written = time.monotonic()

    def told(index: int, size: int) -> None:
        _, doc, digest = todo[index]
        record(doc.relpath, digest, size)

    bar = None
    if progress and todo:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), unit="pdf", desc="letters", file=sys.stderr, leave=False)
    try:
        if report.jobs == 1:
            _init_worker(templates_dir, pdfa, centre, str(out), fonts)

            def done(item: Made) -> None:
                note(item)
                checkpoint()

            _make(todo, done)
        else:
            _make_in_pool(todo, report.jobs, (templates_dir, pdfa, centre, str(out), fonts), note, told, checkpoint)
    except KeyboardInterrupt as exc:
        report.made.sort()
        raise Interrupted(report, len(todo)) from exc
    finally:
        if bar:
            bar.close()
        # Whatever was made is recorded, also when a later document failed or the run was stopped.
        _write_manifest(out, new_manifest, stamp)
    for path in stale:
        target = out / path
        if _safe(path) and target.is_file():
            target.unlink()
        new_manifest.pop(path, None)
        report.removed.append(path)
    if stale:
        _write_manifest(out, new_manifest, stamp)
    report.made.sort()
    return report


def _make_in_pool(todo: list[tuple[int, Doc, str]], jobs: int, initargs: tuple, note: Callable[[Made], None],
                  told: Callable[[int, int], None], checkpoint: Callable[[], None]) -> None:
    """Make `todo` in `jobs` worker processes. Each file is recorded as soon as a worker
    reports it on the pipe, and each batch's full results (pages, missing glyphs) when the
    batch comes back.

    When the run stops early (Ctrl-C, SIGTERM, a failed document, a worker killed), batches
    not yet started are cancelled, the workers finish the document in hand, and every file
    they finished is recorded before the exception goes on."""
    size = max(1, min(16, len(todo) // (jobs * 4)))
    batches = [todo[i:i + size] for i in range(0, len(todo), size)]
    fork = "fork" in get_all_start_methods()
    context = get_context("fork" if fork else None)
    stop = context.Event()
    # The pipe is inherited by forked workers; without fork, batches report only when they come back.
    reader, writer = os.pipe() if fork else (None, None)
    pending = b""

    def drain() -> None:
        nonlocal pending
        if reader is None:
            return
        while select.select([reader], [], [], 0)[0]:
            chunk = os.read(reader, 1 << 16)
            if not chunk:
                break
            pending += chunk
            whole = len(pending) - len(pending) % _TOLD.size
            for index, file_size in _TOLD.iter_unpack(pending[:whole]):
                told(index, file_size)
            pending = pending[whole:]

    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_pool_worker,
                                 initargs=(*initargs, stop, writer)) as pool:
            futures: list = []
            taken: set = set()

            def take(future) -> None:
                taken.add(future)
                for item in future.result():
                    note(item)

            try:
                for batch in batches:  # inside the try: a Ctrl-C while handing out batches ends the workers too
                    futures.append(pool.submit(_make, batch))
                running = set(futures)
                while running:
                    finished, running = wait(running, timeout=0.25, return_when=FIRST_COMPLETED)
                    drain()
                    for future in finished:
                        take(future)
                    checkpoint()
            except BaseException:
                stop.set()
                workers = list((getattr(pool, "_processes", None) or {}).values())  # shutdown forgets them
                pool.shutdown(wait=False, cancel_futures=True)
                # the workers finish the document in hand (a second Ctrl-C stops this wait)
                for future in futures:
                    if future not in taken and not future.cancelled() and future.exception() is None:
                        take(future)
                # Every document in hand is done: end the workers now. Left to the pool, a
                # worker idle on its call queue could miss the pool's goodbye when the run was
                # stopped while batches were still being handed out, and live on after the
                # command (holding its output pipes open: a caller waiting for them hung).
                for process in workers:
                    if process.is_alive():
                        process.terminate()
                for process in workers:
                    process.join(timeout=5)
                raise
    finally:
        if reader is not None:
            drain()
            os.close(reader)
            os.close(writer)
