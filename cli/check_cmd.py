"""`relief check BOOKS`: the same errors bean-check and Fava show, plus missing conventions."""

from __future__ import annotations

import json
import sys

import click

from cli.common import books_argument, open_books
from ledger.conventions import missing_conventions
from ledger.errors import format_error, location


@click.command()
@books_argument
@click.option("--json", "as_json", is_flag=True, help="Print the errors as JSON (a list of {file, line, message}).")
def check(books: str, as_json: bool) -> None:
    """Check BOOKS against beancount's checks and the relief-fund rules.

    Exits 1 when there are errors. Warnings (a name a spreadsheet would run as a formula)
    and conventions the books do not follow (no funds, no rules plugin, ...) are listed;
    they do not fail the check.
    """
    loaded = open_books(books)
    notes = missing_conventions(loaded)
    if as_json:
        out = {
            "books": str(loaded.path),
            "errors": [
                {"file": f, "line": line, "message": str(e.message).strip()}
                for e in loaded.errors
                for f, line in [location(e)]
            ],
            "warnings": [
                {"file": f, "line": line, "message": str(e.message).strip()}
                for e in loaded.warnings
                for f, line in [location(e)]
            ],
            "missing_conventions": notes,
        }
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for error in loaded.errors:
            click.echo(format_error(error))
        for warning in loaded.warnings:
            click.echo(format_error(warning), err=True)
        for note in notes:
            click.echo(f"note: {note}", err=True)
        n = len(loaded.errors)
        w = len(loaded.warnings)
        also = f", {w} warning{'s' if w != 1 else ''}" if w else ""
        click.echo(f"{loaded.path}: {n} error{'s' if n != 1 else ''}{also}", err=True)
    sys.exit(1 if loaded.errors else 0)
