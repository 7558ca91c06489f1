"""Fixtures every test area shares."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from beancount import loader


def pytest_configure(config):
    """pygal (the site's charts) puts an import hook into sys.meta_path that has only the
    old find_module API; pytest's importlib import mode asks every hook for find_spec, so a
    test module collected after pygal was imported failed with AttributeError. Give that
    hook a find_spec that defers to the other finders (pygal's map plugins are not used)."""
    import sys

    import pygal  # noqa: F401  (installs the hook)

    for finder in sys.meta_path:
        if type(finder).__name__ == "PluginImportFixer" and not hasattr(finder, "find_spec"):
            type(finder).find_spec = lambda self, *args, **kwargs: None


@pytest.fixture(autouse=True, scope="session")
def _private_parse_cache(tmp_path_factory):
    """Tests never read or write the user's caches of the books (ledger/parse_cache.py,
    ledger/load_cache.py); the load cache is written in the loading process itself (no
    background writer forked from a test process)."""
    import os

    before = os.environ.get("RELIEF_PARSE_CACHE")
    os.environ["RELIEF_PARSE_CACHE"] = str(tmp_path_factory.mktemp("parse-cache"))
    os.environ["RELIEF_LOAD_CACHE_BACKGROUND"] = "0"
    yield
    if before is None:
        os.environ.pop("RELIEF_PARSE_CACHE", None)
    else:
        os.environ["RELIEF_PARSE_CACHE"] = before


#: the log key every test publishes with (docs/verification.md), unless a test sets its own
TEST_LOG_KEY = "cmVsaWVmLWxlZGdlci10ZXN0cy1sb2cta2V5LTAxMjM="


@pytest.fixture(autouse=True, scope="session")
def _test_log_key():
    """Tests sign the log with a fixed key, never the user's (~/.config/relief-ledger/log-key)."""
    import os

    before = os.environ.get("RELIEF_LOG_KEY")
    os.environ["RELIEF_LOG_KEY"] = TEST_LOG_KEY
    yield
    if before is None:
        os.environ.pop("RELIEF_LOG_KEY", None)
    else:
        os.environ["RELIEF_LOG_KEY"] = before


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
