"""The `relief` command line: a root group and one thin module per command.

Commands are imported only when used (LazyGroup), so `relief --help` stays fast and a
command's heavy imports (weasyprint, fava) cost nothing to the others. To add a command,
add one line to COMMANDS.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
import tempfile
import traceback
from typing import NoReturn

import click

from cli.click_words import VERSION_MESSAGE, VERSION_OPTION, BilingualClick, bilingual_usage
from ledger.errors import ReliefError, bilingual
from ledger.said import both, zh_of

#: command name -> "module:function" (a click.Command)
COMMANDS: dict[str, str] = {
    "init": "cli.init_cmd:init",
    "check": "cli.check_cmd:check",
    "serve": "cli.serve_cmd:serve",
    "reconcile": "cli.reconcile_cmd:reconcile",
    "close": "cli.close_cmd:close",
    "demo": "cli.demo_cmd:demo",
    "publish": "cli.publish_cmd:publish",
    "import": "cli.import_cmd:import_",
    "letters": "cli.letters_cmd:letters",
    "report": "cli.report_cmd:report",
    "verify": "cli.verify_cmd:verify",
    "witness": "cli.witness_cmd:witness",
}


#: what an interrupted command says, and its exit status: 128 + the signal's number, as a
#: shell reports a process the signal ended (SIGINT 2, SIGTERM 15)
INTERRUPTED = bilingual("已中断；没有再写入任何内容（做了一半的已删除）", "Interrupted; nothing more was written (what was half-made was removed).")
INTERRUPTED_STATUS = 128 + signal.SIGINT
TERMINATED_STATUS = 128 + signal.SIGTERM


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C raises KeyboardInterrupt (stop_on_terminate), so the same
    clean-up runs; its own class only for the exit status."""


def interrupted_status(exc: KeyboardInterrupt) -> int:
    """The exit status of a run stopped by `exc`: SIGTERM's also when a command re-raised it
    as its own KeyboardInterrupt (letters.runner.Interrupted)."""
    return TERMINATED_STATUS if isinstance(exc, Terminated) or isinstance(exc.__cause__, Terminated) else INTERRUPTED_STATUS


class LazyGroup(BilingualClick, click.Group):
    """A group whose subcommands are imported on first use.

    It is also the one place where a user's mistake becomes a message: a ReliefError raised
    anywhere under a command is printed as `Error: <message>` with exit status 1 (click's
    ClickException). Any other exception is a bug and goes on to `main`'s crash file. A usage
    error (click's own words: a command or option mistyped, an argument missing, a value
    refused) is said Chinese first (cli/click_words.py), exit status 2 as click's.
    """

    def invoke(self, ctx: click.Context):
        """Run the command; a ReliefError from anywhere under it becomes `Error: message`, exit 1."""
        try:
            return super().invoke(ctx)
        except ReliefError as exc:
            # a message given as a Said (ledger.said) is said in both languages, Chinese first
            said = exc.args[0] if len(exc.args) == 1 else None
            raise click.ClickException(both(said) if zh_of(said) else str(exc)) from None
        except click.UsageError as exc:  # resolving the command, its arguments, its own refusals
            raise bilingual_usage(exc, ctx) from None
        except KeyboardInterrupt as exc:
            # Why here: click's standalone mode turns a KeyboardInterrupt into "Aborted!" and
            # exit status 1, the status of a user's mistake; a script or a service manager
            # could not tell a stopped run from a refused one. By the time it reaches here the
            # clean-up has run (staging folders removed, workers stopped).
            click.echo(INTERRUPTED, err=True)
            raise click.exceptions.Exit(interrupted_status(exc)) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, for `relief --help`, without importing any command module."""
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        """The command `name`, imported only now (so one command's heavy imports cost the others nothing)."""
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)


@click.group(cls=LazyGroup)
@click.version_option(package_name="relief-ledger", help=VERSION_OPTION, message=VERSION_MESSAGE)
def cli() -> None:
    """relief-ledger: the books, checks and public account of a relief fund.

    BOOKS is the main .beancount file or the folder holding main.beancount.

    \b
    A month's work, in order (README.md; each command's --help has more):
      relief init mybooks                         once: new books in mybooks/
      relief import mybooks statement.csv         a dry run: shows what it would book, changes nothing
      relief import mybooks statement.csv --write books it into mybooks/inbox.beancount
      relief check mybooks                        the rules; fix what it lists, confirm entries flagged !
      relief reconcile mybooks --period 2026-03   bank, cash, goods and funds agree? (exit 1 if not)
      relief close mybooks 2026-03                seal the month; later changes to it are errors
      relief publish mybooks --out site           the public site in site/ (open site/index.html)
      relief letters mybooks --out donor-letters  private letters to donors, donor-letters/YEAR/RECEIPT.pdf
    """


