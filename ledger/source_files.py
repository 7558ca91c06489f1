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
  "Invalid token" errors, one per word, none saying what the file is;
- a file whose line ends are CR only (a carriage return without a line feed, as classic
  Mac OS saved text) is one line to the lexer, which ends lines only at a line feed: when
  it begins with a `;` comment, the whole file is that comment and its entries are lost
  without a single error (else a syntax error per would-be line, saying nothing of line ends).
  A stray lone CR that an editor shows as a line end does the same to the line after it,
  which joins the line before. CRLF line ends, and a CR that beancount reads as written (in
  a string, or before only blanks or a comment), are left alone.

`read_source(path)` returns a regular file's bytes or raises `NotBooksText` with a message
that says what the file is and what to do, and the line when there is one. The loader hook
(ledger/parse_cache.py) turns it into one error in place of that file's parse, so the
rest of the books are still checked. GBK text is left to the parser: the loader's own
UnicodeDecodeError is already turned into advice (ledger/books.py, `_friendly`).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from collections.abc import Iterator

from beancount.core import account as bc_account

from ledger.errors import bilingual

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


#: what _kind() says, in Chinese
_KIND_ZH = {"a folder": "文件夹", "a named pipe (FIFO)": "命名管道（FIFO）", "a device": "设备", "a socket": "套接字",
            "not a regular file": "特殊文件（不是普通文件）"}


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


class NotARegularFile(OSError):
    """A path that names a folder, a named pipe, a device or a socket where a file is read.
    An OSError, so a caller's "cannot read X (…)" says what it is: reading a named pipe
    waited for ever for a writer, and a device such as /dev/zero never ended."""

    def __init__(self, path: str, kind: str) -> None:
        super().__init__(errno.EINVAL, f"it is {kind}, not a file", str(path))
        self.kind = kind


