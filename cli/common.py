"""What the commands share: the BOOKS argument, loading the books once, and the errors policy.

A command that works on books is written as

    @click.command()
    @books_argument
    @books_command(LETTERS)        # the command's errors policy (one of the policies below)
    def letters(books: Books, ...): ...

`books_command` turns the BOOKS text into loaded `Books` (ledger.books.load_books, called
once), applies the command's errors policy, and hands the books to the command, which passes
them on to the library (publish_books, make_letters, build_report, close_period, ...). No
library function under a command loads the books again, with two exceptions, both because
the books changed on disk in between: `relief close` and `relief import --write` load them
once more after writing, to make sure the written books still pass their checks (and put
everything back if not).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ledger.books import Books, load_books, resolve_books
from ledger.errors import ClosedPeriodChanged, ReliefError, bilingual, counted, format_error, labelled
from ledger.files import books_read_only, books_write_lock, cannot_write_into, dangling_link_on_the_way, disk_full, is_inside, name_too_long
from ledger.said import in_zh

#: How many of the books' errors a refusal lists (the rest are counted; `relief check` lists all).
MAX_LISTED_ERRORS = 20


def listed_errors(errors: list) -> str:
    """The first MAX_LISTED_ERRORS errors (or warnings), one a line, and how many more there are."""
    listed = "\n".join(format_error(e) for e in errors[:MAX_LISTED_ERRORS])
    more = len(errors) - MAX_LISTED_ERRORS
    return listed + ("\n" + bilingual(f"……另有 {more} 个", f"… and {more} more") if more > 0 else "")


class BooksHaveErrors(ReliefError):
    """The command does not work on books with errors (the message lists them and says what to do)."""


@dataclass(frozen=True)
class ErrorsPolicy:
    """What a command does when the books have errors (`Books.errors`; warnings never count).

    Commands whose output is the errors themselves (`check`) or that judge them as part of
    their work (`reconcile`, `close`) do not refuse. The others refuse with the list of
    errors, or go on with a note when the user gives `allowed_by` (e.g. --allow-errors).
    """

    #: refuse books with errors (else the command shows or judges them itself)
    refuse: bool = False
    #: what was not done, for the refusal: "{path}: the books have N errors, so {refused}: ..."
    refused: str = ""
    #: the same in Chinese: "{path}：账簿有 N 个错误，因此{refused_zh}：..."
    refused_zh: str = ""
    #: the option (parameter name) that lets the books through anyway, e.g. "allow_errors"
    allowed_by: str | None = None
    #: what goes on anyway when allowed, for the note: "note: {path}: {going_on} despite N errors ..."
    going_on: str = ""
    #: the same in Chinese: "提示：{path}：尽管账簿有 N 个错误，仍{going_on_zh}"
    going_on_zh: str = ""
    #: the refusal applies only when this flag (parameter name) is given, e.g. import's "write"
    only_with: str | None = None
    #: list the rules' warnings (a fund below zero, a year typed wrong...) before making
    #: something public from the books, so that no figure they put in doubt goes out unsaid
    show_warnings: bool = False
    #: warn, as `relief check` does, when the books do not switch the relief rules on
    warn_foreign: bool = False


#: check: the errors are the output
CHECK = ErrorsPolicy()
#: reconcile: an error is one more thing that does not reconcile (listed in the report)
RECONCILE = ErrorsPolicy(warn_foreign=True)
#: close: refused through reconcile, and the close itself must add no error (ledger/close.py)
CLOSE = ErrorsPolicy()
#: publish: a public account of wrong books is refused unless --allow-errors
PUBLISH = ErrorsPolicy(
    refuse=True,
    refused="the site was not published (the previous site, if any, is unchanged)",
    refused_zh="网站未发布（原有的网站，如有，保持不变）",
    allowed_by="allow_errors",
    going_on="publishing",
    going_on_zh="发布",
    show_warnings=True,
)
#: report: the same as publish, for the annual report alone
REPORT = ErrorsPolicy(
    refuse=True, refused="the report was not made", refused_zh="未生成报告", allowed_by="allow_errors",
    going_on="making the report", going_on_zh="生成报告", show_warnings=True,
)
#: letters: a letter is a formal receipt; no way around the refusal
LETTERS = ErrorsPolicy(
    refuse=True, refused="no letter was made (a letter is a formal receipt)", refused_zh="未生成任何致谢函（致谢函是正式收据）",
    warn_foreign=True,
)
#: import: a dry run shows what it would add whatever the books; writing needs books without
#: errors, so that the check after writing can tell the import's errors from the old ones
IMPORT = ErrorsPolicy(
    refuse=True, refused="nothing was written (fix the errors the books already have before importing)",
    refused_zh="什么也没有写入（导入前请先改正账簿已有的错误）",
    only_with="write",
)


def open_books(path: str) -> Books:
    """Load BOOKS or stop with a one-line message (exit 1), never a traceback (BooksNotFound is
    a ReliefError: the group prints it)."""
    try:
        return load_books(path)
    except OSError as exc:
        raise click.ClickException(cannot_read_books(path, exc)) from None


def cannot_read_books(given: str, exc: OSError) -> str:
    """The message for books that could not be read: the file and why, and for a file (or
    folder) this user may not read, what to do."""
    why = os_reason(exc)
    said = f"{given}: cannot read the books ({why})"
    said_zh = f"{given}：无法读取账簿（{in_zh(why)}）"
    if not isinstance(exc, PermissionError) or not exc.filename:
        return bilingual(said_zh, said)
    name = os.fspath(exc.filename)
    mode = "u+rx" if os.path.isdir(name) else "u+r"
    return bilingual(f"{said_zh}；请让它可读（`chmod {mode} {name}`，或请其所有者处理）后再运行",
                     f"{said}; make it readable (`chmod {mode} {name}`, or ask whoever owns it) and run it again")


def os_reason(exc: OSError) -> str:
    """Why `exc` happened, with the file it happened to: "txns/2026.beancount: Permission
    denied" tells which of the books' many files to look at; "Permission denied" alone does not.

    A full disk names the file being written: a copy (the statement filed into documents/)
    reports its source as the filename and its destination second, and "jan.csv: No space
    left on device" sent the user to the statement, which was fine."""
    reason = exc.strerror or str(exc)
    full = disk_full(exc)
    if full:
        return full
    if exc.errno == errno.EROFS:
        return books_read_only(exc.filename)
    return f"{exc.filename}: {reason}" if exc.filename else reason


