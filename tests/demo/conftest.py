"""Demo books shared per session: writing and loading them is the slow part."""

from __future__ import annotations

from pathlib import Path

import pytest
from beancount import loader

from ledger.demo import write_demo

SMALL = 800


@pytest.fixture(scope="session")
def small_demo(tmp_path_factory) -> Path:
    """Small demo books (seed 7); returns main.beancount."""
    main, _ = write_demo(tmp_path_factory.mktemp("demo") / "books", seed=7, transactions=SMALL)
    return main


@pytest.fixture(scope="session")
def small_loaded(small_demo):
    """(entries, errors, options) of the small demo books, through the real loader and rules."""
    loader.initialize(use_cache=False)
    return loader.load_file(str(small_demo))
