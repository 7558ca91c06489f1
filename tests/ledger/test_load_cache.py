"""ledger/load_cache.py: relief's commands answer from a cache of the loaded books only when
nothing they depend on changed: the books' files, what the rules read, the rules' code."""

from __future__ import annotations

import os
import shutil
import stat
import textwrap

import pytest

import ledger
from ledger import load_cache, tuple_pickle
from ledger.books import load_books
from ledger.timings import collecting

MAIN = """
option "operating_currency" "CNY"
option "documents" "documents"
plugin "ledger.plugins.closed_period"
include "txns/*.beancount"
2026-01-01 open Assets:Bank:Current CNY
2026-01-01 open Income:Donation:Individual CNY
2026-01-02 document Assets:Bank:Current "papers/statement.pdf"
"""

GIFT = """
2026-02-{day:02d} * "gift {day}"
  Assets:Bank:Current        {day}.00 CNY
  Income:Donation:Individual
"""


@pytest.fixture
def books(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("RELIEF_PARSE_CACHE", str(cache))
    monkeypatch.delenv("RELIEF_LOAD_CACHE", raising=False)
    root = tmp_path / "books"
    (root / "txns").mkdir(parents=True)
    (root / "documents").mkdir()
    (root / "papers").mkdir()
    (root / "papers" / "statement.pdf").write_bytes(b"%PDF")
    (root / "main.beancount").write_text(MAIN, encoding="utf-8")
    (root / "txns" / "2026.beancount").write_text("".join(GIFT.format(day=d) for d in range(1, 6)), encoding="utf-8")
    return root, cache / "loaded"


def load(root):
    """(books, 'hit' | 'miss') as relief's commands load them."""
    with collecting() as timings:
        loaded = load_books(root)
    outcome = [name.split(": ")[1] for name in timings.counts if name in ("load cache: hit", "load cache: miss")]
    assert len(outcome) == 1, timings.counts
    return loaded, outcome[0]


def narrations(loaded):
    return sorted(e.narration for e in loaded.entries if hasattr(e, "narration"))


def test_unchanged_books_are_read_back_and_equal_a_full_load(books):
    root, _folder = books
    first, outcome = load(root)
    assert outcome == "miss"
    again, outcome = load(root)
    assert outcome == "hit"
    assert again.entries == first.entries and again.errors == first.errors
    assert [e.meta for e in again.entries] == [e.meta for e in first.entries]
    assert {k: v for k, v in again.options.items() if k != "dcontext"} == {k: v for k, v in first.options.items() if k != "dcontext"}
    assert again.registry == first.registry


def test_beancounts_own_pickle_is_neither_written_nor_deleted(books, monkeypatch):
    root, _folder = books
    monkeypatch.delenv("BEANCOUNT_DISABLE_LOAD_CACHE", raising=False)
    for _ in range(2):
        load(root)
    assert not list(root.glob(".*picklecache"))
    theirs = root / ".main.beancount.picklecache"
    theirs.write_bytes(b"bean-check's own")
    load(root)
    (root / "txns" / "2026.beancount").write_text(GIFT.format(day=9), encoding="utf-8")
    load(root)
    assert theirs.read_bytes() == b"bean-check's own"


def test_a_changed_included_file_is_a_miss(books):
    root, _folder = books
    load(root)
    txns = root / "txns" / "2026.beancount"
    # same size and time as before: beancount's own cache could not tell
    text = txns.read_text(encoding="utf-8")
    stat_before = txns.stat()
    txns.write_text(text.replace('"gift 3"', '"gift X"'), encoding="utf-8")
    os.utime(txns, ns=(stat_before.st_atime_ns, stat_before.st_mtime_ns))
    loaded, outcome = load(root)
    assert outcome == "miss" and "gift X" in narrations(loaded)
    assert load(root)[1] == "hit"


def test_a_new_file_matching_an_include_pattern_is_a_miss(books):
    root, _folder = books
    load(root)
    (root / "txns" / "2027.beancount").write_text(GIFT.format(day=20).replace("2026-02", "2027-02"), encoding="utf-8")
    loaded, outcome = load(root)
    assert outcome == "miss" and "gift 20" in narrations(loaded)
    (root / "txns" / "2027.beancount").unlink()
    loaded, outcome = load(root)
    assert outcome == "miss" and "gift 20" not in narrations(loaded)


def test_a_changed_closes_file_is_a_miss(books):
    """The closed_period rule reads closes/: a side file without its close is an error."""
    root, _folder = books
    load(root)
    (root / "closes").mkdir()
    side = root / "closes" / "2026-01.sha256"
    side.write_text("# digest 00\n", encoding="utf-8")
    loaded, outcome = load(root)
    assert outcome == "miss" and any("2026-01" in str(e.message) for e in loaded.errors)
    assert load(root)[1] == "hit"
    side.write_text("# digest 01\n", encoding="utf-8")
    assert load(root)[1] == "miss"
    side.unlink()
    loaded, outcome = load(root)
    assert outcome == "miss" and not loaded.errors


def test_documents_the_plugins_read_are_part_of_the_key(books):
    root, _folder = books
    load(root)
    # a dated file in an account's folder becomes a document entry (beancount's documents plugin)
    folder = root / "documents" / "Assets" / "Bank" / "Current"
    folder.mkdir(parents=True)
    (folder / "2026-02-03.receipt.pdf").write_bytes(b"%PDF")
    loaded, outcome = load(root)
    assert outcome == "miss"
    assert any(getattr(e, "filename", "").endswith("2026-02-03.receipt.pdf") for e in loaded.entries)
    # the file a document entry names goes away: an error
    (root / "papers" / "statement.pdf").unlink()  # outside the documents folder
    loaded, outcome = load(root)
    assert outcome == "miss" and any("does not exist" in str(e.message) for e in loaded.errors)
    assert load(root)[1] == "hit"


SEAL = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'


def test_the_seal_image_the_settings_rule_reads_is_part_of_the_key(books, tmp_path):
    """The settings rule reads the seal image: deleted, spoilt or linked out of the books, it
    is an error in bean-check and Fava, and so in `relief check` (which said 0 errors, from
    this cache, when the image was outside the documents folder)."""
    root, _folder = books
    main = root / "main.beancount"
    main.write_text(MAIN + 'plugin "ledger.plugins.settings"\n2026-01-01 custom "relief-option" "seal" "seal.svg"\n', encoding="utf-8")
    seal = root / "seal.svg"
    seal.write_text(SEAL, encoding="utf-8")
    loaded, _ = load(root)
    assert not loaded.errors
    assert load(root)[1] == "hit"
    seal.unlink()
    loaded, outcome = load(root)
    assert outcome == "miss" and any("no such file" in str(e.message) for e in loaded.errors)
    seal.write_text("not an image", encoding="utf-8")
    loaded, outcome = load(root)
    assert outcome == "miss" and any("not a SVG image" in str(e.message) for e in loaded.errors)
    seal.write_text(SEAL, encoding="utf-8")
    loaded, outcome = load(root)
    assert outcome == "miss" and not loaded.errors
    assert load(root)[1] == "hit"
    outside = tmp_path / "outside.svg"
    outside.write_text(SEAL, encoding="utf-8")
    seal.unlink()
    seal.symlink_to(outside)
    loaded, outcome = load(root)
    assert outcome == "miss" and any("inside the books' folder" in str(e.message) for e in loaded.errors)


def test_an_option_named_by_an_amount_is_the_rules_error_not_a_crash(books):
    """`custom "relief-option" 12.50 CNY "x"`: beancount reads the name as an amount, which
    the settings rule reports on its line; looking for the seal among the options, the cache
    compared that amount with "seal" and crashed the command (an internal error)."""
    root, _folder = books
    main = root / "main.beancount"
    main.write_text(MAIN + 'plugin "ledger.plugins.settings"\n2026-01-01 custom "relief-option" 12.50 CNY "x"\n', encoding="utf-8")
    loaded, outcome = load(root)
    assert outcome == "miss" and loaded.errors
    assert load(root)[1] == "hit"


def test_a_change_to_the_rules_code_is_a_miss(books, tmp_path, monkeypatch):
    """An upgrade whose rules changed: the cache made by the old rules is not used."""
    root, _folder = books
    package = tmp_path / "package" / "ledger"
    shutil.copytree(os.path.dirname(ledger.__file__), package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(ledger, "__file__", str(package / "__init__.py"))
    load_cache.code_key.cache_clear()
    monkeypatch.setattr(load_cache.code_key, "cache_clear", load_cache.code_key.cache_clear)  # undone below
    try:
        assert load(root)[1] == "miss"
        assert load(root)[1] == "hit"
        rule = package / "plugins" / "closed_period.py"
        rule.write_text(rule.read_text(encoding="utf-8") + "\n# a new release of the rule\n", encoding="utf-8")
        load_cache.code_key.cache_clear()
        assert load(root)[1] == "miss"
        assert load(root)[1] == "hit"
    finally:
        load_cache.code_key.cache_clear()


def test_versions_are_part_of_the_key(monkeypatch):
    before = load_cache.code_key()
    real = load_cache._version
    for package in ("beancount", "relief-ledger"):
        monkeypatch.setattr(load_cache, "_version", lambda name, package=package: "0.0.0-other" if name == package else real(name))
        load_cache.code_key.cache_clear()
        assert load_cache.code_key() != before, package
    monkeypatch.setattr(load_cache, "_version", real)
    monkeypatch.setattr(load_cache.sys, "version", load_cache.sys.version + " (another build)")
    load_cache.code_key.cache_clear()
    assert load_cache.code_key() != before
    monkeypatch.undo()
    load_cache.code_key.cache_clear()
    assert load_cache.code_key() == before


def test_a_plugin_from_outside_is_keyed_by_its_source(books, monkeypatch):
    root, _folder = books
    (root / "my_plugin.py").write_text("__plugins__ = ('run',)\n\ndef run(entries, options_map):\n    return entries, []\n", encoding="utf-8")
    main = root / "main.beancount"
    main.write_text('option "insert_pythonpath" "TRUE"\nplugin "my_plugin"\n' + MAIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(root))
    assert load(root)[1] == "miss"
    assert load(root)[1] == "hit"
    (root / "my_plugin.py").write_text("__plugins__ = ('run',)\n\ndef run(entries, options_map):\n    return entries, []  # changed\n", encoding="utf-8")
    assert load(root)[1] == "miss"


def test_cache_files_are_private_and_a_damaged_one_is_only_a_miss(books):
    root, folder = books
    first, _ = load(root)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert files and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    (cached,) = folder.glob("*.pickle")
    cached.write_bytes(cached.read_bytes()[:-200])
    loaded, outcome = load(root)
    assert outcome == "miss" and loaded.entries == first.entries
    assert load(root)[1] == "hit"


@pytest.mark.parametrize("switch", ["RELIEF_LOAD_CACHE", "RELIEF_PARSE_CACHE"])
def test_switched_off_writes_nothing(books, monkeypatch, switch):
    root, folder = books
    monkeypatch.setenv(switch, "0")
    for _ in range(2):
        with collecting() as timings:
            load_books(root)
        assert not any(name.startswith("load cache") for name in timings.counts)
    assert not folder.exists()


def test_written_in_the_background_by_default(books, monkeypatch):
    root, folder = books
    monkeypatch.delenv("RELIEF_LOAD_CACHE_BACKGROUND")
    first, outcome = load(root)
    assert outcome == "miss"
    note = load_cache.wait_for_writer(root / "main.beancount")
    assert note is not None and note["cpu_s"] >= 0
    # the writer runs only on a core nothing else wants (it took turns with the publish's workers)
    assert note["idle"] == hasattr(os, "SCHED_IDLE")
    again, outcome = load(root)
    assert outcome == "hit" and again.entries == first.entries
    assert {f.suffix for f in folder.iterdir()} >= {".pickle", ".lock"}
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in folder.iterdir())


def test_a_deferred_write_starts_when_the_block_ends(books, monkeypatch):
    """publish defers the writer to the end of its work (it slowed the publish's workers)."""
    import gc

    root, folder = books
    monkeypatch.delenv("RELIEF_LOAD_CACHE_BACKGROUND")
    assert gc.isenabled()
    with load_cache.writes_deferred():
        first, outcome = load(root)
        assert outcome == "miss"
        assert not folder.exists() or not list(folder.glob("*.pickle"))
        assert load_cache.wait_for_writer(root / "main.beancount") is None  # no writer yet
    note = load_cache.wait_for_writer(root / "main.beancount")
    assert note is not None
    assert note["collector"] is False  # forked after the command's work, with its collector on again
    again, outcome = load(root)
    assert outcome == "hit" and again.entries == first.entries


def test_rule_errors_come_back_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RELIEF_PARSE_CACHE", str(tmp_path / "cache"))
    (tmp_path / "main.beancount").write_text(
        textwrap.dedent(
            """
            option "operating_currency" "CNY"
            plugin "ledger.plugins.rules"
            2026-01-01 open Assets:Bank:Basic CNY
            2026-01-01 open Income:Donation:Individual CNY
            2026-01-02 * "no fund, no donor"
              Assets:Bank:Basic        10.00 CNY
              Income:Donation:Individual
            """
        ),
        encoding="utf-8",
    )
    first, _ = load(tmp_path)
    again, outcome = load(tmp_path)
    assert outcome == "hit" and first.errors
    assert [(e.source["lineno"], e.message) for e in again.errors] == [(e.source["lineno"], e.message) for e in first.errors]


def test_read_back_without_calling_the_tuples_classes(books, monkeypatch):
    """The cached books are read back as the same named tuples (classes, fields, equality),
    without a call of Amount.__new__ or a named tuple's __new__ per object (ledger/tuple_pickle.py):
    that Python code per amount, posting and entry was a fifth of reading the cache."""
    from beancount.core import amount, data, position

    root, _folder = books
    first, outcome = load(root)
    assert outcome == "miss"
    calls = []
    for cls in (amount.Amount, data.Transaction, data.Posting, data.Open, data.Document):
        original = cls.__new__

        def counting(klass, *args, _original=original, **kwargs):
            calls.append(klass.__name__)
            return _original(klass, *args, **kwargs)

        monkeypatch.setattr(cls, "__new__", counting)
    again, outcome = load(root)
    assert outcome == "hit"
    monkeypatch.undo()
    assert calls == []
    assert again.entries == first.entries and again.errors == first.errors
    assert [type(e) for e in again.entries] == [type(e) for e in first.entries]
    postings = [(p, q) for e, f in zip(again.entries, first.entries, strict=True) if isinstance(e, data.Transaction)
                for p, q in zip(e.postings, f.postings, strict=True)]
    assert postings and all(type(p) is type(q) is data.Posting and type(p.units) is type(q.units) is amount.Amount
                            and p == q for p, q in postings)
    assert any(isinstance(e, data.Document) for e in again.entries)
    assert position.Cost in tuple_pickle.dispatch_table()