def apply_errors_policy(books: Books, policy: ErrorsPolicy, given: str, params: dict[str, Any]) -> None:
    """Refuse `books` with errors as `policy` says (BooksHaveErrors), or note that they go on.

    `given` is the BOOKS argument as the user typed it (for the `relief check` hint);
    `params` are the command's options (for `allowed_by` and `only_with`).
    """
    if policy.warn_foreign:
        warn_foreign(books)
    if policy.show_warnings and books.warnings:
        n = len(books.warnings)
        listed = listed_errors(books.warnings)
        click.echo(bilingual(f"警告：{books.path}：账簿中有 {n} 个警告（见 `relief check {shlex.quote(given)}`）",
                             f"warning: {books.path}: {n} warning{'s' if n != 1 else ''} in the books "
                             f"(see `relief check {shlex.quote(given)}`):") + f"\n{listed}", err=True)
    if not books.errors or not policy.refuse:
        return
    if policy.only_with is not None and not params.get(policy.only_with):
        return
    n = len(books.errors)
    count = f"{n} error{'s' if n != 1 else ''}"
    if policy.allowed_by is not None and params.get(policy.allowed_by):
        flag = "--" + policy.allowed_by.replace("_", "-")
        _refuse_too_long_amounts(books, policy, flag)
        _refuse_changed_closed_periods(books, policy, flag)
        click.echo(bilingual(f"提示：{books.path}：尽管账簿有 {n} 个错误，仍{policy.going_on_zh}（{flag}）",
                             f"note: {books.path}: {policy.going_on} despite {count} in the books ({flag})"), err=True)
        return
    listed = listed_errors(books.errors)
    anyway = f", or go on anyway with --{policy.allowed_by.replace('_', '-')} (not recommended)" if policy.allowed_by else ""
    anyway_zh = f"，或加上 --{policy.allowed_by.replace('_', '-')} 照样继续（不建议）" if policy.allowed_by else ""
    raise BooksHaveErrors(
        bilingual(f"{books.path}：账簿有 {n} 个错误，因此{policy.refused_zh}", f"{books.path}: the books have {count}, so {policy.refused}:")
        + f"\n{listed}\n"
        + bilingual(f"请改正它们（见 `relief check {shlex.quote(given)}`）{anyway_zh}",
                    f"Fix them (see `relief check {shlex.quote(given)}`){anyway}.")
    )


