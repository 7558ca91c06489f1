"""docs/letters.md stays true: every option of the commands and every template is described."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli

DOC = (Path(__file__).parents[2] / "docs" / "letters.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["letters", "report"])
def test_every_option_documented(command):
    help_text = CliRunner().invoke(cli, [command, "--help"]).output
    options = set(re.findall(r"(--[a-z][a-z-]+)", help_text)) - {"--help"}
    assert options
    for option in options:
        assert option in DOC, (command, option)


def test_every_template_documented():
    from letters.render import TEMPLATE_NAMES
    from publish.annual import STYLESHEET, TEMPLATE

    for name in (*TEMPLATE_NAMES, TEMPLATE, STYLESHEET):
        assert f"`{name}`" in DOC, name


BOOKS_DOC = (Path(__file__).parents[2] / "docs" / "books.md").read_text(encoding="utf-8")
ROOT = Path(__file__).parents[2]


def test_official_receipt_keys_are_documented_where_the_letter_reads_them():
    from letters.model import TAX_RECEIPT_KEYS, tax_receipt_of

    for key in TAX_RECEIPT_KEYS:
        assert f"{key}:" in DOC, key
        assert f"| `{key}` |" in BOOKS_DOC, key
    # the example in docs/letters.md reads as the letter reads it
    example = dict(re.findall(r'^  (tax_receipt\w*): "([^"]+)"', DOC, re.M))
    tr = tax_receipt_of(example)
    assert tr is not None and (tr.code, tr.number, tr.check) == (
        example["tax_receipt_code"], example["tax_receipt"], example["tax_receipt_check"])


def test_seal_policy_as_documented():
    """No seal unless the centre supplies one; the demo's sample mark; its size on the page."""
    from ledger.demo.write import SAMPLE_SEAL
    from ledger.seal import MIME_TYPES, sample_mark_svg

    assert "no seal at all" in DOC and "**only when the centre supplies its own image**" in DOC
    assert f"`{SAMPLE_SEAL}`" in DOC
    assert all(word in sample_mark_svg() for word in ("样章", "SAMPLE", "demo only"))
    assert "样章 / SAMPLE / 演示数据 · demo only" in DOC
    for ext in ("PNG", "JPEG", "GIF", "SVG"):
        assert f".{ext.lower()}" in MIME_TYPES or (ext == "JPEG" and ".jpg" in MIME_TYPES)
    css = (ROOT / "site_templates" / "letters" / "letters.css").read_text(encoding="utf-8")
    size = re.search(r"\.signature \.seal \{[^}]*max-width: (\d+)mm; max-height: (\d+)mm", css)
    assert size and f"at most {size.group(1)} × {size.group(2)} mm" in DOC
    assert "position: absolute" not in css.split(".signature", 1)[1].split("}", 2)[0]  # not laid over the text
    assert 'reachable: "no"' in DOC and 'reachable: "no"' in BOOKS_DOC
    assert 'letter: "no"' in DOC


def test_named_test_files_exist():
    for text in (DOC, (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")):
        for path in re.findall(r"(tests/[\w/]+\.py)", text):
            assert (ROOT / path).is_file(), path


def test_documented_pdf_margins_are_the_stylesheets():
    for css, mm in (("letters/letters.css", "20 mm"), ("report/annual.css", "18 mm")):
        text = (ROOT / "site_templates" / css).read_text(encoding="utf-8")
        m = re.search(r"@page\s*{[^}]*?margin:\s*([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm", text)
        assert m and m.group(2) == m.group(4) == mm.split()[0], css
        assert mm in DOC
