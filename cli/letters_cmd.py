"""`relief letters BOOKS --out DIR`: the private acknowledgement letters (and statements)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cli.click_words import ReliefCommand
from cli.common import LETTERS, books_argument, books_command
from cli.given_file import GivenFile
from cli.out_folder import OutFolder
from cli.templates_folder import TemplatesFolder
from ledger.books import Books
from ledger.errors import bilingual, labelled
from ledger.files import write_failure
from ledger.said import in_zh


@click.command(cls=ReliefCommand)
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
@click.option("--secret-file", type=GivenFile("or leave the option out to use $RELIEF_SITE_SECRET or the saved one", "或不写这个选项，以使用 $RELIEF_SITE_SECRET 或已保存的密钥"),
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
      relief letters mybooks --out donor-letters               donor-letters/2026/JZ-2026-00001.pdf, …
      relief letters mybooks --out donor-letters --statements  and donor-letters/statements/2026/D0001.pdf, …
      relief letters mybooks --out donor-letters --donor D0001
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
        raise click.ClickException(bilingual(
            f"没有站点密钥（{missing.path} 不存在，也没有给出 --secret-file 或 $RELIEF_SITE_SECRET），因此未生成任何致谢函：致谢函的二维码和核验码"
            "要用网站发布时所用的密钥生成，新密钥对应的网站并不存在。请给出该密钥（--secret-file FILE，或 $RELIEF_SITE_SECRET）；"
            f"如果网站尚未发布，请先用本账户运行 `relief publish`（它会生成 {missing.path}），再生成致谢函",
            f"no site secret ({missing.path} does not exist, --secret-file and $RELIEF_SITE_SECRET are not given), so no "
            "letter was made: a letter's QR code and verification code are made with the secret the site is published "
            "with, and a new one would be on no site. Give that secret (--secret-file FILE, or $RELIEF_SITE_SECRET); if "
            f"the site is not published yet, run `relief publish` first from this account (it makes {missing.path}), "
            "then the letters")) from None
    if out.exists() and not out.is_dir():
        raise click.ClickException(bilingual(f"{out}：已存在且不是文件夹；请为致谢函给出一个文件夹", f"{out}: exists and is not a folder; give a folder for the letters"))
    try:
        result = make_letters(
            books, out, secret, year=year, donor=donor, statements=statements, pdfa=pdfa, jobs=jobs,
            templates_dir=templates_dir, progress=sys.stderr.isatty(),
        )
    except OSError as exc:
        why = write_failure(out, exc)
        raise click.ClickException(bilingual(f"{out}：无法写入致谢函（{in_zh(why)}）", f"{out}: cannot write the letters ({why})")) from None
    except Interrupted as stopped:
        click.echo(bilingual(f"已中断：要生成的 {stopped.todo} 份文件中已完成 {len(stopped.report.made)} 份；它们已保留并记入 "
                             f"{out / 'manifest.json'}，下次运行只生成其余的",
                             f"Interrupted: {len(stopped.report.made)} of the {stopped.todo} documents to make were finished; they are "
                             f"kept and recorded in {out / 'manifest.json'}, and the next run makes only the others."), err=True)
        raise
    report = result.report
    if not books.settings.site_url and report.made:
        click.echo(bilingual('警告：relief-option "site_url" 未设置，因此二维码中只有路径（ack/….html），不是手机能打开的网址；请在 settings.beancount 中设置',
                             'warning: the relief-option "site_url" is not set, so the QR codes hold only a path '
                             '(ack/….html), not an address a phone can open; set it in settings.beancount'), err=True)
    elif is_example_url(books.settings.site_url) and report.made:
        click.echo(bilingual(f'警告：relief-option "site_url" 是 {books.settings.site_url}，这是模板写的示例网址，不通向任何网站，'
                             "因此二维码无处可去；请在致谢函寄出前于 settings.beancount 中设置本中心网站的网址",
                             f'warning: the relief-option "site_url" is {books.settings.site_url}, an example address (as the template '
                             "writes it) that reaches no site, so the QR codes lead nowhere; set your site's address in settings.beancount "
                             "before the letters go out"), err=True)
    for note in result.letters.skipped:
        click.echo(labelled("已跳过：", "skipped: ", note), err=True)
    for path, chars in sorted(report.missing_glyphs.items()):
        click.echo(bilingual(f"警告：{out / path}：没有字体能显示 {'、'.join(chars)}；PDF 在该处显示为空白方框",
                             f"warning: {out / path}: no font can draw {', '.join(chars)}; the PDF shows a blank box there"), err=True)
    n_letters = len(result.letters.letters)
    if n_letters == 0 and not result.letters.skipped:
        what = " for " + " ".join(x for x in (f"donor {donor}" if donor else "", str(year) if year else "") if x) if (donor or year) else ""
        what_zh = "".join(x for x in (f"捐赠人 {donor} " if donor else "", f"{year} 年" if year else ""))
        click.echo(bilingual(f"没有{what_zh}的捐赠；未生成致谢函" if what_zh else "没有捐赠；未生成致谢函", f"No donations{what}; no letters made."))
        return
    n_skipped = len(result.letters.skipped)
    n_statements = len(result.letters.statements)
    click.echo(bilingual(
        f"生成 {len(report.made)} 份，未变 {len(report.unchanged)} 份，删除 {len(report.removed)} 份"
        f"（致谢函 {n_letters} 封{f'，对账单 {n_statements} 份' if statements else ''}"
        f"{f'，{n_skipped} 笔捐赠未列入（见上）' if n_skipped else ''}"
        f"{f'，{report.jobs} 个工作进程' if report.jobs > 1 else ''}），在 {out}",
        f"{len(report.made)} made, {len(report.unchanged)} unchanged, {len(report.removed)} removed "
        f"({n_letters} letter{'s' if n_letters != 1 else ''}{_statements(n_statements) if statements else ''}"
        f"{f', {n_skipped} donation' + ('s' if n_skipped != 1 else '') + ' left out (listed above)' if n_skipped else ''}"
        f"{', ' + str(report.jobs) + ' workers' if report.jobs > 1 else ''}) in {out}"
    ))
    click.echo(bilingual(f"致谢地址使用的站点密钥来自 {where.removeprefix('site secret from ')}",
                         f"Acknowledgement addresses use the {where}."), err=True)


def _statements(n: int) -> str:
    """', 1 statement' / ', 3 statements' for the summary line."""
    return f", {n} statement{'s' if n != 1 else ''}"
