"""`relief check BOOKS`: the same errors bean-check and Fava show, plus missing conventions."""

from __future__ import annotations

import json
import sys

import click

from cli.click_words import ReliefCommand
from cli.common import CHECK, books_argument, load_for
from importers.errors import both
from importers.unchecked import unchecked_note
from ledger.books import Books
from ledger.closes.open_corrections import open_period_warnings
from ledger.conventions import dated_after, missing_conventions
from ledger.errors import ReliefError, bilingual, format_error, labelled, location
from ledger.period import books_today


@click.command(cls=ReliefCommand)
@books_argument
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object: books, loaded (false when the books cannot "
              "be read at all: the reason is then the one error), errors and warnings (each a list of {file, line, message}), "
              "missing_conventions (a list of notes: conventions the books do not follow, transactions dated after today), "
              "privacy (notes on what relief publish would withhold or stop on) and "
              "unchecked_import (what to do about an import killed before its check, else null).")
def check(books: str, as_json: bool) -> None:
    """Check BOOKS against beancount's checks and the relief-fund rules.

    Exits 1 when there are errors. Warnings (a name a spreadsheet would run as a formula),
    conventions the books do not follow (no funds, no rules plugin, ...), transactions
    dated after today (a date typed wrong) and what `relief
    publish` would withhold or stop on to keep the people helped private are listed; they
    do not fail the check.

    The errors go to standard output (bean-check writes them to standard error); warnings, notes and the closing count
    (BOOKS: N errors) to standard error, so `relief check mybooks | less` pages the errors
    alone: the exit status is the result. To keep everything together: `relief check mybooks
    > check.txt 2>&1`, or --json (one object on standard output).

    \b
    Examples:
      relief check mybooks  errors with file:line, then warnings and notes
      relief check mybooks --json > check.json
    """
    try:
        loaded = load_for(books, CHECK)
    except (ReliefError, click.ClickException) as exc:
        if not as_json:
            raise
        # a program reading --json gets JSON here too (it got "Error: ..." on stderr and nothing on stdout)
        message = exc.format_message() if isinstance(exc, click.ClickException) else str(exc)
        click.echo(json.dumps({"books": books, "loaded": False, "errors": [{"file": None, "line": None, "message": message}],
                               "warnings": [], "missing_conventions": [], "privacy": [], "unchecked_import": None},
                               ensure_ascii=False, indent=2))
        click.echo(f"Error: {message}", err=True)  # the message itself is Chinese first
        sys.exit(1)
    _report(loaded, as_json)


def _report(books: Books, as_json: bool) -> None:
    """Print what the check found and exit (1 when the books have errors)."""
    notes = missing_conventions(books)
    future = dated_after(books, books_today())
    if future:
        notes.append(future)
    privacy = _privacy_notes(books)
    # a correction of an open period (ledger/closes/open_corrections.py): shown with the rules' warnings
    warnings = list(books.warnings) + open_period_warnings(books.entries, books.options)
    if as_json:
        out = {
            "books": str(books.path),
            "loaded": True,
            "errors": [
                {"file": f, "line": line, "message": str(e.message).strip()}
                for e in books.errors
                for f, line in [location(e)]
            ],
            "warnings": [
                {"file": f, "line": line, "message": str(e.message).strip()}
                for e in warnings
                for f, line in [location(e)]
            ],
            "missing_conventions": notes,
            "privacy": privacy,
            "unchecked_import": unchecked_note(books),  # an import killed before its check (None: none)
        }
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for error in books.errors:
            click.echo(format_error(error))
        for warning in warnings:
            click.echo(format_error(warning), err=True)
        for note in notes + privacy:
            click.echo(labelled("提示：", "note: ", note), err=True)
        stopped = unchecked_note(books)
        if stopped:
            said = both(stopped)  # Chinese first: 中止了…。 relief import of … was stopped …
            click.echo(labelled("错误：", "error: ", said) if books.errors else labelled("提示：", "note: ", said), err=True)
        n = len(books.errors)
        w = len(warnings)
        also = f", {w} warning{'s' if w != 1 else ''}" if w else ""
        click.echo(bilingual(f"{books.path}：{n} 个错误" + (f"，{w} 个警告" if w else ""),
                             f"{books.path}: {n} error{'s' if n != 1 else ''}{also}"), err=True)
    sys.exit(1 if books.errors else 0)


def _privacy_notes(books: Books) -> list[str]:
    """What `relief publish` would withhold or stop on (publish/withheld.py), for the books
    that load: the check is where the books and their private/cases.csv are."""
    from publish.model_builder import entry_reason
    from publish.withheld import privacy_notes

    return privacy_notes(books, entry_reason)
