"""`relief publish BOOKS --out DIR`: the public transparency site (docs/publishing.md)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from cli.click_words import ReliefCommand
from cli.common import PUBLISH, books_argument, load_for, warn_foreign
from cli.given_file import GivenFile
from cli.out_folder import OutFolder
from cli.templates_folder import TemplatesFolder
from ledger.errors import bilingual, counted, labelled
from ledger.said import halves
from ledger.timings import collecting


@click.command(cls=ReliefCommand)
@books_argument
@click.option("--out", "out", required=True, type=OutFolder(file_okay=False), help="Folder of the site; replaced as a whole, atomically. Hosting files (CNAME, .nojekyll, .htaccess, _headers, _redirects, "
              "robots.txt, .well-known/) are kept; a folder holding other files publish did not write is refused.")
@click.option("--templates", type=TemplatesFolder(), help="Your own templates; a file here overrides the shipped one of the same name.")
@click.option("--allow-errors", is_flag=True, help="Publish even when the books have errors (not recommended).")
@click.option("--allow-foreign", is_flag=True, help="Publish books that declare no centre or no funds (someone else's books; see docs/adopting.md).")
@click.option("--secret-file", type=GivenFile("or leave the option out to use $RELIEF_SITE_SECRET or the saved one", "或不写这个选项，以使用 $RELIEF_SITE_SECRET 或已保存的密钥"), help="Key for acknowledgement addresses (else $RELIEF_SITE_SECRET, else ~/.config/relief-ledger/site-secret).")
@click.option("--log-key-file", type=GivenFile("or leave the option out to use $RELIEF_LOG_KEY or the saved one", "或不写这个选项，以使用 $RELIEF_LOG_KEY 或已保存的密钥"), help="Ed25519 key that signs the log's checkpoints (else $RELIEF_LOG_KEY, else ~/.config/relief-ledger/log-key); docs/verification.md.")
@click.option("--no-acknowledgements", "no_ack", is_flag=True, help="Leave out the per-donation acknowledgement pages (no key needed).")
@click.option("--no-report-pdf", "no_report", is_flag=True, help="Leave out the annual report PDFs (reports/annual-YEAR.pdf, docs/letters.md).")
@click.option("--jobs", type=click.IntRange(1, 256), help="Processes to render with (default: every core this process may use, within a container's CPU quota); 1 renders everything in one process.")
@click.option("--timings", is_flag=True, help="Print where the time went (phases, cache hits) on stderr.")
def publish(books: str, out: str, templates: str | None, allow_errors: bool, allow_foreign: bool, secret_file: str | None, log_key_file: str | None, no_ack: bool, no_report: bool, jobs: int | None, timings: bool) -> None:
    """Publish BOOKS as a static bilingual website in --out.

    Refuses books with errors unless --allow-errors. Publishing unchanged books again
    changes no byte; after new entries only the pages that changed are rewritten.

    \b
    Examples:
      relief publish mybooks --out site                    then open site/index.html
      relief publish mybooks --out site --templates mytpl  your own templates first

    Serve the folder as it is (copy all of site/ to the web server). The first run makes the
    site secret and the log key and says where (~/.config/relief-ledger/): back both up
    (docs/publishing.md, docs/verification.md).
    """
    from ledger import load_cache, rules_beside
    from publish.annual import site_generator
    from publish.pdf import PdfError
    from publish.run import ModelAhead, publish_books

    generators = [] if no_report else [site_generator(templates)]
    standing_in = os.path.isdir(out) and os.path.realpath(out) == os.path.realpath(os.curdir)
    try:
        with collecting() as measured:
            try:
                # the public model is made while the rules finish, when they run beside the load
                ahead = ModelAhead(secret_file, acknowledgements=not no_ack)
                # the load cache's writer starts once the site is made (load_cache.writes_deferred)
                with load_cache.writes_deferred():
                    with rules_beside.meanwhile(ahead):
                        loaded = load_for(books, PUBLISH, {"allow_errors": allow_errors})  # inside: --timings shows the load
                    result = publish_books(loaded, out, templates=templates, allow_foreign=allow_foreign,
                                           secret_file=secret_file,
                                           acknowledgements=not no_ack, extra_generators=generators, jobs=jobs,
                                           log_key_file=log_key_file, model_ahead=ahead,
                                           on_wait=lambda: click.echo(bilingual(
                                               f"等待中：另一个 `relief publish` 正在 {Path(out).resolve().parent} 中生成网站；"
                                               "它结束后本命令从它的网站继续（按 Ctrl-C 停止）",
                                               f"waiting: another `relief publish` is making a site in "
                                               f"{Path(out).resolve().parent}; this one goes on when it has "
                                               "finished, from its site (Ctrl-C to stop)"), err=True))
            finally:
                if timings:  # for developers (what took the time): English, as the profilers it is read beside
                    for line in measured.lines():
                        click.echo(f"timing: {line}", err=True)
    except PdfError as exc:
        zh, en = halves(exc)
        raise click.ClickException(bilingual(f"无法生成年度报告 PDF：{zh}（原有网站保持不变；--no-report-pdf 可不生成它）",
                                             f"the annual report PDF cannot be made: {en} (the previous site is unchanged; --no-report-pdf leaves it out)")) from None
    warn_foreign(result.books)  # after publishing: foreign books are refused unless --allow-foreign
    _warn_placeholder_address(result.books.settings.site_url, logged=not no_ack)
    _warn_template_names(result.books.settings)
    for note in result.notes:
        click.echo(labelled("提示：", "note: ", note), err=True)
    if result.secret_note and result.secret_note.startswith("已在"):  # created now (publish.ack.load_key)
        click.echo(labelled("提示：", "note: ", result.secret_note), err=True)
    s = result.stats
    total = len(s.written) + len(s.unchanged)
    if s.kept:
        click.echo(bilingual(f"保留了您的托管文件：{', '.join(s.kept)}",
                             f"kept your hosting file{'s' if len(s.kept) != 1 else ''}: {', '.join(s.kept)}"), err=True)
    click.echo(bilingual(f"{total} 个文件：写入 {len(s.written)} 个，未变 {len(s.unchanged)} 个，删除 {len(s.removed)} 个",
                         f"{counted(total, 'file', 'files')}: {len(s.written)} written, {len(s.unchanged)} unchanged, {len(s.removed)} removed"),
               err=True)
    if standing_in:  # the folder this process (and the shell it came from) stood in was swapped out
        click.echo(bilingual(f"提示：当前文件夹原是网站：它现在是被搁置的旧网站；请再次 `cd {result.out}` 进入新网站",
                             f"note: the current folder was the site: it is now the old one, set aside; `cd {result.out}` "
                             "again to be in the new site"), err=True)
    click.echo(str(result.out.resolve() / "index.html"))


def _warn_placeholder_address(site_url: str | None, logged: bool) -> None:
    """Warn when site_url is unset or the template's example address (letters warn too).

    Why: the site's log is named after the address (docs/verification.md): a first publish
    with the template's https://relief.example.org/ signed relief.example.org/log/…, and the
    centre's own address set later started a new log, that no checkpoint saved before extends."""
    from ledger.settings import is_example_url

    if site_url and not is_example_url(site_url):
        return
    log = site_url.split("://", 1)[-1].strip("/") if site_url else "relief-ledger.invalid"
    said = (f'the relief-option "site_url" is {site_url}, an example address (as the template writes it) that reaches no site'
            if site_url else 'the relief-option "site_url" is not set')
    said_zh = (f'relief-option "site_url" 是 {site_url}，这是模板写的示例网址，不通向任何网站' if site_url else 'relief-option "site_url" 未设置')
    named = (f"; the site's log is named after it ({log}/log/…), and setting the address later starts a new log that "
             "checkpoints saved before do not extend" if logged else "")
    named_zh = f"；网站的日志以它命名（{log}/log/…），以后再设置网址会开始一个新日志，此前保存的检查点无法延续它" if logged else ""
    click.echo(bilingual(f"警告：{said_zh}{named_zh}；请在网站上线前于 settings.beancount 中设置本中心网站的网址",
                         f"warning: {said}{named}; set your site's address in settings.beancount before the site goes up"), err=True)


def _warn_template_names(settings) -> None:
    """Warn when both of the centre's names are still the template's (relief init without
    --name-zh / --name-en): every page and the annual report are headed by them."""
    from ledger.settings import Settings

    template = Settings()
    if (settings.name_zh, settings.name_en) == (template.name_zh, template.name_en):
        click.echo(bilingual(f"警告：中心的名称仍是模板的（{template.name_zh} / {template.name_en}）：请在 settings.beancount 中设置"
                             '本中心的名称（name_zh、name_en），并在 main.beancount 中设置账簿标题 option "title"（README）',
                             f"warning: the centre's names are the template's ({template.name_zh} / {template.name_en}): set yours in "
                             'settings.beancount (name_zh, name_en), and the books\' title, option "title" in main.beancount (README)'),
                   err=True)