def _refuse_too_long_amounts(books: Books, policy: ErrorsPolicy, flag: str) -> None:
    """Refuse, even with `flag`, books with an amount of 16 digits or more before the point.

    Why: `relief publish --allow-errors` on books with a 30-digit amount (a pasted account
    number) ended in an internal error writing the site's two-decimal figures, naming no
    line; no page can show such an amount as money. Looked for only here, on books already
    known to have errors and let through (a pass over the postings, never on the common path)."""
    from ledger.amount_digits import MAX_DIGITS, too_long_amounts

    too_long = too_long_amounts(books.entries, rules_stopped=False)
    if not too_long:
        return
    n = len(too_long)
    listed = listed_errors(too_long)
    raise BooksHaveErrors(
        bilingual(f"{books.path}：有 {n} 个金额的整数部分达到 {MAX_DIGITS} 位或更多，任何页面都无法把它作为金额显示，"
                  f"因此即使加上 {flag}，也{policy.refused_zh}",
                  f"{books.path}: {counted(n, 'amount', 'amounts')} with {MAX_DIGITS} digits or more before the point, which "
                  f"no page can show as money, so {policy.refused}, even with {flag}:")
        + f"\n{listed}\n" + bilingual("请改正这些行上的金额", "Correct the amount on each of these lines.")
    )


def _refuse_changed_closed_periods(books: Books, policy: ErrorsPolicy, flag: str) -> None:
    """Refuse, even with `flag`, books in which a closed period changed after its close.

    Why: `relief publish --allow-errors` on books with an entry typed into a closed quarter
    (an aid payment: no gift, so the site's log did not catch it) published that quarter's
    pages with changed figures under "Closed: this period was reconciled with the bank and
    locked", and the change passed the public unseen. Only the rule's own errors count
    (ledger.errors.ClosedPeriodChanged), on books already known to have errors."""
    changed = [e for e in books.errors if isinstance(e, ClosedPeriodChanged)]
    if not changed:
        return
    n = len(changed)
    listed = listed_errors(changed)
    raise BooksHaveErrors(
        bilingual(f"{books.path}：已结账的期间在结账后被改动（{n} 处改动）；其页面会把改动后的数字显示为已结账、已锁定，"
                  f"因此即使加上 {flag}，也{policy.refused_zh}",
                  f"{books.path}: a closed period changed after its close ({counted(n, 'change', 'changes')}); its pages would show "
                  f"changed figures as closed and locked, so {policy.refused}, even with {flag}:")
        + f"\n{listed}\n"
        + bilingual("请把账簿恢复为结账时的样子，并在未结账的期间记一笔更正（docs/closing.md）",
                    "Put the books back as they were closed, and record a correction in an open period (docs/closing.md).")
    )


def load_for(given: str, policy: ErrorsPolicy, params: dict[str, Any] | None = None) -> Books:
    """The books a command works on: loaded once, with the command's errors `policy` applied.

    For a command that cannot load at its very start (import: only once it knows it is not
    writing a template; publish: inside --timings' measurement, so the load is on the list);
    the others get this through `books_command`."""
    loaded = open_books(given)
    apply_errors_policy(loaded, policy, given, params or {})
    return loaded


