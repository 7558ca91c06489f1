"""Books for the auditors' views, shared per module (loading is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.serve import make_app
from ledger.init_books import init_books
from tests.fava.samples import write_books


@pytest.fixture(scope="module")
def sample_books(tmp_path_factory) -> Path:
    return write_books(tmp_path_factory.mktemp("books") / "books")


@pytest.fixture(scope="module")
def empty_books(tmp_path_factory) -> Path:
    return init_books(tmp_path_factory.mktemp("empty") / "books", name_zh="空账簿", name_en="Empty", year=2026)


@pytest.fixture(scope="module")
def fava(sample_books):
    """Fava with the extension on the sample books (a module may define its own for other books)."""
    return make_app(sample_books)


@pytest.fixture(scope="module")
def client(fava):
    return fava.app.test_client()
