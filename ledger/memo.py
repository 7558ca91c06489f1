"""Compute once per set of loaded entries while the rules bundle runs.

Several rules need the same registry and settings. The bundle (`ledger.plugins.rules`)
opens `same_entries(entries)`; inside it, a function decorated with `@per_entries` and
called with that very list (the same object, unchanged in length) computes once and
returns the same result to every rule. Outside the bundle, or for any other list, the
function simply runs: a rule loaded alone, a test, or the publisher see no difference.
Nothing is kept after the bundle returns, so no result can outlive the entries it came from.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_ACTIVE: ContextVar[tuple[Any, int, dict] | None] = ContextVar("relief_same_entries", default=None)


@contextmanager
def same_entries(entries: list, results: dict | None = None) -> Iterator[None]:
    """While open, @per_entries functions called with `entries` compute once.

    Opened again on the same entries inside itself, the outer results are kept. `results`
    (a dict the caller owns, e.g. the Fava extension's per-load cache) keeps them beyond
    the block: the caller must drop it when the entries change.
    """
    if not isinstance(entries, list):
        yield
        return
    active = _ACTIVE.get()
    if results is None and active is not None and active[0] is entries and active[1] == len(entries):
        yield
        return
    token = _ACTIVE.set((entries, len(entries), {} if results is None else results))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def per_entries(function: Callable[[Any], T]) -> Callable[[Any], T]:
    """Decorate a function of the entries alone so that it runs once inside same_entries()."""

    @functools.wraps(function)
    def wrapper(entries, *args, **kwargs):
        active = _ACTIVE.get()
        if active is None or args or kwargs or active[0] is not entries or active[1] != len(entries):
            return function(entries, *args, **kwargs)
        results = active[2]
        if function not in results:
            results[function] = function(entries)
        return results[function]

    return wrapper


# --- notes kept with a cached load, for the load that extends it ------------------------

#: (notes this load leaves, notes of the load it extends, the entries appended since that
#: load, the rules' errors in that load or None)
_NOTES: ContextVar[tuple[dict, dict, tuple, tuple | None] | None] = ContextVar("relief_load_notes", default=None)


@contextmanager
def load_notes(keep: dict, earlier: dict | None = None, appended: tuple = (), earlier_errors: list | None = None) -> Iterator[None]:
    """While open, a rule may leave a note for a later load of the same books (kept with the
    cached load, ledger/load_cache.py) and read the note it left in the load this one only
    extends (`earlier`, with the entries `appended` since: ledger/incremental.py).
    `earlier_errors`, when given, are the errors the rules bundle (and nothing else) gave
    in that load, in its order (ledger/rules_appended.py splits them by rule).

    Outside such a block (bean-check, Fava, a rule loaded alone) rules leave nothing and
    find nothing: they compute everything, as always."""
    token = _NOTES.set((keep, dict(earlier or {}), tuple(appended), None if earlier_errors is None else tuple(earlier_errors)))
    try:
        yield
    finally:
        _NOTES.reset(token)


def leave_note(name: str, value: Any) -> None:
    """Keep `value` (plain, picklable data) under `name` for the next load that extends this one."""
    active = _NOTES.get()
    if active is not None:
        active[0][name] = value


def notes_kept() -> dict | None:
    """The dict this load's notes go into (ledger/rules_beside.py hands it to the parent), or None outside load_notes()."""
    active = _NOTES.get()
    return None if active is None else active[0]


def earlier_note(name: str) -> tuple[Any, tuple] | None:
    """(the note `name` left by the load this one extends, the entries appended since), or
    None when this load extends none or no such note was left."""
    active = _NOTES.get()
    if active is None or name not in active[1]:
        return None
    return active[1][name], active[2]


def earlier_errors() -> tuple | None:
    """The rules bundle's errors in the load this one extends, in order, if the caller
    handed them over (load_notes); None otherwise."""
    active = _NOTES.get()
    return None if active is None else active[3]
