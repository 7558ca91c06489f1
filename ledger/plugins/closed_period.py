"""A closed period stays closed: no entry dated in it is added, removed or altered.

`relief close BOOKS 2024-03` records the close in the books (see docs/closing.md):

    2024-03-31 custom "period-close" "2024-03" "<sha256 of the period's entries>"

On every load this rule hashes the entries dated in each closed period (only those) and
compares with the recorded digest. When they differ it reads `closes/2024-03.sha256`
(written beside the books by `relief close`) to name each altered or added entry and
describe each removed one; without that file it still reports that the period changed.
A correction belongs in an open period, as a new entry with `correction:` metadata naming
what it corrects.

Hashing every entry of three closed quarters is most of this rule's time (about 1 s on
100,000 transactions). When a load only adds entries to the books of an earlier load that
found every closed period intact (the load cache's append-only path, ledger/incremental.py)
and none of the added entries is dated within the closed periods' span, each closed
period holds exactly the entries it held then, so its digest is the one computed then:
the rule leaves a note saying so with such a load (ledger/memo.py, `leave_note`) and
hashes nothing on the next one. Any other case hashes as before.
"""

from __future__ import annotations

import os
from collections import defaultdict

from beancount.core import data

from ledger.closes.digest import books_root, canonical, digest_of_hashes, entry_hash, is_close
from ledger.closes.records import (
    CLOSES_FILE,
    SIDE_FOLDER,
    compare,
    describe,
    parse_closes,
    read_side_file,
    side_file_agrees,
    side_file_damage,
    side_path,
)
from ledger.errors import ClosedPeriodChanged, RuleError, RuleWarning, bilingual
from ledger.memo import earlier_note, leave_note
from ledger.plugin_options import reads_no_options
from ledger.source_files import read_regular

__plugins__ = ("check_closed_period",)

FIX = "undo the change; record a correction as a new entry in an open period instead (docs/closing.md)"
FIX_ZH = "请撤销这一改动；如需更正，请在未结账的期间另记一笔更正分录（docs/closing.md）"


@reads_no_options
def check_closed_period(entries, options_map, config=None):
    """The rule as a beancount plugin: an error for each malformed close, each orphan side file and each change in a closed period."""
    closes, problems = parse_closes(entries)
    errors = [RuleError(entry.meta, message, entry) for entry, message in problems]
    root = books_root(options_map)
    errors.extend(_orphan_side_files(root, {str(c.period) for c in closes} | {str(e.values[0].value) for e, _ in problems if e.values}, options_map))
    if not closes:
        return entries, errors
    errors.extend(_before_the_books(closes, entries))
    # Which closes each day belongs to (periods may overlap: a month and its quarter).
    by_day: dict = defaultdict(list)
    for index, close in enumerate(closes):
        for day in close.period.days():
            by_day[day].append(index)
    first, last = min(c.period.start for c in closes), max(c.period.last_day for c in closes)
    intact = {"closes": [(str(c.period), c.digest, c.version) for c in closes], "first": first, "last": last, "root": root}
    if _still_intact(intact):
        leave_note(NOTE, intact)
        return entries, errors + _missing_side_files(closes, root, lambda close: lambda: _hashed_now(close, entries, root))
    hashed: list[list[tuple[str, object]]] = [[] for _ in closes]
    for entry in entries:
        date = entry.date
        if date < first or date > last:
            continue
        indexes = by_day.get(date)
        if not indexes or is_close(entry):
            continue
        by_version: dict[str, str] = {}  # closes of one form share the entry's hash (most books: one form)
        for index in indexes:
            version = closes[index].version
            h = by_version.get(version)
            if h is None:
                h = by_version[version] = entry_hash(entry, root, version)
            hashed[index].append((h, entry))
    changed = []
    for close, current in zip(closes, hashed, strict=False):
        if digest_of_hashes(h for h, _ in current) != close.digest and not _sealed_as_read(close, current, root):
            changed.append(close)
            errors.extend(_explain(close, current, root))
    if not changed:
        leave_note(NOTE, intact)
    now = {id(close): current for close, current in zip(closes, hashed, strict=True)}
    return entries, errors + _missing_side_files([c for c in closes if c not in changed], root, lambda close: lambda: now[id(close)])


def _hashed_now(close, entries, root) -> list[tuple[str, object]]:
    """(hash, entry) of each entry of the close's period now, as the rule hashes them: only
    asked for a side file that does not hold, on a load that hashed nothing (_still_intact)."""
    return [(entry_hash(entry, root, close.version), entry) for entry in entries
            if entry.date in close.period and not is_close(entry)]


