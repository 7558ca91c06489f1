"""docs/publishing.md stays true: page contexts, blocks, datasets and CLI options."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from cli import cli
from publish import pages
from publish.environment import shipped_templates
from publish.opendata import DATASETS

DOC = (Path(__file__).parents[2] / "docs" / "publishing.md").read_text(encoding="utf-8")


def _context_table() -> dict[str, tuple[str, ...]]:
    section = DOC.split("## The context each page receives", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+\.html)` \| ([^|]*)\|$", section, re.M)
    return {t: tuple(re.findall(r"`([a-z_]+)`", ctx)) for t, ctx in rows}


def test_every_template_context_is_documented():
    assert _context_table() == pages.PAGE_CONTEXT


def test_pages_render_exactly_the_documented_context(small_books):
    """Render contexts built by publish/pages.py hold the documented names and nothing more."""
    from publish.model_builder import build_public_model

    model = build_public_model(small_books, b"docs-test-secret-0123456789")
    seen = {}
    for spec in pages.site_pages(model, []):
        seen.setdefault(spec.template, set()).update(spec.context)
    for template, names in seen.items():
        assert names == set(pages.PAGE_CONTEXT[template]), template
    assert set(seen) == set(pages.PAGE_CONTEXT)


def test_common_context_documented():
    for name in pages.COMMON_CONTEXT:
        assert f"| `{name}` |" in DOC


def test_every_dataset_and_column_documented():
    for name, (_desc, columns) in DATASETS.items():
        assert f"### `{name}`" in DOC
        for column, _meaning in columns:
            assert f"| `{column}` |" in DOC, (name, column)


def test_every_cli_option_documented():
    help_text = CliRunner().invoke(cli, ["publish", "--help"]).output
    for option in re.findall(r"(--[a-z-]+)", help_text):
        if option != "--help":
            assert option in DOC, option


def test_base_blocks_documented():
    base = (shipped_templates() / "base.html").read_text(encoding="utf-8")
    for block in re.findall(r"{% block (\w+) %}", base):
        assert f"`{block}`" in DOC, block


LAYOUT = " ".join(DOC.split("## Layout guarantees", 1)[1].split("\n## ", 1)[0].split())
TEMPLATES = Path(__file__).parents[2] / "site_templates"


def test_layout_guarantees_hold_in_the_templates():
    """Every table of every page template sits in the scroll region the docs describe."""
    region = re.compile(r'<div class="scroll" tabindex="0" role="region" aria-label="(?:\{\{.*?\}\}|[^"{]+)">\s*<table\b')
    assert '<div class="scroll" tabindex="0" role="region"' in LAYOUT
    for path in sorted(TEMPLATES.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert len(re.findall(r"<table\b", text)) == len(region.findall(text)), path.name


def test_layout_guarantees_name_the_checks_that_keep_them():
    from importlib import util

    spec = util.spec_from_file_location("layout", Path(__file__).parent / "test_layout.py")
    layout = util.module_from_spec(spec)
    spec.loader.exec_module(layout)
    assert f"{layout.PHONE} px" in LAYOUT and f"{layout.DESKTOP} px" in LAYOUT
    assert "tests/publish/test_layout.py" in LAYOUT and "tests/letters/test_pdf_margins.py" in LAYOUT
    assert "tests/axe/package-lock.json" in LAYOUT
    css = (TEMPLATES / "assets" / "site.css").read_text(encoding="utf-8")
    width = re.search(r"\.wrap \{ max-width: (\d+)px", css)
    assert width and f"at most {width.group(1)} px" in LAYOUT
    assert ".section-aid main" not in css  # the aid pages use the same grid
    assert "min-width: 6em" in css and "min-width: 8em" in css and "at least 6em, 8em in English" in LAYOUT


BOOKS_DOC = (Path(__file__).parents[2] / "docs" / "books.md").read_text(encoding="utf-8")


def test_about_settings_documented():
    from ledger.settings import LICENCES, PUBLIC_FACTS

    section = DOC.split("## About the centre", 1)[1].split("\n## ", 1)[0]
    table = dict(re.findall(r"^\| `([a-z_]+)` \| ([^|]+)\|$", section, re.M))
    assert set(table) == set(PUBLIC_FACTS) | {"licence", "org_id"}
    for key, (zh, en) in PUBLIC_FACTS.items():
        assert en in table[key] and zh in table[key], key
        assert f"`{key}`" in BOOKS_DOC, key
    for licence in LICENCES:
        assert f"`{licence}`" in BOOKS_DOC, licence


def test_disclosure_statuses_and_narrative_documented():
    from publish.about import NARRATIVE_DIR, NARRATIVE_MAX_CHARS
    from publish.model import STATUS_LABELS

    section = DOC.split("## About the centre", 1)[1].split("\n## ", 1)[0]
    for status in STATUS_LABELS:
        assert f"(`{status}`" in section, status
    assert f"`{NARRATIVE_DIR}/YYYY.md`" in section and f"{NARRATIVE_MAX_CHARS:,}" in section


def test_grant_codes_documented():
    from publish.model_builder import GRANT_CODES, GRANT_CODES_OTHER

    section = DOC.split("### `data/grants.csv`", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| (`Expenses:[A-Za-z:]+`|any other) \| (GTIR\d+) \| (GTIP\d+) \|$", section, re.M)
    documented = {cat.strip("`"): (reason, purpose) for cat, reason, purpose in rows}
    assert documented.pop("any other") == GRANT_CODES_OTHER
    assert documented == GRANT_CODES


def test_every_navigation_page_is_in_the_pages_table():
    section = DOC.split("## Pages", 1)[1].split("\n## ", 1)[0]
    for target, _section, _label in pages.NAV:
        assert f"`{target}`" in section, target


def test_every_rule_module_is_in_the_books_rules_table():
    from ledger.plugins.rules import RULES

    section = BOOKS_DOC.split("## The rules", 1)[1].split("\n## ", 1)[0]
    for rule in RULES:
        assert f"| `{rule.__module__.rsplit('.', 1)[1]}` |" in section, rule.__module__


def test_statement_of_changes_is_described_as_published(published):
    """The documented lines of the statement of changes in funds are the lines every surface
    shows: the `data-figure` names on the pages, the `line` values of statement.csv, the
    computation's fields, and the fund statuses."""
    import csv
    import io

    from ledger.funds import FundChange

    section = DOC.split("## The statement of changes in funds", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\|([^|]+)\|[^|]+\|[^|]*\|$", section, re.M)[2:]
    assert [r.strip().lstrip("+−±= ") for r in rows] == ["opening balance", "raised", "spent", "transfers between funds", "closing balance"]
    figures = re.search(r"`data-figure` \(([^)]*)\)", section).group(1)
    names = re.findall(r"`(\w+)`", figures)
    assert names == ["opening", "raised", "spent", "transfers", "closing"]
    site_dir, _ = published
    home = (site_dir / "index.html").read_text("utf-8")
    assert re.findall(r'data-figure="(\w+)"', home)[:5] == names
    lines = {r["line"] for r in csv.DictReader(io.StringIO((site_dir / "data" / "statement.csv").read_text("utf-8-sig")))}
    assert lines == {"opening", "source", "use", "transfer", "closing"}
    for prop in ("opening", "carried_over", "raised", "spent", "transferred", "closing"):
        assert isinstance(getattr(FundChange, prop), property), prop
    assert "**closed** (已结束)" in section and "**ended** (已到期，结余待处理)" in section
    assert "已结束" in (site_dir / "funds" / "index.html").read_text("utf-8")


def test_the_template_lookup_example_works_as_written(tmp_path, publish_to):
    """docs/publishing.md's example override promised "our own logo in the head" but linked
    the stylesheet as the page's icon (`rel="icon" href=…site.css`), and nothing said where a
    logo file goes. Written where its comment says, with each file it links made in the
    folder the doc names, it publishes pages whose head links files the site holds, an icon
    to an image."""
    section = DOC.split("## Template lookup order", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"^```\n(.*?)^```", section, re.M | re.S).group(1)
    name = re.match(r"\{# (\S+): ", block).group(1)
    tpl = tmp_path / name.split("/")[0]
    tpl.mkdir()
    (tmp_path / name).write_text(block, encoding="utf-8")
    for linked in re.findall(r"asset\('([^']+)'\)", block):
        assert f"{name.split('/')[0]}/{linked}" in section, linked  # the doc says where the file goes
        (tpl / linked).parent.mkdir(parents=True, exist_ok=True)
        (tpl / linked).write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    out = tmp_path / "site"
    publish_to(out, templates=tpl)
    head = (out / "funds" / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    links = re.findall(r'<link rel="([^"]+)" href="\.\./([^"]+)"', head)
    icons = [href for rel, href in links if rel == "icon"]
    assert icons and all(href.endswith((".svg", ".png", ".ico")) for href in icons), links
    assert all((out / href).is_file() for _rel, href in links), links

