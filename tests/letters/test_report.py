"""The annual public report: public model only, A4 with contents and page numbers, on the site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from cli import cli

from .conftest import BOOKS, pdf_text, squash


@pytest.fixture(scope="module")
def report_pdf(books, tmp_path_factory):
    from publish.annual import render_annual_report
    from publish.model_builder import build_public_model

    model = build_public_model(books, None)
    rendered = render_annual_report(model, 2026)
    path = tmp_path_factory.mktemp("report") / "report.pdf"
    path.write_bytes(rendered.pdf)
    return path, rendered, model


def test_report_contents_and_page_numbers(report_pdf):
    path, rendered, model = report_pdf
    reader = PdfReader(str(path))
    assert len(reader.pages) == rendered.pages >= 4
    assert not rendered.missing_glyphs
    pages = [page.extract_text() for page in reader.pages]
    n = len(pages)
    for i, text in enumerate(pages[1:], start=2):
        assert f"第 {i} 页 / 共 {n} 页" in text
    assert "第 1 页" not in pages[0]  # no number on the cover
    # the contents list each chapter with the page it starts on
    toc = pages[1]
    for title in ("一、概况", "二、各基金", "三、资金来源与使用", "四、帮扶支出分类", "五、鸣谢名单"):
        m = re.search(re.escape(title) + r"[^\n]*?(\d+)\s*$", toc, re.M)
        assert m, title
        assert title in pages[int(m.group(1)) - 1], (title, m.group(1))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4


def test_report_figures_come_from_the_public_model(report_pdf):
    path, _, model = report_pdf
    text = squash(pdf_text(path))
    year = next(r for r in model.reports if r.period.key == "2026")
    for amount in (year.statement.raised, year.statement.spent, year.statement.closing):
        assert f"¥{amount:,.2f}" in text
    assert "2026年金秋助学专项" in text and "一般帮扶资金" in text
    assert "企业捐赠" in text and "个人捐赠" in text


def test_honour_roll_keeps_anonymity(report_pdf):
    path, _, _ = report_pdf
    text = squash(pdf_text(path))
    assert "某某机械" in text and "Harbour Trading" in " ".join(pdf_text(path).split())
    assert "某某机械制造有限公司" not in text  # the site shows display names, never legal names
    for hidden in ("张秀英", "张女士", "李隐名", "李先生"):
        assert hidden not in text, hidden
    assert "匿名捐赠" in text


def test_report_metadata_and_determinism(report_pdf, books):
    from publish.annual import render_annual_report
    from publish.model_builder import build_public_model

    path, rendered, _ = report_pdf
    reader = PdfReader(str(path))
    assert reader.metadata.title == "某市总工会困难职工帮扶中心2026年度帮扶资金公开报告"
    assert reader.metadata.author == "某市总工会困难职工帮扶中心"
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert "/Outlines" in reader.trailer["/Root"]  # chapters are PDF bookmarks
    assert render_annual_report(build_public_model(books, None), 2026).pdf == rendered.pdf


def test_publish_puts_the_report_on_the_site(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("a-secret-for-the-site-tests-0123456789")
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = CliRunner().invoke(cli, ["publish", str(BOOKS), "--out", str(tmp_path / "site"), "--secret-file", str(secret)], env=env)
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "site" / "reports" / "annual-2026.pdf"
    assert pdf.is_file() and "鸣谢名单" in pdf_text(pdf)
    assert "annual-2026.pdf" in (tmp_path / "site" / "reports" / "index.html").read_text(encoding="utf-8")
    without = CliRunner().invoke(cli, ["publish", str(BOOKS), "--out", str(tmp_path / "site2"), "--secret-file", str(secret), "--no-report-pdf"], env=env)
    assert without.exit_code == 0, without.output
    assert not (tmp_path / "site2" / "reports" / "annual-2026.pdf").exists()


def test_report_command(tmp_path):
    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(cli, ["report", str(BOOKS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out.resolve()) in result.stdout
    assert PdfReader(str(out)).metadata.title.endswith("2026年度帮扶资金公开报告")


def test_report_command_bad_inputs(tmp_path, books_copy):
    runner = CliRunner()
    assert runner.invoke(cli, ["report", "--help"]).exit_code == 0
    no_year = runner.invoke(cli, ["report", str(BOOKS), "--year", "2020", "--out", str(tmp_path / "r.pdf")])
    assert no_year.exit_code == 1 and "no entries in 2020" in no_year.output
    folder = runner.invoke(cli, ["report", str(BOOKS), "--out", str(tmp_path)])
    assert folder.exit_code == 2 and "Traceback" not in folder.output
    missing = runner.invoke(cli, ["report", str(tmp_path / "nope"), "--out", str(tmp_path / "r.pdf")])
    assert missing.exit_code == 1 and "no such file or folder" in missing.output
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8").replace('receipt: "JZ-2026-00003"', 'receipt: "JZ-2026-00002"'), encoding="utf-8")
    bad = runner.invoke(cli, ["report", str(books_copy), "--out", str(tmp_path / "r.pdf")])
    assert bad.exit_code == 1 and "relief check" in bad.output
    assert not (tmp_path / "r.pdf").exists()


def test_pdfa_report(tmp_path):
    out = tmp_path / "a.pdf"
    result = CliRunner().invoke(cli, ["report", str(BOOKS), "--out", str(out), "--pdfa"])
    assert result.exit_code == 0, result.output
    xmp = PdfReader(str(out)).trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "pdfaid" in xmp  # PDF/A identification present


REAL = Path("/work/shared/fixtures/real/books/beancount-example.beancount")


@pytest.mark.skipif(not REAL.is_file(), reason="real fixtures absent")
def test_foreign_books_report_and_no_letters(tmp_path):
    """beancount's own example books: no funds or donors, USD; the report still reads right."""
    out = tmp_path / "example.pdf"
    result = CliRunner().invoke(cli, ["report", str(REAL), "--out", str(out), "--allow-errors"])
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert "一、概况" in text and "$" in text and "¥" not in text
    letters = CliRunner().invoke(cli, ["letters", str(REAL), "--out", str(tmp_path / "l")], env={"RELIEF_SITE_SECRET": "x" * 24})
    assert letters.exit_code == 0 and "No donations" in letters.output, letters.output


