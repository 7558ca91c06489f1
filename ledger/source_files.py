"""Reading a books file safely before beancount's parser sees it.

beancount's loader opens whatever an `include` names and hands its bytes to a lexer built
for text. What is not a text file of reasonable lines goes wrong there in ways a finance
officer cannot act on:

- an include of a named pipe (FIFO) or of a device such as `/dev/zero` never returns (the
  open waits for a writer, the read never ends);
- a folder is "Is a directory" with no line to fix;
- a line of ten megabytes (a pasted export, a file saved without line breaks) takes the
  lexer minutes (its token buffer grows quadratically: 4 MB take 15 s) and then fails with
  "Parser internal error" when the bytes come from memory, as relief's parse cache gives them;
- a file saved as UTF-16 (Windows "Unicode"), or with binary junk in it, is a flood of
  "Invalid token" errors, one per word, none saying what the file is.

`read_source(path)` returns a regular file's bytes or raises `NotBooksText` with a message
that says what the file is and what to do, and the line when there is one. The loader hook
(ledger/parse_cache.py) turns it into one error in place of that file's parse, so the
rest of the books are still checked. GBK text is left to the parser: the loader's own
UnicodeDecodeError is already turned into advice (ledger/books.py, `_friendly`).
"""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Iterator

from beancount.core import account as bc_account

#: The longest line accepted. Real books lines are well under a kilobyte (a long narration
#: or a document path); the lexer takes about 0.7 s on a line of 1 MB and 15 s on 4 MB.
MAX_LINE_BYTES = 1024 * 1024

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


class NotBooksText(Exception):
    """A file named as books that is not UTF-8 text beancount can read (message says why)."""

    def __init__(self, message: str, lineno: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.lineno = lineno


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_source(path: str) -> bytes:
    """The bytes of the books file `path`; NotBooksText when it is not one (OSError when it
    cannot be opened at all, as open() gives it).

    The file is opened without blocking (a FIFO's open would wait for a writer) and checked
    on the open descriptor, so what is checked is what is read."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotBooksText(
                f"{path} is {_kind(mode)}, not a file of books: include only .beancount text files "
                "(correct or remove the include line that names it)"
            )
        with os.fdopen(fd, "rb", closefd=False) as fh:
            content = fh.read()
    finally:
        os.close(fd)
    check_text(path, content)
    return content


def _line_of(content: bytes, offset: int) -> int:
    return content.count(b"\n", 0, offset) + 1


def check_text(path: str, content: bytes) -> None:
    """NotBooksText when `content` is UTF-16/32, holds a NUL byte, or has a line too long."""
    if content.startswith(_UTF32_BOMS) or content.startswith(_UTF16_BOMS):
        raise NotBooksText(
            f"{path} is saved as UTF-16 or UTF-32 (Windows 'Unicode'), which beancount cannot read: "
            f"re-save it as UTF-8, e.g. `iconv -f UTF-16 -t UTF-8 {path} > new.beancount`",
            1,
        )
    nul = content.find(b"\0")
    if nul >= 0:
        sample = content[: 4096]
        if sample.count(b"\0") * 4 >= len(sample):  # every other byte: UTF-16 without its mark
            raise NotBooksText(
                f"{path} looks like UTF-16 text (every other byte is zero), which beancount cannot read: "
                f"re-save it as UTF-8, e.g. `iconv -f UTF-16LE -t UTF-8 {path} > new.beancount`",
                1,
            )
        line = _line_of(content, nul)
        raise NotBooksText(
            f"{path} holds binary data (a NUL byte on line {line}), so it is damaged or not a books file: "
            "restore it from a copy, or remove the include line that names it",
            line,
        )
    long_line = _first_long_line(content)
    if long_line is not None:
        line, length = long_line
        raise NotBooksText(
            f"{path}: line {line} is {length:,} bytes long (books lines are short; the limit is "
            f"{MAX_LINE_BYTES:,}): this is not a books file or it lost its line breaks; restore it "
            "from a copy, or remove the include line that names it",
            line,
        )


def _first_long_line(content: bytes) -> tuple[int, int] | None:
    """(line number, length) of the first line longer than MAX_LINE_BYTES, or None.

    Cheap on large books (26 MB in a few milliseconds): a line longer than the limit holds
    a whole aligned block of half the limit without a newline, so only blocks are searched,
    and the exact line is found only around a block that has none."""
    half = MAX_LINE_BYTES // 2
    for block in range(0, len(content), half):
        if content.find(b"\n", block, block + half) != -1 or len(content) - block < half:
            continue
        start = content.rfind(b"\n", 0, block) + 1
        end = content.find(b"\n", block)
        end = len(content) if end == -1 else end
        if end - start > MAX_LINE_BYTES:
            return _line_of(content, start), end - start
    return None


def walk_without_loops(top: str, followlinks: bool = True) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk(top, followlinks=...) that does not go round a symlink loop.

    beancount finds documents by walking the documents folder following symlinks (a folder
    linked in from a shared drive is common). A link back to a folder above it
    (`documents/Assets/Bank/a -> ..`) is walked again inside itself until the system's limit
    of 40 links per path: two such links make 2^40 folders, a walk that never ends. Here a
    folder that is the same folder (device and inode) as one of the folders above it on its
    own path, or the same as a folder that holds `top` (a link to "/" or to the books' folder),
    is neither listed nor entered; every other folder is walked as os.walk walks it, so two
    links to one shared folder still give both."""
    top_depth = top.rstrip(os.sep).count(os.sep)
    ids: dict[str, tuple[int, int] | None] = {}

    def identity(path: str) -> tuple[int, int] | None:
        if path not in ids:
            try:
                st = os.stat(path)
                ids[path] = (st.st_dev, st.st_ino)
            except OSError:
                ids[path] = None
        return ids[path]

    above_top = set()  # the folders that hold `top`, up to "/": a link to one of them is a loop too
    path = os.path.abspath(top)
    while True:
        found = identity(path)
        if found is not None:
            above_top.add(found)
        up = os.path.dirname(path)
        if up == path:
            break
        path = up
    for root, dirs, files in os.walk(top, followlinks=followlinks):
        me = identity(root)
        parent = os.path.dirname(root)
        looped = root != top and me in above_top
        while not looped and me is not None and parent != root and parent.count(os.sep) >= top_depth:
            looped = identity(parent) == me
            up = os.path.dirname(parent)
            if up == parent:
                break
            parent = up
        if looped:
            dirs[:] = []
            continue
        yield root, dirs, files


def account_walk(root_directory: str, followlinks: bool = True) -> Iterator[tuple[str, str, list[str], list[str]]]:
    """beancount.core.account.walk over walk_without_loops (the same folders, the same
    account names and order, for any folder without a symlink loop)."""
    for root, dirs, files in walk_without_loops(root_directory, followlinks=followlinks):
        dirs.sort()
        files.sort()
        relroot = root[len(root_directory) + 1:]
        account_name = unicodedata.normalize("NFKC", relroot.replace(os.sep, bc_account.sep))
        if bc_account.is_valid(account_name):
            yield root, account_name, dirs, files
