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
file is written atomically by the worker that made it, and the manifest is written last,
atomically. A handful of documents is made in this process: starting workers would cost
more than the work.
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from letters.model import Centre, Letter, Statement, model_dict
from publish.parallel import default_jobs
from publish.pdf import write_atomic

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
#: With at most this many documents to make, render in this process (no pool start-up).
SERIAL_LIMIT = 6
PRIVATE_MODE = 0o600

Doc = Letter | Statement


@dataclass
class RunReport:
    """What a run did, by file path: made, left unchanged, removed; missing glyphs and page counts."""

    made: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    missing_glyphs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)
    jobs: int = 1


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
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION or not isinstance(data.get("files"), dict):
        return {}
    return data["files"]


def _write_manifest(out: Path, files: dict[str, dict]) -> None:
    body = {"version": MANIFEST_VERSION, "files": dict(sorted(files.items()))}
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


def _init_worker(templates_dir: str | None, pdfa: bool, centre: Centre, out: str, fonts: dict[str, Path] | None = None) -> None:
    """Once per worker process: fonts, templates, the centre."""
    from letters.render import LetterRenderer

    _worker["renderer"] = LetterRenderer(templates_dir, pdfa=pdfa, fonts=fonts)
    _worker["centre"] = centre
    _worker["out"] = Path(out)


def _init_pool_worker(*args) -> None:
    """`_init_worker` in a pool process, then its long-lived objects (the books inherited by
    fork, weasyprint, the fonts) are moved out of the collector's sight: every collection of
    the oldest generation would otherwise walk them again (gc.freeze)."""
    _init_worker(*args)
    gc.freeze()


def _make(batch: list[tuple[Doc, str]]) -> list[tuple[str, str, int, tuple[str, ...], int]]:
    """Render and write each (doc, hash); returns (relpath, hash, size, missing glyphs, pages)."""
    renderer = _worker["renderer"]
    centre = _worker["centre"]
    out: Path = _worker["out"]
    results = []
    with _fewer_collections():
        for doc, digest in batch:
            rendered = renderer.render(doc, centre)
            write_atomic(out / doc.relpath, rendered.pdf, PRIVATE_MODE)
            results.append((doc.relpath, digest, len(rendered.pdf), rendered.missing_glyphs, rendered.pages))
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
) -> RunReport:
    """Bring `out` up to date with `docs`.

    `scope(path)` says which files this run is responsible for: a file in the manifest that
    is in scope but not in `docs` is removed (a voided receipt); files out of scope (other
    years, other donors, statements when only letters are made) are left as they are.
    None means the run covers everything.
    """
    in_scope = scope or (lambda _path: True)
    out.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(out)
    report = RunReport()
    todo: list[tuple[Doc, str]] = []
    wanted: dict[str, str] = {}
    docs_seen: list[Doc] = []
    for doc in docs:
        docs_seen.append(doc)
        digest = content_hash(doc, centre, fingerprint, pdfa)
        path = doc.relpath
        if not _safe(path):
            raise ValueError(f"{path}: not a safe file name inside the output folder (receipt numbers and donor ids may hold only letters, digits, - and _)")
        if path in wanted:
            raise ValueError(f"two documents would be written to {path}; receipt numbers must be unique (run relief check)")
        wanted[path] = digest
        entry = manifest.get(path)
        target = out / path
        if entry and entry.get("hash") == digest and target.is_file() and target.stat().st_size == entry.get("size"):
            report.unchanged.append(path)
        else:
            todo.append((doc, digest))
    unchanged = set(report.unchanged)
    new_manifest = {p: e for p, e in manifest.items() if p in unchanged or (p not in wanted and not in_scope(p))}
    stale = sorted(p for p in manifest if p not in wanted and in_scope(p))
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

    def record(results) -> None:
        for relpath, digest, size, missing, pages in results:
            new_manifest[relpath] = {"hash": digest, "size": size}
            report.made.append(relpath)
            report.pages[relpath] = pages
            if missing:
                report.missing_glyphs[relpath] = missing

    bar = None
    if progress and todo:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), unit="pdf", desc="letters", file=sys.stderr, leave=False)
    try:
        if report.jobs == 1:
            _init_worker(templates_dir, pdfa, centre, str(out), fonts)
            for item in todo:
                record(_make([item]))
                if bar:
                    bar.update(1)
        else:
            size = max(1, min(16, len(todo) // (report.jobs * 4)))
            batches = [todo[i:i + size] for i in range(0, len(todo), size)]
            method = "fork" if "fork" in get_all_start_methods() else None
            with ProcessPoolExecutor(
                max_workers=report.jobs,
                mp_context=get_context(method),
                initializer=_init_pool_worker,
                initargs=(templates_dir, pdfa, centre, str(out), fonts),
            ) as pool:
                futures = [pool.submit(_make, batch) for batch in batches]
                for future in as_completed(futures):
                    results = future.result()
                    record(results)
                    if bar:
                        bar.update(len(results))
    finally:
        if bar:
            bar.close()
        # Whatever was made is recorded even when a later document failed.
        _write_manifest(out, new_manifest)
    for path in stale:
        target = out / path
        if target.is_file():
            target.unlink()
        report.removed.append(path)
    report.made.sort()
    return report
