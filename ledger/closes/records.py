"""Closed periods in the books: the `period-close` directives and their side files.

    2024-03-31 custom "period-close" "2024-03" "9f86d0…"   ; period, digest of its entries
      closed_on: 2024-04-03

Beside the books, `closes/2024-03.sha256` lists the hash of every entry dated in the period
(see ledger.closes.digest) so that a change can be named precisely; the digest alone
still proves that something changed when the side file is missing.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from beancount.core import data, flags

from ledger.closes.digest import DIGEST_VERSION, VERSION_KEY, VERSIONS, digest_of_hashes, entry_hash, is_close
from ledger.errors import bilingual
from ledger.files import SIDE_FOLDER
from ledger.period import Period, PeriodError, parse_period
from ledger.source_files import read_regular

#: The file beside the main file that `relief close` appends each close to (and includes).
CLOSES_FILE = "closes.beancount"

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_SIDE_FORM = re.compile(r"\(canonical form (v\d+)\)")


@dataclass
class Close:
    """One `custom "period-close"` directive, parsed."""

    period: Period
    digest: str
    entry: data.Custom
    #: the canonical form the digest was made in (`canonical:` on the directive; none: v1)
    version: str = "v1"


def parse_closes(entries: Iterable[data.Directive]) -> tuple[list[Close], list[tuple[data.Custom, str]]]:
    """The books' period closes, and (directive, problem) for each malformed one."""
    closes: list[Close] = []
    problems: list[tuple[data.Custom, str]] = []
    first_close: dict[str, data.Custom] = {}
    for entry in entries:
        if not is_close(entry):
            continue
        values = [v.value for v in entry.values or ()]
        if len(values) != 2 or not all(isinstance(v, str) for v in values):
            problems.append((entry, bilingual('结账须写明期间和摘要：custom "period-close" "2024-03" "<sha256>"（由 `relief close` 写出）',
                                              'A period close needs the period and its digest: custom "period-close" "2024-03" "<sha256>" '
                                              "(written by `relief close`)")))
            continue
        try:
            period = parse_period(values[0])
        except PeriodError as exc:
            problems.append((entry, bilingual(f"period-close：期间 {values[0]!r} 不可用：请写 2024-03（月）、2024-Q1（季）或 2024（年）这样真实存在的期间",
                                              f"period-close: {exc}")))
            continue
        if not _HEX64.match(values[1]):
            problems.append((entry, bilingual(f"period-close {period}：摘要须为 64 个十六进制字符（sha256），不能是 {values[1]!r}",
                                              f"period-close {period}: the digest must be 64 hexadecimal characters (sha256), not {values[1]!r}")))
            continue
        earlier = first_close.setdefault(period.key, entry)
        if earlier is not entry:
            # Why: a close line duplicated (a merge that kept both sides, a line pasted back)
            # was accepted in silence, and the site's log took the period a second time, so the
            # published site no longer verified. The first close still guards the period.
            problems.append((entry, bilingual(f"period-close {period}：这个期间已在 {where(earlier)} 结账；一个期间只结账一次：请删除这一行",
                                              f"period-close {period}: the period is already closed at {where(earlier)}; "
                                              "a period is closed once: remove this line")))
            continue
        closed_on = (entry.meta or {}).get("closed_on")
        if closed_on is not None and not isinstance(closed_on, datetime.date):
            # Why: the site's log orders closes by closed_on; a hand-edited value that is not
            # a day ("yesterday") stopped `relief publish` with a TypeError. The close still
            # guards its period; only its place in the log falls back to the directive's date.
            problems.append((entry, bilingual(f"period-close {period}：closed_on {closed_on!r} 不是日期；请把 `relief close` 运行的那一天"
                                              "（见账簿历史中的 closes.beancount）写成 YYYY-MM-DD，不加引号",
                                              f"period-close {period}: closed_on {closed_on!r} is not a day; write the day `relief close` ran "
                                              "(see closes.beancount in the books' history) as YYYY-MM-DD, without quotes")))
        elif closed_on is not None and closed_on < period.end:
            # Why: accepted in silence, a close claimed a period sealed before all its days
            # had happened (`relief close` refuses until the period has ended), and the site's
            # log placed it by that day. The close still guards its period.
            problems.append((entry, bilingual(f"period-close {period}：closed_on {closed_on} 早于期间结束（{period.last_day}）："
                                              "期间只能在其最后一天之后结账；请把 `relief close` 运行的那一天"
                                              "（见账簿历史中的 closes.beancount）写成 YYYY-MM-DD",
                                              f"period-close {period}: closed_on {closed_on} is before the period ended ({period.last_day}): a period can "
                                              f"only be closed after its last day; write the day `relief close` ran (see closes.beancount in the books' history) as YYYY-MM-DD")))
        if entry.date != period.last_day:
            # Why: a close dated in another period (a date typed by hand) sorted with that
            # period in Fava and, without closed_on, took its place in the site's log by it.
            problems.append((entry, bilingual(f"period-close {period} 的日期是 {entry.date}，但结账的日期应是其期间的最后一天（{period.last_day}），"
                                              "`relief close` 就是这样写的：其日期或期间被手工改过；请恢复 `relief close` 写出的内容"
                                              "（见账簿历史中的 closes.beancount）",
                                              f"period-close {period} is dated {entry.date}, but a close is dated its period's last day ({period.last_day}), "
                                              f"as `relief close` writes it: its date or its period was edited by hand; put back what `relief close` "
                                              f"wrote (see closes.beancount in the books' history)")))
        version = (entry.meta or {}).get(VERSION_KEY, "v1")
        if version not in VERSIONS:
            # Why: a form relief does not know would hash the period some other way and call
            # every entry of it altered; the close is named, not the entries.
            problems.append((entry, bilingual(f"period-close {period}：{VERSION_KEY} {version!r} 不是 relief 认得的规范格式"
                                              f"（{', '.join(VERSIONS)}）；请写 `relief close` 写出的那个（见账簿历史中的 closes.beancount）",
                                              f"period-close {period}: {VERSION_KEY} {version!r} is not a canonical form relief knows "
                                              f"({', '.join(VERSIONS)}); write the one `relief close` wrote (see closes.beancount in the books' history)")))
            continue
        closes.append(Close(period, values[1], entry, version))
    return closes, problems


