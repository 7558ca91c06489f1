"""Every table of the PDFs stays inside the page margins (issue 16, item 9).

Reads the position of every character and every ruled line or cell box with pdfplumber and
checks it lies between the left and right margins the stylesheets set (annual report: 18 mm;
letters and statements: 20 mm). The annual report is made from the letters' test books and
from demo books, whose honour roll has long goods lists.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli

from .conftest import BOOKS, SECRET

MM = 72 / 25.4
TEMPLATES = Path(__file__).parents[2] / "site_templates"


def page_margins(css: str) -> tuple[float, float]:
    """(left, right) in mm from the first `@page { … margin: T R B L }` of a stylesheet."""
    m = re.search(r"@page\s*{[^}]*?margin:\s*([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm", css)
    assert m, "no @page margin in the stylesheet"
    return float(m.group(4)), float(m.group(2))


def outside_margins(path: Path, left_mm: float, right_mm: float) -> list[str]:
    """Everything drawn left of the left margin or right of the right one, page by page."""
    import pdfplumber

    found = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            lo, hi = left_mm * MM - 0.5, page.width - right_mm * MM + 0.5
            chars = "".join(c["text"] for c in page.chars if c["x0"] < lo or c["x1"] > hi)
            boxes = [(round(b["x0"]), round(b["x1"])) for b in page.rects + page.lines if b["x0"] < lo or b["x1"] > hi]
            if chars or boxes:
                found.append(f"{path.name} page {number}: text {chars[:40]!r}, boxes {boxes[:3]} (allowed x {lo:.0f}..{hi:.0f})")
    return found


def test_the_check_catches_a_table_past_the_margin(tmp_path):
    from weasyprint import HTML

    css = "@page { size: A4; margin: 20mm 20mm 20mm 20mm; } td { border: 1pt solid black; }"
    wide = tmp_path / "wide.pdf"
    HTML(string=f"<style>{css}</style><table style='width: 190mm'><tr><td>a</td><td>b</td></tr></table>").write_pdf(wide)
    narrow = tmp_path / "narrow.pdf"
    HTML(string=f"<style>{css}</style><table style='width: 160mm'><tr><td>a</td><td>b</td></tr></table>").write_pdf(narrow)
    assert outside_margins(wide, 20, 20)
    assert outside_margins(narrow, 20, 20) == []


def test_letters_and_statements_stay_inside_the_margins(letters_run):
    out, result = letters_run
    left, right = page_margins((TEMPLATES / "letters" / "letters.css").read_text(encoding="utf-8"))
    files = sorted(out.rglob("*.pdf"))
    assert len(files) == len(result.letters.letters) + len(result.letters.statements)
    problems = [p for f in files for p in outside_margins(f, left, right)]
    assert problems == []


@pytest.fixture(scope="module")
def demo_books(tmp_path_factory):
    from ledger.demo import write_demo

    main, _ = write_demo(tmp_path_factory.mktemp("margins") / "demo", seed=2, transactions=600)
    return main


@pytest.mark.parametrize("which", ["test-books", "demo"])
def test_annual_report_stays_inside_the_margins(tmp_path, which, request):
    books = BOOKS if which == "test-books" else request.getfixturevalue("demo_books")
    out = tmp_path / "annual.pdf"
    result = CliRunner().invoke(cli, ["report", str(books), "--out", str(out)])
    assert result.exit_code == 0, result.output
    left, right = page_margins((TEMPLATES / "report" / "annual.css").read_text(encoding="utf-8"))
    assert outside_margins(out, left, right) == []


def test_names_longer_than_a_line_stay_inside_the_margins(tmp_path):
    """A donor's or a fund's name typed without a space (an English company name run
    together, a pasted code) ran off the right edge of the page: across the salutation and
    the details of an English letter and statement, and the funds table of the annual report
    pushed its amounts off the page."""
    import shutil

    books = tmp_path / "books"
    shutil.copytree(BOOKS, books)
    long_name = "HarbourTradingCompanyLimited" * 12
    for rel, old, new in [("registry/donors.beancount", '"Harbour Trading Co., Ltd."', f'"{long_name}"'),
                          ("registry/donors.beancount", '"Harbour Trading"', f'"{long_name}"'),
                          ("registry/funds.beancount", '"General relief fund"', f'"{long_name}Fund"')]:
        path = books / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    report = tmp_path / "annual.pdf"
    result = CliRunner().invoke(cli, ["report", str(books), "--out", str(report)])
    assert result.exit_code == 0, result.output
    letters, secret = tmp_path / "letters", tmp_path / "secret"
    secret.write_bytes(SECRET)
    result = CliRunner().invoke(cli, ["letters", str(books), "--out", str(letters), "--donor", "D0002", "--statements",
                                      "--jobs", "1", "--secret-file", str(secret)])
    assert result.exit_code == 0, result.output
    made = sorted(letters.rglob("*.pdf"))
    assert len(made) >= 2, result.output
    left, right = page_margins((TEMPLATES / "report" / "annual.css").read_text(encoding="utf-8"))
    problems = outside_margins(report, left, right)
    left, right = page_margins((TEMPLATES / "letters" / "letters.css").read_text(encoding="utf-8"))
    problems += [p for f in made for p in outside_margins(f, left, right)]
    assert problems == []
