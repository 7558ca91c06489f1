"""`relief serve BOOKS`: Fava on the books for auditors (read-only) or finance officers (--edit)."""

from __future__ import annotations

import decimal
import shlex

import click

from cli.click_words import ReliefCommand
from cli.common import BooksPath, books_given, cannot_read_books
from cli.serve import DEFAULT_HOST, DEFAULT_PORT, EXTENSION, make_app, port_free
from cli.serve import serve as run
from ledger.errors import bilingual


def host_given(value: str) -> str:
    """The address to listen on as given, an IPv6 address in brackets (`[::1]`, as in an
    address bar) without them; an empty one refused.

    Why: `--host ""` (an unset variable) passed the check that the port is free (an empty
    address binds every interface) and then stopped in the server with an internal error,
    after a warning that read "listening on : anyone who can reach this address…"; `[::1]`
    was called an address already in use."""
    host = value.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not host:
        raise click.BadParameter(bilingual("为空；请给出监听地址：127.0.0.1（仅本机），或 0.0.0.0（所有网络）",
                                           "is empty; give the address to listen on: 127.0.0.1 (this machine only), or 0.0.0.0 for every network"))
    return host


def _exited(books: str, exc: SystemExit) -> str:
    """What stopped the program while Fava loaded the books: the import config when reading
    it alone stops it too, else one of the books' plugins."""
    from importers.run import ImportFailed, load_importers
    from ledger.books import resolve_books

    try:
        load_importers(resolve_books(books).parent)
    except ImportFailed as failed:
        if "stopped the program" in str(failed):  # not a config that merely fails: that is Fava's to show
            return str(failed)
    except SystemExit:
        pass
    return bilingual(f"{books}：加载账簿时程序被停止（sys.exit({exc.code!r})）：是账簿所列的某个插件调用了它；请删除该调用，或删除该插件行",
                     f"{books}: loading the books stopped the program (sys.exit({exc.code!r})): a plugin the books name called it; "
                     "remove the call, or the plugin line")


@click.command(cls=ReliefCommand)
@click.argument("books", metavar="BOOKS", type=BooksPath(readable=False), callback=books_given)
@click.option("--host", default=DEFAULT_HOST, show_default=True, callback=lambda ctx, param, value: host_given(value),
              help="Address to listen on (0.0.0.0 opens Fava to the whole network).")
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True, help="Port to listen on.")
@click.option("--edit", is_flag=True, help="Allow changes through Fava (finance officers). Without it Fava is read-only.")
def serve(books: str, host: str, port: int, edit: bool) -> None:
    """Start Fava on BOOKS, read-only unless --edit, on 127.0.0.1 unless --host.

    The auditors' views (fund statement, receipt register, donors, cases, rule
    violations) are the "帮扶审计 Relief audit" report in Fava's sidebar. Stop with Ctrl-C.

    \b
    Examples:
      relief serve mybooks         then open the address it prints
      relief serve mybooks --edit  finance officers: Fava may change the files
    """
    if not port_free(host, port):
        raise click.ClickException(bilingual(f"{host}:{port} 已被占用，或不是本机的地址；请用 --port 或 --host 另选",
                                             f"{host}:{port} is already in use or not an address of this machine; choose another with --port or --host"))
    try:
        fava = make_app(books, edit=edit)
    except SystemExit as exc:  # Fava runs the books' import_config.py as it loads them (or a plugin did it)
        raise click.ClickException(_exited(books, exc)) from None
    except OSError as exc:
        raise click.ClickException(cannot_read_books(books, exc)) from None
    except decimal.InvalidOperation:
        # Why: an amount of 30 digits stopped Fava's load of the books (beancount's booking
        # cannot round it) in an internal error naming no line
        from ledger.amount_digits import too_long_in_books
        from ledger.books import resolve_books

        too_long = too_long_in_books(str(resolve_books(books)))
        if too_long is None:
            raise
        raise click.ClickException(too_long) from None
    except UnicodeEncodeError:  # beancount's loader, on a books file named in GBK
        from ledger.books import names_not_utf8, resolve_books

        misnamed = names_not_utf8(resolve_books(books).parent)
        if misnamed is None:
            raise
        raise click.ClickException(str(misnamed)) from None
    if not fava.has_extension:
        click.echo(
            bilingual(f"提示：{fava.main} 没有加载审计视图；请在其中加上下面这一行（relief init 新建的账簿已有）",
                      f"note: {fava.main} does not load the auditors' views; add the line")
            + f'\n  2026-01-01 custom "fava-extension" "{EXTENSION}"\n'
            + "到主文件中 to it (new books from `relief init` have it).",
            err=True,
        )
    if fava.polling:
        click.echo(bilingual("提示：系统不再提供文件监视（inotify 已用尽，见 fs.inotify.max_user_instances）；Fava 改为读取文件时间来发现账簿的改动",
                             "note: the system gives no more file watchers (inotify: too many in use, see "
                             "fs.inotify.max_user_instances); Fava looks for changes to the books by reading their times instead"),
                   err=True)
    mode = "editable (--edit)" if edit else "read-only"
    mode_zh = "可编辑（--edit）" if edit else "只读"
    click.echo(f"Fava 打开 {fava.main}，{mode_zh}；Fava on {fava.main}, {mode}: {fava.url(host, port)}", err=True)
    if fava.errors or fava.warnings:
        # as relief check counts them: a warning is listed, but the books are not wrong
        also = f", {fava.warnings} warning{'s' if fava.warnings != 1 else ''}" if fava.warnings else ""
        also_zh = f"，{fava.warnings} 个警告" if fava.warnings else ""
        click.echo(bilingual(f"账簿中有 {fava.errors} 个错误{also_zh}：见 Fava 的 Errors 页，或运行 `relief check {shlex.quote(str(books))}`",
                             f"{fava.errors} error{'s' if fava.errors != 1 else ''}{also} in the books: see Fava's Errors page, "
                             f"or run `relief check {shlex.quote(str(books))}`"), err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(bilingual(f"警告：正在 {host} 上监听：凡能访问此地址的人都能读取账簿",
                             f"warning: listening on {host}: anyone who can reach this address can read the books"), err=True)
    run(fava, host, port)