def in_order_made(closes: Iterable[Close]) -> list[Close]:
    """The closes in the order they were made: the order of the site's log (docs/verification.md, "The log").

    By `closed_on` (the day `relief close` ran; the directive's own date when it has none),
    and closes of the same day in the order they were written: `relief close` appends each
    to closes.beancount, so its lines are in the order the closes were made (a close in
    another file, written by hand: by file name, then line). Never by the period's start for
    closes of one day: a quarter closed after its months went in front of the months' entries
    the site had already published, and every later publish was refused as a rewrite.
    """
    return sorted(closes, key=_made)


def _made(close: Close) -> tuple:
    meta = close.entry.meta or {}
    closed_on = meta.get("closed_on")
    return (closed_on if isinstance(closed_on, datetime.date) else close.entry.date, str(meta.get("filename") or ""), meta.get("lineno") or 0, close.period.start, close.period.key)


def one_line(text: str) -> str:
    """`text` as one line of a side file: each tab and line break (a line feed, a carriage
    return, U+2028 and the other characters Python's splitlines ends a line at) made a space.

    Why: a side file is one tab-separated line per entry, read back with splitlines; a
    document named with a line feed, or a narration with U+2028 in it, cut its line in two,
    and the file `relief close` had just written was then reported as damaged."""
    return " ".join(text.replace("\t", " ").splitlines())


def entry_identity(entry: data.Directive) -> str:
    """What an entry is, as a finance officer would look it up (stable across small edits).

    Used to tell an altered entry (same identity, new content) from an added one. One line
    (`one_line`), as the side file stores it.
    """
    return one_line(_identity(entry))


def _identity(entry: data.Directive) -> str:
    kind = type(entry).__name__.lower()
    if isinstance(entry, data.Document):
        return f"{entry.date} {kind} {entry.account} {os.path.basename(entry.filename)}"
    if isinstance(entry, data.Transaction):
        meta = entry.meta or {}
        for key in ("source_ref", "receipt", "approval"):
            if meta.get(key):
                return f"{entry.date} {kind} {key}={meta[key]}"
        return f"{entry.date} {kind} {entry.payee or ''}|{entry.narration or ''}"
    for attr in ("account", "currency", "type"):
        value = getattr(entry, attr, None)
        if value:
            return f"{entry.date} {kind} {value}"
    return f"{entry.date} {kind}"


def describe(entry: data.Directive) -> str:
    """A one-line description of an entry for messages and side files."""
    if isinstance(entry, data.Transaction):
        words = f'"{entry.payee}" "{entry.narration or ""}"' if entry.payee else f'"{entry.narration or ""}"'
        text = f"{entry.date} {entry.flag} {words}"
        meta = entry.meta or {}
        extras = [f"{k} {meta[k]}" for k in ("receipt", "source_ref", "approval") if meta.get(k)]
        first = next((p for p in entry.postings if p.units is not None), None)
        if first is not None:
            extras.append(f"{first.account} {first.units}")
        return text + (" (" + ", ".join(extras) + ")" if extras else "")
    return entry_identity(entry)