def books_command(policy: ErrorsPolicy, writes: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a command's function (below @books_argument and its options) so that its
    `books` parameter receives the loaded Books, loaded once, with `policy` applied.

    `writes`: the command writes the books (`close`): it holds the books' writer lock
    (`writing_books`) from before the load until it returns."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def with_books(*args: Any, books: str, **params: Any) -> Any:
            if not writes:
                return command(*args, books=load_for(books, policy, params), **params)
            with writing_books(books):
                return command(*args, books=load_for(books, policy, params), **params)

        return with_books

    return decorate


@contextlib.contextmanager
def writing_books(given: str) -> Iterator[None]:
    """Hold the writer lock of the books `given` (ledger.files.books_write_lock): one
    `relief import --write` or `relief close` at a time writes them; another waits, saying so."""
    root = resolve_books(given).parent

    def say_waiting() -> None:
        click.echo(bilingual(f"等待中：另一个 `relief import --write` 或 `relief close` 正在写入 {root}；它结束后本命令继续（按 Ctrl-C 停止）",
                             f"waiting: another `relief import --write` or `relief close` is writing {root}; "
                             "this one goes on when it has finished (Ctrl-C to stop)"), err=True)

    def say_unlocked(reason: str) -> None:
        click.echo(labelled("提示：", "note: ", bilingual(
            f"保存 {root} 的文件系统不支持文件锁（{reason}），因此无法阻止另一个 `relief import --write` 或 `relief close` "
            "同时写入：请确保这期间没有其他命令写这些账簿",
            f"the file system holding {root} keeps no locks ({reason}), so nothing there keeps a second "
            "`relief import --write` or `relief close` out: make sure no other one writes these books meanwhile")), err=True)

    try:
        with books_write_lock(root, on_wait=say_waiting, on_no_locks=say_unlocked):
            yield
    except OSError as exc:
        if exc.filename is None or os.fspath(exc.filename) != os.fspath(root):
            raise
        raise click.ClickException(cannot_read_books(given, exc)) from None


def books_given(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Refuse an empty BOOKS (`relief check ''`, or an unset variable), which the system
    would take for the current folder: the books checked would not be the ones meant."""
    if value is not None and not os.fspath(value).strip():
        raise click.ClickException(bilingual("BOOKS 为空；请给出账簿所在的文件夹或其主 .beancount 文件（当前文件夹写作 .）",
                                             "BOOKS is empty; give the books' folder or their main .beancount file (write . for the current folder)"))
    return value


class BooksPath(click.Path):
    """click.Path for BOOKS, whose message when BOOKS is left out says what BOOKS is and, typed
    inside the books (their folder, or txns/ below it), what to type there.

    Why: `relief check` typed in the books' folder said only "Missing argument 'BOOKS'."."""

    def get_missing_message(self, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """What click adds after "Missing argument 'BOOKS'.": what BOOKS is, and what to type here."""
        typed = f"relief {ctx.info_name}" if ctx is not None and ctx.info_name else "relief check"
        return bilingual(books_hint(typed, zh=True), books_hint(typed))


def books_hint(typed: str, after: str = "", zh: bool = False) -> str:
    """What BOOKS is, and `typed` with the folder of the books the current folder is in (or
    below: txns/), else with `mybooks`; `after` follows the folder (import's files). In
    Chinese when `zh`."""
    try:
        here = Path.cwd()
        for up, where in ((here, "."), (here.parent, ".."), (here.parent.parent, "../..")):
            if (up / "main.beancount").is_file():
                if zh:
                    said = "就在这里" if where == "." else f"在 {where}"
                    return f"BOOKS 是账簿所在的文件夹或其主 .beancount 文件：账簿{said}，因此请输入 `{typed} {where}{after}`"
                said = "here" if where == "." else f"in {where}"
                return f"BOOKS is the books' folder or their main .beancount file: the books are {said}, so `{typed} {where}{after}`"
    except OSError:  # the current folder removed, or a folder above that may not be read
        pass
    if zh:
        return f"BOOKS 是账簿所在的文件夹或其主 .beancount 文件（`{typed} mybooks{after}`）"
    return f"BOOKS is the books' folder or their main .beancount file (`{typed} mybooks{after}`)"


#: readable=False: click's own test of a main file that may not be read stopped with its usage
#: text ("Invalid value for 'BOOKS'"); open_books names the file and what to do instead
books_argument = click.argument("books", metavar="BOOKS", type=BooksPath(readable=False), callback=books_given)


def warn_foreign(books: Books) -> None:
    """Warn, as `relief check` does, when the books do not switch the rules on (foreign books)."""
    from ledger.conventions import rules_switched_on

    if not rules_switched_on(books):
        click.echo(bilingual(
            f'警告：{books.path}：规则未启用（主文件中没有 `plugin "ledger.plugins.rules"`），因此这里的一切都未按规则检查；见 docs/adopting.md',
            f'warning: {books.path}: the rules are not switched on (no `plugin "ledger.plugins.rules"` in the main file), '
            "so nothing here has been checked against them; see docs/adopting.md"),
            err=True,
        )


def check_output_file(out: str | Path, books: Books, *, what: str, kind: str, option: str, suffixes: tuple[str, ...],
                      what_zh: str, kind_zh: str) -> None:
    """Stop (exit 1) before `what` is written to `out` where it must not go, with one line
    naming the path and what to do. `option` is the option that named it (--out, --html);
    `kind` the kind of file written ("a PDF"), `suffixes` its endings (".pdf"; ".html", ".htm");
    `what_zh` and `kind_zh` say `what` and `kind` in Chinese ("报告", "PDF"), for the message's first half.

    Why: the write is atomic and replaces whatever is there, so a mistyped or tab-completed
    path would leave nothing of the old file. Refused, in this order:
    - an empty path (it would mean the current folder);
    - the books' own files: those the books loaded (every include), any .beancount file and
      anything in the documents folder, existing or not (a new file there becomes a document);
    - any file that already exists inside the books folder (private/cases.csv,
      import_config.py, closes/*.sha256, report/2026.md: often the only copy). A new file
      there stays allowed (books/report/2026.pdf): it replaces nothing;
    - a name whose ending is not that of the file written (`--out notes.txt`): the name
      given, not that of the file a symbolic link there leads to (the write replaces the link);
    - a folder on the way that is a symbolic link to nothing (a disk not mounted).
    """
    text = os.fspath(out)
    if not text.strip():
        raise click.ClickException(bilingual(f"{option} 为空；请给出写入{what_zh}的文件，如 {option} report{suffixes[0]}",
                                             f"{option} is empty; give the file to write {what} to, e.g. {option} report{suffixes[0]}"))
    target = Path(text).resolve()
    loaded = {Path(name).resolve() for name in books.options.get("include", ())}
    documents = [books.root / folder for folder in books.options.get("documents", ())]
    if target in loaded or target.suffix == ".beancount" or any(is_inside(target, d) for d in documents):
        raise click.ClickException(bilingual(
            f"{text}：是账簿自己的文件（或在其 documents 文件夹中），因此{what_zh}没有覆盖它；请另给一个账簿文件以外的 {option} 文件",
            f"{text}: is one of the books' files (or in their documents folder), so {what} was not written "
            f"over it; give another {option} file, outside the books' own files"
        ))
    if is_inside(target, books.root) and os.path.lexists(text):
        raise click.ClickException(bilingual(
            f"{text}：已存在于账簿文件夹（{books.root}）中，因此{what_zh}没有覆盖它（它可能是唯一的副本）；"
            f"请另给一个账簿文件夹以外的 {option} 文件，或先删除旧文件",
            f"{text}: already exists inside the books folder ({books.root}), so {what} was not written over it "
            f"(it may be the only copy); give another {option} file, outside the books folder, or remove the old file first"
        ))
    given = Path(text)  # its own name, not its link's target's: the write replaces a link, never writes through it
    if given.suffix.lower() not in suffixes:
        endings = " or ".join(suffixes)
        instead = given.with_suffix(suffixes[0]) if given.suffix else text + suffixes[0]
        raise click.ClickException(bilingual(
            f"{text}：{what_zh}是{kind_zh}，因此文件名须以 {'或 '.join(suffixes)} 结尾；请给出如 {option} {instead}",
            f"{text}: {what} is {kind}, so the file's name must end in {endings}; give e.g. {option} {instead}"
        ))
    broken = dangling_link_on_the_way(given.absolute().parent) or cannot_write_into(given) or name_too_long(given)
    if broken:  # said before the work, not after it
        raise click.ClickException(bilingual(f"{text}：无法写入{what_zh}（{in_zh(broken)}）", f"{text}: cannot write {what} ({broken})"))
