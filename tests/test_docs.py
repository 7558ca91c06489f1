"""The README stays true: every command is documented, every linked doc exists."""

from __future__ import annotations

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
