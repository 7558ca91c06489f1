"""ledger/books.py: loading pauses the cyclic garbage collector and always restores it."""

from __future__ import annotations

import gc

import pytest

from ledger import books as books_mod
from ledger.books import load_books

BOOKS = """
option "operating_currency" "CNY"
2026-01-01 open Assets:Bank:Current CNY
2026-01-01 open Income:Donation:Individual CNY
2026-01-02 * "gift"
  Assets:Bank:Current        10.00 CNY
  Income:Donation:Individual
"""


@pytest.mark.parametrize("enabled_before", [True, False])
def test_load_restores_the_collectors_state(tmp_path, enabled_before):
    (tmp_path / "main.beancount").write_text(BOOKS, encoding="utf-8")
    seen = []
    original = books_mod.load_cache.load

    def spying(*args, **kwargs):
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    was = gc.isenabled()
    try:
        gc.enable() if enabled_before else gc.disable()
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(books_mod.load_cache, "load", spying)
            loaded = load_books(tmp_path)
        assert seen == [False]  # paused while beancount loads
        assert gc.isenabled() is enabled_before
        assert len(loaded.entries) == 3 and not loaded.errors
    finally:
        gc.enable() if was else gc.disable()


def test_collector_is_restored_when_loading_fails(tmp_path, monkeypatch):
    (tmp_path / "main.beancount").write_text(BOOKS, encoding="utf-8")

    def failing(*args, **kwargs):
        raise MemoryError("boom")

    monkeypatch.setattr(books_mod.load_cache, "load", failing)
    assert gc.isenabled()
    with pytest.raises(MemoryError):
        load_books(tmp_path)
    assert gc.isenabled()


def test_loaded_books_are_left_out_of_the_collectors_walks(tmp_path):
    """The books live as long as the command: they go to the permanent generation, so the
    collector's next run does not walk every entry (gc.freeze)."""
    (tmp_path / "main.beancount").write_text(BOOKS, encoding="utf-8")
    gc.unfreeze()
    try:
        loaded = load_books(tmp_path)
        assert gc.get_freeze_count() > 0
        tracked = {id(o) for o in gc.get_objects()}  # the generations the collector walks
        assert id(loaded.entries) not in tracked and id(loaded.entries[-1].postings) not in tracked
    finally:
        gc.unfreeze()