def main() -> None:
    """Console entry point: never a traceback on the terminal.

    User mistakes are ReliefErrors, made ClickExceptions by LazyGroup.invoke (a message,
    exit 1). Anything else is a bug: its
    traceback goes to a crash file whose path is printed, so the user sees one line and
    can still send the details. RELIEF_DEBUG=1 lets the traceback through.
    """
    stop_on_terminate()
    readable_output()
    try:
        cli(prog_name="relief", standalone_mode=True)
    except KeyboardInterrupt as exc:  # before or after a command (LazyGroup.invoke: during one)
        click.echo(INTERRUPTED, err=True)
        sys.exit(interrupted_status(exc))
    except Exception as exc:  # noqa: BLE001 - last line of defence, see docstring
        if os.environ.get("RELIEF_DEBUG"):
            raise
        with tempfile.NamedTemporaryFile("w", prefix="relief-crash-", suffix=".log", delete=False, encoding="utf-8") as log:
            traceback.print_exc(file=log)
        click.echo(bilingual(f"relief：内部错误（{type(exc).__name__}: {exc}）。失败的这一步没有改动任何内容；详情在 {log.name}，请报告",
                             f"relief: internal error ({type(exc).__name__}: {exc}). Nothing was changed by the failed step; "
                             f"details are in {log.name} — please report them."), err=True)
        sys.exit(2)


def readable_output() -> None:
    """Where the terminal's encoding cannot write every character (a Latin-1 or ASCII locale;
    GBK has no ¥), write those it cannot as escapes (\\u5e2e); where it cannot show Chinese
    at all, say so once on stderr.

    Why: under a Latin-1 locale the first Chinese character or `—` printed stopped the
    command with an internal error (UnicodeEncodeError), `relief reconcile` among them, and
    under zh_CN.GBK the first ¥. LANG=C and LC_ALL=POSIX need nothing: Python writes UTF-8."""
    cannot = []
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            "帮扶—¥€\U0001f600".encode(encoding)
        except UnicodeEncodeError:
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="backslashreplace")
            try:
                "帮扶".encode(encoding)
            except UnicodeEncodeError:
                cannot.append(encoding)
        except LookupError:
            pass
    if cannot:  # English alone: this terminal cannot show the Chinese
        click.echo(f"relief: this terminal's encoding ({cannot[0]}) cannot show Chinese, so it is written as escapes "
                   "(\\u5e2e); for the text itself use a UTF-8 locale (export LANG=C.UTF-8, or zh_CN.UTF-8)", err=True)


def stop_on_terminate() -> None:
    """Make SIGTERM (`kill`, a job's time limit, a service manager stopping it) stop relief
    the way Ctrl-C does.

    Why: by default SIGTERM ends the process at once and no clean-up runs: a publish left
    its half-built staging folder (`.SITE.new-XXXX`, as large as the site) beside the site,
    and its forked workers waited for ever to hand over their work. As a KeyboardInterrupt,
    the clean-up that Ctrl-C gets runs: the staging folder is removed, the workers are
    stopped, the previous site stays as it was. Only in this process: a forked worker (its
    own pid) that gets SIGTERM, as a failing publish stops its workers, ends at once as before.
    """
    main_pid = os.getpid()

    def terminated(signum, _frame):
        if os.getpid() != main_pid:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise Terminated

    signal.signal(signal.SIGTERM, terminated)


def run() -> NoReturn:
    """The `relief` program: `main`, then the process ends without the interpreter's
    teardown (`_end`). After a command that loaded large books, freeing millions of objects
    one by one and the last garbage collection cost about 0.7 s on the 100k demo books,
    with nothing left to do by then."""
    try:
        main()
    except SystemExit as exc:
        _end(exc.code)
    _end(0)


def _end(code: int | str | None) -> NoReturn:
    """Exit with `code` as sys.exit would (None is 0, a text is printed and is 1), without
    the interpreter's teardown.

    Every file relief writes is closed (and renamed into place) before a command returns,
    its worker processes are joined and its temporary folders removed; what remains at
    exit is freeing memory. The usual exit (atexit handlers, finalisers) is kept under a
    tracer or profiler (coverage, cProfile: they write their data then) and with
    RELIEF_FULL_EXIT=1."""
    if isinstance(code, str):
        click.echo(code, err=True)
        code = 1
    code = 0 if code is None else code
    if os.environ.get("RELIEF_FULL_EXIT") or sys.gettrace() is not None or sys.getprofile() is not None:
        sys.exit(code)
    pdf = sys.modules.get("publish.pdf")
    if pdf is not None:  # weasyprint's copies of the fonts, which its own finaliser would remove
        pdf.remove_font_folders()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: as at a normal exit, nothing more to say
            pass
    os._exit(code)
