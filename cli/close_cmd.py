"""`relief close BOOKS PERIOD`: record a reconciled period as closed."""

from __future__ import annotations

import click

from cli.click_words import ReliefCommand
from cli.common import CLOSE, books_argument, books_command
from cli.reconcile_cmd import period_option
from ledger.books import Books
from ledger.closes.close import close_period
from ledger.errors import bilingual, counted
from ledger.reconcile.report import build_report


@click.command(cls=ReliefCommand)
@books_argument
@click.argument("period_text", metavar="PERIOD")
@books_command(CLOSE, writes=True)
def close(books: Books, period_text: str) -> None:
    """Close PERIOD (2024-03, 2024-Q1 or 2024) of BOOKS.

    Refuses a period not ended yet, already closed, before the books begin, or up to whose
    end the books hold no transaction (new books: enter the opening balance and the
    period's entries first), and while `relief reconcile` fails for it. Otherwise records
    `custom "period-close"` with a digest of the period's entries in closes.beancount and
    the hash of each entry in closes/PERIOD.sha256; from then on `relief check` reports
    any entry dated in the period that is added, removed or altered (docs/closing.md).
    The books are loaded once more after writing, to check the close left them without new
    errors (else nothing is written).

    \b
    Examples:
      relief close mybooks 2026-03
      relief close mybooks 2026-Q1  a quarter: its months at once
    """
    period = period_option(period_text, hint="PERIOD")
    result = close_period(books, period, check=build_report)
    if result.side_file_only:
        click.echo(bilingual(f"{result.period} 早已结账，此后其分录未变（摘要 {result.digest[:16]}…）；其分录清单 {result.side_file} "
                             "缺失或损坏，已按账簿重新写出",
                             f"{result.period} was closed already and its entries are unchanged since (digest {result.digest[:16]}…); "
                             f"its list of them, {result.side_file}, was missing or damaged and is written again from the books."))
        return
    click.echo(bilingual(
        f"已结账 {result.period}：{result.entries} 条分录，摘要 {result.digest[:16]}… 记于 {result.closes_file}"
        + (f"（现由 {books.path.name} 包含）" if result.include_added else "")
        + f"；{result.side_file} 列出每条分录",
        f"Closed {result.period}: {counted(result.entries, 'entry', 'entries')}, digest {result.digest[:16]}… recorded in {result.closes_file}"
        + (f" (now included from {books.path.name})" if result.include_added else "")
        + f"; {result.side_file} lists each entry."
    ))