def test_unchanged_report_pdf_is_not_made_again(tmp_path, monkeypatch, books):
    """A re-publish of unchanged books keeps the report PDF (same bytes, same inode) without
    running weasyprint; without the publish cache, or when the file was replaced, it is made again."""
    from ledger.books import load_books
    from publish import annual
    from publish.run import publish_books

    monkeypatch.setenv("RELIEF_SITE_SECRET", "a-secret-for-the-site-tests-0123456789")
    made = []
    real = annual.assemble
    monkeypatch.setattr(annual, "assemble", lambda html, css, **kw: made.append(1) or real(html, css, **kw))
    out = tmp_path / "site"
    pdf = out / "reports" / "annual-2026.pdf"

    def publish():
        made.clear()
        publish_books(load_books(BOOKS), out, extra_generators=[annual.site_generator()], jobs=1)  # counted in this process
        return pdf.read_bytes(), pdf.stat().st_ino, len(made)

    first, ino, n = publish()
    from publish.model_builder import build_public_model

    assert n == len(annual.years(build_public_model(books, None))) >= 1
    again, ino2, n2 = publish()
    assert (again, ino2, n2) == (first, ino, 0)
    (tmp_path / ".site.publish-cache").unlink()
    remade, _, n3 = publish()
    assert n3 == n and remade == first  # made again, byte-identical
    pdf.unlink()
    pdf.write_bytes(b"not the report")  # a file that is not the one recorded is never reused
    fixed, _, n4 = publish()
    assert n4 == n and fixed == first


def test_report_pdf_inputs_follow_html_and_stylesheet():
    from publish.annual import pdf_inputs

    base = pdf_inputs("<p>1</p>", "p{}")
    assert base == pdf_inputs("<p>1</p>", "p{}")
    assert len({base, pdf_inputs("<p>2</p>", "p{}"), pdf_inputs("<p>1</p>", "p{color:red}"), pdf_inputs("<p>1</p>", "p{}", pdfa=True)}) == 4


@pytest.mark.parametrize("css", ["report/annual.css", "letters/letters.css"])
def test_a_table_total_stands_once_under_its_last_row(css, tmp_path):
    """A table longer than a page repeated its total at the foot of every page (weasyprint
    lays tfoot out there), under rows that did not add up to it: the report's funds table
    showed 合计 ¥3,909,105.15 under three funds of four."""
    import weasyprint

    sheet = Path(__file__).resolve().parents[2] / "site_templates" / css
    rows = "".join(f"<tr><td>fund {i}</td><td>1.00</td></tr>" for i in range(120))
    html = (f"<table class='amounts lines'><thead><tr><th>x</th><th>y</th></tr></thead><tbody>{rows}</tbody>"
            "<tfoot><tr><th>TOTALROW</th><td>120.00</td></tr></tfoot></table>")
    pdf = tmp_path / "t.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf, stylesheets=[weasyprint.CSS(filename=str(sheet))])
    pages = [page.extract_text() for page in PdfReader(str(pdf)).pages]
    assert len(pages) > 1
    assert [("TOTALROW" in text) for text in pages] == [False] * (len(pages) - 1) + [True]
