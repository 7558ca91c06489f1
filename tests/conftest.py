"""Fixtures every test area shares."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from beancount import loader


@pytest.fixture
def load_doc(tmp_path: Path):
    """Turn a docstring ledger into loaded (entries, errors, options) through the real loader.

    The text is written to a file first, so errors carry a real filename and line.
    """

    def load(text: str, name: str = "main.beancount"):
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return loader.load_file(str(path))

    return load
