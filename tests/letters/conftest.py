"""Shared, expensive fixtures for the letters tests: the books and one full run, made once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

BOOKS = Path(__file__).parent / "books"
SECRET = b"letters-test-secret-0123456789"


@pytest.fixture(scope="session")
def books():
    from ledger.books import load_books

    loaded = load_books(BOOKS)
    assert not loaded.errors, [str(e.message) for e in loaded.errors]
    return loaded


@pytest.fixture(scope="session")
def letters_run(books, tmp_path_factory):
    """All letters and statements of the test books, made once with two workers."""
    from letters.make import make_letters

    out = tmp_path_factory.mktemp("letters")
    result = make_letters(books, out, SECRET, statements=True, jobs=2)
    return out, result


@pytest.fixture
def books_copy(tmp_path):
    """A writable copy of the test books (for tests that change them)."""
    target = tmp_path / "books"
    shutil.copytree(BOOKS, target)
    return target


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def squash(text: str) -> str:
    """Text without whitespace (pypdf may break a line anywhere in Chinese text)."""
    return "".join(text.split())


@pytest.fixture
def letters_out(tmp_path):
    """A new folder for a test's letters, beside (never around) its books: `relief letters`
    refuses a folder that holds other things and no letters, as tmp_path with books_copy does."""
    return tmp_path / "letters"
