"""`relief letters BOOKS --out DIR`: the private acknowledgement letters (and statements)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cli.common import LETTERS, books_argument, books_command
from cli.given_file import GivenFile
from cli.out_folder import OutFolder
from cli.templates_folder import TemplatesFolder
from ledger.books import Books
from ledger.files import write_failure


@click.command()
@books_argument
@click.option("--out", "out", required=True, type=OutFolder(file_okay=False, path_type=Path),
              help="Folder for the letters (private: keep it out of the public site).")
@click.option("--year", type=click.IntRange(1990, 2100), help="Only donations of this year.")
@click.option("--donor", metavar="ID", help="Only this donor's donations (a registry id, e.g. D0001).")
@click.option("--statements", is_flag=True, help="Also make each donor's yearly statement (statements/YEAR/DONOR.pdf).")
@click.option("--pdfa", is_flag=True, help="Make PDF/A-3b files (for archiving).")
@click.option("--jobs", type=click.IntRange(1, 256), help="Worker processes (default: every core this process may use, within a container's CPU quota).")
@click.option("--templates", "templates_dir", type=TemplatesFolder(),
              help="Your own template folder, looked up before the built-in one (letters/letter.html, ...).")
@click.option("--secret-file", type=GivenFile("or leave the option out to use $RELIEF_SITE_SECRET or the saved one"),
              help="The site secret that makes acknowledgement addresses (default: $RELIEF_SITE_SECRET or the user config).")
@books_command(LETTERS)
def letters(books: Books, out, year, donor, statements, pdfa, jobs, templates_dir, secret_file) -> None:
    """Make an acknowledgement letter (PDF) for each donation in BOOKS.

    Letters are private: they carry the donor's legal name and go to the donor only. Only
    letters whose content changed are made again (DIR/manifest.json records what each
    file was made from); the work uses every core. Books with errors make no letters: run
    `relief check BOOKS` and fix them first.

    \b
    Examples:
      relief letters mybooks --out letters               letters/2026/JZ-2026-00001.pdf, …
      relief letters mybooks --out letters --statements  and letters/statements/2026/D0001.pdf, …
      relief letters mybooks --out letters --donor D0001
    """
    from ledger.settings import is_example_url
    from letters.make import make_letters
    from letters.runner import Interrupted
    from publish.ack import NoKey, load_secret

    try:
        # Never a new secret: a letter is a formal receipt, and one made with a secret the site
        # is not published with points nowhere (`relief publish` makes it on first use).
        secret, where = load_secret(secret_file, books_root=books.root, create=False)
    except NoKey as missing:
        raise click.ClickException(
            f"no site secret ({missing.path} does not exist, --secret-file and $RELIEF_SITE_SECRET are not given), so no "
            "letter was made: a letter's QR code and verification code are made with the secret the site is published "
            "with, and a new one would be on no site. Give that secret (--secret-file FILE, or $RELIEF_SITE_SECRET); if "
            f"the site is not published yet, run `relief publish` first from this account (it makes {missing.path}), "
            "then the letters") from None
    if out.exists() and not out.is_dir():
        raise click.ClickException(f"{out}: exists and is not a folder; give a folder for the letters")
    try:
        result = make_letters(
            books, out, secret, year=year, donor=donor, statements=statements, pdfa=pdfa, jobs=jobs,
            templates_dir=templates_dir, progress=sys.stderr.isatty(),
        )
    except OSError as exc:
        raise click.ClickException(f"{out}: cannot write the letters ({write_failure(out, exc)})") from None
    except Interrupted as stopped:
        click.echo(f"Interrupted: {len(stopped.report.made)} of the {stopped.todo} documents to make were finished; they are "
                   f"kept and recorded in {out / 'manifest.json'}, and the next run makes only the others.", err=True)
        raise
    report = result.report
    if not books.settings.site_url and report.made:
        click.echo('warning: the relief-option "site_url" is not set, so the QR codes hold only a path '
                   '(ack/….html), not an address a phone can open; set it in settings.beancount', err=True)
    elif is_example_url(books.settings.site_url) and report.made:
        click.echo(f'warning: the relief-option "site_url" is {books.settings.site_url}, an example address (as the template '
                   "writes it) that reaches no site, so the QR codes lead nowhere; set your site's address in settings.beancount "
                   "before the letters go out", err=True)
    for note in result.letters.skipped:
        click.echo(f"skipped: {note}", err=True)
    for path, chars in sorted(report.missing_glyphs.items()):
        click.echo(f"warning: {out / path}: no font can draw {', '.join(chars)}; the PDF shows a blank box there", err=True)
    n_letters = len(result.letters.letters)
    if n_letters == 0 and not result.letters.skipped:
        what = " for " + " ".join(x for x in (f"donor {donor}" if donor else "", str(year) if year else "") if x) if (donor or year) else ""
        click.echo(f"No donations{what}; no letters made.")
        return
    n_skipped = len(result.letters.skipped)
    click.echo(
        f"{len(report.made)} made, {len(report.unchanged)} unchanged, {len(report.removed)} removed "
        f"({n_letters} letter{'s' if n_letters != 1 else ''}{_statements(len(result.letters.statements)) if statements else ''}"
        f"{f', {n_skipped} donation' + ('s' if n_skipped != 1 else '') + ' left out (listed above)' if n_skipped else ''}"
        f"{', ' + str(report.jobs) + ' workers' if report.jobs > 1 else ''}) in {out}"
    )
    click.echo(f"Acknowledgement addresses use the {where}.", err=True)


def _statements(n: int) -> str:
    """', 1 statement' / ', 3 statements' for the summary line."""
    return f", {n} statement{'s' if n != 1 else ''}"