def where(entry: data.Directive) -> str:
    """file:line of an entry, as messages show it."""
    meta = entry.meta or {}
    return f"{meta.get('filename', '?')}:{meta.get('lineno', '?')}"


@dataclass
class SideRecord:
    """One line of a side file: an entry's hash, what it is, where it was and how it read."""
    hash: str
    identity: str
    location: str
    description: str


@dataclass
class SideFile:
    """A parsed side file: the digest it states and a record per entry of the closed period."""
    digest: str
    records: list[SideRecord] = field(default_factory=list)
    #: the canonical form its hashes are in, as its first line states it ("" when it does not)
    version: str = ""


def side_path(root: str, period: Period | str) -> str:
    """Where the side file of a period lives: closes/<period>.sha256 beside the books."""
    return os.path.join(root, SIDE_FOLDER, f"{period}.sha256")


def side_text(period: Period, digest: str, entries: list[data.Directive], root: str | None, version: str = DIGEST_VERSION) -> str:
    """The side file's text: a header, then one tab-separated line per entry."""
    rows = []
    for entry in entries:
        loc = where(entry)
        if root and loc.startswith(root + os.sep):
            loc = loc[len(root) + 1 :]
        rows.append("\t".join((entry_hash(entry, root, version), entry_identity(entry), one_line(loc), one_line(describe(entry)))))
    rows.sort()
    lines = [
        f"# relief close {period}: one line per entry dated {period.start} to {period.last_day} (canonical form {version}).",
        "# hash<TAB>identity<TAB>where it was<TAB>description. Written by `relief close`; do not edit.",
        f"# digest {digest}",
        # the record lines, sorted, as written (side_file_damage): the words beside each hash are not sealed by the digest
        f"# lines {hashlib.sha256(chr(10).join(rows).encode('utf-8')).hexdigest()}",
    ]
    return "\n".join(lines + rows) + "\n"


def read_side_file(path: str) -> SideFile | None:
    """Parse a side file; None when it is absent or unreadable (the digest still works)."""
    try:
        # Why read_regular: a named pipe in its place was opened and waited on for ever, on
        # every load (bean-check and Fava too) once an entry of the period changed.
        text = side_file_text(read_regular(path))
    except OSError:
        return None
    text = text.replace("\r\n", "\n")  # as a text-mode read gave it (a side file checked out with CRLF line ends)
    digest = ""
    version = ""
    records: list[SideRecord] = []
    for line in text.splitlines():
        found = _SIDE_FORM.search(line) if line.startswith("# relief close ") else None
        if found:
            version = found.group(1)
        elif line.startswith("# digest "):
            digest = line[len("# digest ") :].strip()
        elif line and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) == 4 and _HEX64.match(parts[0]):
                records.append(SideRecord(*parts))
            else:
                return None
    return SideFile(digest, records, version)


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def side_file_text(raw: bytes) -> str:
    """A side file's bytes as text, whatever an editor saved them as.

    utf-8-sig: a side file opened and saved in Windows Notepad starts with a byte-order mark,
    and was read as damaged ("restore it from a backup") for that alone. GB18030 (which reads
    GBK): one opened and saved by an editor set to the Chinese code page was read as damaged
    too, though not a record in it had changed (the hashes are ASCII either way). UTF-16 with
    its byte-order mark: Notepad's "Unicode"."""
    if raw[:2] in _UTF16_BOMS:
        return raw.decode("utf-16", "replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030", "replace")


