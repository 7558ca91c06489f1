"""Close a period: refuse while it does not reconcile, then record its digest in the books.

    relief close BOOKS 2024-03

Whether the period reconciles is month-end's business (ledger.reconcile); the caller passes
that check in (`check=build_report`), so the closes need nothing from reconcile and
reconcile can read the closes without a loop.

appends, through beancount's printer, to `closes.beancount` (included from main.beancount):

    2024-03-31 custom "period-close" "2024-03" "<sha256 digest of the period's entries>"
      closed_on: 2024-04-03
      canonical: "v2"

and writes `closes/2024-03.sha256` beside the books (one hash per entry) so the
closed_period rule can name what changed later. The directive is dated the last day of the
period (so it sorts with the period in Fava and the date does not depend on when the close
was run); `closed_on` records the day it was run. Every file is written atomically, and the
books are loaded again afterwards: if they gained an error, every file is put back.
"""

from __future__ import annotations

import datetime
import errno
import os
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from beancount.core import data
from beancount.parser import grammar, parser, printer

from ledger.books import Books, load_books
from ledger.closes.digest import CLOSE_TYPE, DIGEST_VERSION, VERSION_KEY, books_root, digest_of_hashes, entry_hash
from ledger.closes.records import CLOSES_FILE, Close, parse_closes, period_entries, side_file_damage, side_path, side_text
from ledger.errors import ReliefError, bilingual, format_error
from ledger.files import appended, atomic_write_bytes, atomic_write_text, books_read_only, read_only_file, through_links, write_failure
from ledger.interrupts import interrupts_held
from ledger.period import Period, books_today, month_of, not_ended
from ledger.said import both, in_zh
from ledger.source_files import read_regular

CLOSES_HEADER = (
    ";; Closed periods, written by `relief close` (docs/closing.md). Do not edit: an entry dated in a\n"
    ";; closed period must not change; record a correction in an open period instead.\n"
)


class Verdict(Protocol):
    """What a close needs from a reconciliation: whether it passes, and what fails."""

    period: Period

    @property
    def ok(self) -> bool:
        """True when the period reconciles."""
        ...

    def problems(self) -> list[str]:
        """Everything that does not reconcile, in plain words."""
        ...


class CloseError(ReliefError):
    """The period cannot be closed (message says why and what to do)."""


class CloseRefused(CloseError):
    """The period does not reconcile; `report` says what fails."""

    def __init__(self, report: Verdict, books: str = "BOOKS"):
        self.report = report
        problems = report.problems()
        super().__init__(
            bilingual(f"{report.period} 对账不符，因此不能结账（{len(problems)} 个问题）",
                      f"{report.period} does not reconcile, so it cannot be closed ({len(problems)} problem{'s' if len(problems) != 1 else ''}):")
            + "\n" + "\n".join(f"  - {both(p)}" for p in problems)
            + "\n" + bilingual(f"请改正这些问题，然后运行 `relief reconcile {books} --period {report.period}`，直到通过",
                                f"Fix these, then run `relief reconcile {books} --period {report.period}` until it passes.")
        )


@dataclass
class Closed:
    """What `relief close` recorded, for its message: the digest, how many entries, where."""
    period: Period
    digest: str
    entries: int
    closes_file: Path
    side_file: Path
    include_added: bool
    #: the period was closed already: only its side file was written again (_side_file_again)
    side_file_only: bool = False


def close_directive(period: Period, digest: str, today: datetime.date) -> str:
    """The `custom "period-close"` directive as beancount's printer writes it, dated the period's last day."""
    entry = data.Custom(
        {"closed_on": today, VERSION_KEY: DIGEST_VERSION},
        period.last_day,
        CLOSE_TYPE,
        [grammar.ValueType(str(period), str), grammar.ValueType(digest, str)],
    )
    return printer.format_entry(entry)


def books_first_day(entries: list[data.Directive]) -> datetime.date | None:
    """The books' first day: that of their earliest `open` (None for books that open no account)."""
    return min((e.date for e in entries if isinstance(e, data.Open)), default=None)


def before_the_books(entries: list[data.Directive], period: Period, what: str, what_zh: str) -> str | None:
    """"1999 ended on 1999-12-31, before the books begin (…): there is nothing of it {what}; …"
    (Chinese first: "…其中没有可{what_zh}；…") when `period` ended before the books' first day (a
    period typed wrong), else None."""
    first = books_first_day(entries)
    if first is None or period.last_day >= first:
        return None
    return bilingual(f"{period} 于 {period.last_day} 结束，早于账簿的开始（{first}，最早的 `open`）：其中没有可{what_zh}；"
                     f"请核对期间（账簿的第一个月是 {month_of(first)}）",
                     f"{period} ended on {period.last_day}, before the books begin ({first}, their first `open`): "
                     f"there is nothing of it {what}; check the period (the books' first month is {month_of(first)})")