def _sealed_as_read(close, current, root) -> bool:
    """Whether the period matches its digest with the carriage returns of its strings hashed
    as read: a close made before CRLF was read as LF, of books saved with CRLF (only asked
    when the digest does not match, so it costs nothing on intact books)."""
    if not any("\\r\\n" in canonical(entry, root, close.version, line_ends_as_read=True) for _, entry in current):
        return False
    return digest_of_hashes(entry_hash(entry, root, close.version, line_ends_as_read=True) for _, entry in current) == close.digest


def _missing_side_files(closes, root, current) -> list[RuleWarning]:
    """A warning on each intact close whose side file is gone or damaged: its digest still
    seals the period, but a later change could not be named. `current(close)`: a callable
    that gives the period's entries now, (hash, entry), to name what a damaged file lacks.

    Why: with closes/2026-03.sha256 deleted the books checked clean, and the loss came to
    light only when something changed, as "the entry cannot be named"."""
    if not root:
        return []
    warnings = []
    for close in closes:
        path = side_path(root, close.period)
        if os.path.isfile(path):
            # Why: an emptied side file (or one cut short, or another period's copied over it,
            # or a record line deleted or edited) passed as present, and the loss came to
            # light only when an entry changed
            damage = side_file_damage(path, close.digest, current(close), root)
            if damage is None:
                continue
            state_zh, state = damage
        elif os.path.lexists(path):
            state, state_zh = "is not a regular file", "不是普通文件"
        else:
            state, state_zh = "is missing", "不见了"
        side = f"{SIDE_FOLDER}/{close.period}.sha256"
        warnings.append(RuleWarning(
            close.entry.meta,
            bilingual(f"警告：{side} {state_zh}：已结账期间 {close.period} 仍由其摘要封存，"
                      "但以后其中的改动将无法指出是哪一笔；请从账簿的历史或备份中恢复它，"
                      f"或用 `relief close BOOKS {close.period}` 从账簿重新写出（结账以来该期间未改动）",
                      f"Warning: {side} {state}: closed period {close.period} is still sealed by its digest, "
                      f"but a later change in it could not be named; restore it from the books' history or a backup, "
                      f"or write it again from the books with `relief close BOOKS {close.period}` (the period is unchanged "
                      "since its close)"),
            close.entry,
        ))
    return warnings


NOTE = "closed_period: intact"


def _before_the_books(closes, entries) -> list[RuleError]:
    """An error on each close of a period that ended before the books' first `open`.

    Why: `relief close` refuses such a period (there is nothing of it in the books), but a
    close of it typed by hand, with the digest of no entries, passed every load and went
    into the site's public log for good."""
    first = next((e.date for e in entries if type(e) is data.Open), None)  # the books are sorted by date: the first found
    if first is None:
        return []
    return [
        RuleError(
            close.entry.meta,
            bilingual(f"period-close {close.period}：{close.period} 于 {close.period.last_day} 结束，"
                      f"早于账簿的开始（{first}，第一条 `open`）：这个期间没有可结账的内容；"
                      "请删除这一行，除非账簿最早的分录被删掉了（见账簿的历史）",
                      f"period-close {close.period}: {close.period} ended on {close.period.last_day}, before the books begin ({first}, their first "
                      f"`open`): there is nothing of it to close; remove this line, unless the books' first entries were removed "
                      "(see the books' history)"),
            close.entry,
        )
        for close in closes
        if close.period.last_day < first
    ]


def _still_intact(intact: dict) -> bool:
    """True when the load this one extends found these very closes intact, and nothing
    appended since is dated within their span (so every closed period is unchanged)."""
    found = earlier_note(NOTE)
    if found is None:
        return False
    before, appended = found
    if before != intact:
        return False
    first, last = intact["first"], intact["last"]
    return not any(first <= entry.date <= last for entry in appended)


def _side_file_state(side, path: str | None) -> tuple[str, str]:
    """Why the side file cannot name the change, (zh, en). A file cut short or damaged reads
    as None like an absent one; "is missing" then sent the user looking for a file that is there."""
    if side is not None:
        return "与结账时的摘要不符", "does not match the close's digest"
    if path is not None and os.path.lexists(path) and not os.path.isfile(path):
        return ("不是普通文件（占着它位置的是文件夹、命名管道或设备；请从备份中放回附带文件）",
                "is not a regular file (a folder, a named pipe or a device stands in its place; put the side file back from a backup)")
    if path is not None and os.path.lexists(path):
        return ("无法按 `relief close` 写出的清单读取（已损坏或被截断；请从备份中恢复）",
                "cannot be read as the list `relief close` wrote (damaged or cut short; restore it from a backup)")
    return "不见了", "is missing"


