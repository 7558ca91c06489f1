"""The About page, the centre's facts and narrative in the annual report, and the disclosure items."""

from __future__ import annotations

import shutil

import pytest

from ledger.settings import PUBLIC_FACTS
from publish.about import NarrativeError, read_narratives, render_markdown

from .conftest import SMALL, TEST_SECRET
from .sitecheck import visible_text

FACTS = '''
2026-01-01 custom "relief-option" "address" "测试市工人路1号" "1 Gongren Road, Test City"
2026-01-01 custom "relief-option" "phone" "0000-12351000"
2026-01-01 custom "relief-option" "credit_code" "81330100MJ00000011"
2026-01-01 custom "relief-option" "governing_body" "测试市总工会" "Test City Federation of Trade Unions"
2026-01-01 custom "relief-option" "complaint" "职工服务热线 12351" "Workers' hotline 12351"
2026-01-01 custom "relief-option" "licence" "CC-BY-SA-4.0"
'''

NARRATIVE = """# 一年回顾

中心今年完成了春节送温暖，
金秋助学按期发放。

<script>alert('x')</script> ![logo](https://example.org/logo.png)

*English: a good year.*
"""


@pytest.fixture(scope="module")
def about_site(tmp_path_factory):
    from ledger.books import load_books
    from publish.annual import site_generator
    from publish.run import publish_books

    root = tmp_path_factory.mktemp("about")
    books = root / "books"
    shutil.copytree(SMALL, books)
    with (books / "settings.beancount").open("a", encoding="utf-8") as f:
        f.write(FACTS)
    (books / "report").mkdir()
    (books / "report" / "2026.md").write_text(NARRATIVE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RELIEF_SITE_SECRET", TEST_SECRET)
        result = publish_books(load_books(books), root / "site", jobs=1, extra_generators=[site_generator()])
    return root / "site", result


def test_about_page_in_both_languages_and_in_the_navigation(about_site):
    out, _ = about_site
    zh = visible_text(out / "about.html")
    en = visible_text(out / "en" / "about.html")
    assert "测试市工人路1号" in zh and "1 Gongren Road, Test City" in en
    assert "81330100MJ00000011" in zh and "81330100MJ00000011" in en
    assert "测试市总工会" in zh and "Test City Federation of Trade Unions" in en
    for page in ("index.html", "donors/2026.html", "data/index.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert 'href="about.html"' in html or 'href="../about.html"' in html, page


def test_missing_facts_say_not_published(about_site):
    out, result = about_site
    zh = visible_text(out / "about.html")
    en = visible_text(out / "en" / "about.html")
    missing = [f for f in result.model.about.facts if f.value is None]
    assert {f.key for f in missing} == {"email", "registered_with", "audit_report", "work_report"}
    for f in missing:
        assert f"{f.label.zh} 未公开" in zh, f.key
        assert f"{f.label.en} Not published" in en, f.key
    # every fact has a line, set or not
    assert len(result.model.about.facts) == len(PUBLIC_FACTS)


def test_disclosure_items_on_the_about_page(about_site):
    out, result = about_site
    zh = visible_text(out / "about.html")
    en = visible_text(out / "en" / "about.html")
    items = result.model.about.disclosure
    assert {d.status for d in items} == {"site", "partly", "elsewhere", "withheld"}
    for d in items:
        assert d.item.zh in zh and d.status_label.zh in zh
        assert d.item.en in en and d.status_label.en in en
    assert "年度工作报告" in zh and "须另行公开" in zh


def test_licence_on_the_data_page_and_in_every_json(about_site):
    import json

    out, _ = about_site
    for page in ("data/index.html", "en/data/index.html", "about.html"):
        assert "CC-BY-SA-4.0" in visible_text(out / page), page
    for name in ("model.json", "manifest.json"):
        data = json.loads((out / "data" / name).read_text(encoding="utf-8"))
        assert data["licence"] == {"id": "CC-BY-SA-4.0", "title": "Creative Commons Attribution-ShareAlike 4.0 International",
                                   "url": "https://creativecommons.org/licenses/by-sa/4.0/"}, name


def test_default_licence_is_cc_by(published):
    import json

    out, _ = published
    assert json.loads((out / "data" / "manifest.json").read_text(encoding="utf-8"))["licence"]["id"] == "CC-BY-4.0"
    assert "Creative Commons Attribution 4.0 International" in visible_text(out / "en" / "data" / "index.html")


@pytest.mark.slow
def test_annual_report_has_the_narrative_facts_and_disclosure(about_site):
    from pypdf import PdfReader

    out, result = about_site
    text = "".join("".join((p.extract_text() or "").split()) for p in PdfReader(str(out / "reports" / "annual-2026.pdf")).pages)
    assert "六、中心工作说明" in text and "一年回顾" in text
    assert "中心今年完成了春节送温暖，金秋助学按期发放。" in text  # Chinese lines joined without a space
    assert "<script>" in text  # raw HTML shown as text, never run
    assert "七、中心信息与信息公开" in text and "81330100MJ00000011" in text and "测试市工人路1号" in text
    assert "未公开" in text  # the facts not set
    for d in result.model.about.disclosure:
        assert "".join(d.item.zh.split()) in text


def test_report_without_narrative_says_so(published):
    from publish.annual import report_html

    _out, result = published
    html = report_html(result.model, 2026)
    assert "本年度中心未撰写说明" in html


def test_markdown_is_escaped_and_loads_nothing():
    html = str(render_markdown("# T\n\n<img src=x onerror=alert(1)> ![a](http://evil/a.png) [js](javascript:alert(1)) [ok](https://example.org)"))
    assert "<img" not in html and "&lt;img" in html
    assert "javascript:" not in html.replace("[js](javascript:alert(1))", "")
    assert '<a href="https://example.org">ok</a>' in html
    assert html.startswith("<h3>T</h3>")


def test_narrative_errors_name_the_file(tmp_path):
    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "2026.md").write_bytes("中文".encode("gb18030"))
    with pytest.raises(NarrativeError, match=r"report/2026\.md: not UTF-8"):
        read_narratives(tmp_path)
    (tmp_path / "report" / "2026.md").write_text("x" * 20001, encoding="utf-8")
    with pytest.raises(NarrativeError, match="under 20,000"):
        read_narratives(tmp_path)
    (tmp_path / "report" / "2026.md").write_text("ok", encoding="utf-8")
    (tmp_path / "report" / "notes.md").write_text("not a year", encoding="utf-8")
    assert [(n.year, n.source, n.markdown) for n in read_narratives(tmp_path)] == [(2026, "report/2026.md", "ok")]


def test_publish_refuses_a_bad_narrative_and_keeps_the_site(books_copy, tmp_path, publish_to):
    from publish.run import PublishError

    out = tmp_path / "site"
    publish_to(out, books_copy)
    before = (out / "index.html").read_bytes()
    (books_copy / "report").mkdir()
    (books_copy / "report" / "2026.md").write_bytes("中文".encode("gb18030"))
    with pytest.raises(PublishError, match=r"2026\.md: not UTF-8.*previous site is unchanged"):
        publish_to(out, books_copy)
    assert (out / "index.html").read_bytes() == before


def test_init_template_and_demo_have_the_settings(tmp_path):
    from ledger.books import load_books
    from ledger.demo.write import write_demo
    from ledger.init_books import init_books

    main = init_books(tmp_path / "new", name_zh="某中心", name_en="A centre", year=2026)
    books = load_books(main)
    assert not books.errors and books.settings.licence == "CC-BY-4.0" and books.settings.facts == {}
    text = (main.parent / "settings.beancount").read_text(encoding="utf-8")
    for key in PUBLIC_FACTS:
        assert f'"relief-option" "{key}"' in text, key  # a placeholder to fill in
    demo, _ = write_demo(tmp_path / "demo", transactions=200)
    books = load_books(demo)
    assert not books.errors
    assert set(books.settings.facts) == set(PUBLIC_FACTS)
    assert read_narratives(demo.parent)[0].year == 2026


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_narrative_saved_as_utf16_is_named_as_such(tmp_path, encoding):
    """Word or Notepad's "Unicode" saves UTF-16: with its mark the narrative was "not UTF-8
    text (byte 0)" with the command for GB18030, which garbles it; without the mark (English
    text) it read as UTF-8 with a zero byte after every letter, and went on the site so."""
    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "2026.md").write_bytes("Our year 2026\r\n".encode(encoding))
    with pytest.raises(NarrativeError) as refused:
        read_narratives(tmp_path)
    said = str(refused.value)
    assert "report/2026.md: saved as UTF-16" in said and "iconv -f UTF-16" in said and "GB18030" not in said
