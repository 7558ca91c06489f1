"""An import written into the inbox but never checked, and what later commands say of it.

`relief import --write` appends to inbox.beancount, then loads the books again to check
them, and takes everything out again when they fail. Killed in between (kill -9, the OOM
killer, power lost), nothing of that ran: the entries stayed unchecked, and nothing said
so. A balance assertion the check would have refused was then listed by `relief check` as
if typed by hand, `relief import` called the statement's rows already in the books, and
--write refused the books for the import's own errors. So the write leaves a note beside
the books (MARK) while the entries are unchecked; a later check or import that finds it
says which import it was, its lines in the inbox and its filed copies, and what to do.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

from beancount.core import data

from importers.errors import Said, said
from ledger.books import Books
from ledger.files import atomic_write_text, folder_held_by_another

#: The note beside the main file while an import's entries are written but not yet checked.
MARK = ".relief-import-unchecked.json"


def mark_unchecked(root: Path, inbox: Path, at: int, ours: bytes, files: list[str], copied: list[Path]) -> None:
    """Note, before the inbox is written, that `ours` (appended to `inbox` at byte `at`) is
    about to be there unchecked."""
    note = {"files": files, "inbox": os.path.relpath(inbox, root), "at": at, "size": len(ours),
            "sha256": hashlib.sha256(ours).hexdigest(), "copied": [os.path.relpath(p, root) for p in copied]}
    atomic_write_text(root / MARK, json.dumps(note, ensure_ascii=False))


def checked(root: Path) -> None:
    """The import's entries were checked (kept or taken out again): the note goes."""
    with contextlib.suppress(FileNotFoundError):
        (root / MARK).unlink()


def unchecked_note(books: Books, *, writing: bool = False) -> Said | None:
    """What to say of an import killed before its check, or None when there was none.

    When the books pass their checks with its entries, it stands (the check would have kept
    it): said once, and the note removed. When the import's text is no longer in the inbox
    (taken out by hand), the note goes, and with it the filed copies no document entry names.
    `writing`: the caller holds the books' writer lock (else a running import's note, held
    under its lock, is no killed one and is left alone).

    Said in both languages (a `Said`: the English as the string, as `relief check --json`
    and the tests read it; its Chinese printed first): the officer who must delete the
    lines reads Chinese."""
    root = books.root
    try:
        note = json.loads((root / MARK).read_text(encoding="utf-8"))
        inbox = root / note["inbox"]
        at, size, sha = int(note["at"]), int(note["size"]), str(note["sha256"])
        files, copied = list(note["files"]), list(note["copied"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return None  # unreadable: not one relief wrote
    if not writing and folder_held_by_another(root):
        return None  # an import is writing now
    try:
        current = inbox.read_bytes()
    except OSError:
        current = b""
    if hashlib.sha256(current[at:at + size]).hexdigest() != sha:
        _drop_undocumented(books, copied)
        _forget(root)
        return None
    who = f"relief import of {', '.join(files)} was stopped before it checked the books (the process was killed)"
    who_zh = f"导入 {'、'.join(files)} 的 relief import 在检查账簿之前被中止了（进程被终止）"
    if not books.errors:
        _forget(root)
        return said(f"{who_zh}；账簿连同它的分录通过了检查，所以这次导入保留",
                    f"{who}; the books pass their checks with its entries, so it stands")
    first = current[:at].count(b"\n") + 1 + (current[at:at + 1] == b"\n")  # after the blank line it begins with
    last = current[:at + size].rstrip(b"\n").count(b"\n") + 1
    shown = os.path.relpath(inbox, root)
    kept = [p for p in copied if (root / p).exists()]
    also = "".join(f" and {p}" for p in kept)
    also_zh = "".join(f"以及 {p}" for p in kept)
    return said(f"{who_zh}：它的分录是 {inbox} 的第 {first}–{last} 行，上面的错误可能出自这些分录。"
                f"要撤销这次导入，请删除 {shown} 的第 {first}–{last} 行{also_zh}，然后再运行 `relief check`；"
                "要保留它，请按错误所说改正",
                f"{who}: its entries are lines {first}–{last} of {inbox}, and the errors above may be theirs. "
                f"To take the import out, delete lines {first}–{last} of {shown}{also}, then run `relief check` again; "
                "to keep it, correct what the errors say")


def _drop_undocumented(books: Books, copied: list[str]) -> None:
    """Remove the copies the killed import filed that no document entry names (its entries
    were taken out of the inbox by hand; the copy named nowhere is the statement the user keeps)."""
    named = {os.path.realpath(e.filename) for e in books.entries if isinstance(e, data.Document)}
    for rel in copied:
        path = books.root / rel
        if os.path.realpath(path) not in named:
            with contextlib.suppress(OSError):
                path.unlink()


def _forget(root: Path) -> None:
    with contextlib.suppress(OSError):  # a read-only disk: said again next time
        checked(root)
