"""`relief verify SITE`: check a published site without the books (docs/verification.md)."""

from __future__ import annotations

import click

from cli.click_words import ReliefCommand
from cli.out_folder import OutFile


@click.command(cls=ReliefCommand)
@click.argument("site", metavar="SITE", type=click.Path())
@click.option("--page", help="An acknowledgement page to check: its path inside SITE (ack/….html) or a saved copy.")
@click.option("--code", help="The verification code printed on the letter: checked against the page; without --page, finds the page in SITE that shows it.")
@click.option("--since", type=OutFile(), help="A checkpoint saved earlier: the log must extend it.")
@click.option("--save-checkpoint", type=OutFile(), help="When everything verifies, save today's checkpoint to this file (for --since next time).")
def verify(site: str, page: str | None, code: str | None, since: str | None, save_checkpoint: str | None) -> None:
    """Check SITE (a folder: the published site or a downloaded copy) without the books.

    The manifest, the log's signature and entries, every earlier checkpoint, every closed
    period's roots against the gifts the site lists; with --page, one gift's proof; with
    --since, that nothing was rewritten since a checkpoint you saved. The same checks as
    the site's own verify/relief_verify.py. Exit status 1 when anything fails.

    \b
    Examples:
      relief verify site
      relief verify site --code ABCD-EFGH                     the gift whose letter prints this code
      relief verify site --save-checkpoint my-checkpoint.txt  the first time
      relief verify site --since my-checkpoint.txt            later: nothing was rewritten since
    """
    from ledger.transparency.verifier import EVERYTHING_VERIFIES, Site, VerifyError, bilingual, saved_line, verdict, verify_site
    from ledger.transparency.verifier import save_checkpoint as save_checkpoint_file

    if save_checkpoint is not None and not save_checkpoint.strip():
        # Why: an unset variable (`--save-checkpoint "$SAVED"`) saved nothing under "Everything verifies."
        raise click.ClickException(bilingual(
            "--save-checkpoint 为空（变量未设置？）；请给出保存今天检查点的文件，如 --save-checkpoint checkpoint.txt；尚未核验任何内容",
            "--save-checkpoint is empty (an unset variable?); give the file to save today's "
            "checkpoint to, e.g. --save-checkpoint checkpoint.txt; nothing was checked"))
    try:
        done, problems = verify_site(site, page, code, since)
    except VerifyError as exc:
        raise click.ClickException(str(exc)) from None
    for said in done:
        click.echo(verdict(True, said))
    for said in problems:
        click.echo(verdict(False, said))
    if problems:
        raise click.ClickException(bilingual(f"{len(problems)} 个问题：{site} 未通过核验", f"{len(problems)} problem(s): {site} does not verify"))
    if save_checkpoint is not None:
        try:
            save_checkpoint_file(save_checkpoint, Site(site).text("log/checkpoint"))
        except OSError as exc:
            raise click.ClickException(bilingual(f"{save_checkpoint}：无法保存检查点（{exc.strerror or exc}）",
                                                 f"{save_checkpoint}: cannot save the checkpoint ({exc.strerror or exc})")) from None
        click.echo(saved_line(save_checkpoint))
    click.echo(EVERYTHING_VERIFIES)
