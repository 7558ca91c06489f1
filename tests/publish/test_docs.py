"""docs/publishing.md stays true: page contexts, blocks, datasets and CLI options."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from ledger.cli import cli
from publish import site
from publish.opendata import DATASETS

DOC = (Path(__file__).parents[2] / "docs" / "publishing.md").read_text(encoding="utf-8")


def _context_table() -> dict[str, tuple[str, ...]]:
    section = DOC.split("## The context each page receives", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+\.html)` \| ([^|]*)\|$", section, re.M)
    return {t: tuple(re.findall(r"`([a-z_]+)`", ctx)) for t, ctx in rows}


def test_every_template_context_is_documented():
    assert _context_table() == site.PAGE_CONTEXT


def test_pages_render_exactly_the_documented_context(small_books):
    """Render contexts built by site.py hold the documented names and nothing more."""
    from publish.model import build_public_model

    model = build_public_model(small_books, b"docs-test-secret-0123456789")
    seen = {}
    for spec in site._pages(model, []):
        seen.setdefault(spec.template, set()).update(spec.context)
    for template, names in seen.items():
        assert names == set(site.PAGE_CONTEXT[template]), template
    assert set(seen) == set(site.PAGE_CONTEXT)


def test_common_context_documented():
    for name in site.COMMON_CONTEXT:
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
    base = (site.shipped_templates() / "base.html").read_text(encoding="utf-8")
    for block in re.findall(r"{% block (\w+) %}", base):
        assert f"`{block}`" in DOC, block


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
