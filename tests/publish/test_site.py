"""The published site: pages, links, determinism, incremental and atomic writes, templates."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from cli.common import BooksHaveErrors
from publish.run import PublishError
from publish.writer import MARKER, SiteWriter, WriteError

from .sitecheck import broken_links, external_references, files, visible_text

PAGES = ["index.html", "funds/index.html", "funds/general.html", "funds/edu-2026.html", "donors/index.html",
         "donors/2026.html", "aid/index.html", "aid/2026.html", "reports/index.html", "reports/2026.html",
         "reports/2026-Q1.html", "reports/2026-09.html", "data/index.html"]


def test_every_page_in_both_languages(published):
    out, _ = published
    for page in PAGES:
        zh, en = out / page, out / "en" / page
        assert zh.is_file() and en.is_file(), page
        assert 'lang="zh-CN"' in zh.read_text(encoding="utf-8")
        assert '<html lang="en">' in en.read_text(encoding="utf-8")


def test_same_content_in_both_languages(published):
    """The same numbers appear on the Chinese and English page."""
    out, _ = published
    for page in PAGES:
        def nums(p):
            return sorted(re.findall(r"\d[\d,]*\.\d\d", visible_text(p)))

        assert nums(out / page) == nums(out / "en" / page), page


def test_no_broken_internal_link(published):
    out, _ = published
    assert broken_links(out) == []


def test_nothing_loaded_from_other_hosts(published):
    out, _ = published
    assert external_references(out) == []
    for p in files(out):
        if p.suffix in (".html", ".css"):
            text = p.read_text(encoding="utf-8")
            assert "@import" not in text and "url(http" not in text
            assert "<script" not in text, p


def test_overview_numbers(published):
    out, result = published
    text = visible_text(out / "en" / "index.html")
    ov = result.model.overview
    assert f"¥{ov.year.raised:,.2f}" in text and f"¥{ov.year.spent:,.2f}" in text and f"¥{ov.year.closing:,.2f}" in text
    assert "Restricted funds" in text and "2026 autumn education aid fund" in text


def test_chart_is_inline_svg_with_text(published):
    out, _ = published
    html = (out / "index.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg .*?</svg>", html, re.S).group(0)
    assert "<title>每月筹集与使用</title>" in svg and "<desc>" in svg
    assert "<script" not in svg and "uuid" not in svg


def test_html_in_names_is_escaped(published):
    out, _ = published
    for page in (out / "donors" / "2026.html", out / "en" / "donors" / "2026.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;丰收粮油" in html


def test_manifest_lists_every_file_with_its_hash(published):
    out, result = published
    manifest = json.loads((out / "data" / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    acks = [p for p in files(out) if p.parent.name == "ack" and p.name != "index.html"]
    for p in files(out):
        rel = p.relative_to(out).as_posix()
        if rel in ("data/manifest.json", MARKER) or p in acks:
            continue
        assert listed.pop(rel) == hashlib.sha256(p.read_bytes()).hexdigest(), rel
    assert listed == {}
    assert sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in acks) == manifest["acknowledgements"]["sha256"]
    assert len(acks) == len([d for d in result.model.donations if d.receipt]) == 7
    # the unguessable addresses are listed nowhere
    everything = "".join(p.read_text(encoding="utf-8", errors="replace") for p in files(out) if p not in acks)
    for a in acks:
        assert a.stem not in everything


def test_ack_page_shows_the_gift_and_its_fund(published):
    out, result = published
    d = next(d for d in result.model.donations if d.receipt == "JZ-2026-00005")
    text = visible_text(out / d.ack_path)
    assert "JZ-2026-00005" in text and "¥20,000.00" in text and "某某机械" in text
    assert "2026年金秋助学专项" in text and "2026 autumn education aid fund" in text
    assert "助学" in text and "¥12,000.00" in text  # how the fund was used
    for other in ("李红梅", "丰收粮油", "JZ-2026-00001"):
        assert other not in text


def test_anonymous_ack_page_has_no_name(published):
    out, result = published
    d = next(d for d in result.model.donations if d.receipt == "JZ-2026-00002")
    text = (out / d.ack_path).read_text(encoding="utf-8")
    assert "JZ-2026-00002" in text and "8,888.00" in text
    assert "司马" not in text and "尊敬的捐赠人" in text


def test_republishing_unchanged_books_changes_no_byte(published, tmp_path, publish_to):
    out = tmp_path / "site"
    first = publish_to(out)
    before = {p.relative_to(out): (p.read_bytes(), p.stat().st_ino) for p in files(out)}
    second = publish_to(out)
    after = {p.relative_to(out): (p.read_bytes(), p.stat().st_ino) for p in files(out)}
    assert before == after  # same bytes, same inodes: nothing rewritten
    assert second.stats.written == [] and len(second.stats.unchanged) == len(first.stats.written)
    # and a separate build gives the same bytes as the session's site
    session_out, _ = published
    assert {p.relative_to(session_out): p.read_bytes() for p in files(session_out)} == {k: v[0] for k, v in after.items()}


NEW_DONATION = '''
2026-11-20 * "李红梅" "再次捐款"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2026-00008"
  Assets:Bank:Basic              300.00 CNY
  Income:Donation:Individual
'''


def test_new_donation_rewrites_only_changed_pages(books_copy, tmp_path, publish_to):
    out = tmp_path / "site"
    first = publish_to(out, books_copy)
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(NEW_DONATION)
    second = publish_to(out, books_copy)
    written = set(second.stats.written)
    new_ack = next(d.ack_path for d in second.model.donations if d.receipt == "JZ-2026-00008")
    assert new_ack in written
    assert "index.html" in written and "donors/2026.html" in written and "data/donations.csv" in written
    # other donors' acknowledgement pages and the untouched fund's pages are not rewritten
    old_acks = {d.ack_path for d in first.model.donations}
    assert old_acks.isdisjoint(written)
    assert "funds/edu-2026.html" not in written and "aid/2026.html" not in written
    assert len(written) < len(second.stats.unchanged)


def test_failed_publish_leaves_the_previous_site(books_copy, tmp_path, publish_to):
    out = tmp_path / "site"
    publish_to(out, books_copy)
    before = {p.relative_to(out): p.read_bytes() for p in files(out)}
    bad = tmp_path / "templates"
    bad.mkdir()
    (bad / "fund.html").write_text("{% extends 'base.html' %}{% block main %}{{ fund.no_such_field.deeper }}{% endblock %}", encoding="utf-8")
    with pytest.raises(PublishError, match="previous site is unchanged"):
        publish_to(out, books_copy, templates=bad)
    assert {p.relative_to(out): p.read_bytes() for p in files(out)} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.new-") or p.name.startswith(".site.old-")] == []


def test_books_with_errors_are_refused_unless_allowed(books_copy, tmp_path, publish_to):
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-12-01 * "无基金的捐款"\n  donor: "D0002"\n  receipt: "JZ-2026-00008"\n  Assets:Bank:Basic  10.00 CNY\n  Income:Donation:Individual\n')
    out = tmp_path / "site"
    with pytest.raises(BooksHaveErrors) as info:
        publish_to(out, books_copy)
    assert "2026.beancount" in str(info.value) and "--allow-errors" in str(info.value)
    assert not out.exists()
    result = publish_to(out, books_copy, allow_errors=True)
    assert result.books.errors and (out / "index.html").is_file()


def test_refuses_a_folder_that_is_not_a_site(tmp_path, publish_to):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work")
    with pytest.raises(PublishError, match="not made by `relief publish`"):
        publish_to(out)
    assert (out / "thesis.docx").read_text() == "years of work"


def test_refuses_output_inside_the_books(books_copy, publish_to):
    with pytest.raises(PublishError, match="outside the books"):
        publish_to(books_copy / "site", books_copy)


def test_writer_refuses_outside_and_twice(tmp_path):
    with SiteWriter(tmp_path / "site") as w:
        w.write("a/b.html", "x")
        with pytest.raises(WriteError, match="twice"):
            w.write("a/b.html", "y")
        for bad in ("../evil.html", "/etc/passwd", "a/../../x", ""):
            with pytest.raises(WriteError, match="outside"):
                w.write(bad, "x")
    assert not (tmp_path / "evil.html").exists() and not (tmp_path / "site").exists()


def test_user_template_overrides_and_extends_the_default(tmp_path, publish_to):
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "base.html").write_text(
        '{% extends "default/base.html" %}{% block head %}<meta name="x-custom" content="ours">{% endblock %}', encoding="utf-8"
    )
    (tpl / "funds.html").write_text('{% extends "base.html" %}{% block main %}<p id="own">{{ funds|length }} funds</p>{% endblock %}', encoding="utf-8")
    out = tmp_path / "site"
    publish_to(out, templates=tpl)
    funds_page = (out / "funds" / "index.html").read_text(encoding="utf-8")
    assert '<p id="own">2 funds</p>' in funds_page and 'name="x-custom"' in funds_page
    overview = (out / "index.html").read_text(encoding="utf-8")
    assert 'name="x-custom"' in overview and "限定用途基金" in overview  # shipped page, user base


def test_files_beside_the_users_templates_in_assets_reach_the_site(tmp_path, publish_to):
    """`--templates` says a file there overrides the shipped one of the same name, and the
    site's stylesheet is shipped as assets/site.css among the templates; but publish copied
    only the shipped assets/: a centre's logo put in its folder's assets/ and linked with
    asset() was a broken link on every page, and its own site.css was silently ignored."""
    tpl = tmp_path / "tpl"
    (tpl / "assets" / "img").mkdir(parents=True)
    logo = b'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><circle cx="8" cy="8" r="7"/></svg>'
    (tpl / "assets" / "img" / "logo.svg").write_bytes(logo)
    (tpl / "assets" / "site.css").write_text("body { color: #123456 }\n", encoding="utf-8")
    (tpl / "base.html").write_text(
        '{% extends "default/base.html" %}{% block head %}<link rel="icon" href="{{ asset(\'assets/img/logo.svg\') }}">{% endblock %}',
        encoding="utf-8")
    out = tmp_path / "site"
    publish_to(out, templates=tpl)
    assert (out / "assets" / "img" / "logo.svg").read_bytes() == logo
    assert (out / "assets" / "site.css").read_text(encoding="utf-8") == "body { color: #123456 }\n"
    assert '<link rel="icon" href="../assets/img/logo.svg">' in (out / "funds" / "index.html").read_text(encoding="utf-8")


def test_print_stylesheet_and_no_js(published):
    out, _ = published
    css = (out / "assets" / "site.css").read_text(encoding="utf-8")
    assert "@media print" in css
    assert not [p for p in files(out) if p.suffix == ".js"]


def test_open_data_columns_match_the_documentation(published):
    import csv

    from publish.opendata import DATASETS

    out, _ = published
    for name, (_desc, columns) in DATASETS.items():
        assert (out / name).is_file(), name
        if name.endswith(".csv"):
            with open(out / name, encoding="utf-8-sig", newline="") as fh:
                header = next(csv.reader(fh))
            assert header == [c for c, _ in columns], name


def test_open_data_cells_are_plain_text(published):
    """Yes/no columns read true/false, empty values are empty cells, never Python's spelling."""
    import csv

    out, _ = published
    flags = {"restricted", "closed", "anonymous", "suppressed"}
    seen = set()
    for path in sorted((out / "data").glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        for row in rows:
            for column, value in row.items():
                assert value not in ("None", "True", "False"), (path.name, column, value)
                if column in flags:
                    seen.add(column)
                    assert value in ("true", "false"), (path.name, column, value)
    assert seen == flags


@pytest.fixture
def count_renders(monkeypatch):
    """Call it to start counting: returns the list of template names rendered from then on
    (an acknowledgement page made by publish/ack_page.py counts as ack.html)."""
    import jinja2

    from publish.ack_page import AckPages

    def start() -> list[str]:
        rendered: list[str] = []
        original = jinja2.Template.render
        original_ack = AckPages.render

        def counting(self, *args, **kwargs):
            rendered.append(self.name)
            return original(self, *args, **kwargs)

        def counting_ack(self, spec):
            html = original_ack(self, spec)
            if html is not None:
                rendered.append("ack.html")
            return html

        monkeypatch.setattr(jinja2.Template, "render", counting)
        monkeypatch.setattr(AckPages, "render", counting_ack)
        return rendered

    return start


def test_unchanged_ack_pages_are_not_rendered_again(books_copy, tmp_path, publish_to, count_renders):
    """The ack cache: pages whose inputs did not change are linked, not rendered."""
    out = tmp_path / "site"
    publish_to(out, books_copy)
    assert (tmp_path / ".site.publish-cache").is_file()
    rendered = count_renders()
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(NEW_DONATION)
    publish_to(out, books_copy)
    assert rendered.count("ack.html") == 1  # only the new gift's page


def test_a_tampered_page_is_not_reused(books_copy, tmp_path, publish_to):
    out = tmp_path / "site"
    first = publish_to(out, books_copy)
    page = out / first.model.donations[0].ack_path
    good = page.read_bytes()
    page.unlink()
    page.write_bytes(b"<p>defaced</p>")
    publish_to(out, books_copy)
    assert page.read_bytes() == good


def test_a_changed_template_renders_ack_pages_again(books_copy, tmp_path, publish_to):
    out = tmp_path / "site"
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    publish_to(out, books_copy, templates=tpl)
    (tpl / "ack.html").write_text('{% extends "default/ack.html" %}{% block head %}<meta name="x-ack" content="1">{% endblock %}', encoding="utf-8")
    second = publish_to(out, books_copy, templates=tpl)
    d = second.model.donations[0]
    assert 'name="x-ack"' in (out / d.ack_path).read_text(encoding="utf-8")
    assert d.ack_path in second.stats.written


def test_fund_use_fragment_is_rendered_once_per_fund_and_language(tmp_path, publish_to, count_renders):
    """Acknowledgement pages share their fund's use: rendered once per fund, currency and
    language, yet every page carries it with links that work from the page."""
    rendered = count_renders()
    out = tmp_path / "site"
    result = publish_to(out)
    acks = [d for d in result.model.donations if d.ack_path]
    shared = {(d.fund.id, d.currency) for d in acks}
    assert len(acks) > len(shared)
    assert rendered.count("_ack_fund_use.html") == 2 * len(shared)
    funds = {f.ref.id: f for f in result.model.funds}
    for d in acks:
        html = (out / d.ack_path).read_text(encoding="utf-8")
        fund = funds[d.fund.id]
        assert f'<a href="../funds/{fund.ref.slug}.html">查看基金的完整账目</a>' in html
        assert f'<a href="../en/funds/{fund.ref.slug}.html">The fund' in html
        assert html.count(f"{fund.ref.name.zh}累计使用") == 1


def test_a_fragment_cannot_read_the_page(tmp_path, publish_to):
    """A fragment is shared by many pages, so it has no `page`: a user's fragment that asks
    for it stops the publish with a message, and the previous site stays."""
    from publish.run import PublishError

    out = tmp_path / "site"
    publish_to(out)
    before = sorted(p.name for p in (out / "ack").iterdir())
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "_ack_fund_use.html").write_text("<p>{{ page.path }}</p>", encoding="utf-8")
    with pytest.raises(PublishError, match="'page' is undefined.*--templates.*previous site is unchanged"):
        publish_to(out, templates=tpl)
    assert sorted(p.name for p in (out / "ack").iterdir()) == before