def side_file_damage(path: str, digest: str, current: Callable[[], list[tuple[str, data.Directive]]],
                     root: str | None = None) -> tuple[str, str] | None:
    """What is wrong with the side file `path` of a close whose digest is `digest`, as
    (Chinese, English) words that follow the file's name ("is cut short at line 9 ..."); None
    when it lists exactly the entries the close sealed. `current()`: the period's entries now,
    (hash, entry), asked only when the file does not hold (to name the lines and entries).
    For a regular file, whose period is intact (the caller checks both).

    Why every record, not only the `# digest` line: a record line deleted (or edited,
    duplicated, or the file cut short mid-line) kept the header's digest, and the books checked
    clean until an entry of the period changed, which could then no longer be named. Read as
    bytes, the hashes only (the first 64 bytes of each record line): in UTF-8 and GBK alike
    tabs, line ends and hashes are the same bytes, and nothing is decoded while the file holds.
    A byte-order mark (UTF-8 or UTF-16) and CRLF line ends are read through; the lines' order is no matter (the
    digest is of the sorted hashes), so two lines swapped read right."""
    try:
        raw = read_regular(path)
    except OSError:
        return ("无法读取", "cannot be read")
    if raw[:2] in _UTF16_BOMS:  # saved as Notepad's "Unicode": its hashes are two bytes a character
        raw = raw.decode("utf-16", "replace").encode("utf-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n")
    lines = raw.split(b"\n")
    ended = lines[-1] == b""
    if ended:
        lines.pop()
    stated = next((line[len(b"# digest "):].strip() for line in lines[:3] if line.startswith(b"# digest ")), b"")
    if stated.decode("ascii", "replace") != digest:
        return ("不是这次结账的（缺少 `# digest` 行，或写的是另一个摘要：被清空、截断或复制过）",
                "is not this close's (its `# digest` line is missing or states another digest: emptied, cut short or copied)")
    hashes: list[bytes] = []
    numbers: list[int] = []
    records: list[bytes] = []
    for number, line in enumerate(lines, 1):
        if not line or line[:1] == b"#":
            continue
        if line[64:65] != b"\t" or line.count(b"\t") != 3:
            if number == len(lines) and not ended:
                return _cut_short(number)
            return (f"第 {number} 行不是 `relief close` 写出的那种记录行（哈希、标识、位置、描述，以制表符分隔）",
                    f"line {number} is not a record as `relief close` writes it (hash, identity, place and description, separated by tabs)")
        hashes.append(line[:64])
        numbers.append(number)
        records.append(line)
    if hashes and not ended and numbers[-1] == len(lines):
        return _cut_short(numbers[-1])
    if hashlib.sha256(b"\n".join(sorted(hashes))).hexdigest() != digest:
        return _records_wrong(hashes, numbers, current(), root)
    # Closes made before the `# lines` header have none: their hashes are all that is checked.
    covered = next((line[len(b"# lines "):].strip() for line in lines[:4] if line.startswith(b"# lines ")), None)
    if covered is None or hashlib.sha256(b"\n".join(records)).hexdigest().encode() == covered:
        return None
    return _words_edited(raw, covered, numbers, current())


def _words_edited(raw: bytes, covered: bytes, numbers: list[int], current: list[tuple[str, data.Directive]]) -> tuple[str, str] | None:
    """The record lines whose words (identity, description) are not those `relief close`
    wrote, when the `# lines` header does not cover the lines as they stand; None when it
    covers them read as text (saved as GBK) or in their written order (two lines swapped)."""
    text = side_file_text(raw).split("\n")
    records = [text[n - 1] for n in numbers]
    if hashlib.sha256("\n".join(sorted(records)).encode("utf-8")).hexdigest().encode() == covered:
        return None
    words: dict[str, list[tuple[str, str]]] = {}
    for h, entry in current:
        words.setdefault(h, []).append((entry_identity(entry), one_line(describe(entry))))
    edited = []
    for number, record in zip(numbers, records, strict=True):
        parts = record.split("\t")
        if not any(parts[1] == identity and parts[3] == description for identity, description in words.get(parts[0], ())):
            edited.append(number)
    if not edited:  # the words are the entries' own: the place a line gives was edited, or the header
        return ("的记录行与其 `# lines` 行不符（某行的位置或 `# lines` 行被改过）",
                "does not match its `# lines` header (a line's place, or the header, was edited)")
    more = f"另有 {len(edited) - _NAMED} 行" if len(edited) > _NAMED else ""
    more_en = f" and {len(edited) - _NAMED} more" if len(edited) > _NAMED else ""
    shown = edited[:_NAMED]
    return ("的第 " + "、".join(map(str, shown)) + " 行被改过（哈希仍是分录的，其标识或描述却不是" + (f"；{more}" if more else "") + "）",
            "".join(f"line {n} was edited, " for n in shown[:-1]) + f"line {shown[-1]} was edited{more_en} "
            "(the hash is an entry's, its identity or description is not)")


def _cut_short(number: int) -> tuple[str, str]:
    return (f"在第 {number} 行被截断（最后一行没有换行，其内容可能不全）",
            f"is cut short at line {number} (its last line has no line end: it may be incomplete)")


#: how many damaged lines (or entries without one) a warning names before "and N more"
_NAMED = 3