def read_regular(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """The bytes of the regular file `path` (at most `limit` of them when given);
    NotARegularFile when it is anything else, OSError when it cannot be opened.

    Opened without blocking (a FIFO's open waits for a writer) and checked on the open
    descriptor, so what is checked is what is read. For files the user names besides the
    books: the site secret, the log key, the seal image."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotARegularFile(str(path), _kind(mode))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read() if limit is None else fh.read(limit)
    finally:
        os.close(fd)


def read_source(path: str) -> bytes:
    """The bytes of the books file `path`; NotBooksText when it is not one (OSError when it
    cannot be opened at all, as open() gives it). Read by read_regular: a FIFO or a device
    named by an include is told, never waited on."""
    try:
        content = read_regular(path)
    except NotARegularFile as exc:
        raise NotBooksText(bilingual(
            f"{path} 是{_KIND_ZH.get(exc.kind, exc.kind)}，不是账簿文件：include 只能引用 .beancount 文本文件"
            "（请改正或删除引用它的 include 行）",
            f"{path} is {exc.kind}, not a file of books: include only .beancount text files "
            "(correct or remove the include line that names it)"
        )) from None
    check_text(path, content)
    return content


def _line_of(content: bytes, offset: int) -> int:
    return content.count(b"\n", 0, offset) + 1


def check_text(path: str, content: bytes) -> None:
    """NotBooksText when `content` is UTF-16/32, holds a NUL byte, hides lines behind lone
    carriage returns, or has a line too long."""
    if content.startswith(_UTF32_BOMS) or content.startswith(_UTF16_BOMS):
        raise NotBooksText(bilingual(
            f"{path} 存为 UTF-16 或 UTF-32（Windows 的“Unicode”），beancount 读不了："
            f"请另存为 UTF-8，例如 `iconv -f UTF-16 -t UTF-8 {path} > new.beancount`",
            f"{path} is saved as UTF-16 or UTF-32 (Windows 'Unicode'), which beancount cannot read: "
            f"re-save it as UTF-8, e.g. `iconv -f UTF-16 -t UTF-8 {path} > new.beancount`"),
            1,
        )
    nul = content.find(b"\0")
    if nul >= 0:
        sample = content[: 4096]
        if sample.count(b"\0") * 4 >= len(sample):  # every other byte: UTF-16 without its mark
            raise NotBooksText(bilingual(
                f"{path} 看来是 UTF-16 文本（每隔一个字节是零），beancount 读不了："
                f"请另存为 UTF-8，例如 `iconv -f UTF-16LE -t UTF-8 {path} > new.beancount`",
                f"{path} looks like UTF-16 text (every other byte is zero), which beancount cannot read: "
                f"re-save it as UTF-8, e.g. `iconv -f UTF-16LE -t UTF-8 {path} > new.beancount`"),
                1,
            )
        line = _line_of(content, nul)
        raise NotBooksText(bilingual(
            f"{path} 含有二进制数据（第 {line} 行有 NUL 字节），文件已损坏或不是账簿文件："
            "请从备份恢复它，或删除引用它的 include 行",
            f"{path} holds binary data (a NUL byte on line {line}), so it is damaged or not a books file: "
            "restore it from a copy, or remove the include line that names it"),
            line,
        )
    hidden = _first_hidden_line(content)
    if hidden is not None:
        raise NotBooksText(_hidden_line_message(path, content, hidden), _line_of(content, hidden))
    long_line = _first_long_line(content)
    if long_line is not None:
        line, length = long_line
        raise NotBooksText(bilingual(
            f"{path}：第 {line} 行长 {length:,} 字节（账簿的行都很短，上限是 {MAX_LINE_BYTES:,} 字节）："
            "这不是账簿文件，或者它丢了换行；请从备份恢复它，或删除引用它的 include 行",
            f"{path}: line {line} is {length:,} bytes long (books lines are short; the limit is "
            f"{MAX_LINE_BYTES:,}): this is not a books file or it lost its line breaks; restore it "
            "from a copy, or remove the include line that names it"),
            line,
        )


#: A carriage return not followed by a line feed: a line end to most editors, not to beancount.
_LONE_CR = re.compile(rb"\r(?!\n)")
#: A line beancount's lexer skips whole (org-mode headings and the like: `^[*:#]` or a flag, then anything).
_SKIPPED_LINE = re.compile(rb"[*:#!&?%][^\n]")
#: Within one line as the lexer reads it: a string (closed, or open to the line's end, as a
#: string may go on over lines), a comment, a carriage return.
_LINE_PARTS = re.compile(rb'"(?:[^"\\]|\\.)*(?:"|$)|;[^\n]*|\r')
#: From a file's start, what can hold a quote that is not a string's: a string (over lines
#: if need be), a comment, a skipped line.
_STRINGS_AND_COMMENTS = re.compile(rb'"(?:[^"\\]|\\.)*"|;[^\n]*|^[*:#!&?%][^\n]+', re.MULTILINE)


def _first_hidden_line(content: bytes) -> int | None:
    """The offset of the first lone carriage return (CR without LF) that beancount does not
    take for the line end it looks like, or None.

    beancount's lexer ends lines only at LF and reads a CR as a blank, except in a comment
    or a skipped line (`* heading`), which it reads to the LF. So the text an editor shows
    after a lone CR joins the line before it: after a comment it is left out without a
    word, elsewhere it is a syntax error that says nothing of line ends. Such a CR is
    harmless, and not refused, when only blanks or a comment follow it up to the next line
    end, or when it is inside a string (kept in the string's text, as beancount reads it).
    CRLF line ends, the usual Windows ones, are line ends to beancount too.

    Cheap on large books: a file without CR is one memchr (26 MB in 1 ms), one with CRLF
    line ends one regex search (26 MB in 20 ms); only the lines that hold a lone CR are
    looked into, each on its own, and the file is read from its start (for a string that
    began lines above) only before a line is refused."""
    if b"\r" not in content:
        return None
    strings = _StringsFromStart(content)
    pos = 0
    while (found := _LONE_CR.search(content, pos)) is not None:
        start = content.rfind(b"\n", 0, found.start()) + 1
        end = content.find(b"\n", found.start())
        end = len(content) if end == -1 else end
        hidden = _hidden_in_line(content, start, end)
        if hidden is not None:
            string_end = strings.end_of_string_around(start)
            if string_end is not None:  # the line goes on with a string an earlier line began
                hidden = _hidden_in_line(content, string_end, end, line_start=False) if string_end < end else None
        if hidden is not None:
            return hidden
        pos = end
    return None


class _StringsFromStart:
    """Whether a line starts inside a string, read from the file's start as the lexer reads
    it (a string may run over lines), on demand and for lines in order: each byte is read
    once however many lines are asked about."""

    def __init__(self, content: bytes) -> None:
        self._content = content
        self._parts = _STRINGS_AND_COMMENTS.finditer(content)
        self._part: re.Match[bytes] | None = None

    def end_of_string_around(self, offset: int) -> int | None:
        """The end of the string that `offset` is inside (after its closing quote), or None."""
        while self._part is None or self._part.end() <= offset:
            self._part = next(self._parts, None)
            if self._part is None:
                return None
        part = self._part
        return part.end() if part.start() < offset and self._content[part.start()] == 0x22 else None


def _hidden_in_line(content: bytes, start: int, end: int, line_start: bool = True) -> int | None:
    """The offset of the first lone CR in content[start:end] (a line, or its rest after a
    string; no LF in it) that text other than blanks or a comment follows, outside a
    string; None when there is none."""
    for cr in _crs_outside_strings(content, start, end, line_start):
        after = _text_after(content, cr, end)
        if after and not after.startswith(b";"):
            return cr
    return None


def _crs_outside_strings(content: bytes, start: int, end: int, line_start: bool) -> Iterator[int]:
    """The offsets of the lone CRs in content[start:end] that are not inside a string, in
    order (every one of a line the lexer skips whole)."""
    if line_start and _SKIPPED_LINE.match(content, start, end):
        yield from (m.start() for m in _LONE_CR.finditer(content, start, end))
        return
    for part in _LINE_PARTS.finditer(content, start, end):
        if content[part.start()] != 0x22:  # a comment or a CR: a string keeps its CRs
            yield from (m.start() for m in _LONE_CR.finditer(content, part.start(), part.end()))


def _text_after(content: bytes, cr: int, end: int) -> bytes:
    """What an editor shows on the line after the CR at `cr` (up to the next CR, or `end`,
    the LF's offset), without its outer blanks."""
    stop = content.find(b"\r", cr + 1, end)
    return content[cr + 1: end if stop == -1 else stop].strip(b" \t")


def _hidden_line_message(path: str, content: bytes, cr: int) -> str:
    """What to tell about the lone CR at `cr`: a file whose line ends are mostly lone CRs
    (classic Mac OS) is named as such; a stray one is shown with the text it hides."""
    line = _line_of(content, cr)
    lone = content.count(b"\r") - content.count(b"\r\n")
    if lone > content.count(b"\n"):
        fix = (f"`tr '\\r' '\\n' < {path} > new.beancount`" if b"\n" not in content
               else f"`perl -pe 's/\\r(?!\\n)/\\n/g' {path} > new.beancount`")
        lost = ("the whole file as one line and loses its entries" if b"\n" not in content
                else f"runs of lines as one line from line {line} on and loses their entries")
        lost_zh = ("把整个文件读成一行，其中的分录全部丢失" if b"\n" not in content
                   else f"从第 {line} 行起把连续几行读成一行，丢失其中的分录")
        return bilingual(
                f"{path} 的行尾只有回车（CR，没有换行 LF，经典 Mac OS 这样存文本），而 beancount 只在换行处分行："
                f"它{lost_zh}（在 `;` 注释之后，一个错误也不报）：请用 Unix（LF）或 Windows（CRLF）行尾另存，"
                f"例如 {fix}，再用 new.beancount 替换它",
                f"{path} has CR-only line ends (a carriage return without a line feed, as classic Mac OS "
                f"saved text), and beancount ends a line only at a line feed: it reads {lost} (without a "
                "word after a `;` comment): re-save the file with Unix (LF) or Windows (CRLF) line ends, "
                f"e.g. {fix}, then put new.beancount in its place")
    end = content.find(b"\n", cr)
    shown = _text_after(content, cr, len(content) if end == -1 else end).decode("utf-8", "replace")
    shown = shown if len(shown) <= 40 else shown[:40] + "…"
    return bilingual(
            f"{path}：第 {line} 行在 \"{shown}\" 之前有一个回车（CR，显示为 ^M）而没有换行：编辑器在那里显示新的一行，"
            f"beancount 却不分行，把这段文字读作第 {line} 行的一部分（在 `;` 注释之后则一个错误也不报地略去）："
            f"请把这个 CR 改为行尾，例如 `perl -pe 's/\\r(?!\\n)/\\n/g' {path} > new.beancount`，再用 new.beancount 替换它；"
            "或删除这个 CR",
            f"{path}: line {line} holds a carriage return (CR, shown as ^M) without a line feed, before "
            f"\"{shown}\": an editor shows a new line there, but beancount does not, and reads that text as "
            f"part of line {line} (after a `;` comment it is left out without a word): make the CR a line "
            f"end, e.g. `perl -pe 's/\\r(?!\\n)/\\n/g' {path} > new.beancount`, then put new.beancount in "
            "its place; or delete the CR")


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
