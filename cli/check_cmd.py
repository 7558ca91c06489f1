"""`relief check BOOKS`: the same errors bean-check and Fava show, plus missing conventions."""

from __future__ import annotations

import json
import sys

import click

from cli.common import CHECK, books_argument, books_command
from ledger.books import Books
from ledger.conventions import missing_conventions
from ledger.errors import format_error, location


@click.command()
@books_argument
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object: books, errors and warnings (each a list of "
              "{file, line, message}) and missing_conventions (a list of notes).")
@books_command(CHECK)
def check(books: Books, as_json: bool) -> None:
    """Check BOOKS against beancount's checks and the relief-fund rules.

    Exits 1 when there are errors. Warnings (a name a spreadsheet would run as a formula)
    and conventions the books do not follow (no funds, no rules plugin, ...) are listed;
    they do not fail the check.
    """
    notes = missing_conventions(books)
    if as_json:
        out = {
            "books": str(books.path),
            "errors": [
                {"file": f, "line": line, "message": str(e.message).strip()}
                for e in books.errors
                for f, line in [location(e)]
            ],
            "warnings": [
                {"file": f, "line": line, "message": str(e.message).strip()}
                for e in books.warnings
                for f, line in [location(e)]
            ],
            "missing_conventions": notes,
        }
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for error in books.errors:
            click.echo(format_error(error))
        for warning in books.warnings:
            click.echo(format_error(warning), err=True)
        for note in notes:
            click.echo(f"note: {note}", err=True)
        n = len(books.errors)
        w = len(books.warnings)
        also = f", {w} warning{'s' if w != 1 else ''}" if w else ""
        click.echo(f"{books.path}: {n} error{'s' if n != 1 else ''}{also}", err=True)
    sys.exit(1 if books.errors else 0)
