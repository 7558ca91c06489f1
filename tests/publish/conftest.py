"""Fixtures for the publisher's tests: small hand-written books, a published site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ledger.books import load_books

HERE = Path(__file__).parent
SMALL = HERE / "books" / "small"
EXAMPLE = Path("/work/shared/fixtures/real/books/beancount-example.beancount")
TEST_SECRET = "publish-tests-secret-0123456789"


@pytest.fixture(autouse=True)
def _isolated_secret(monkeypatch, tmp_path_factory):
    """Never read or create the real user's site secret."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("RELIEF_SITE_SECRET", TEST_SECRET)


#: the system's Chromium, as the page tests drive it (playwright, no downloaded browser)
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for a module's page tests; skipped where the system has none."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("no system chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def small_books():
    return load_books(SMALL)


@pytest.fixture
def books_copy(tmp_path):
    """A private copy of the small books that a test may change."""
    dest = tmp_path / "books"
    shutil.copytree(SMALL, dest)
    return dest


def _publish(out: Path, books: Path = SMALL, allow_errors: bool = False, **kw):
    """Publish as `relief publish` does: the books loaded with the command's errors policy
    (cli/common.py: refused with errors unless allow_errors), then publish_books."""
    from cli.common import PUBLISH, load_for
    from publish.run import publish_books

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RELIEF_SITE_SECRET", TEST_SECRET)
        return publish_books(load_for(str(books), PUBLISH, {"allow_errors": allow_errors}), out, **kw)


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """The small books published once for the whole session (read-only for tests)."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = _publish(out)
    return out, result


@pytest.fixture
def publish_to():
    return _publish


def add_small_town(books: Path) -> None:
    """A small town's one household, the only employment aid of 2026 (2,345.00), added to a
    copy of the small books (tests of suppression: its cell and those around it)."""
    with (books / "registry" / "cases.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2026-01-02 custom "case" "C0099" "enrolled"\n  unit: "青山镇工会"\n  cause: "disaster"\n  household: 1\n')
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2026-09-20 * "就业援助"\n  fund: "GENERAL"\n  approval: "SP-2026-0999"\n  case: "C0099"\n'
                '  Expenses:Aid:Employment   2345.00 CNY\n  Assets:Bank:Basic\n')
