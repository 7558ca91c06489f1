"""The report PDF's parts laid out ahead, beside the verifiable record (publish/annual.py,
ReportGenerator.start_early): the PDF is the very file made without the head start, made by
the head start's own worker, no part is laid out twice, and a head start that fails or a publish that fails leaves nothing behind."""

from __future__ import annotations

import datetime
import io
import os
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from ledger.books import load_books
from ledger.closes.close import close_period
from ledger.period import parse_period
from ledger.reconcile.report import build_report
from ledger.timings import collecting
from publish import annual, parallel, report_parts
from publish.model_builder import build_public_model
from publish.run import PublishError, publish_books

pytestmark = pytest.mark.skipif(not parallel.fork_available(), reason="the head start needs fork")

SECRET = "ahead-tests-site-secret-0123456789"


@pytest.fixture
def closed_books(tmp_path, monkeypatch):
    """Demo books with 2026-Q1 closed, so that the report shows a verifiable record."""
    from ledger.demo import write_demo

    monkeypatch.setenv("RELIEF_SITE_SECRET", SECRET)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    main, _year = write_demo(tmp_path / "books", seed=5, transactions=300)
    close_period(load_books(main), parse_period("2026-Q1"), check=build_report, today=datetime.date(2026, 6, 10))
    return main


@pytest.fixture
def layouts(tmp_path, monkeypatch):
    """Every part laid out, in whichever process: (pid, the part's HTML) per line of a file."""
    log = tmp_path / "layouts.log"
    real = report_parts._lay_out

    def noted(renderer, html, extra_css, **kw):
        with open(log, "a", encoding="utf-8") as fh:  # one small append per part: whole lines across processes
            fh.write(f"{os.getpid()}\t{hash((html, extra_css))}\n")
        return real(renderer, html, extra_css, **kw)

    monkeypatch.setattr(report_parts, "_lay_out", noted)

    def read() -> list[tuple[str, str]]:
        return [tuple(line.split("\t")) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []

    return read


def publish(main: Path, out: Path, jobs: int):
    with collecting() as timings:
        publish_books(load_books(main), out, extra_generators=[annual.site_generator()], jobs=jobs)
    return (out / "reports" / "annual-2026.pdf").read_bytes(), timings


def forget(out: Path) -> None:
    """Drop what a publish keeps beside the site (page cache, laid-out parts)."""
    (out.parent / f".{out.name}.publish-cache").unlink()
    shutil.rmtree(out.parent / f".{out.name}.report-parts")


def test_parts_laid_out_ahead_make_the_same_file(closed_books, tmp_path, layouts):
    out = tmp_path / "site"
    ahead, timings = publish(closed_books, out, jobs=2)
    assert timings.counts.get("report parts: laid out ahead", 0) >= 2
    assert any(name.strip().startswith("report parts laid out ahead") for name, *_ in timings.phases)
    laid = layouts()
    # one worker lays out every part, the head start's: it makes the PDF too (a second
    # worker imported weasyprint and loaded the fonts again), and not this process
    assert len({pid for pid, _ in laid}) == 1 and str(os.getpid()) not in {pid for pid, _ in laid}
    again = [html for html in {h for _, h in laid} if sum(1 for _, h in laid if h == html) > 1]
    assert again == [], "a part whose HTML did not change was laid out twice"
    # the verifiable record is in the report, and the file is the one made with no head start
    assert "Verifiable record" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(ahead)).pages)
    # the contents and the last part (the record's) are left to the PDF's own worker
    parts = report_parts.split_parts(annual.report_html(build_public_model(load_books(closed_books), SECRET.encode()), 2026))
    assert timings.counts["report parts: laid out ahead"] == len(parts) - 2
    # books unchanged: the report is kept and nothing is laid out, ahead or not
    _same, timings = publish(closed_books, out, jobs=2)
    assert timings.counts.get("report parts: laid out ahead", 0) == 0 and len(layouts()) == len(laid)
    # the PDF made again, its parts kept: no head start (no fork), the parts read back
    (out.parent / f".{out.name}.publish-cache").unlink()
    kept, timings = publish(closed_books, out, jobs=2)
    assert "report parts: laid out ahead" not in timings.counts and kept == ahead
    assert not any(name.strip().startswith("report parts laid out ahead") for name, *_ in timings.phases)
    forget(out)
    alone, timings = publish(closed_books, out, jobs=1)
    assert "report parts: laid out ahead" not in timings.counts
    assert alone == ahead