def _found_in_documents_folder(entry) -> bool:
    """A `document` that beancount made from a file in the books' documents folder (it has no
    line of its own: line 0 of the main file).

    Why: a scan dropped into the folder with a day of a closed period was reported on
    main.beancount:0 as an added entry, with the advice to record a correction, which
    cannot undo a file; the message now names the file and what to do with it."""
    return type(entry).__name__ == "Document" and not (entry.meta or {}).get("lineno")


def _shown_path(path: str, root: str | None) -> str:
    if root:
        try:
            relative = os.path.relpath(path, root)
        except ValueError:
            return path
        if not relative.startswith(os.pardir):
            return relative
    return path


def _explain(close, current, root):
    period = close.period
    side = read_side_file(side_path(root, period)) if root else None
    if side is not None and side_file_agrees(side, side.digest) and digest_of_hashes(h for h, _ in current) == side.digest:
        # Why: the entries are exactly those the side file lists (and its digest is theirs),
        # so most likely the close line's digest was edited; "an entry was added, removed or
        # altered" sent the user through the period for a change that was not there. The
        # close line stays the authority (the site's log holds it): a side file can be
        # written again, so the message does not say to copy its digest over.
        return [
            RuleError(
                close.entry.meta,
                bilingual(f"已结账期间 {period}：这行结账上的摘要（{close.digest}）不是其分录的摘要，"
                          f"其分录与 {SIDE_FOLDER}/{period}.sha256 相符（摘要 {side.digest}）：要么这一行的摘要被改过，"
                          f"要么分录和附带文件都被改过；请把 closes.beancount 和 {SIDE_FOLDER}/{period}.sha256 "
                          f"与账簿的历史（以及已发布网站日志中 {period} 的摘要）对照，恢复被改动的内容",
                          f"Closed period {period}: the digest on this close ({close.digest}) is not that of its entries, which match "
                          f"{SIDE_FOLDER}/{period}.sha256 (digest {side.digest}): either the digest on this line was edited, or the entries "
                          f"and the side file were both changed; compare closes.beancount and {SIDE_FOLDER}/{period}.sha256 with the books' "
                          f"history (and the digest the published site's log holds for {period}) and put back what changed"),
                close.entry,
            )
        ]
    if side is not None and side.version and side.version != close.version and side_file_agrees(side, close.digest):
        # Why: a `canonical:` line added to (or taken from) a close by hand hashed the period
        # in another form than its digest's, and every entry of it was reported as altered.
        wrote = "no `canonical:` line" if side.version == "v1" else f'canonical: "{side.version}"'
        return [
            RuleError(
                close.entry.meta,
                bilingual(f"已结账期间 {period} 结账时用的是规范格式 {side.version}"
                          f"（{SIDE_FOLDER}/{period}.sha256 如是说，其摘要也是这次结账的），"
                          f"但这行结账现在读作格式 {close.version}：`canonical:` 行被手工增删或改动过；"
                          f"请按 `relief close` 写出的样子恢复（{wrote}）",
                          f"Closed period {period} was closed in canonical form {side.version} ({SIDE_FOLDER}/{period}.sha256 says so, and its digest "
                          f"is this close's), but the close now reads as form {close.version}: the `canonical:` line was added, removed or edited "
                          f"by hand; put it back as `relief close` wrote it ({wrote})"),
                close.entry,
            )
        ]
    if side is None or not side_file_agrees(side, close.digest):
        why_zh, why = _side_file_state(side, side_path(root, period) if root else None)
        return [
            ClosedPeriodChanged(
                close.entry.meta,
                bilingual(f"已结账期间 {period} 被改动了：{period.start} 至 {period.last_day} 的分录与结账时记录的摘要不再相符"
                          f"（有分录被增加、删除或修改）。{SIDE_FOLDER}/{period}.sha256 {why_zh}，因此无法指出是哪一笔；"
                          f"请与账簿的历史对照，并{FIX_ZH}",
                          f"Closed period {period} has changed: the entries dated {period.start} to {period.last_day} no longer match the digest recorded "
                          f"when it was closed (an entry was added, removed or altered). {SIDE_FOLDER}/{period}.sha256 {why}, so the entry cannot be named; "
                          f"compare with the books' history and {FIX}"),
                close.entry,
            )
        ]
    changed, removed = compare(side, current)
    errors = []
    for entry, record in changed:
        if record is not None:
            message = bilingual(f"分录 {describe(entry)} 的日期在已结账期间 {period} 内，结账后被修改过（原为：{record.description}）；{FIX_ZH}",
                                f"Entry {describe(entry)} is dated in closed period {period} and was altered after the close "
                                f"(it was: {record.description}); {FIX}")
        elif _found_in_documents_folder(entry):
            shown = _shown_path(entry.filename, root)
            message = bilingual(
                f"文件 {shown} 是在 {period} 结账后放进单据文件夹的，其文件名表明日期为 {entry.date}，在已结账期间内；"
                "请把它移出单据文件夹，或把文件名改为未结账期间的某一天（单据文件名以其所属的日期开头）",
                f"The file {shown} was put in the documents folder after {period} was closed, and its name dates it "
                f"{entry.date}, in the closed period; move it out of the documents folder, or rename it with the day of an open period "
                f"(a document's name starts with the day it belongs to)"
            )
        else:
            message = bilingual(f"分录 {describe(entry)} 是在结账后加入已结账期间 {period} 的；{FIX_ZH}",
                                f"Entry {describe(entry)} was added to closed period {period} after the close; {FIX}")
        # a file dropped into the documents folder changes no figure: a plain error; an entry does
        errors.append((RuleError if _found_in_documents_folder(entry) else ClosedPeriodChanged)(entry.meta, message, entry))
    for record in removed:
        errors.append(
            ClosedPeriodChanged(
                close.entry.meta,
                bilingual(f"分录 {record.description}（原在 {record.location}）在结账后从已结账期间 {period} 中删除了；"
                          f"请恢复它，然后{FIX_ZH}",
                          f"Entry {record.description} (was at {record.location}) was removed from closed period {period} "
                          f"after the close; restore it, then {FIX}"),
                close.entry,
            )
        )
    if not errors:  # the same multiset of hashes but a different digest cannot happen; be safe
        message = bilingual(f"已结账期间 {period} 与记录的摘要不符；{FIX_ZH}",
                            f"Closed period {period} does not match its recorded digest; {FIX}")
        errors.append(ClosedPeriodChanged(close.entry.meta, message, close.entry))
    return errors


