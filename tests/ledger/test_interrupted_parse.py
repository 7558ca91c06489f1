"""Ctrl-C or SIGTERM while beancount parses a books file stops the load.

beancount's parser (C) calls Python for each piece of an entry and turns any exception
raised there into a parse error, KeyboardInterrupt included. An interrupt that came while
a file was parsed was swallowed: the load went on without the entry being parsed, and the
command reported errors that are not in the books ("Balance failed … 700.00 too much"),
`relief close` refused the close for them, and the load cache kept that load, so every
later command, uninterrupted, saw the same false errors until a books file changed.
"""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest
from beancount.parser import grammar

from ledger.books import load_books

BOOKS = Path(__file__).parent.parent / "letters" / "books"


@pytest.fixture
def books(tmp_path, monkeypatch):
    monkeypatch.setenv("RELIEF_PARSE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("RELIEF_LOAD_CACHE_BACKGROUND", "0")
    root = tmp_path / "books"
    shutil.copytree(BOOKS, root)
    return root


@pytest.fixture
def terminate_interrupts():
    """SIGTERM raises KeyboardInterrupt, as in `relief` (cli.stop_on_terminate)."""

    def terminated(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminated)
    yield
    signal.signal(signal.SIGTERM, previous)


def _signal_on_the_tenth_amount(monkeypatch, sent):
    amount = grammar.Builder.amount

    def amount_then_signal(self, *args):
        sent.append(1)
        if len(sent) == 10:  # the signal comes in while the parser is in the middle of a file
            signal.raise_signal(signal.SIGTERM)
        return amount(self, *args)

    monkeypatch.setattr(grammar.Builder, "amount", amount_then_signal)


def test_an_interrupt_while_parsing_stops_the_load_and_is_not_cached(books, monkeypatch, terminate_interrupts):
    sent = []
    with monkeypatch.context() as patched:
        _signal_on_the_tenth_amount(patched, sent)
        with pytest.raises(KeyboardInterrupt):
            load_books(books)
    assert len(sent) >= 10
    again = load_books(books)  # uninterrupted: the books as they are, not the interrupted load
    monkeypatch.setenv("RELIEF_PARSE_CACHE", "0")
    uncached = load_books(books)
    assert again.errors == uncached.errors == [] and len(again.entries) == len(uncached.entries)


def test_the_signal_handlers_are_put_back(books, monkeypatch, terminate_interrupts):
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    load_books(books)
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before