#: the plugins that run the rule closed_period, which keeps a close (the bundle, or the rule alone)
GUARDS = ("ledger.plugins.rules", "ledger.plugins.closed_period")


def without_the_rule(books: Books, period: Period) -> str | None:
    """Why `period` cannot be closed in books that do not run the rule closed_period (no
    `plugin "ledger.plugins.rules"`), else None.

    Why refuse: the close is kept by that rule alone. Recorded in such books (a ledger not
    yet moved in, the plugin line taken out), it guarded nothing: a later change to the
    period passed `relief check`, bean-check and Fava without a word, and close had added an
    include line to the main file for it."""
    if any(name in GUARDS for name, _ in books.options.get("plugin", [])):
        return None
    return bilingual(
        f'{books.path}：账簿没有启用规则（主文件中没有 `plugin "ledger.plugins.rules"`），因此 {period} 的结账将不受任何检查：'
        f"以后对该期间的改动，`relief check`、bean-check 和 Fava 都不会发现。请在 {books.path} 中加上一行 "
        f'plugin "ledger.plugins.rules"（docs/adopting.md），改正 `relief check` 随后报告的问题，再结账；什么也没有写入',
        f'{books.path}: the books do not switch the rules on (no `plugin "ledger.plugins.rules"` in the main file), '
        f"so a close of {period} would be checked by nothing: a later change to the period would pass "
        f'`relief check`, bean-check and Fava unseen. Add the line plugin "ledger.plugins.rules" to {books.path} '
        "(docs/adopting.md), fix what `relief check` then reports, and close again; nothing was written")