def test_a_user_fragment_replaces_the_fund_use_on_every_ack_page(tmp_path, publish_to):
    out = tmp_path / "site"
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "_ack_fund_use.html").write_text(
        '<p class="mine" lang="{{ lang }}"><a href="{{ url("funds/index.html") }}">{{ fund.ref.name|L }}</a></p>\n', encoding="utf-8")
    result = publish_to(out, templates=tpl)
    acks = [d for d in result.model.donations if d.ack_path]
    for d in acks:
        html = (out / d.ack_path).read_text(encoding="utf-8")
        assert '<p class="mine" lang="zh"><a href="../funds/index.html">' in html
        assert '<p class="mine" lang="en"><a href="../en/funds/index.html">' in html


def test_a_user_fragment_showing_more_of_the_fund_is_kept_up_to_date(books_copy, tmp_path, publish_to):
    """The ack cache fingerprints only what the shipped pages show; a user's fragment may show
    more (here the fund's balance), so its pages are fingerprinted on the whole fund."""
    out = tmp_path / "site"
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "_ack_fund_use.html").write_text('<p class="bal">{{ fund.balance }}</p>\n', encoding="utf-8")
    first = publish_to(out, books_copy, templates=tpl)
    d = next(x for x in first.model.donations if x.ack_path and x.fund.id == "GENERAL")
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(NEW_DONATION)
    second = publish_to(out, books_copy, templates=tpl)
    balance = next(f for f in second.model.funds if f.ref.id == "GENERAL").balance
    assert balance != next(f for f in first.model.funds if f.ref.id == "GENERAL").balance
    assert f'<p class="bal">{balance}</p>' in (out / d.ack_path).read_text(encoding="utf-8")
