"""`relief reconcile BOOKS [--period 2024-03] [--html FILE]`: the month-end reconciliation."""

from __future__ import annotations

import sys

import click

from cli.click_words import ReliefCommand
from cli.common import RECONCILE, books_argument, books_command, check_output_file
from cli.out_folder import OutFile
from ledger.books import Books
from ledger.closes.close import before_the_books
from ledger.errors import bilingual
from ledger.files import folder_in_the_way, write_failure
from ledger.period import ONE_DAY, PeriodError, month_of, parse_period
from ledger.reconcile.report import NothingToReconcile, build_report, default_period
from ledger.said import both, halves, in_zh


def period_option(text: str | None, hint: str = "--period"):
    """Parse a period given on the command line, or stop with the accepted forms (exit 2)."""
    try:
        return None if text is None else parse_period(text)
    except PeriodError as exc:
        raise click.BadParameter(both(exc.args[0]), param_hint=hint) from None  # Chinese first (cli/click_words.py)


@click.command(cls=ReliefCommand)
@books_argument
@click.option("--period", "period_text", metavar="PERIOD", help="2024-03 (a month), 2024-Q1 (a quarter) or 2024 (a year). Default: the last month with transactions.")
@click.option("--html", "html_path", type=OutFile(writable=True), help="Also write a printable HTML report to this file.")
@books_command(RECONCILE)
def reconcile(books: Books, period_text: str | None, html_path: str | None) -> None:
    """Reconcile a period of BOOKS: bank and cash against statements, statement coverage,
    entries waiting for a decision, donations without receipts, aid without approvals,
    goods against counts, and funds against net assets; then every asset and liability
    account the books hold at the period's end, money in transit and what is owed entry by
    entry, with a warning for what is older than the settings' days.

    Exits 1 when anything does not reconcile (docs/closing.md).

    \b
    Examples:
      relief reconcile mybooks --period 2026-03                 March 2026, printed
      relief reconcile mybooks --period 2026-Q1 --html q1.html  also a printable page
    """
    period = period_option(period_text)
    if html_path is not None:
        check_output_file(html_path, books, what="the reconciliation report", kind="an HTML page", option="--html",
                          suffixes=(".html", ".htm"), what_zh="对账报告", kind_zh="HTML 网页")
        in_the_way = folder_in_the_way(html_path)
        if in_the_way:  # said before the reconciliation runs and prints, not after it
            raise click.ClickException(bilingual(f"{html_path}：无法写入报告（{in_zh(in_the_way)}）", f"{html_path}: cannot write the report ({in_the_way})"))
    defaulted = period is None
    if period is None:
        try:
            period = default_period(books.entries)
        except NothingToReconcile as exc:
            zh, en = halves(exc)
            raise click.ClickException(bilingual(f"{books.path}：{zh}", f"{books.path}: {en}")) from None
    early = before_the_books(books.entries, period, "to reconcile", "对账的内容")
    if early:  # it "reconciled": nothing was there to check, and a period typed wrong passed
        raise click.ClickException(early)
    report = build_report(books, period)

    from ledger.reconcile.terminal import render

    click.echo(render(report))
    if defaulted and report.running and period.start.year > 1:
        # Why: at month end, with the new month's first rows imported, the default was the
        # new month, and nothing said how to reconcile the one just ended
        before = month_of(period.start - ONE_DAY)
        click.echo(bilingual(f"未给出 --period：{period} 是有分录的最后一个月，且尚未结束；要对上个月对账，用句末的命令",
                             f"No --period given: {period} is the last month with entries, and it has not ended; "
                             f"to reconcile the month before: relief reconcile {books.path} --period {before}"))
    if html_path is not None:
        from ledger.reconcile.html import write_html

        try:
            write_html(report, html_path)
        except OSError as exc:
            why = write_failure(html_path, exc)
            raise click.ClickException(bilingual(f"{html_path}：无法写入报告（{in_zh(why)}）", f"{html_path}: cannot write the report ({why})")) from None
        click.echo(bilingual(f"报告已写入 {html_path}", f"Report written to {html_path}"), err=True)
    sys.exit(0 if report.ok else 1)