def _orphan_side_files(root, closed, options_map):
    """A side file with no matching period-close: the close directive itself was removed."""
    if not root:
        return []
    folder = os.path.join(root, SIDE_FOLDER)
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    source = {"filename": options_map.get("filename", "<books>"), "lineno": 0}
    errors = []
    for name in sorted(names):
        if not name.endswith(".sha256") or name[: -len(".sha256")] in closed:
            continue  # (a closed period's side file in a bad state is told with its close)
        if not os.path.isfile(os.path.join(folder, name)):
            # Why: a folder (or a named pipe) of that name was reported as the side file of a removed close.
            is_dir = os.path.isdir(os.path.join(folder, name))
            kind, kind_zh = ("a folder", "文件夹") if is_dir else ("not a regular file", "不是普通文件")
            message = bilingual(f"{SIDE_FOLDER}/{name} 是{kind_zh}，不是 `relief close` 在那里写的结账分录清单："
                                "请把它移出 closes 文件夹",
                                f"{SIDE_FOLDER}/{name} is {kind}, not the list of a close's entries that "
                                "`relief close` writes there: move it out of the closes folder")
            errors.append(RuleError(source, message, None))
            continue
        period = name[: -len(".sha256")]
        left_out = _close_not_included(root, period, options_map)
        if left_out:
            errors.append(RuleError(source, left_out, None))
            continue
        errors.append(
            RuleError(
                source,
                bilingual(f'{SIDE_FOLDER}/{name} 记录期间 {period} 已结账，但账簿中没有 custom "period-close" "{period}"：'
                          "这行结账被删掉了；请恢复它（见账簿历史中的 closes.beancount）",
                          f"{SIDE_FOLDER}/{name} records that period {period} was closed, but the books have no "
                          f"custom \"period-close\" \"{period}\": "
                          "the close was removed; restore it (see closes.beancount in the books' history)"),
                None,
            )
        )
    return errors


def _close_not_included(root: str, period: str, options_map) -> str | None:
    """What to say when the close of `period` is there in closes.beancount but that file is
    not part of the books (its include line gone), else None.

    Why: the side file's error said "the close was removed; restore it from the books'
    history", and the user found it there, unchanged: the include line had been taken out
    of the main file by hand, or a close of older books was killed between writing the close
    and adding the include."""
    path = os.path.join(root, CLOSES_FILE)
    included = {os.path.realpath(p) for p in options_map.get("include", [])}
    if os.path.realpath(path) in included:
        return None
    try:
        text = read_regular(path)
    except OSError:
        return None
    if f'"period-close" "{period}"'.encode() not in text:
        return None
    main = options_map.get("filename", "main.beancount")
    return bilingual(f'期间 {period} 的结账在 {CLOSES_FILE} 中，但账簿没有包含这个文件：请在 {main} 中加上一行 include "{CLOSES_FILE}"',
                     f'the close of period {period} is in {CLOSES_FILE}, but the books do not include that file: '
                     f'add the line include "{CLOSES_FILE}" to {main}')
