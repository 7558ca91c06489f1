"""The annual report PDF laid out in parts that are kept between publishes.

Why: laying out the report is most of what a publish after one new gift costs, and nearly
all of it is the honour roll (hundreds of rows over dozens of pages). One gift changes the
overview and one row of the roll, so the report is made of parts that are laid out alone
and kept: the template (site_templates/report/annual.html) marks where each part begins
(`<!-- relief:part NAME -->`; every part begins on a new page) and cuts the roll into runs
of rows (`roll_cuts`, where the cuts depend only on the donors' names, so a new donor
changes one part, not every part after it).

How a report is put together (`assemble`):

1. Each part is a document of its own: the report's `<head>`, the part's HTML, the report's
   stylesheet with the running title and page numbers switched off. Its PDF, page count,
   anchors and bookmarks are kept in the parts folder under the SHA-256 of everything the
   part is made of (its HTML, the stylesheets, the fonts, the PDF libraries' versions, this
   code), so a part whose inputs did not change is read back instead of laid out again.
2. The contents page is laid out last, with the page numbers of the chapters written in.
3. The parts are joined with pypdf; one cheap overlay document, laid out every time, adds
   the running title and "第 N 页 / 共 M 页" to every page; the bookmarks (nested as the
   headings are), the contents' links and the metadata are written for the whole.

The result depends only on the HTML: a report made with an empty parts folder is the same
bytes as one made from kept parts (tests/publish/test_report_parts.py). PDF/A reports are
laid out whole instead (a joined file is not PDF/A); the same stylesheet breaks the pages
in the same places, so both look alike.
"""

from __future__ import annotations

import hashlib
import html as htmlmod
import importlib.metadata
import io
import json
import logging
import os
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ledger.files import atomic_write_bytes
from ledger.timings import count
from publish.pdf import PdfRenderer, Rendered, font_face_css, uses_notes

PART_MARK = re.compile(r"<!-- relief:part ([A-Za-z0-9_-]+) -->")
#: Inside a part, the running title and the page number are left to the overlay.
PART_CSS = "@page { @top-left { content: none; } @bottom-center { content: none; } }\n"
CONTENTS_PART = "toc"
#: CSS px (weasyprint's unit) to PDF points.
PX = 0.75
#: The roll is cut after a row whose name hashes to 0 modulo this, at least MIN_ROWS and at
#: most MAX_ROWS rows into a run: runs of about 180 rows (eight pages or so). Longer runs
#: lay out more rows again after a change; shorter ones repeat more glyphs (each part
#: embeds the glyphs it uses) and leave more part-filled pages.
CUT_EVERY = 120
MIN_ROWS = 60
MAX_ROWS = 300

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RollCut:
    """A run of one group's honour-roll rows laid out as one part (`continued`: not the
    group's first run, so its heading says 续 and is not a bookmark)."""

    group: Any
    entries: tuple
    continued: bool


def roll_cuts(groups: Iterable[Any]) -> list[RollCut]:
    """The roll's groups cut into runs of rows. A cut follows a row whose donor name hashes
    to 0 modulo CUT_EVERY (after at least MIN_ROWS rows, and always after MAX_ROWS), so the
    cuts move only around a row that is added or removed: one new donor changes one run."""
    cuts: list[RollCut] = []
    for group in groups:
        start = 0
        entries = tuple(group.entries)
        for i, entry in enumerate(entries):
            n = i + 1 - start
            digest = int.from_bytes(hashlib.blake2b(entry.name.encode("utf-8"), digest_size=4).digest(), "big")
            if (n >= MIN_ROWS and digest % CUT_EVERY == 0) or n >= MAX_ROWS:
                cuts.append(RollCut(group, entries[start:i + 1], start > 0))
                start = i + 1
        if start < len(entries) or not entries:
            cuts.append(RollCut(group, entries[start:], start > 0))
    return cuts


@dataclass(frozen=True)
class Part:
    """One part: its name and its HTML as a document of its own."""

    name: str
    html: str


def split_parts(html: str) -> list[Part]:
    """The report's HTML as parts (one part, "whole", when the template marks none)."""
    marks = list(PART_MARK.finditer(html))
    body = html.find("<body")
    body_end = html.find(">", body) + 1 if body >= 0 else -1
    if not marks or body < 0:
        return [Part("whole", html)]
    head = html[:body_end]
    tail = "\n</body>\n</html>\n"
    parts = []
    if html[body_end:marks[0].start()].strip():  # anything before the first mark: a part of its own
        parts.append(Part("start", head + html[body_end:marks[0].start()] + tail))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else html.rfind("</body>")
        if end < mark.end():
            end = len(html)
        parts.append(Part(mark.group(1), head + html[mark.end():end] + tail))
    names = [p.name for p in parts]
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise ValueError(f"the report template marks these parts more than once: {', '.join(dupes)}")
    return parts