def typed_path(path: Path | str) -> str:
    """`path` as a user types it in a command: relative to the current folder when inside it,
    quoted for the shell when it must be. Why: a hint that says `relief reconcile BOOKS`
    was typed with BOOKS as it stood."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except (OSError, ValueError):  # the current folder deleted meanwhile
        relative = ".."
    return shlex.quote(absolute if relative.startswith("..") else relative)


def close_period(
    books: Books, period: Period, *, check: Callable[[Books, Period], Verdict], today: datetime.date | None = None
) -> Closed:
    """Record the close of `period` in `books`, or raise CloseError / CloseRefused.

    `check` reconciles the period (ledger.reconcile.report.build_report); it runs only once
    the period has ended and is not closed yet."""
    today = today or books_today()
    unguarded = without_the_rule(books, period)
    if unguarded:
        raise CloseError(unguarded)
    closes, _ = parse_closes(books.entries)
    for close in closes:
        if close.period == period:
            again = _side_file_again(books, close)
            if again is not None:
                return again
            where = f"{close.entry.meta.get('filename')}:{close.entry.meta.get('lineno')}"
            raise CloseError(bilingual(f"{period} 已经结账（{where}）；已结账的期间始终保持结账",
                                       f"{period} is already closed ({where}); a closed period stays closed"))
    # Why: a month of a quarter (or year) already closed was closed again on its own: nothing
    # more was sealed, and the site's public log took one more entry for good, repeating the
    # month's gifts. A year closed after its quarters (a larger period) seals the whole year.
    within = next((c for c in closes if c.period.start <= period.start and period.end <= c.period.end), None)
    if within is not None:
        where = f"{within.entry.meta.get('filename')}:{within.entry.meta.get('lineno')}"
        raise CloseError(bilingual(f"{period} 已作为 {within.period} 的一部分结账（{where}）；已结账的期间始终保持结账，"
                                   "再单独结账一次只会在网站的公开日志中永久多出一条",
                                   f"{period} is already closed, as part of {within.period} ({where}); a closed period stays "
                                   "closed, and closing it again on its own would only add an entry to the site's public log for good"))
    running = not_ended(period, today)
    if running:
        raise CloseError(bilingual(f"{period} 尚未结束（于 {period.last_day} 结束）；请从 {period.end} 起再结账",
                                   f"{running}; close it from {period.end} on"))
    early = before_the_books(books.entries, period, "to close, and a close stays in the public log for good",
                             "结账的内容，而结账会永久留在公开日志中")
    if early:
        raise CloseError(early)
    # Why: brand-new books reconcile every month ("not used"); a close of one sealed "0 entries"
    # for good, and the opening balance and statement entered next were refused as changes
    first = next((e.date for e in books.entries if isinstance(e, data.Transaction)), None)  # in date order
    if first is None or first > period.last_day:
        raise CloseError(bilingual(
            f"账簿中没有日期在 {period.last_day} 或之前的交易（{'尚无交易' if first is None else f'最早一笔的日期是 {first}'}）："
            f"{period} 没有可结账的内容，而结账会永久留在公开日志中；请先记入期初余额和该期间的分录（导入其对账单），或核对期间",
            f"the books hold no transaction dated up to {period.last_day} "
            f"({'none yet' if first is None else f'their first is dated {first}'}): there is nothing of {period} "
            "to close, and a close stays in the public log for good; record the opening balance and the period's "
            "entries (import its statements) first, or check the period"))
    report = check(books, period)
    if not report.ok:
        raise CloseRefused(report, typed_path(books.path))

    root = books_root(books.options) or str(books.root)
    entries = period_entries(books.entries, period)
    digest = digest_of_hashes(entry_hash(e, root) for e in entries)
    closes_path = Path(root) / CLOSES_FILE
    side = Path(side_path(root, period))
    included = {os.path.normpath(p) for p in books.options.get("include", [])}
    include_needed = os.path.normpath(str(closes_path)) not in included

    # Written through a link (a closes.beancount kept elsewhere and linked into the books):
    # replacing the link itself with a file cut the books off from the file it named.
    closes_file, side_file, main_file = (through_links(p) for p in (closes_path, side, books.path))
    side_folder_existed = side_file.parent.exists()
    originals = _originals((closes_file, side_file, main_file) if include_needed else (closes_file, side_file))
    if include_needed:
        _refuse_unread_close(originals[closes_file], closes_path, period, books.path)

    try:
        closes_before = originals[closes_file]
        atomic_write_bytes(closes_file, appended(CLOSES_HEADER.encode() if closes_before is None else closes_before,
                                                 "\n" + close_directive(period, digest, today)))
        atomic_write_text(side_file, side_text(period, digest, entries, root))
        if include_needed:
            atomic_write_bytes(main_file, appended(originals[main_file] or b"", f'\n;; Closed periods (relief close)\ninclude "{CLOSES_FILE}"\n'))
        after = load_books(books.path)
    except BaseException as exc:  # an interrupt too: never leave half a close behind
        _restore(originals, None if side_folder_existed else side_file.parent)
        if isinstance(exc, OSError) and exc.errno == errno.EROFS:
            why = books_read_only(root)
            raise CloseError(bilingual(f"无法写入结账记录：{in_zh(why)}；什么也没有改动",
                                       f"cannot write the close: {why}; nothing was changed")) from None
        if isinstance(exc, OSError):
            failed = exc.filename or root
            why = write_failure(failed, exc)
            raise CloseError(bilingual(f"无法把结账记录写入 {failed}（{in_zh(why)}）；什么也没有改动",
                                       f"cannot write the close to {failed} ({why}); nothing was changed")) from None
        raise

    before = {format_error(e) for e in books.errors}
    new_errors = [format_error(e) for e in after.errors if format_error(e) not in before]
    if new_errors:
        _restore(originals, None if side_folder_existed else side_file.parent)
        raise CloseError(
            f"closing {period} would leave the books with new errors, so nothing was changed:\n" + "\n".join(f"  {e}" for e in new_errors)
        )
    return Closed(period, digest, len(entries), closes_path, side, include_needed)


def _refuse_unread_close(text: bytes | None, closes_path: Path, period: Period, main: Path) -> None:
    """CloseError when closes.beancount, which the books do not include, already holds a
    close of `period`.

    Why: in older books (no include of closes.beancount) a close killed after writing its
    line and before adding the include left a close the books do not read; check said
    nothing, and close again wrote a second line, then refused it as 'already closed at
    closes.beancount:4; remove this line' (the line it had just taken out again)."""
    if not text:
        return
    entries, _, _ = parser.parse_string(text.decode("utf-8", "replace"), report_filename=str(closes_path))
    closes, _ = parse_closes(entries)
    for close in closes:
        if close.period == period:
            raise CloseError(f"{closes_path}:{close.entry.meta.get('lineno')} already holds the close of {period}, but the books "
                             f"do not read it: {main} does not include closes.beancount (a close stopped before it added the "
                             f'line, or the line taken out). Add the line include "closes.beancount" to {main}, then run '
                             "`relief check`; nothing was changed")


