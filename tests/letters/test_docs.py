"""docs/letters.md stays true: every option of the commands and every template is described."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ledger.cli import cli

DOC = (Path(__file__).parents[2] / "docs" / "letters.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["letters", "report"])
def test_every_option_documented(command):
    help_text = CliRunner().invoke(cli, [command, "--help"]).output
    options = set(re.findall(r"(--[a-z][a-z-]+)", help_text)) - {"--help"}
    assert options
    for option in options:
        assert option in DOC, (command, option)


def test_every_template_documented():
    from publish.annual import STYLESHEET, TEMPLATE
    from publish.letters.render import TEMPLATE_NAMES

    for name in (*TEMPLATE_NAMES, TEMPLATE, STYLESHEET):
        assert f"`{name}`" in DOC, name
