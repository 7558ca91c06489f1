"""The annual public report as a PDF: A4, page numbers, a table of contents.

Made from the public model only (publish/model.py) and rendered with the site's template
environment (publish/environment.make_environment: the same filters, macros and user-template
lookup), so every number in it is a number the site shows, with the same suppression of
small counts and the same anonymity. Template: site_templates/report/annual.html.

`relief publish` puts one report per year on the site (reports/annual-YEAR.pdf, offered on
the reports page) through the site's generator hook; `relief report` writes one on its own.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path

from ledger.errors import ReliefError
from ledger.said import said
from ledger.timings import count, record
from publish.labels import Label
from publish.model import HonourRoll, PublicModel, Report
from publish.pdf import PdfBytes, PdfRenderer, Rendered, run_font_files, uses_notes
from publish.report_parts import PartsFolder, assemble, lay_out_ahead, report_renderer, roll_cuts, split_parts

TEMPLATE = "report/annual.html"
STYLESHEET = "report/annual.css"


class ReportError(ReliefError):
    """No report can be made for that year (message says why)."""


@dataclass(frozen=True)
class AnnualPage:
    """What the template's `page` holds (the site's pages have one too)."""

    path: str
    title: Label


def years(model: PublicModel) -> list[int]:
    """The years the model has an annual statement for, oldest first."""
    return sorted(int(r.period.key) for r in model.reports if r.period.kind == "year")


def _year_report(model: PublicModel, year: int) -> Report:
    for r in model.reports:
        if r.period.kind == "year" and r.period.key == f"{year:04d}":
            return r
    have = ", ".join(map(str, years(model)))
    raise ReportError(said(f"账簿中没有 {year} 年的分录；有分录的年份：{have or '无'}",
                           f"the books have no entries in {year}; years with entries: {have or 'none'}"))


def report_context(model: PublicModel, year: int) -> dict:
    """The template context: site, lang, page, report (the year's Report), and the year's
    funds, honour roll and aid table from the public model."""
    report = _year_report(model, year)
    roll: HonourRoll | None = next((r for r in model.rolls if r.period.key == report.period.key), None)
    aid_year = next((a for a in model.aid if a.period.key == report.period.key), None)
    funds = {f.ref.id: f for f in model.funds}
    title = Label(f"{model.site.name.zh}{year}年度帮扶资金公开报告", f"{model.site.name.en}: public report {year}")
    as_of = min(report.period.last_day, model.site.as_of) if model.site.as_of else report.period.last_day
    cuts = roll_cuts(roll.groups) if roll else []
    return {
        "site": model.site,
        "lang": "zh",
        "page": AnnualPage(f"reports/annual-{year}.pdf", title),
        "year": year,
        "report": report,
        "movements": report.funds,
        "funds": funds,
        "roll": roll,
        "aid_year": aid_year,
        "as_of": as_of,
        "created": as_of,
        "about": model.about,
        "narrative": model.about.narrative(year) if model.about else None,
        "roll_parts": cuts,
        # the anonymous gifts and the roll's count and total on a page of their own only when a
        # group is long enough to be cut into runs: they change with every gift, and laying
        # out a run of hundreds of rows again costs more than the page; a short roll keeps
        # them after its last group
        "roll_end_alone": any(c.continued for c in cuts),
        # what this year's entries in other currencies are (the site's footer gives all years')
        "left_out": tuple(lo for lo in model.site.left_out_years if lo.year == year),
        # corrections booked in a later year of an entry of this one: the year's figures stand,
        # and the report says so, as the site's report page does (docs/closing.md)
        "later_corrections": next((r.later for r in model.reports if r.period.kind == "year" and r.period.start.year == year), ()),
    }


def report_html(model: PublicModel, year: int, *, templates: str | Path | None = None, verification=None) -> str:
    """The year's report as the HTML the PDF is made from; with `verification`
    (publish/verification.py) it prints each closed period's roots and the checkpoint."""
    from publish.environment import make_environment

    env = make_environment(templates)
    env.globals["verification"] = verification
    return env.get_template(TEMPLATE).render(report_context(model, year))


def render_annual_report(model: PublicModel, year: int, *, templates: str | Path | None = None, pdfa: bool = False,
                         renderer: PdfRenderer | None = None, parts: Path | None = None) -> Rendered:
    """The year's report as PDF bytes (byte-identical for the same model).

    Laid out in parts (publish/report_parts.py), kept in the folder `parts` when one is
    given; a PDF/A report is laid out whole (joined parts would not be PDF/A)."""
    html = report_html(model, year, templates=templates)
    if pdfa:
        return (renderer or annual_renderer(templates, pdfa=True)).render(html)
    return make_report_pdf(html, _stylesheet(templates), parts=parts, templates=templates)


#: Characters the stylesheet and the PDF renderer add to the text (list markers, leaders).
GENERATED_CHARACTERS = "•◦▪·.…:0123456789"


def report_characters(html: str, css: str) -> set[str]:
    """Every character the report can show: its text, the stylesheet's (page numbers,
    running title) and what CSS generates. A character left out is not lost: the
    stylesheet falls back to the system face by name (a bigger PDF only)."""
    import html as htmlmod
    import re

    text = htmlmod.unescape(re.sub(r"<[^>]+>", " ", html))
    return {c for c in text + css + GENERATED_CHARACTERS if c.isprintable()}


#: The template of the report's verifiable record (a publish knows it only after the report's
#: other parts can be laid out: ReportGenerator.start_early).
VERIFICATION_TEMPLATE = "_annual_verification.html"
SIGNATURE_DASH = "\u2014"


def verification_characters(templates: str | Path | None = None) -> set[str]:
    """Every character of the verifiable record's template (its source, as the templates
    folder gives it). The report's fonts are cut to its characters *and these*, so that a
    report laid out before the record was known (ReportGenerator.start_early) has the same
    fonts, hence the same kept parts, as the final one; the record's other text (fund names,
    digits, hex digests, periods) is text the report already has or ASCII, which every
    font cut keeps (publish/pdf.run_font_files)."""
    from publish.environment import make_environment

    env = make_environment(templates)
    try:
        source = env.loader.get_source(env, VERIFICATION_TEMPLATE)[0] if env.loader else ""
    except Exception:  # noqa: BLE001 (a templates folder without it: the report has no record, nothing to add)
        source = ""
    # the signed checkpoint's signature lines begin with an em dash (ledger/transparency/tlog.py)
    return {c for c in source if c.isprintable()} | {SIGNATURE_DASH}


def report_fonts(html: str, css: str, templates: str | Path | None = None) -> dict[str, Path]:
    """The font files a report is laid out with: cut to its characters and the verifiable
    record's (`verification_characters`)."""
    return run_font_files(report_characters(html, css) | verification_characters(templates))


def make_report_pdf(html: str, css: str, *, parts: Path | None = None, templates: str | Path | None = None,
                    renderers: dict | None = None) -> Rendered:
    """The report PDF from its HTML and stylesheet, with fonts cut to its characters (one
    small subset per part instead of slots for every glyph of the system face).

    `renderers` (fonts -> PdfRenderer, filled here) keeps the renderers a process made, so
    that another report of the same fonts does not load them again."""
    fonts = report_fonts(html, css, templates)
    renderer = None
    if renderers is not None:
        key = _renderer_key(fonts, css, html)
        renderer = renderers.get(key) or renderers.setdefault(key, report_renderer(css, html, fonts))
    return assemble(html, css, folder=parts, fonts=fonts, renderer=renderer)


def _fonts_key(fonts: dict[str, Path]) -> tuple:
    return tuple(sorted((family, str(path)) for family, path in fonts.items()))


def _renderer_key(fonts: dict[str, Path], css: str, html: str) -> tuple:
    """Which kept renderer a report can use: the same fonts, and footnotes or not (report_renderer)."""
    return (_fonts_key(fonts), uses_notes(css, html))


def _stylesheet(templates: str | Path | None) -> str:
    from publish.environment import make_environment

    return make_environment(templates).get_template(STYLESHEET).render()


def pdf_inputs(html: str, css: str, pdfa: bool = False, characters: str = "") -> str:
    """A digest of everything a report PDF is made of: its HTML and stylesheet, the PDF
    settings, the versions of the PDF libraries and the code that drives them. Same digest,
    same bytes (the renderer is deterministic), so an unchanged report need not be made again.
    (Installed fonts are not in it: after changing the system's fonts, delete the publish cache.)"""
    h = hashlib.sha256()
    for dist in ("weasyprint", "pydyf", "fonttools"):
        try:
            h.update(f"{dist}={importlib.metadata.version(dist)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{dist}=-\0".encode())
    for module in (Path(__file__), Path(__file__).with_name("pdf.py"), Path(__file__).with_name("report_parts.py")):
        h.update(module.read_bytes() + b"\0")
    h.update(f"pdfa={pdfa}\0".encode() + characters.encode("utf-8") + b"\0" + css.encode("utf-8") + b"\0" + html.encode("utf-8"))
    return h.hexdigest()


def annual_renderer(templates: str | Path | None = None, *, pdfa: bool = False) -> PdfRenderer:
    """A PDF renderer with the report's stylesheet (fonts loaded once, reused for every year)."""

    return PdfRenderer((_stylesheet(templates),), pdfa=pdfa)


def parts_folder(out: str | os.PathLike[str]) -> Path:
    """Where a publish into `out` keeps the laid-out parts of its reports (beside the site,
    like its page cache: `.NAME.report-parts`)."""
    out = Path(out).absolute()
    return out.parent / f".{out.name}.report-parts"


class ReportGenerator:
    """The generator `relief publish` passes to the site (publish/site.py's hook): it writes
    reports/annual-YEAR.pdf for every year and offers each on the reports page.

    Making a PDF takes seconds; a year whose report HTML, stylesheet and PDF code are
    unchanged since the previous publish keeps the previous site's file (same bytes, same
    inode) instead of being made again (Build.write_cached); one that must be made is made
    in a worker process while the pages are rendered, when there are cores to spare.

    `start_early` (called by publish_books as soon as the public model is built) starts that
    work sooner: the report shows the verifiable record, which is made after the model
    (publish/verification.py), but every other part of it is known at once. A worker lays
    those parts out into the parts folder while this process makes the record; the worker
    that makes the PDF later waits for it and finds them kept (publish/report_parts.py), so
    it lays out only the contents and the last part, where the report's template includes
    the record (left to it: laid out ahead without the record, that part would be laid out
    twice in every publish whose report changed, and in one that did not). That worker is
    the head start's own: when the site's generators run, this process hands it the final
    HTML of the years it laid out (`_hand_over`), and it makes their PDFs with the
    weasyprint it has imported and the fonts it has loaded (a second worker did all that
    again: 0.7 s of CPU, and the first layout's warming up). Only a year whose
    parts folder keeps no part has a head start (a first publish): after one new gift a few
    parts are laid out again, which the fork and its copied memory pages would cost more
    than they save (the publish after one new donation has a CPU target). On the 100,000-
    transaction demo books that moves most of the PDF's 3-4 s of CPU to the time the record
    is made, when the second core has nothing else to do (docs/demo.md). The result is the
    same bytes either way: the early work only fills the parts folder, and a part whose
    HTML differs in the end is laid out again."""

    def __init__(self, templates: str | Path | None = None):
        self.templates = templates
        self._early = None  # the Forked laying parts out ahead
        self._early_done: int | None = None  # the reading end of a pipe the early worker holds open until it ends
        self._early_years: list[int] = []  # the years the early worker laid out, whose PDFs it can make
        self._final = None  # the Connection the early worker is told on which years' PDFs to make, and from what HTML
        self._sender = None  # the thread that tells it (the HTML may be more than a pipe holds)
        self._adopted = None  # the early worker, once the site's background files count it (_Handover)

    def start_early(self, model: PublicModel, out: str | os.PathLike[str], jobs: int) -> None:
        """Lay out ahead, in a worker, the parts of each year's report that do not wait for
        the verifiable record (only with several cores and fork; nothing is written to the site)."""
        from publish import parallel

        if self._early is not None or model.overview is None or jobs <= 1 or not parallel.fork_available():
            return
        try:
            css = _stylesheet(self.templates)
            folder = parts_folder(out)
            # only a year with no kept parts (a first publish, or its parts folder gone): with
            # parts kept, a change lays out a few of them again, fewer than a fork pays for
            ahead = [(report_html(model, year, templates=self.templates), folder / str(year)) for year in years(model)
                     if not PartsFolder(folder / str(year)).holds_parts()]
            extra = verification_characters(self.templates)
        except Exception:  # noqa: BLE001 (a template of the user's that needs the record: no head start; the report itself says what fails)
            return
        if not ahead:
            return
        read_end, write_end = os.pipe()
        final_recv, final_send = multiprocessing.get_context("fork").Pipe(duplex=False)
        templates = self.templates

        def lay_out() -> tuple[int, tuple[float, float], list[PdfBytes]]:
            import gc
            import time

            gc.freeze()  # this worker's own garbage only: the books and model are never walked
            final_send.close()  # this process's copy: the main process closing its own is the end of the orders
            wall, cpu = time.perf_counter(), time.process_time()
            laid = 0
            renderers: dict = {}
            for html, where in ahead:
                try:
                    fonts = run_font_files(report_characters(html, css) | extra)
                    key = _renderer_key(fonts, css, html)
                    renderer = renderers.get(key) or renderers.setdefault(key, report_renderer(css, html, fonts))
                    laid += lay_out_ahead(html, css, folder=where, fonts=fonts, leave=(split_parts(html)[-1].name,), renderer=renderer)
                except Exception:  # noqa: BLE001 (only a head start: the PDF is made all the same and reports it)
                    break
            spent = (time.perf_counter() - wall, time.process_time() - cpu)
            try:
                orders = final_recv.recv()  # [(html, parts folder)]: the PDFs to make, in order
            except EOFError:  # none (taken from the previous site, or the publish stopped)
                return laid, spent, []
            # the pipe's writing end (`_early_done`) closes when this worker ends
            return laid, spent, [PdfBytes.of(make_report_pdf(html, css, parts=where, templates=templates, renderers=renderers))
                                 for html, where in orders]

        try:
            self._early = parallel.Forked(lay_out)
        finally:
            os.close(write_end)  # only the early worker holds it now
            final_recv.close()
        self._early_done = read_end
        self._early_years = [int(where.name) for _html, where in ahead]
        self._final = final_send

    def _wait_early(self) -> None:
        """In the worker that makes a PDF: wait until the early worker has ended (its end of
        the pipe closes), so that its parts are all kept before they are looked for."""
        if self._early_done is not None:
            while os.read(self._early_done, 1):
                pass

    def _hand_over(self, build, files: list[tuple[int, str, str, str]]) -> set[int]:
        """Have the early worker make the PDFs of the years it laid out (`files`: year, path,
        inputs, final HTML): the site's background files count it from now on. Returns the
        years it takes (a year the previous site holds unchanged is taken from there)."""
        parts = parts_folder(build.writer.out)
        mine = [f for f in files if f[0] in self._early_years]
        handover = _Handover(self._early)
        make = build.adopt_in_background([(path, inputs) for _year, path, inputs, _html in mine], handover) if mine else []
        orders = [(html, parts / str(year)) for year, path, _inputs, html in mine if path in make]
        if make:
            self._adopted = handover
        self._tell(orders)
        return {year for year, *_rest in mine}

    def _tell(self, orders: list) -> None:
        """Send the early worker its orders from a thread (the HTML may be more than a pipe
        holds, and the worker reads only when it has laid its parts out), then close the pipe."""
        import threading

        final, self._final = self._final, None
        if final is None:
            return
        if not orders:  # closed at once, before any other worker is forked with a copy of it
            final.close()
            return

        def send() -> None:
            try:
                final.send(orders)
            except OSError:  # the worker was stopped (a failed publish)
                pass
            finally:
                final.close()

        self._sender = threading.Thread(target=send, name="report orders", daemon=True)
        self._sender.start()

    def finish(self) -> None:
        """Take the early worker's end (after the site is made; it has ended by then, or
        ends now), and note its time for --timings."""
        early, self._early = self._early, None
        if early is None:
            return
        self._tell([])  # no orders sent (no generator run): the worker ends
        try:
            if self._adopted is not None:  # collected with the site's files
                laid, spent = self._adopted.laid, self._adopted.spent
            else:
                laid, spent, _made = early.result()
            record("report parts laid out ahead (worker)", *spent)
            count("report parts: laid out ahead", laid)
        except Exception:  # noqa: BLE001 (a head start only: what it did not do, the PDF's worker did)
            pass
        finally:
            if self._sender is not None:  # done: the worker has read its orders
                self._sender.join()
                self._sender = None
            self._close_pipe()

    def cancel(self) -> None:
        """Stop the early worker (a failed publish)."""
        early, self._early = self._early, None
        if early is not None:
            early.cancel()
        if self._sender is not None:  # ends now: the worker's end of the pipe is gone
            self._sender.join()
            self._sender = None
        if self._final is not None:
            self._final.close()
            self._final = None
        self._close_pipe()

    def _close_pipe(self) -> None:
        if self._early_done is not None:
            os.close(self._early_done)
            self._early_done = None

    def __call__(self, build) -> None:
        """Write (or keep) reports/annual-YEAR.pdf for every year and offer each on the reports page."""
        model = build.model
        if model.overview is None:
            return
        css = _stylesheet(self.templates)
        # Laid-out parts of the reports are kept beside the site, like the publish cache.
        parts = parts_folder(build.writer.out) if build.cache else None
        # the fonts are cut to these too (report_fonts): part of what the file is made of
        extra = "".join(sorted(verification_characters(self.templates)))
        finals = [(year, f"reports/annual-{year}.pdf",
                   report_html(model, year, templates=self.templates, verification=build.options.get("verification")))
                  for year in years(model)]
        taken: set[int] = set()
        if self._final is not None:
            if parts is not None and parts == parts_folder(build.writer.out) and build.background.available:
                taken = self._hand_over(build, [(year, path, pdf_inputs(html, css, characters=extra), html) for year, path, html in finals])
            else:
                self._tell([])
        for year, path, html in finals:
            build.add_download(path, Label(f"{year}年度公开报告（PDF）", f"Public report {year} (PDF)"))
            if year in taken:
                continue

            def make(html: str = html, year: int = year) -> bytes:
                self._wait_early()
                return PdfBytes.of(make_report_pdf(html, css, parts=parts / str(year) if parts else None, templates=self.templates))

            build.write_cached_in_background(path, pdf_inputs(html, css, characters=extra), make)


class _Handover:
    """The early worker as one of the site's background files (parallel.Background.adopt):
    its result is the PDFs it made; what it laid out ahead, and the time that took, are
    kept for ReportGenerator.finish's --timings line."""

    def __init__(self, early):
        self._early = early
        self._recv = early._recv  # what parallel.wait_any waits on
        self.seconds = (0.0, 0.0)
        self.laid = 0
        self.spent = (0.0, 0.0)

    def result(self) -> list:
        """The PDFs, in the order they were asked for (raises the worker's error)."""
        self.laid, self.spent, made = self._early.result()
        wall, cpu = self._early.seconds
        self.seconds = (max(0.0, wall - self.spent[0]), max(0.0, cpu - self.spent[1]))  # the PDFs' own time
        return made

    def cancel(self) -> None:
        """Stop the worker (a failed publish)."""
        self._early.cancel()


def site_generator(templates: str | Path | None = None) -> ReportGenerator:
    """The annual reports' generator for `relief publish` (ReportGenerator)."""
    return ReportGenerator(templates)
