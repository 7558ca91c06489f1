"""Generate the static site from the public model: the orchestration.

The pipeline (like Pelican's, with context, output and cache apart): books → public model
(publish/model_builder.py, publish/model.py) → the list of pages and their contexts
(publish/pages.py) → rendered with the Jinja environment (publish/environment.py) →
SiteWriter (publish/writer.py), which swaps the new site in. Pages and slow files whose
inputs did not change are taken from the previous site (publish/page_cache.py); many
acknowledgement pages, and the report PDFs, are made in worker processes
(publish/parallel.py).

Every page exists in Chinese at PATH and in English at en/PATH, rendered from the same
template with `lang` set; acknowledgement pages are one page with both languages. Links are
relative, so the site works from a web server's sub-folder or straight from the disk.

Extra generators (the hook the annual-report PDF uses): a callable `gen(build)` passed to
`publish_site(..., extra_generators=[...])` runs before
the pages are rendered. It may write files with `build.write(path, bytes)` and offer them
on the reports page with `build.add_download(path, Label(zh, en))`. It sees only
`build.model` (the public model) and `build.options`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from ledger.timings import count, phase
from publish import opendata, pages, parallel
from publish.ack_page import AckPages
from publish.environment import make_environment, shipped_templates
from publish.model import Label, PublicModel
from publish.page_cache import AckInputs, PageCache, template_signature
from publish.pdf import blank_boxes_note
from publish.writer import SiteWriter, WriteStats

Generator = Callable[["Build"], None]


@dataclass
class Build:
    """What a generator gets: the public model, a way to write files and offer downloads."""

    model: PublicModel
    writer: SiteWriter
    options: dict[str, Any] = field(default_factory=dict)
    downloads: list[tuple[str, Label]] = field(default_factory=list)
    cache: PageCache | None = None
    jobs: int = 1
    #: files made in worker processes while the pages are rendered
    background: parallel.Background = field(init=False)
    #: what the files made say of themselves, for the publish's notes (a PDF drawing blank boxes)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.background = parallel.Background(self.jobs, self._made)

    def write(self, path: str, content: bytes | str) -> str:
        """Write one file of the site; returns its SHA-256."""
        return self.writer.write(path, content)

    def write_cached_in_background(self, path: str, inputs: str, make: Callable[[], bytes | str]) -> None:
        """Like write_cached, but when the file must be made and there are several cores,
        `make()` runs in a worker process while the pages are rendered; the file is
        written before the site is swapped in. `make` runs in a fork of this process, so it
        must only compute and return the bytes.

        At most jobs - 1 such files are made at once while pages are still to come (one core
        stays for the pages); the others wait for a free core."""
        if not self.background.available:
            self.write_cached(path, inputs, make)
            return
        key, reused = self._from_cache(path, inputs)
        if reused is None:
            self.background.submit(path, key, make)

    def adopt_in_background(self, files: list[tuple[str, str]], job: parallel.Forked) -> list[str]:
        """Have `job`, a worker already running, make `files` (path, inputs as for
        write_cached): those the previous site holds unchanged are taken from it now, the
        others are written when the worker is done. Returns the paths the worker must make,
        in the order its result must give their contents (publish/annual.py's head start)."""
        make = []
        for path, inputs in files:
            key, reused = self._from_cache(path, inputs)
            if reused is None:
                make.append((path, key))
        if make:
            self.background.adopt(make, job)
        return [path for path, _key in make]

    def _made(self, path: str, key: str | None, content: bytes | str) -> None:
        """Write a file a worker made, and remember it for the next publish."""
        self._note(path, content)
        sha = self.write(path, content)
        if key is not None:
            self.cache.record(key, sha, self.writer.stamp(path))

    def write_cached(self, path: str, inputs: str, make: Callable[[], bytes | str]) -> str:
        """Write `path` with the bytes `make()` returns, or, when `inputs` (a digest of
        everything the file is made of) is the one recorded by the previous publish, take
        the previous site's file unchanged without calling `make` (for files that are slow
        to make, like the annual-report PDFs). Returns the file's SHA-256."""
        key, reused = self._from_cache(path, inputs)
        if reused is not None:
            return reused
        content = make()
        self._note(path, content)
        sha = self.write(path, content)
        if key is not None:
            self.cache.record(key, sha, self.writer.stamp(path))
        return sha

    def _note(self, path: str, content: bytes | str) -> None:
        note = blank_boxes_note(path, content)
        if note is not None:
            self.notes.append(note)

    def _from_cache(self, path: str, inputs: str) -> tuple[str | None, str | None]:
        """(cache key, SHA-256 of the previous site's file if it was taken unchanged)."""
        if self.cache is None:
            return None, None
        key = self.cache.key(path, inputs)
        reused = self.cache.reuse(self.writer, path, key)
        count("slow files (PDF): " + ("taken from the previous site" if reused else "made"))
        return key, reused

    def add_download(self, path: str, label: Label) -> None:
        """Offer `path` (a file this build wrote) on the reports page."""
        self.downloads.append((path, label))


def render_pages(env: jinja2.Environment, model: PublicModel, build: Build, cache: PageCache | None = None) -> None:
    """Render every page of the site into the build, taking acknowledgement pages whose
    inputs did not change from the previous site."""
    templates: dict[str, jinja2.Template] = {}
    ack_inputs = AckInputs(env, model)
    singles: list[tuple[pages.PageSpec, jinja2.Template, str | None]] = []  # pages holding both languages, left to render
    taken = 0
    for spec in pages.site_pages(model, build.downloads, ack_inputs.verification):
        template = templates.get(spec.template) or templates.setdefault(spec.template, env.get_template(spec.template))
        if spec.bilingual_single:
            key = None
            if cache is not None and "donation" in spec.context:
                key = cache.key(spec.path, ack_inputs.digest(spec))
                if cache.reuse(build.writer, spec.path, key) is not None:
                    taken += 1
                    continue
            singles.append((spec, template, key))
            continue
        for path, context in pages.contexts(spec, model):
            build.write(path, template.render(context))
    if taken:
        count("ack pages: taken from the previous site", taken)
    count("ack pages: rendered", sum(1 for s in singles if "donation" in s[0].context))
    with phase("acknowledgement pages"):
        verification = ack_inputs.verification
        if verification is not None and parallel.page_workers(len(singles), build.jobs) > 1:
            with phase("proofs' trees, before the workers"):
                verification.build_trees(s[0].context["donation"].receipt for s in singles if "donation" in s[0].context)
        _render_singles(singles, model, build, cache, AckPages.for_site(env, model))


def _render_singles(singles: list[tuple[pages.PageSpec, jinja2.Template, str | None]], model: PublicModel, build: Build, cache: PageCache | None,
                    fast: AckPages | None = None) -> None:
    """Render the acknowledgement pages (both languages on one page), shared out among
    worker processes when there are many and several cores (parallel.share_out).

    `fast` renders ack.html's pages without Jinja's per-page work when the shipped templates
    make them (publish/ack_page.py); None renders every page through Jinja."""
    writer = build.writer

    def render(part) -> list[tuple[str, str, bool, tuple[int, int, int], str | None]]:
        done = []
        for spec, template, key in part:
            html = fast.render(spec) if fast is not None and spec.template == "ack.html" else None
            made = [(spec.path, html)] if html is not None else ((path, template.render(context)) for path, context in pages.contexts(spec, model))
            for path, text in made:
                before = len(writer.stats.written)
                sha = writer.write(path, text)
                done.append((path, sha, len(writer.stats.written) > before, writer.stamp(path), key))
        return done

    def remember(done) -> None:
        for _path, sha, _written, stamp, key in done:
            if key is not None and cache is not None:
                cache.record(key, sha, stamp)

    def from_worker(done) -> None:
        for path, sha, written, stamp, _key in done:
            writer.record(path, sha, written, stamp)
        remember(done)

    jobs = parallel.page_workers(len(singles), build.jobs)
    if jobs <= 1:
        remember(render(singles))
        return
    for spec, _template, _key in singles:  # folders exist before the workers write into them
        writer.claim_folder(spec.path)
    parallel.share_out(singles, render, from_worker, jobs=jobs, background=build.background, name="pages")


def _assets(build: Build, templates: str | Path | None = None) -> None:
    """The files under assets/ of the shipped templates and of the user's `--templates`
    folder, copied as they are; the user's win over shipped ones of the same name.

    Why: `--templates` promises that a file there overrides the shipped one of the same name,
    and the shipped stylesheet is assets/site.css; only the shipped assets/ were copied, so a
    centre's logo (mytpl/assets/logo.svg, linked with asset()) was a broken link on every page
    and its own site.css was silently ignored."""
    files: dict[str, Path] = {}
    for root in [shipped_templates() / "assets", *([Path(templates) / "assets"] if templates is not None else [])]:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files["assets/" + path.relative_to(root).as_posix()] = path
    for name, path in sorted(files.items()):
        build.write(name, path.read_bytes())


def publish_site(
    model: PublicModel,
    out: str | Path,
    *,
    templates: str | Path | None = None,
    extra_generators: Iterable[Generator] = (),
    options: dict[str, Any] | None = None,
    jobs: int | None = None,
    transparency: Any = None,
) -> WriteStats:
    """Render every page and data file into `out`, atomically; returns what was written.

    `transparency` (publish/verification.py) adds the log and the verifier under log/ and
    verify/, and is the templates' `verification` global (proofs on acknowledgement pages)."""
    env = make_environment(templates)
    env.globals["verification"] = transparency
    if transparency is not None:
        extra_generators = [*extra_generators, transparency.generator]
    cache = PageCache(Path(out).absolute(), template_signature(templates))
    with SiteWriter(out) as writer:
        build = Build(model, writer, {**(options or {}), "verification": transparency}, cache=cache, jobs=max(1, jobs or parallel.default_jobs()))
        try:
            with phase("generators (report PDF)"):
                for gen in extra_generators:
                    gen(build)
            _assets(build, templates)
            with phase("pages"):
                render_pages(env, model, build, cache)
            rows: dict[str, int] = {}
            with phase("open data"):
                for path, content in opendata.csv_files(model).items():
                    build.write(path, content)
                    rows[path] = opendata.csv_rows(content)
                build.write("data/model.json", opendata.model_json(model))
            with phase("wait for the report PDF"):
                build.background.finish()
        finally:
            build.background.cancel()
        writer.carry_hosting_files()  # CNAME, .htaccess, .well-known/…: the user's, listed as published
        files = dict(writer.files)
        sizes = {p: writer.stamp(p)[1] for p in files if not p.startswith("ack/") or p == "ack/index.html"}
        manifest = opendata.manifest_json(files, sizes=sizes, rows=rows, licence=opendata.licence_json(model))
        writer.write("data/manifest.json", manifest)
        with phase("swap the site in"):
            stats = writer.commit()
        stats.notes += build.notes
    cache.save()
    return stats
