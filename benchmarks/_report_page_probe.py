"""Probe for an incremental annual-report PDF: can one page of the honour roll be laid out
alone, identical to the same page of the whole report? (Not run by run.py: a probe, not a benchmark.)

    .venv/bin/python benchmarks/_report_page_probe.py BOOKS [PAGE ...]

Why: on the 100,000-transaction demo books the report has 41 pages, 33 of them the honour
roll (764 rows), and the roll is most of the report's layout time; one new donation changes
one row of it (and the overview), so caching the report per section, or per part between
forced page breaks, saves next to nothing after one donation. What would save it is laying
out again only the pages whose rows changed. This script checks the way to do that:

1. the whole report is laid out once, every roll row given an id (ids do not change the
   page), and each page's first and last row read from weasyprint's page anchors;
2. for each PAGE (default: three roll pages), a small document is laid out: the cover (so
   the running title is set as in the report), then the row's group table with the row
   before the page (`break-after: page` on it, so the page that follows is a table continued
   after a break, as in the report) up to the row after the page, with `counter(pages)`
   fixed to the report's page count and the page counter set at the page;
3. the page's rows must be the same rows (the break falls where it fell), and the two pages
   are drawn at 50 dpi with pdftoppm and compared pixel by pixel.

Measured on the 100k demo books (load average 24-29 on the shared 2-core machine): the
whole report laid out in 10.6-12.8 s of CPU; one roll page alone in 0.24-0.51 s; pages 8,
20, 23 and 33 the same rows and pixel-identical; page 22 (its group's table ends there and
the next heading follows) and 38 (the roll's last page) not: this probe lays out only the
one table, and those pages need the blocks after it as well. Without the row before the
page the rules under the rows sat 0.25 pt lower (the collapsed border of a table's first
row differs from a continued table's).
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROW = re.compile(r'<tr><th scope="row">')
ROLL_TABLE = re.compile(r'<table class="amounts roll">\s*(<thead>.*?</thead>)\s*<tbody>(.*?)</tbody>\s*</table>', re.S)


def cpu() -> float:
    """CPU seconds of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def number_rows(html: str) -> str:
    """The report with every honour-roll row given the id uN (N from 1, in order)."""
    start = html.index('<section class="chapter" id="roll">')
    end = html.index("</section>", start)
    count = iter(range(1, 1_000_000))
    roll = ROW.sub(lambda _m: f'<tr id="u{next(count)}"><th scope="row">', html[start:end])
    return html[:start] + roll + html[end:]


def rows_on(page) -> tuple[int, int] | None:
    """The first and last roll row on a laid-out page (weasyprint Page), or None."""
    rows = sorted(int(a[1:]) for a in page.anchors if re.fullmatch(r"u\d+", a))
    return (rows[0], rows[-1]) if rows else None


def page_alone(html: str, page: int, first: int, last: int) -> str:
    """The small document that lays out report page `page` (rows first..last) on its third page."""
    head = html.split("<body>")[0]
    cover = re.search(r'<section class="cover">.*?</section>', html, re.S).group(0)
    for table in ROLL_TABLE.finditer(html):
        rows = re.findall(r'<tr id="u(\d+)"(.*?</tr>)', table.group(2), re.S)
        if any(int(n) == first for n, _ in rows):
            break
    else:
        raise SystemExit(f"page {page}: row {first} is in no roll table")
    taken = [(int(n), rest) for n, rest in rows if first - 1 <= int(n) <= last + 1]
    cut = ' style="break-after: page"'
    body = "".join(f'<tr id="u{n}"{cut if n == first - 1 else ""}{rest}' for n, rest in taken)
    return (f'{head}<body>{cover}<section class="chapter" style="margin-top:0; break-before: page">'
            f'<table class="amounts roll" style="margin-top:0">{table.group(1)}<tbody>{body}</tbody></table></section></body></html>')


def main() -> int:
    """Lay out the report whole, then the asked pages alone; print rows, CPU and whether the pixels agree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("books")
    parser.add_argument("pages", nargs="*", type=int)
    parser.add_argument("--year", type=int, default=2026)
    args = parser.parse_args()
    from weasyprint import HTML

    from ledger.books import load_books
    from publish import annual
    from publish.model import build_public_model
    from publish.pdf import PdfRenderer

    model = build_public_model(load_books(args.books), b"probe-secret-0123456789abcdef0123")
    html = number_rows(annual.report_html(model, args.year))
    css = annual._stylesheet(None)
    renderer = PdfRenderer((css,))
    t = cpu()
    whole = HTML(string=html).render(stylesheets=renderer._css, font_config=renderer.font_config)
    print(f"whole report: {len(whole.pages)} pages laid out in {cpu() - t:.2f} s CPU")
    spans = {i + 1: rows_on(p) for i, p in enumerate(whole.pages) if rows_on(p)}
    asked = args.pages or [p for p in spans if spans[p][0] > 1][:3]
    failed = 0
    with tempfile.TemporaryDirectory(prefix="report-probe-") as tmp:
        tmp = Path(tmp)
        (tmp / "whole.pdf").write_bytes(whole.write_pdf())
        for page in asked:
            first, last = spans[page]
            small_css = css.replace("counter(pages)", f'"{len(whole.pages)}"') + f"\n@page :nth(3) {{ counter-increment: page {page - 2}; }}\n"
            small = PdfRenderer((small_css,))
            t = cpu()
            doc = HTML(string=page_alone(html, page, first, last)).render(stylesheets=small._css, font_config=small.font_config)
            spent = cpu() - t
            same_rows = len(doc.pages) > 2 and rows_on(doc.pages[2]) == (first, last)
            (tmp / "alone.pdf").write_bytes(doc.copy(doc.pages[2:3]).write_pdf())
            subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", str(page), "-l", str(page), "-singlefile", str(tmp / "whole.pdf"), str(tmp / "a")], check=True)
            subprocess.run(["pdftoppm", "-r", "50", "-png", "-singlefile", str(tmp / "alone.pdf"), str(tmp / "b")], check=True)
            same_pixels = (tmp / "a.png").read_bytes() == (tmp / "b.png").read_bytes()
            failed += not (same_rows and same_pixels)
            print(f"page {page}: rows {first}-{last}, alone in {spent:.2f} s CPU; same rows: {same_rows}; pixel-identical at 50 dpi: {same_pixels}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
