"""Errors as data, the beancount way: (source, message, entry) tuples.

Plugins return them to the loader, so bean-check, Fava and `relief check` all show the same
list. `source` is the entry's metadata (filename and lineno).
"""

from __future__ import annotations

from typing import Any, NamedTuple


class ReliefError(Exception):
    """A user's mistake (bad input, books, files or options), not a bug in relief.

    Its message says what is wrong and what to do; the command line prints it and exits 1
    (cli: ReliefGroup). Anything that is not a ReliefError is a bug and goes to the
    crash file.
    """


class RuleError(NamedTuple):
    """One broken rule, pointing at the entry that breaks it."""

    source: dict[str, Any] | None
    message: str
    entry: Any


def location(error: Any) -> tuple[str, int]:
    """The (filename, line) an error points at, or ('<books>', 0) when it has none."""
    source = getattr(error, "source", None) or {}
    return str(source.get("filename", "<books>")), int(source.get("lineno", 0) or 0)


def format_error(error: Any) -> str:
    """`file:line: message` with the message's first line only (like bean-check)."""
    filename, lineno = location(error)
    message = str(getattr(error, "message", error)).strip()
    return f"{filename}:{lineno}: {message}"


class RuleWarning(NamedTuple):
    """Something to look at that does not make the books wrong (a name a spreadsheet would
    run as a formula). Beancount has no warning level: bean-check and Fava list it with the
    errors, its message starting with "Warning:"; `relief` commands keep it apart
    (`Books.warnings`): `relief check` prints it without failing, publish is not refused."""

    source: dict[str, Any] | None
    message: str
    entry: Any


def is_warning(error: Any) -> bool:
    """True for what the rules report as a warning (listed, but the books are not wrong)."""
    return isinstance(error, RuleWarning)
