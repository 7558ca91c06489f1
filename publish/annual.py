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
from dataclasses import dataclass
from pathlib import Path

from ledger.errors import ReliefError
from publish.labels import Label
from publish.model import HonourRoll, PublicModel, Report
from publish.pdf import PdfRenderer, Rendered, run_font_files
from publish.report_parts import assemble, roll_cuts

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
    have = ", ".join(map(str, years(model))) or "none"
    raise ReportError(f"the books have no entries in {year}; years with entries: {have}")


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
    return make_report_pdf(html, _stylesheet(templates), parts=parts)


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


def make_report_pdf(html: str, css: str, *, parts: Path | None = None) -> Rendered:
    """The report PDF from its HTML and stylesheet, with fonts cut to its characters (one
    small subset per part instead of slots for every glyph of the system face)."""
    fonts = run_font_files(report_characters(html, css))
    return assemble(html, css, folder=parts, fonts=fonts)


def _stylesheet(templates: str | Path | None) -> str:
    from publish.environment import make_environment

    return make_environment(templates).get_template(STYLESHEET).render()


def pdf_inputs(html: str, css: str, pdfa: bool = False) -> str:
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
    h.update(f"pdfa={pdfa}\0".encode() + css.encode("utf-8") + b"\0" + html.encode("utf-8"))
    return h.hexdigest()


def annual_renderer(templates: str | Path | None = None, *, pdfa: bool = False) -> PdfRenderer:
    """A PDF renderer with the report's stylesheet (fonts loaded once, reused for every year)."""

    return PdfRenderer((_stylesheet(templates),), pdfa=pdfa)


def site_generator(templates: str | Path | None = None):
    """The generator `relief publish` passes to the site (publish/site.py's hook): it writes
    reports/annual-YEAR.pdf for every year and offers each on the reports page.

    Making a PDF takes seconds; a year whose report HTML, stylesheet and PDF code are
    unchanged since the previous publish keeps the previous site's file (same bytes, same
    inode) instead of being made again (Build.write_cached); one that must be made is made
    in a worker process while the pages are rendered, when there are cores to spare."""

    def annual_reports(build) -> None:
        model = build.model
        if model.overview is None:
            return
        css = _stylesheet(templates)
        # Laid-out parts of the reports are kept beside the site, like the publish cache.
        parts = build.cache.path.with_name(build.cache.path.name.replace(".publish-cache", ".report-parts")) if build.cache else None
        for year in years(model):
            html = report_html(model, year, templates=templates, verification=build.options.get("verification"))
            path = f"reports/annual-{year}.pdf"

            def make(html: str = html, year: int = year) -> bytes:
                return make_report_pdf(html, css, parts=parts / str(year) if parts else None).pdf

            build.write_cached_in_background(path, pdf_inputs(html, css), make)
            build.add_download(path, Label(f"{year}年度公开报告（PDF）", f"Public report {year} (PDF)"))

    return annual_reports
