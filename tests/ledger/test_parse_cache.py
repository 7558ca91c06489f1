"""ledger/parse_cache.py: unchanged large files are not parsed again, and nothing else changes."""

from __future__ import annotations

import os
import stat

import pytest
from beancount import loader

from ledger import parse_cache
from ledger.books import load_books

HEAD = """
option "operating_currency" "CNY"
include "txns.beancount"
2026-01-01 open Assets:Bank:Current CNY
2026-01-01 open Income:Donation:Individual CNY
2026-01-01 open Expenses:Aid:Relief CNY
"""


def _txns(n: int, extra: str = "") -> str:
    parts = []
    for i in range(n):
        day = 1 + i % 28
        parts.append(
            f'2026-02-{day:02d} * "捐赠人{i}" "gift {i}" #t{i % 3}\n'
            f'  ref: "R{i:05d}"\n'
            f"  Assets:Bank:Current        {i % 97 + 1}.{i % 100:02d} CNY\n"
            f"  Income:Donation:Individual\n"
        )
    return "\n".join(parts) + extra


@pytest.fixture
def books(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("RELIEF_PARSE_CACHE", str(cache))
    monkeypatch.setenv("RELIEF_LOAD_CACHE", "0")  # the whole-books cache would answer before any parse
    monkeypatch.setattr(parse_cache, "MIN_BYTES", 1000)
    root = tmp_path / "books"
    root.mkdir()
    (root / "main.beancount").write_text(HEAD, encoding="utf-8")
    (root / "txns.beancount").write_text(_txns(300), encoding="utf-8")
    monkeypatch.setenv("BEANCOUNT_DISABLE_LOAD_CACHE", "1")
    return root, cache


@pytest.fixture
def parses(monkeypatch):
    """The files beancount's parser really reads (cache misses)."""
    seen: list[str] = []
    parse_cache._install()
    original = parse_cache._original_parse_file

    def spy(file, *args, **kwargs):
        seen.append(kwargs.get("report_filename") or str(file))
        return original(file, *args, **kwargs)

    monkeypatch.setattr(parse_cache, "_original_parse_file", spy)
    return seen


def _plain(root):
    return loader.load_file(str(root / "main.beancount"))


def test_second_sighting_stores_third_load_is_answered_from_the_cache(books, parses):
    root, cache = books
    txns = str(root / "txns.beancount")
    load_books(root)
    assert not list(cache.glob("*.pickle")) and len(list(cache.glob("*.seen"))) == 1
    load_books(root)
    assert len(list(cache.glob("*.pickle"))) == 1
    parses.clear()
    third = load_books(root)
    assert txns not in parses  # the large file came from the cache
    entries, errors, options = _plain(root)
    assert third.entries == entries and third.errors == errors
    assert [e.meta for e in third.entries] == [e.meta for e in entries]
    assert {k: v for k, v in third.options.items() if k != "dcontext"} == {k: v for k, v in options.items() if k != "dcontext"}


def test_a_changed_file_is_parsed_again(books, parses):
    root, _cache = books
    for _ in range(3):
        load_books(root)
    with open(root / "txns.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-03-01 * "new gift"\n  Assets:Bank:Current  5.00 CNY\n  Income:Donation:Individual\n')
    parses.clear()
    after = load_books(root)
    assert str(root / "txns.beancount") in parses
    assert any(getattr(e, "narration", "") == "new gift" for e in after.entries)
    assert after.entries == _plain(root)[0]


def test_errors_in_a_cached_file_are_still_reported_with_their_line(books):
    root, _cache = books
    (root / "txns.beancount").write_text(_txns(300, '\n2026-03-01 * "bad"\n  Assets:Nowhere  5.00 CNY\n  Income:Donation:Individual\n'), encoding="utf-8")
    results = [load_books(root) for _ in range(3)]
    messages = [[(e.source["lineno"], e.message) for e in r.errors] for r in results]
    assert messages[0] and messages[0] == messages[1] == messages[2]
    assert any("Assets:Nowhere" in m for _line, m in messages[2])


def test_a_damaged_cache_file_is_only_a_miss(books, parses):
    root, cache = books
    for _ in range(2):
        load_books(root)
    (pickled,) = cache.glob("*.pickle")
    head = pickled.read_bytes().split(b"\n", 1)[0]
    pickled.write_bytes(head + b"\nnot a pickle")
    parses.clear()
    loaded = load_books(root)
    assert str(root / "txns.beancount") in parses
    assert loaded.entries == _plain(root)[0] and not loaded.errors
    parses.clear()
    assert load_books(root).entries == loaded.entries
    assert str(root / "txns.beancount") not in parses  # stored again, good this time


def test_a_cache_folder_that_cannot_be_used_is_only_a_miss(books, monkeypatch, parses):
    """RELIEF_PARSE_CACHE naming a file (or a folder that cannot be read): the books load as
    without a cache; before, the failed clean-up of the "damaged" slot stopped the command
    with "cannot read the books (Not a directory)"."""
    root, cache = books
    cache.write_text("not a folder", encoding="utf-8")
    loaded = load_books(root)
    assert str(root / "txns.beancount") in parses
    assert loaded.entries == _plain(root)[0] and not loaded.errors
    assert cache.read_text(encoding="utf-8") == "not a folder"


def test_cache_files_are_private(books):
    root, cache = books
    for _ in range(2):
        load_books(root)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    for f in cache.iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f


def test_switched_off_writes_nothing(books, monkeypatch, parses):
    root, cache = books
    monkeypatch.setenv("RELIEF_PARSE_CACHE", "0")
    for _ in range(3):
        load_books(root)
    assert not cache.exists()
    assert parses.count(str(root / "txns.beancount")) == 3


def test_small_files_and_plain_beancount_loads_are_left_alone(books, monkeypatch, parses):
    """Outside load_books (Fava, bean-check, the tests' own loads) nothing is cached."""
    root, cache = books
    for _ in range(3):
        _plain(root)
    assert not cache.exists()
    monkeypatch.setattr(parse_cache, "MIN_BYTES", 10**9)
    for _ in range(3):
        load_books(root)
    assert not cache.exists()


def test_old_cache_files_are_pruned(books):
    root, cache = books
    load_books(root)
    stale = cache / "0123456789abcdef.pickle"
    stale.write_bytes(b"x")
    long_ago = 1_000_000_000
    os.utime(stale, (long_ago, long_ago))
    load_books(root)
    assert not stale.exists()