@dataclass
class LaidOut:
    """A part's PDF and what joining needs of it: pages, anchors (name -> page, x, y in
    points from the top left), bookmarks (level, label, page, x, y), the contents' links
    (page, rectangle in points, target anchor) and the characters no font had."""

    pdf: bytes
    pages: int
    anchors: dict[str, list]
    bookmarks: list[list]
    links: list[list] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def meta(self) -> dict:
        """Everything but the PDF, for the parts folder."""
        return {"pages": self.pages, "anchors": self.anchors, "bookmarks": self.bookmarks, "links": self.links, "missing": self.missing}


def code_version() -> str:
    """The PDF libraries' versions and this code: a change to either lays every part out again."""
    h = hashlib.sha256()
    for dist in ("weasyprint", "pydyf", "pypdf", "fonttools"):
        try:
            h.update(f"{dist}={importlib.metadata.version(dist)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{dist}=-\0".encode())
    for module in (Path(__file__), Path(__file__).with_name("pdf.py")):
        h.update(module.read_bytes() + b"\0")
    return h.hexdigest()


class PartsFolder:
    """Laid-out parts kept between publishes: KEY.pdf and KEY.json, KEY the SHA-256 of the
    part's inputs. Only what the last report used is kept (`prune`); an unreadable entry is
    laid out again, never trusted."""

    def __init__(self, folder: Path | None, *, quiet: bool = False) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.quiet = quiet  # say nothing when a part cannot be kept (said once already, or by another process)

    def holds_parts(self) -> bool:
        """Whether any laid-out part is kept (a report laid out before, whatever its parts)."""
        try:
            return self.folder is not None and any(name.endswith(".json") for name in os.listdir(self.folder))
        except OSError:
            return False

    def get(self, key: str) -> LaidOut | None:
        """The part kept under `key`, or None."""
        self.used.add(key)
        if self.folder is None:
            return None
        try:
            meta = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            pdf = (self.folder / f"{key}.pdf").read_bytes()
            if _part_digest(pdf, {k: v for k, v in meta.items() if k != "sha256"}) != meta["sha256"]:
                return None
            return LaidOut(pdf, int(meta["pages"]), meta["anchors"], meta["bookmarks"], meta.get("links", []), meta.get("missing", []))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, laid: LaidOut) -> bool:
        """Keep a part (best effort: a folder that cannot be written only costs speed); False when it could not be kept."""
        self.used.add(key)
        if self.folder is None:
            return False
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.folder / f"{key}.pdf", laid.pdf, 0o644, fsync=False)
            meta = laid.meta()
            meta["sha256"] = _part_digest(laid.pdf, meta)
            atomic_write_bytes(self.folder / f"{key}.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"), 0o644, fsync=False)
        except OSError as exc:
            if not self.quiet:  # once per report: the reason is the same for every part
                log.warning("%s: cannot keep the laid-out report parts (%s); the next publish lays them out again", self.folder, exc)
            self.quiet = True
            return False
        return True

    def prune(self) -> None:
        """Remove kept parts this report did not use (an earlier report's), and the temporary
        files of a publish killed while it wrote one (`.KEY.pdf.XXXX.tmp`) once an hour old."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if _KILLED_TMP.fullmatch(path.name):
                try:
                    if time.time() - path.stat().st_mtime > 3600:
                        path.unlink()
                except OSError:
                    pass
                continue
            if path.suffix in (".pdf", ".json", ".tmp") and path.stem not in self.used and re.fullmatch(r"[0-9a-f]{64}", path.stem):
                try:
                    path.unlink()
                except OSError:
                    pass


_KILLED_TMP = re.compile(r"\.[0-9a-f]{64}\.(pdf|json)\..+\.tmp")


def _part_digest(pdf: bytes, meta: dict) -> str:
    """The SHA-256 of a kept part's PDF and of what joining reads beside it (pages, anchors,
    bookmarks, links): a part whose PDF or description was damaged is laid out again, never
    joined with wrong page numbers."""
    described = json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(hashlib.sha256(pdf).digest() + described).hexdigest()


def report_renderer(stylesheet: str, html: str, fonts: dict[str, Path] | None = None) -> PdfRenderer:
    """A renderer for the report's parts. Why `notes`: weasyprint's user-agent stylesheet
    gives every element ::marker and five footnote/note pseudo-elements, whose styles are
    computed for every element of every part (about a tenth of the layout's CPU); a report
    whose HTML and stylesheet use no footnotes gets the stylesheet without them (list items
    keep their markers), and the same bytes (publish/pdf.py `_html_class`)."""
    return PdfRenderer((stylesheet,), fonts=fonts, notes=uses_notes(stylesheet, html))


def _lay_out(renderer: PdfRenderer, html: str, extra_css: str, *, links: bool = False) -> LaidOut:
    """Lay one part out and write its PDF, with what joining needs."""
    found: list[list] = []
    bookmarks: list[list] = []
    with renderer.laid_out(html, extra_css) as (document, missing):
        anchors: dict[str, list] = {}
        for i, page in enumerate(document.pages):  # an element split over pages: its first page
            for name, box in page.anchors.items():
                anchors.setdefault(name, [i, box[0] * PX, box[1] * PX])

        def walk(tree, level: int) -> None:
            for label, (page, x, y), children, _state in tree:
                bookmarks.append([level, label, page, x * PX, y * PX])
                walk(children, level + 1)

        walk(document.make_bookmark_tree(), 1)
        if links:
            for i, page in enumerate(document.pages):
                for kind, target, (x1, y1, x2, y2), box in page.links:
                    if kind == "internal" and getattr(box, "element_tag", None) == "a":
                        found.append([i, x1 * PX, y1 * PX, x2 * PX, y2 * PX, target])
        pdf = document.write_pdf()
        pages = len(document.pages)
    return LaidOut(pdf, pages, anchors, bookmarks, found, list(missing))


def _key(part: Part, stylesheet: str, extra_css: str, version: str) -> str:
    h = hashlib.sha256()
    for piece in (version, stylesheet, extra_css, part.html):
        h.update(piece.encode("utf-8") + b"\0")
    return h.hexdigest()


def _contents_css(anchors: dict[str, int]) -> str:
    """The contents' page numbers, written in (a part alone cannot count the others' pages)."""
    rules = []
    for name, page in sorted(anchors.items()):
        rules.append(f'.toc a[href="#{name}"]::after {{ content: leader(". ") "{page}"; }}')
    return "\n".join(rules) + "\n"


def _overlay_html(head: str, title: str, pages: int) -> str:
    """A document of `pages` empty pages whose margins carry the running title and the page
    numbers, from the report's own @page rules."""
    sheets = '<div style="break-before: page"></div>' * (pages - 1)
    hidden = "visibility: hidden; height: 0; margin: 0; string-set: report-title content(text)"
    return f'{head}<p style="{hidden}">{htmlmod.escape(title)}</p>{sheets}</body></html>'


