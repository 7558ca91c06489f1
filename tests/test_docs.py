"""The README stays true: every command is documented, every linked doc exists."""

from __future__ import annotations

import json
import re
from pathlib import Path

from cli import COMMANDS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme_table():
    documented = set(re.findall(r"^\| `relief (\w+)", README, flags=re.M))
    assert documented == set(COMMANDS)


def test_every_linked_document_exists():
    links = re.findall(r"\]\((docs/[^)]+)\)", README)
    assert links
    for link in links:
        assert (ROOT / link).is_file(), link


def test_readme_names_the_two_setup_commands():
    assert "make demo" in README and "make test" in README


def test_the_readmes_first_entries_pass_the_checks(tmp_path):
    """A treasurer who types the README's first entries into new books gets books that pass.
    (The README went from `relief init` to importing and publishing with no word of how a gift,
    an aid payment, a case or the money already in the bank is written.)"""
    from click.testing import CliRunner

    from cli import cli

    section = README[README.index("### The first entries") :]
    block = re.search(r"^```\n(.*?)^```", section, flags=re.M | re.S).group(1)
    assert 'custom "donor"' in block and 'custom "case"' in block and "Equity:Opening-Balances" in block
    assert "Expenses:Aid:" in block and "Income:Donation:" in block
    books = tmp_path / "mybooks"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    txns = books / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8") + "\n" + block, encoding="utf-8")
    result = runner.invoke(cli, ["check", str(books), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["errors"] == [] and report["warnings"] == [], report
