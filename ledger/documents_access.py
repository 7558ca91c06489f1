"""A documents folder this user may not open, or that is no folder: said once, with what to do.

beancount's documents plugin walks each `option "documents"` folder and checks that the
file of every `document` entry exists. In a folder without read or search permission
(chmod 000, a copy made by another user) it sees nothing: it said `File does not exist`
for every document the books name there, though each file was in its place, and the files
it should have listed as documents were silently left out. The folder is named once, at the
main file's `option "documents"` line, with the count of documents it hid. So is a
documents folder that is a symbolic link to a disk not mounted, or a file in its place.
"""

from __future__ import annotations

import os
import re
from typing import Any

from ledger.errors import RuleError

#: beancount's documents plugin on a `document` entry whose file it cannot find
_DOCUMENT_GONE = re.compile(r'File does not exist: "(.*)"')
#: beancount's documents plugin on a documents folder that is not a folder it can walk
_ROOT_GONE = re.compile(r"Document root '(.*)' does not exist")


def fold_unreadable_documents(errors: list[Any], options: dict[str, Any]) -> list[Any]:
    """`errors` with every `File does not exist` under a documents folder this user may not
    open, or that is no folder (a link to a disk not mounted, a file), replaced by one error
    for that folder, first."""
    unusable = {folder: None for folder in barred_document_folders(options)}
    unusable.update(_no_folder_tops(options))
    if not unusable:
        return errors
    hidden: dict[str, int] = dict.fromkeys(unusable, 0)
    out: list[Any] = []
    for error in errors:
        message = str(getattr(error, "message", ""))
        root = _ROOT_GONE.fullmatch(message)
        if root and os.path.normpath(root.group(1)) in unusable:
            continue  # said by the folder's own message
        gone = _DOCUMENT_GONE.fullmatch(message)
        folder = _barred_above(gone.group(1), list(unusable)) if gone else None
        if folder is None:
            out.append(error)
        else:
            hidden[folder] += 1
    main = str(options.get("filename") or "<books>")
    where = {"filename": main, "lineno": _option_line(main)}
    told = [RuleError(where, _message(folder, count, unusable[folder]), None) for folder, count in hidden.items()]
    return told + out


def _no_folder_tops(options: dict[str, Any]) -> dict[str, str]:
    """Each documents folder that is there but is no folder: {path: what it is instead}."""
    base = os.path.dirname(str(options.get("filename") or ""))
    found: dict[str, str] = {}
    for name in options.get("documents", ()):
        top = os.path.normpath(os.path.join(base, name))
        if os.path.isdir(top):
            continue
        if not os.path.lexists(top):
            # Why: books put in git when new hold no file under documents/, and git keeps no
            # empty folder: a clone said only beancount's "Document root '…' does not exist",
            # and every import into it was refused for that error
            found[top] = ("does not exist{gone}; create it (`mkdir -p "
                          f"{os.path.join(top, 'inbox')}`: a git clone or a copy leaves out an empty folder), or put "
                          "the documents folder back in its place, and check again")
            continue
        if os.path.islink(top) and not os.path.exists(top):
            target = os.readlink(top)
            found[top] = (f"is a symbolic link to {target}, which does not exist, so nothing in it can be seen: "
                          "{named}; mount the disk it is on (or correct the link) and check again")
        else:
            found[top] = ("is a file, not a folder, so no document can be in it: {named}; put the documents folder "
                          "back in its place (or correct the documents option) and check again")
    return found


def barred_document_folders(options: dict[str, Any]) -> list[str]:
    """The folders in or at each documents folder that this user may not list or enter, the
    uppermost only (what is below one cannot be seen anyway)."""
    base = os.path.dirname(str(options.get("filename") or ""))
    found: list[str] = []
    for name in options.get("documents", ()):
        top = os.path.normpath(os.path.join(base, name))
        if not os.path.isdir(top):  # no documents folder (yet): nothing hidden
            continue
        if not _may_open(top):
            found.append(top)
            continue
        for folder, _dirs, _files in os.walk(top, onerror=lambda problem: _note(problem, found)):
            if not _may_open(folder):
                found.append(folder)
    return list(dict.fromkeys(found))


def _may_open(folder: str) -> bool:
    return os.access(folder, os.R_OK | os.X_OK)


def _note(problem: OSError, found: list[str]) -> None:
    if isinstance(problem, PermissionError) and problem.filename:
        found.append(os.fspath(problem.filename))


def _barred_above(path: str, barred: list[str]) -> str | None:
    """The barred folder that `path` is in (at any depth), if any."""
    for folder in barred:
        if path.startswith(folder.rstrip(os.sep) + os.sep):
            return folder
    return None


def _option_line(main: str) -> int:
    """The line of `option "documents"` in the main file (0 when it cannot be read)."""
    try:
        with open(main, encoding="utf-8", errors="replace") as fh:
            for lineno, line in enumerate(fh, 1):
                if re.match(r'\s*option\s+"documents"', line):
                    return lineno
    except OSError:
        pass
    return 0


def _message(folder: str, hidden: int, instead: str | None) -> str:
    named = (f"the {hidden} document{'s' if hidden != 1 else ''} the books name there "
             f"{'are' if hidden != 1 else 'is'} reported missing, and " if hidden else "")
    if instead is not None:
        gone = (f" (the {hidden} document{'s' if hidden != 1 else ''} the books name there "
                f"{'are' if hidden != 1 else 'is'} reported missing)" if hidden else "")
        return f"{folder} " + instead.format(named=f"{named}its dated files are not listed as documents", gone=gone)
    return (
        f"{folder} cannot be opened by you (Permission denied), so nothing in it can be seen: "
        f"{named}its dated files are not listed as documents, though the files may well be there. "
        f"Make the folder readable (`chmod u+rx {folder}`, or ask whoever owns it) and check again"
    )
