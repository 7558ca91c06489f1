"""A books file saved while relief read the books (Fava's editor or add-entry form saving
txns/2026.beancount: the file is emptied, then written again): a read between the two saw
an empty file, the load went on without its entries and no rule objected. `relief publish`
so replaced a site of 50 acknowledgement pages with one of 1 (exit status 0), every letter
already sent pointing nowhere until the next publish. Now a file whose size or time changed
between its read and the load's end is read again; the load is the books as saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from beancount.core import data
from click.testing import CliRunner

from cli import cli
from ledger import parse_cache
from ledger.books import load_books

GIFT = ('\n2026-03-02 * "某某机械制造有限公司" "捐款"\n  fund: "GENERAL"\n  donor: "D0001"\n  receipt: "JZ-2026-00001"\n'
        '  Assets:Bank:Basic  500.00 CNY\n  Income:Donation:Enterprise\n')


@pytest.fixture
def books(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(root), "--year", "2026"]).exit_code == 0
    with open(root / "registry" / "donors.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 custom "donor" "D0001" "enterprise"\n  name: "某某机械制造有限公司"\n')
    with open(root / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(GIFT)
    return root


def test_a_file_saved_while_the_books_are_read_is_read_again(books, monkeypatch):
    read = parse_cache.read_source
    saved: list[str] = []

    def fava_saving(name):
        content = read(name)
        if name.endswith("2026.beancount") and not saved:
            saved.append(name)
            Path(name).write_bytes(content)  # emptied, then written again: a new time
            return b""  # what a read between the two saw
        return content

    monkeypatch.setattr(parse_cache, "read_source", fava_saving)
    loaded = load_books(books)
    assert saved
    gifts = [e for e in loaded.entries if isinstance(e, data.Transaction) and e.meta.get("receipt") == "JZ-2026-00001"]
    assert len(gifts) == 1 and loaded.errors == []