def _running_title(html: str) -> str:
    """The text the template sets as the running title (the cover's title)."""
    m = re.search(r'<h1 class="cover-title"[^>]*>(.*?)</h1>', html, re.S)
    return htmlmod.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip() if m else ""


def lay_out_ahead(html: str, stylesheet: str, *, folder: Path, fonts: dict[str, Path] | None = None, leave: Sequence[str] = (),
                  renderer: PdfRenderer | None = None) -> int:
    """Lay out into `folder` every part of `html` not kept there yet, except the contents
    (which needs the other parts' page numbers) and the parts named in `leave`; returns how
    many were laid out.

    For a report whose final HTML is not known yet (publish/annual.py: the report before
    the verifiable record is ready): the parts that come out the same in the final HTML are
    then kept, and `assemble` reads them back instead of laying them out again. A part that
    will differ is best left (`leave`): laid out here it would be laid out again, and the
    final report's prune would drop it, so every publish would pay for it twice.
    `renderer`, if given, must have been made with `fonts` and `stylesheet` (it is then used
    for the final report too: publish/annual.py)."""
    version = code_version() + font_face_css(fonts)
    kept = PartsFolder(folder, quiet=True)  # a folder that cannot be written: the report's own worker says so
    laid = 0
    for part in split_parts(html):
        if part.name == CONTENTS_PART or part.name in leave:
            continue
        key = _key(part, stylesheet, PART_CSS, version)
        if (folder / f"{key}.json").is_file() and kept.get(key) is not None:
            continue
        renderer = renderer or report_renderer(stylesheet, html, fonts)
        if not kept.put(key, _lay_out(renderer, part.html, PART_CSS)):
            break  # not kept: the report's own worker would lay it out again anyway
        laid += 1
    return laid