def test_the_record_needs_no_other_glyphs(closed_books):
    """The fonts of the report laid out ahead (no record yet) are the final report's: the
    record's own text is in the characters every report is cut to."""
    from publish import verification

    books = load_books(closed_books)
    model = build_public_model(books, SECRET.encode())
    key, _note = verification.load_log_key(None, books_root=books.root)
    record = verification.prepare(books, model, SECRET.encode(), key, closed_books.parent / "site")
    css = annual._stylesheet(None)
    early, final = annual.report_html(model, 2026), annual.report_html(model, 2026, verification=record)
    assert "Verifiable record" in final and "Verifiable record" not in early
    assert annual.report_fonts(early, css) == annual.report_fonts(final, css)


def test_a_failed_head_start_costs_only_time(closed_books, tmp_path, monkeypatch):
    def broken(*_a, **_k):
        raise RuntimeError("no head start today")

    out = tmp_path / "site"
    reference, _ = publish(closed_books, out, jobs=1)
    forget(out)
    monkeypatch.setattr(annual, "lay_out_ahead", broken)
    made, timings = publish(closed_books, out, jobs=2)
    assert made == reference
    assert timings.counts.get("report parts: laid out ahead", 0) == 0


def test_a_failed_publish_stops_the_head_start(closed_books, tmp_path, monkeypatch):
    from publish import run

    started: list[annual.ReportGenerator] = []
    real_start = annual.ReportGenerator.start_early

    def start(self, *a, **k):
        started.append(self)
        return real_start(self, *a, **k)

    def refused(*_a, **_k):
        raise PublishError("refused for the test")

    monkeypatch.setattr(annual.ReportGenerator, "start_early", start)
    monkeypatch.setattr(run, "_transparency", refused)
    with pytest.raises(PublishError, match="refused for the test"):
        publish_books(load_books(closed_books), tmp_path / "site", extra_generators=[annual.site_generator()], jobs=2)
    assert len(started) == 1
    assert started[0]._early is None and started[0]._early_done is None  # stopped and its pipe closed
    assert not (tmp_path / "site").exists()



def test_parts_that_cannot_be_kept_say_so_once(closed_books, tmp_path):
    """A file where the parts folder goes: `relief publish` says so once (not once per part,
    nor once more from the head start) and makes the PDF all the same."""
    import subprocess
    import sys

    out = tmp_path / "site"
    (tmp_path / ".site.report-parts").write_text("in the way", encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", "import cli; cli.run()", "publish", str(closed_books.parent), "--out", str(out), "--jobs", "2"],
                         capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("cannot keep the laid-out report parts") == 1, run.stderr
    assert (out / "reports" / "annual-2026.pdf").read_bytes().startswith(b"%PDF")


def test_a_report_template_that_needs_the_record_gets_no_head_start(closed_books, tmp_path):
    """The user's report template reads the record without asking whether there is one: the
    report ahead (no record yet) cannot be made, so there is no head start, and the publish
    is what it was without one."""
    templates = tmp_path / "templates" / "report"
    templates.mkdir(parents=True)
    shipped = (Path(annual.__file__).resolve().parents[1] / "site_templates" / "report" / "annual.html").read_text(encoding="utf-8")
    needs = '<p class="lines">{{ verification.checkpoint.splitlines()|length }}</p>\n'
    (templates / "annual.html").write_text(shipped.replace("<!-- relief:part after -->\n", "<!-- relief:part after -->\n" + needs), encoding="utf-8")
    with collecting() as timings:
        publish_books(load_books(closed_books), tmp_path / "site", templates=tmp_path / "templates",
                      extra_generators=[annual.site_generator(tmp_path / "templates")], jobs=2)
    assert timings.counts.get("report parts: laid out ahead", 0) == 0
    assert (tmp_path / "site" / "reports" / "annual-2026.pdf").read_bytes().startswith(b"%PDF")