def _side_file_again(books: Books, close: Close) -> Closed | None:
    """Write the side file of `close` again when it is missing, not this close's (emptied,
    cut short) or damaged (a record line deleted, edited or repeated: records.side_file_damage)
    while the period's entries still make the close's digest; None otherwise.

    Why: `relief close` killed (kill -9, power lost) between writing the close and writing its
    side file left a close without one; every later check warned to restore the file from a
    history or backup that never held it, and close refused as 'already closed'. While the
    period is unchanged, the side file is the books' own list of its entries: made again,
    it is the file the close would have written."""
    root = books_root(books.options) or str(books.root)
    side = side_path(root, close.period)
    if os.path.lexists(side) and not os.path.isfile(side):
        return None  # something a person must move out of the way
    entries = period_entries(books.entries, close.period)
    hashed = [(entry_hash(e, root, close.version), e) for e in entries]
    if digest_of_hashes(h for h, _ in hashed) != close.digest:
        return None  # changed since the close: the rule names what changed
    if os.path.lexists(side) and side_file_damage(side, close.digest, lambda: hashed, root) is None:
        return None  # this close's file, whole (a record line deleted or edited is written again too)
    target = through_links(Path(side))
    try:
        atomic_write_text(target, side_text(close.period, close.digest, entries, root, close.version))
    except OSError as exc:
        why = write_failure(target, exc)
        raise CloseError(bilingual(f"无法写入 {side}（{in_zh(why)}）；什么也没有改动",
                                   f"cannot write {side} ({why}); nothing was changed")) from None
    return Closed(close.period, close.digest, len(entries), Path(root) / CLOSES_FILE, Path(side), False, side_file_only=True)


def _originals(paths: tuple[Path, ...]) -> dict[Path, bytes | None]:
    """Each file the close writes, byte for byte as it is now (None: absent), for _restore;
    CloseError, before anything is written, when one cannot be written or read.

    Why: a folder standing where the side file goes (closes/2024-03.sha256/) or a file where
    the side files' folder goes (closes) stopped the close with a traceback or "File exists"."""
    originals: dict[Path, bytes | None] = {}
    for path in paths:
        blocking = next((parent for parent in path.parents if os.path.lexists(parent) and not parent.is_dir()), None)
        if blocking is not None:
            raise CloseError(bilingual(f"{blocking} 是文件，不是文件夹，而 `relief close` 要在其中写入 {path}：请把该文件移开；什么也没有改动",
                                       f"{blocking} is a file, not a folder, and `relief close` writes {path} inside it: "
                                       "move that file out of the way; nothing was changed"))
        if path.is_dir():
            raise CloseError(bilingual(f"{path} 是文件夹，而 `relief close` 要在那里写入文件；请把它移开；什么也没有改动",
                                       f"{path} is a folder, where `relief close` writes a file; move it out of the way; nothing was changed"))
        frozen = read_only_file(path, "take the close", "写入结账记录")
        if frozen:
            raise CloseError(bilingual(f"{in_zh(frozen)}；什么也没有改动", f"{frozen}; nothing was changed"))
        try:
            originals[path] = read_regular(path) if os.path.lexists(path) else None  # a named pipe is told, never waited on
        except OSError as exc:
            why = write_failure(path, exc)
            raise CloseError(bilingual(f"写入结账记录之前无法读取 {path}（{in_zh(why)}）；什么也没有改动",
                                       f"cannot read {path} before writing the close ({why}); nothing was changed")) from None
    return originals


def _restore(originals: dict[Path, bytes | None], created_folder: Path | None) -> None:
    """Put every file back as it was, byte for byte (and remove the side-file folder if the
    close made it). Bytes, not text: text read back through Python's newline translation
    would turn a Windows-edited main file's CRLF line ends into LF, every line changed.
    Ctrl-C and SIGTERM wait until it is done: a second Ctrl-C (the first is often what
    brought the close here) stopped it half way, leaving the side file of a close that
    never happened, which relief check then called a removed close."""
    with interrupts_held():
        _put_back(originals, created_folder)


def _put_back(originals: dict[Path, bytes | None], created_folder: Path | None) -> None:
    """_restore's work, without the interrupts held."""
    for path, content in originals.items():
        try:
            if content is None:
                if path.exists():
                    path.unlink()
            else:
                atomic_write_bytes(path, content)
        except OSError:
            pass
    if created_folder is not None:
        try:
            created_folder.rmdir()
        except OSError:
            pass