def assemble(html: str, stylesheet: str, *, folder: Path | None = None, renderer: PdfRenderer | None = None,
             fonts: dict[str, Path] | None = None) -> Rendered:
    """The report PDF from its HTML, laying out only parts not kept in `folder`."""
    parts = split_parts(html)
    made: list[PdfRenderer] = [renderer] if renderer else []  # loading the fonts costs: only when a part must be laid out
    version = code_version() + font_face_css(fonts)
    kept = PartsFolder(folder)
    laid: dict[str, LaidOut] = {}
    counters = {"laid out": 0, "kept": 0}

    def get(part: Part, extra: str, *, links: bool = False, margins: bool = False) -> LaidOut:
        extra = extra if margins else PART_CSS + extra
        key = _key(part, stylesheet, extra, version)
        found = kept.get(key)
        if found is None:
            if not made:
                made.append(report_renderer(stylesheet, html, fonts))
            found = _lay_out(made[0], part.html, extra, links=links)
            kept.put(key, found)
            counters["laid out"] += 1
        else:
            counters["kept"] += 1
        return found

    for part in parts:
        if part.name != CONTENTS_PART:
            laid[part.name] = get(part, "")
    names = [p.name for p in parts]
    def starts(contents_pages: int) -> dict[str, int]:
        """Each part's first page, the contents taking `contents_pages`."""
        start, page = {}, 1
        for name in names:
            start[name] = page
            page += contents_pages if name == CONTENTS_PART else laid[name].pages
        return start

    contents_pages = 1
    for _attempt in range(3):  # the contents' own length moves every page after it
        if CONTENTS_PART not in names:
            break
        start = starts(contents_pages)
        targets = {anchor: start[name] + where[0] for name in names if name in laid for anchor, where in laid[name].anchors.items()}
        laid[CONTENTS_PART] = get(next(p for p in parts if p.name == CONTENTS_PART), _contents_css(targets), links=True)
        if laid[CONTENTS_PART].pages == contents_pages:
            break
        contents_pages = laid[CONTENTS_PART].pages
    start = starts(laid[CONTENTS_PART].pages if CONTENTS_PART in laid else 0)
    count("report parts: laid out", counters["laid out"])
    count("report parts: kept from the last publish", counters["kept"])
    total = sum(laid[name].pages for name in names)
    head = html[:html.find(">", html.find("<body")) + 1]
    overlay = get(Part("overlay", _overlay_html(head, _running_title(html), total)), "", margins=True)
    pdf = _join([(name, laid[name]) for name in names], start, overlay.pdf)
    kept.prune()
    missing = tuple(dict.fromkeys(c for name in names for c in laid[name].missing))
    return Rendered(pdf, missing, total)


def _join(parts: Sequence[tuple[str, LaidOut]], start: dict[str, int], overlay_pdf: bytes) -> bytes:
    """One PDF from the parts: pages, running title and numbers, bookmarks, links, metadata."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link
    from pypdf.generic import Fit, NameObject, TextStringObject

    writer = PdfWriter()
    first = None
    for _name, laid in parts:
        reader = PdfReader(io.BytesIO(laid.pdf))
        first = first or reader
        writer.append(reader, import_outline=False)
    total = len(writer.pages)
    marks = PdfReader(io.BytesIO(overlay_pdf))
    for page, mark in zip(writer.pages, marks.pages, strict=True):
        page.merge_page(mark)
        page.compress_content_streams()
    height = float(writer.pages[0].mediabox.height) if total else 0.0
    parents: list[Any] = []
    for name, laid in parts:
        for level, label, page, x, y in laid.bookmarks:
            del parents[level - 1:]
            parent = parents[-1] if parents else None
            item = writer.add_outline_item(title=label, page_number=start[name] - 1 + page, parent=parent, fit=Fit.xyz(left=x, top=height - y))
            parents.append(item)
        for page, x1, y1, x2, y2, target in laid.links:
            where = next(((start[n] - 1 + w[0], w[1], w[2]) for n, lo in parts for a, w in lo.anchors.items() if a == target), None)
            if where is None:
                continue
            rect = (x1, height - y2, x2, height - y1)
            link = Link(rect=rect, target_page_index=where[0], fit=Fit.xyz(left=where[1], top=height - where[2]))
            writer.add_annotation(start[name] - 1 + page, link)
    if first is not None:
        if first.metadata:
            writer.add_metadata({k: v for k, v in first.metadata.items()})
        lang = first.trailer["/Root"].get("/Lang")
        if lang is not None:
            writer._root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
