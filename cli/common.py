"""Helpers the commands share: turning a BOOKS argument into loaded books or a clean error."""

from __future__ import annotations

import click

from ledger.books import Books, load_books


def open_books(path: str) -> Books:
    """Load BOOKS or stop with a one-line message (exit 1), never a traceback (BooksNotFound is
    a ReliefError: the group prints it)."""
    try:
        return load_books(path)
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot read the books ({exc.strerror or exc})") from None


books_argument = click.argument("books", metavar="BOOKS", type=click.Path())


def warn_foreign(books: Books) -> None:
    """Warn, as `relief check` does, when the books do not switch the rules on (foreign books)."""
    from ledger.conventions import rules_switched_on

    if not rules_switched_on(books):
        click.echo(
            f'warning: {books.path}: the rules are not switched on (no `plugin "ledger.plugins.rules"` in the main file), '
            "so nothing here has been checked against them; see docs/adopting.md",
            err=True,
        )