def _records_wrong(hashes: list[bytes], numbers: list[int], current: list[tuple[str, data.Directive]],
                   root: str | None) -> tuple[str, str]:
    """The lines that list no entry (edited, repeated) and the entries that have no line."""
    now = Counter(h.encode("ascii") for h, _ in current)
    seen: Counter = Counter()
    first_line: dict[bytes, int] = {}
    zh: list[str] = []
    en: list[str] = []
    for h, number in zip(hashes, numbers, strict=True):
        seen[h] += 1
        if seen[h] > now.get(h, 0):
            if h in first_line:
                zh.append(f"第 {number} 行重复了第 {first_line[h]} 行")
                en.append(f"line {number} repeats line {first_line[h]}")
            else:
                zh.append(f"第 {number} 行不是该期间任何分录的记录（被改过）")
                en.append(f"line {number} is the record of no entry of the period (edited)")
        first_line.setdefault(h, number)
    lacking = now - seen
    for h, entry in current:
        key = h.encode("ascii")
        if lacking.get(key, 0) > 0:
            lacking[key] -= 1
            place = where(entry)
            if root and place.startswith(root + os.sep):
                place = place[len(root) + 1 :]
            zh.append(f"没有 {describe(entry)}（{place}）的那一行（被删掉了）")
            en.append(f"has no line for {describe(entry)} ({place}) (deleted)")
    if not en:  # the same hashes, another digest: cannot happen; be safe
        zh.append("其记录的摘要不是这次结账的")
        en.append("its records' digest is not this close's")
    more = len(en) - _NAMED
    if more > 0:
        zh, en = zh[:_NAMED] + [f"另有 {more} 处"], en[:_NAMED] + [f"and {more} more"]
    return ("列出的分录与结账时封存的不符：" + "；".join(zh), "does not list the entries its close sealed: " + "; ".join(en))


def side_file_agrees(side: SideFile, recorded_digest: str) -> bool:
    """True when a side file belongs to this close (its digest and its records' digest both match), so it may name what changed."""
    return side.digest == recorded_digest and digest_of_hashes(r.hash for r in side.records) == recorded_digest


def period_entries(entries: Iterable[data.Directive], period: Period) -> list[data.Directive]:
    """The entries dated in the period that its digest covers: those the closed_period rule
    sees, so period closes and the padding beancount makes for a `pad` are left out.

    Why the padding: beancount makes it after the plugins have run (beancount.ops.pad), so
    the rule never sees it; sealed, it was reported as removed the moment the close was
    made, and a period with a `pad` could not be closed. The `pad` and the `balance` that
    fix its amount are sealed as any entry."""
    entries = [e for e in entries if e.date in period and not is_close(e)]
    pads = {(e.meta.get("filename"), e.meta.get("lineno")) for e in entries if isinstance(e, data.Pad) and e.meta}
    if not pads:
        return entries
    return [e for e in entries if not is_padding(e, pads)]


def is_padding(entry: data.Directive, pads: set[tuple[object, object]]) -> bool:
    """True for a transaction beancount made for one of `pads` (flag P, made at the pad's own line)."""
    return (isinstance(entry, data.Transaction) and entry.flag == flags.FLAG_PADDING and entry.meta is not None
            and (entry.meta.get("filename"), entry.meta.get("lineno")) in pads)


def compare(side: SideFile, current: list[tuple[str, data.Directive]]) -> tuple[list[tuple[data.Directive, SideRecord | None]], list[SideRecord]]:
    """Entries now present but not at the close (with the record they replace, if any),
    and records of entries present at the close but gone now."""
    before = Counter(r.hash for r in side.records)
    now = Counter(h for h, _ in current)
    gone_hashes = before - now
    new_hashes = now - before
    gone = [r for r in side.records if gone_hashes.get(r.hash, 0) > 0 and not _take(gone_hashes, r.hash)]
    new = [(h, e) for h, e in current if new_hashes.get(h, 0) > 0 and not _take(new_hashes, h)]
    by_identity: dict[str, list[SideRecord]] = {}
    for record in gone:
        by_identity.setdefault(record.identity, []).append(record)
    changed: list[tuple[data.Directive, SideRecord | None]] = []
    for _, entry in new:
        candidates = by_identity.get(entry_identity(entry))
        changed.append((entry, candidates.pop(0) if candidates else None))
    matched = {id(r) for _, r in changed if r is not None}
    removed = [r for r in gone if id(r) not in matched]
    return changed, removed


def _take(counter: Counter, key: str) -> bool:
    """Decrement counter[key]; always False (used inside comprehensions to consume once)."""
    counter[key] -= 1
    return False
