"""Finding and loading a set of books, with messages a finance officer can act on.

A BOOKS argument is the main .beancount file or the folder that holds main.beancount.
Loading goes through beancount's own loader (so the plugins named in the books run), and
every problem comes back as data, never as an exception. Books that did not change (nor did
the rules' code, nor what the rules read) are read back from relief's load cache
(ledger/load_cache.py); after a change, large files that did not change are not parsed
again (ledger/parse_cache.py). beancount's own load cache (keyed on files' times only) is
neither read nor written here.
"""

from __future__ import annotations

import errno
import gc
import glob
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from beancount.core import data

from ledger import load_cache
from ledger.balance_runs import explain_balance_runs
from ledger.beancount_messages import chinese_first, name_odd_spaces
from ledger.collector import cyclic_gc_paused
from ledger.copied_files import copied_files
from ledger.documents_access import fold_unreadable_documents
from ledger.errors import ReliefError, RuleError, bilingual, is_warning
from ledger.parse_cache import SourceFileError
from ledger.registry import Registry, build_registry
from ledger.settings import Settings, load_settings
from ledger.timings import phase

MAIN_FILE = "main.beancount"


class BooksNotFound(ReliefError):
    """The BOOKS argument names nothing that can be loaded (message says what to do)."""


def resolve_books(path: str | os.PathLike[str]) -> Path:
    """The main file for a BOOKS argument, or BooksNotFound with a helpful message."""
    p = Path(path)
    if p.is_dir():
        main = p / MAIN_FILE
        if not main.is_file():
            _refuse_broken_link(main)
            raise BooksNotFound(bilingual(f"{p}：此文件夹中没有 {MAIN_FILE}；请给出主 .beancount 文件，或运行 `relief init {p}` 新建账簿",
                                          f"{p}: no {MAIN_FILE} in this folder; give the main .beancount file, "
                                          f"or run `relief init {p}` to start new books"))
        return main.resolve()
    if p.is_file():
        main = _main_including(p)
        if main is not None:
            raise BooksNotFound(bilingual(
                f"{p} 是账簿中的一个文件：{main} 包含了它。请给出主文件（{main}）或账簿所在的文件夹（{main.parent}）",
                f"{p} is one of the files of the books: {main} includes it. Give the main file ({main}) or the books' folder ({main.parent})"
            ))
        return p.resolve()
    _refuse_broken_link(p)
    if p.exists():
        raise BooksNotFound(bilingual(f"{p} 不是文件（是命名管道、设备或套接字）：请给出主 .beancount 文件或其所在的文件夹",
                                      f"{p} is not a file (a named pipe, a device or a socket): give the main .beancount file or its folder"))
    raise BooksNotFound(bilingual(f"{p}：没有这个文件或文件夹；请给出主 .beancount 文件或存放 {MAIN_FILE} 的文件夹",
                                  f"{p}: no such file or folder; give the main .beancount file or the folder that holds {MAIN_FILE}"))


_INCLUDE = re.compile(r'^[ \t]*include[ \t]+"([^"\n]+)"', re.MULTILINE)


def _main_including(path: Path) -> Path | None:
    """The main.beancount of a folder at most three levels up that includes `path`, if any.

    Why: `relief close books/txns/2026.beancount` loaded the one file as the books, and
    printed every posting's unknown account (hundreds of lines) as reasons the period did
    not reconcile; `relief check` counted 654 errors. The file is part of books: say so."""
    if path.name == MAIN_FILE:
        return None
    target = path.resolve()
    for folder in list(target.parents)[:3]:
        main = folder / MAIN_FILE
        if not main.is_file():
            continue
        try:
            with open(main, encoding="utf-8", errors="replace") as f:
                text = f.read(1_000_000)
        except OSError:
            continue
        for pattern in _INCLUDE.findall(text):
            full = pattern if os.path.isabs(pattern) else os.path.join(str(folder), pattern)
            if any(Path(found).resolve() == target for found in glob.glob(full)):
                return main
    return None


def _refuse_broken_link(main: Path) -> None:
    """BooksNotFound naming the link and its target when the main file is a symbolic link
    to no file: it was "no such file or folder" (or, in a books folder, "no main.beancount
    in this folder", with advice to start new books) though the file shows in the listing."""
    broken = _broken_link(str(main))
    if broken is not None:
        what, restore, what_zh, restore_zh = broken
        raise BooksNotFound(bilingual(f"{what_zh}：{restore_zh}改正链接（`ln -sfn THE-FILE {main}`），或直接给出主 .beancount 文件",
                                      f"{what}: {restore}correct the link (`ln -sfn THE-FILE {main}`), or give the main .beancount file itself"))


BOM = b"\xef\xbb\xbf"
_GLOB_MISSING = re.compile(r'File glob "(.*)" does not match any files')
_DUPLICATE = re.compile(r'Duplicate filename parsed: "(.*)"')
_NOT_THERE = re.compile(r'File "(.*)" does not exist')
_PLUGIN_IMPORT = re.compile(r'Error importing "(.*?)": (.*)', re.DOTALL)
_NO_MODULE = re.compile(r"ModuleNotFoundError: No module named '(.*)'")


def _starts_with_bom(name: str) -> bool:
    try:
        with open(name, "rb") as fh:
            return fh.read(3) == BOM
    except OSError:
        return False


_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "b": "\b"}


def _unescaped(text: str) -> str:
    """A string as beancount's lexer reads it: C escapes, and a backslash before any other
    character dropped (`registry\\cases` is `registrycases`)."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def _include_line(pattern: str, files: list[str], keyword: str = "include") -> tuple[str, int] | None:
    """Where `include "pattern"` (or another `keyword`: plugin) is written (the first file and line among `files`).

    The written string is compared as beancount read it: an include written with Windows
    backslashes (`registry\\cases.beancount`) reached the loader without them."""
    wanted = re.compile(r'^\s*' + keyword + r'\s+"((?:[^"\\]|\\.)*)"')
    for name in files:
        if not os.path.isfile(name):
            continue  # a FIFO or device among the included names: never opened (it would wait)
        try:
            with open(name, encoding="utf-8", errors="replace") as fh:
                for lineno, line in enumerate(fh, 1):
                    found = wanted.match(line)
                    if found and _unescaped(found.group(1)) == pattern:
                        return name, lineno
        except OSError:
            continue
    return None


def _includes_of(target: str, files: list[str]) -> list[tuple[str, int]]:
    """Every include line among `files` whose pattern names the file `target`, in order."""
    found = []
    for name in files:
        if not os.path.isfile(name):
            continue
        try:
            with open(name, encoding="utf-8", errors="replace") as fh:
                lines = list(fh)
        except OSError:
            continue
        for lineno, line in enumerate(lines, 1):
            m = re.match(r'^\s*include\s+"(.*)"', line)
            # recursive, as beancount's loader reads a pattern: `**` is any number of folders
            matched = glob.glob(os.path.join(os.path.dirname(name), m.group(1)), recursive=True) if m else []
            if m and os.path.realpath(target) in {os.path.realpath(p) for p in matched}:
                found.append((name, lineno))
    return found


def _by_pattern(name: str, lineno: int) -> bool:
    """Whether the include line `lineno` of `name` is a glob pattern (`include "txns/*.beancount"`)."""
    try:
        with open(name, encoding="utf-8", errors="replace") as fh:
            line = next((text for i, text in enumerate(fh, 1) if i == lineno), "")
    except OSError:
        return False
    found = re.match(r'^\s*include\s+"(.*)"', line)
    return bool(found) and glob.has_magic(found.group(1))


def _written_with_backslash(where: tuple[str, int]) -> bool:
    """Whether the include line at `where` (file, line) holds a backslash."""
    try:
        with open(where[0], encoding="utf-8", errors="replace") as fh:
            return "\\" in next((text for i, text in enumerate(fh, 1) if i == where[1]), "")
    except OSError:
        return False


def _backslashed(read: str, where: tuple[str, int]) -> str:
    """What to say of an include written with backslashes (a Windows path) that names no file.

    Why: beancount reads a backslash in a string as an escape and drops it, so
    `include "registry\\cases.beancount"` looked for `registrycases.beancount`; the message
    named that (and no line), and the user could not see what went wrong."""
    with open(where[0], encoding="utf-8", errors="replace") as fh:
        line = next((text for i, text in enumerate(fh, 1) if i == where[1]), "").strip()
    written = re.match(r'include\s+"(.*)"', line)
    shown = written.group(1) if written else read
    fixed = shown.replace(chr(92), "/")
    return bilingual(
            f'include "{shown}" 找不到文件：beancount 把字符串中的反斜杠（\\）当作转义符并略去，所以找的是 "{read}"；'
            f'请用正斜杠写路径：`include "{fixed}"`',
            f'include "{shown}" names no file: beancount reads a backslash (\\) in a string as an escape and leaves it out, '
            f'so it looked for "{read}"; write the path with forward slashes, '
            f'`include "{fixed}"`')


def _no_match(pattern: str, including: str | None) -> str:
    """What to say of an include pattern (`txns/*.beancount`) that matches no file.

    Why: it was told, as a plain name is, 'names no file …: create the file', as if a file
    named *.beancount were wanted, when the year's file had been moved away."""
    folder = os.path.dirname(os.path.join(os.path.dirname(including or ""), pattern))
    return bilingual(
            f'include "{pattern}" 没有匹配到任何文件：{folder or "该文件夹"} 中没有这样命名的文件；'
            "请把文件放回那里（是否被移走或改了名？），或改正或删除这一 include 行",
            f'include "{pattern}" matches no file: {folder or "the folder"} holds none of that name; put the files '
            "back there (moved or renamed?), or correct or remove this include line")


def _bracketed_folder(folder: str, pattern: str) -> str | None:
    """The uppermost folder on the way to `folder` whose name holds [ or ], when the include
    `pattern` does match files once that name is taken as it is; else None.

    Why: beancount finds an include by glob of the including file's folder joined with the
    pattern, so books in `帮扶账簿 [副本]` (a copy named by the system) found none of their
    files, and relief said to create each of them."""
    if "[" not in folder or not glob.glob(os.path.join(glob.escape(folder), pattern), recursive=True):
        return None
    parts = Path(folder).parts
    first = next(i for i, part in enumerate(parts) if "[" in part or "]" in part)
    return str(Path(*parts[: first + 1]))


def _bracketed_file(including: str, pattern: str) -> str | None:
    """What to say of an include whose file name holds [ or ] when a file of that very name
    is there, else None.

    Why: beancount reads `include "txns/2026[1].beancount"` as a pattern (20261.beancount),
    and relief said the folder "holds none of that name; put the files back there" though
    the file was right there, under the name the include gives."""
    path = os.path.join(os.path.dirname(including), pattern)
    if "[" not in os.path.basename(pattern) or not os.path.lexists(path):
        return None
    renamed = os.path.join(os.path.dirname(path),
                           os.path.basename(path).replace("[", "(").replace("]", ")"))
    return bilingual(
        f'include "{pattern}"：文件名中有 [ 或 ]，beancount 把它当作通配模式，所以找不到这个文件，尽管 {path} 就在那里：'
        f"请给文件改名（例如 `mv '{path}' '{renamed}'`），并相应改正这一 include 行",
        f'include "{pattern}": the file\'s name holds [ or ], which beancount reads as a pattern, so it finds no file '
        f"though {path} is there: rename the file (e.g. `mv '{path}' '{renamed}'`) and correct this include line to match")


def _missing_include(pattern: str, where: tuple[str, int] | None) -> str:
    """What to say of an include that found no file (`pattern`, written at `where`, the file
    and line of the include, when found): a folder on its way this user may not open, a file
    whose name beancount reads as a pattern, a pattern matching nothing, a path written with
    backslashes, or a file that is not there."""
    barred = _barred_folder(os.path.join(os.path.dirname(where[0]), pattern)) if where else None
    if barred:
        return bilingual(
            f'include "{pattern}" 读不了：你无权打开文件夹 {barred}（Permission denied），relief 看不到其中的内容；'
            f"请让它可读（`chmod u+rx {barred}`，或请它的所有者处理）；文件很可能就在那里：不要新写一个",
            f'include "{pattern}" cannot be read: the folder {barred} may not be opened by you '
            f"(Permission denied), so relief cannot see what is in it; make it readable (`chmod u+rx {barred}`, "
            "or ask whoever owns it); the file may well be there: do not write a new one")
    if glob.has_magic(pattern):
        return (where and _bracketed_file(where[0], pattern)) or _no_match(pattern, where[0] if where else None)
    if where and _written_with_backslash(where):
        return _backslashed(pattern, where)
    return bilingual(
        f'include "{pattern}" 找不到文件（路径从引用它的文件所在的文件夹算起）：'
        "请建立这个文件，或改正或删除这一 include 行",
        f'include "{pattern}" names no file (a path is taken from the folder of the file '
        "that includes it): create the file, or correct or remove this include line")


def _barred_folder(path: str) -> str | None:
    """The folder on the way to `path` (an include's path or glob pattern) that this user
    may not open (no read or search permission), else None.

    Why: beancount finds an include by glob, which sees nothing in such a folder, and said
    the include "does not match any files"; relief then said to create the file, though it
    may well be there (a folder made private with chmod, a copy by another user): a new
    file written in its place would hide it."""
    folder = os.path.dirname(path)
    while glob.has_magic(folder):
        folder = os.path.dirname(folder)
    chain = [folder]
    while os.path.dirname(chain[-1]) != chain[-1]:
        chain.append(os.path.dirname(chain[-1]))
    for step in reversed(chain):  # from the root down: the first folder that cannot be opened
        try:
            os.listdir(step)
        except PermissionError:
            return step
        except OSError:  # missing or not a folder: the include names no file after all
            return None
    return None


def _broken_link(name: str) -> tuple[str, str, str, str] | None:
    """When `name` is a symbolic link that leads to no file: what it is (naming its target)
    and the first remedy ("restore that file, or "; none for a loop of links), then the
    same two in Chinese; else None.

    Why: an include naming such a link (or a glob matching one: glob lists links whatever
    they point at) was beancount's `File "…" does not exist` at "<load>:0", though the file
    is right there in the folder listing: the link's target is what is missing."""
    try:
        target = os.readlink(name)
    except OSError:  # not a link (a file removed while the books were read): beancount's words stand
        return None
    try:
        os.stat(name)
        return None
    except OSError as problem:
        if problem.errno == errno.ELOOP:
            return (f"{name} is a symbolic link to {target} that leads round a loop of links, to no file", "",
                    f"{name} 是指向 {target} 的符号链接，在一圈链接里绕回原处，不通向任何文件", "")
        end = os.path.realpath(name)
        direct = os.path.normpath(os.path.join(os.path.dirname(name), target))
        where = target if end == target else f"{target} ({end})" if end == direct else f"{target}, which leads to {end}"
        where_zh = target if end == target else f"{target}（{end}）" if end == direct else f"{target}（它又通向 {end}）"
        gone = problem.errno in (errno.ENOENT, errno.ENOTDIR)
        why = "does not exist" if gone else f"cannot be opened ({problem.strerror})"
        why_zh = "不存在" if gone else f"打不开（{problem.strerror}）"
        return (f"{name} is a symbolic link to {where}, which {why}", "restore that file, or ",
                f"{name} 是指向 {where_zh} 的符号链接，而那个文件{why_zh}", "请恢复那个文件，或")


def _broken_include(name: str, by_pattern: bool) -> str | None:
    """The message for an include of `name` when it is a broken symbolic link, else None;
    `by_pattern` when a glob included it (then the link is what to delete, not the line)."""
    broken = _broken_link(name)
    if broken is None:
        return None
    what, restore, what_zh, restore_zh = broken
    remove = "delete the link" if by_pattern else "remove the include line that names it"
    remove_zh = "删除这个链接" if by_pattern else "删除引用它的 include 行"
    return bilingual(f"{what_zh}：{restore_zh}改正链接（`ln -sfn THE-FILE {name}`），或{remove_zh}",
                     f"{what}: {restore}correct the link (`ln -sfn THE-FILE {name}`), or {remove}")


def _plugin_not_imported(plugin: str, trace: str) -> str:
    """One sentence for a plugin beancount could not import, from the traceback it gives
    (whose last line says why): a module that does not exist, or one whose own import fails."""
    last = next((line.strip() for line in reversed(trace.splitlines()) if line.strip()), "")
    missing = _NO_MODULE.fullmatch(last)
    if missing and (plugin == missing.group(1) or plugin.startswith(missing.group(1) + ".")):
        return bilingual(
                f'plugin "{plugin}"：没有这个名字的 Python 模块（{last.split(": ", 1)[1]}），所以它没有运行；'
                '请检查拼写（relief 自己的规则是 "ledger.plugins.rules"），或把提供它的软件包装进 relief 所用的 Python 环境',
                f'plugin "{plugin}": there is no Python module of that name ({last.split(": ", 1)[1]}), so it did not run; '
                "check the spelling (relief's own rules are \"ledger.plugins.rules\"), or install the package that provides it "
                "into the Python environment relief runs in")
    return bilingual(
            f'plugin "{plugin}"：这个模块导入失败（{last or "ImportError"}），所以它没有运行；'
            "请修好这个模块或安装它所需的软件包，或删除这一 plugin 行",
            f'plugin "{plugin}": the module cannot be imported ({last or "ImportError"}), so it did not run; '
            "fix the module or install what it needs, or remove the plugin line")


def _friendly_load_errors(errors: list[Any], options: dict[str, Any]) -> list[Any]:
    """Rewrite what the loader says about the books' files themselves into advice, at a place.

    beancount reports a missing include, an include loop and an include of a symbolic link
    whose target is gone ("does not exist") at "<load>:0", naming neither the including
    file nor its line, a plugin it cannot import (a mistyped name) there too,
    with a Python traceback, and a file that starts with a byte-order mark (Windows
    Notepad's "UTF-8") as a run of "Invalid token" errors on line 1 (the BOM is glued to the
    first word). Each becomes one message at the file and line to fix, saying what to do.
    """
    loaded = [str(name) for name in options.get("include", ())]
    with_bom = {name for name in {str((e.source or {}).get("filename", "")) for e in errors
                                  if (e.source or {}).get("lineno") == 1 and "Invalid token" in str(e.message)}
                if name and _starts_with_bom(name)}
    out: list[Any] = []
    told_bom: set[str] = set()
    told_pattern: set[str] = set()
    for error in errors:
        src = dict(error.source or {})
        message = str(getattr(error, "message", ""))
        name = str(src.get("filename", ""))
        if name in with_bom and src.get("lineno") == 1:
            if name not in told_bom:
                told_bom.add(name)
                out.append(RuleError(
                    src,
                    bilingual(
                        f"{name} 以字节顺序标记（BOM，Windows 记事本存 UTF-8 时加上的）开头，beancount 读不了它的第一行："
                        f"请另存为不带 BOM 的 UTF-8，例如 `sed -i '1s/^\\xEF\\xBB\\xBF//' {name}`",
                        f"{name} starts with a byte-order mark (BOM, as Windows Notepad saves UTF-8), so beancount "
                        f"cannot read its first line: re-save it as UTF-8 without BOM, e.g. `sed -i '1s/^\\xEF\\xBB\\xBF//' {name}`"),
                    getattr(error, "entry", None),
                ))
            continue
        missing = _GLOB_MISSING.fullmatch(message) if name == "<load>" else None
        if missing:
            where = _include_line(missing.group(1), loaded)
            place = {"filename": where[0], "lineno": where[1]} if where else src
            bracketed = _bracketed_folder(os.path.dirname(where[0]), missing.group(1)) if where else None
            if bracketed:
                if bracketed not in told_pattern:  # every include of the books fails alike: said once
                    told_pattern.add(bracketed)
                    renamed = os.path.join(os.path.dirname(bracketed),
                                           os.path.basename(bracketed).replace("[", "(").replace("]", ")"))
                    out.append(RuleError(
                        place,
                        bilingual(
                            f"{bracketed}：文件夹名中有 [ 或 ]，beancount 查找被引用的文件时把它（连同文件夹名）当作通配模式，"
                            f"所以其中的 include 都找不到文件，尽管文件都在：请给文件夹改名、去掉 [ 和 ]，例如 `mv '{bracketed}' '{renamed}'`",
                            f"{bracketed}: the folder's name holds [ or ], which beancount reads as a pattern when it looks "
                            "for an included file (the folder's name and all), so no include in it finds its file, though the "
                            f"files are there: rename the folder without [ and ], e.g. `mv '{bracketed}' '{renamed}'`"),
                        getattr(error, "entry", None),
                    ))
                continue
            out.append(RuleError(place, _missing_include(missing.group(1), where), getattr(error, "entry", None)))
            continue
        if isinstance(error, SourceFileError) and not src.get("lineno"):
            lines = _includes_of(name, loaded)
            if lines:
                out.append(error._replace(source={"filename": lines[0][0], "lineno": lines[0][1]}))
                continue
        gone = _NOT_THERE.fullmatch(message) if name == "<load>" else None
        lines = _includes_of(gone.group(1), loaded) if gone else []
        broken = _broken_include(gone.group(1), bool(lines) and _by_pattern(*lines[0])) if gone else None
        if broken:
            out.append(RuleError({"filename": lines[0][0], "lineno": lines[0][1]} if lines else src, broken,
                                 getattr(error, "entry", None)))
            continue
        plugin = _PLUGIN_IMPORT.fullmatch(message) if name == "<load>" else None
        if plugin:
            where = _include_line(plugin.group(1), loaded, keyword="plugin")
            out.append(RuleError({"filename": where[0], "lineno": where[1]} if where else src,
                                 _plugin_not_imported(plugin.group(1), plugin.group(2)), getattr(error, "entry", None)))
            continue
        duplicate = _DUPLICATE.fullmatch(message) if name == "<load>" else None
        if duplicate:
            lines = _includes_of(duplicate.group(1), loaded)
            named = ", ".join(f"{n}:{i}" for n, i in lines)
            out.append(RuleError(
                {"filename": lines[0][0], "lineno": lines[0][1]} if lines else src,
                bilingual(
                    f"{duplicate.group(1)} 被 include 了不止一次（某个 include 行又引回了它，"
                    f"或两个 include 行都引用它{'：' + named if named else ''}）：请删除多余的 include",
                    f"{duplicate.group(1)} is included more than once (an include line that leads back to it, "
                    f"or two include lines that name it{': ' + named if named else ''}): remove the extra include"),
                getattr(error, "entry", None),
            ))
            continue
        out.append(error)
    return out


def friendly_load_errors(errors: list[Any], options: dict[str, Any], entries: Iterable[Any] | None = None) -> list[Any]:
    """The loader's errors as relief's commands tell them (a missing or broken include at its
    line, a plugin's import failure, a file in another encoding once, a failed balance with
    where its difference arose when the `entries` are given): for Fava too, which loads the
    books through beancount itself and showed the raw "<load>:0" messages."""
    friendly = _friendly(fold_unreadable_documents(_friendly_load_errors(errors, options), options))
    entries = entries if entries is None or isinstance(entries, list) else list(entries)
    opened = None if entries is None else (e.account for e in entries if isinstance(e, data.Open))
    return copied_files(errors, entries) + chinese_first(name_odd_spaces(explain_balance_runs(friendly, entries)), opened)


def _friendly(errors: list[Any]) -> list[Any]:
    """Rewrite the loader's raw messages that leave a user stuck (encoding) into advice.

    beancount reports a file in another encoding (GB18030, as Chinese Windows software
    saves it) once per line that does not decode: thousands of identical errors for one
    yearly file. Each such file gets one message, at its first bad line, with the count."""
    out: list[Any] = []
    first_of: dict[str, tuple[int, Any, str]] = {}  # file -> (index in out, error, detail)
    more: dict[str, int] = {}
    for error in errors:
        message = str(getattr(error, "message", ""))
        if message in _BAD_DATE:
            out.append(_bad_date(error, _BAD_DATE[message]))
            continue
        if _DOCUMENT_GONE.fullmatch(message):
            out.append(_document_elsewhere(error, _DOCUMENT_GONE.fullmatch(message).group(1)))
            continue
        if "UnicodeDecodeError" not in message:
            out.append(error)
            continue
        src = dict(error.source or {})
        name = str(src.get("filename", "this file"))
        if name in first_of:
            more[name] = more.get(name, 0) + 1
            continue
        first_of[name] = (len(out), error, message.split(":", 1)[-1].strip())
        out.append(error)
    for name, (i, error, detail) in first_of.items():
        others = more.get(name, 0)
        also = f"; {others} more line(s) of this file cannot be read either" if others else ""
        also_zh = f"；这个文件另有 {others} 行也读不了" if others else ""
        out[i] = RuleError(
            dict(error.source or {}),
            bilingual(f"{name} 不是 UTF-8 文本（{detail}）{also_zh}；beancount 账簿必须是 UTF-8："
                      "请另存为 UTF-8，例如 `iconv -f GB18030 -t UTF-8 old > new`",
                      f"{name} is not UTF-8 text ({detail}){also}; beancount books must be UTF-8: "
                      "re-save it as UTF-8, e.g. `iconv -f GB18030 -t UTF-8 old > new`"),
            getattr(error, "entry", None),
        )
    return out


#: beancount's documents plugin on a `document` entry whose file is not where its path says
_DOCUMENT_GONE = re.compile(r'File does not exist: "(.*)"')


def _document_elsewhere(error: Any, missing: str) -> Any:
    """The documents plugin's `File does not exist`, with the path to write when the file is
    there relative to a folder above the entry's file.

    A document's path is relative to the file that holds the entry, so `relief import
    --write` writes `documents/…` into inbox.beancount, beside the documents folder. Moved
    into txns/2026.beancount as the inbox's own comment says, the same entry pointed at
    txns/documents/…, which is not there: the error named only that path, and in a closed
    period the close reported the entry as altered, with the same text before and after."""
    src = dict(error.source or {})
    here = Path(str(src.get("filename", ""))).parent
    try:
        relative = Path(missing).relative_to(here)
    except ValueError:
        return error
    for above in list(here.parents)[:3]:
        if (above / relative).is_file():
            written = Path(os.path.relpath(above / relative, here)).as_posix()
            return type(error)(
                error.source,
                f'File does not exist: "{missing}"; the file is at {above / relative}: a document\'s path is relative to '
                f'the file that holds the entry, so here write "{written}" (an entry moved out of inbox.beancount '
                "into txns/ takes ../ before documents/)",
                error.entry,
            )
    return error


#: beancount's lexer on a date that does not exist (2026-02-30, 2026-13-01): the bare
#: ValueError, with no date and no word on what to do
_BAD_DATE = {
    "ValueError: day is out of range for month": "that month has no such day",
    "ValueError: month must be in 1..12": "there is no such month",
}


def _bad_date(error: Any, reason: str) -> Any:
    """The lexer's error on a date that does not exist, as advice naming the date.

    Why: "ValueError: day is out of range for month" named neither the date nor the fact
    that the whole entry on that line is left out of the books (a donation typed as
    2026-02-30 was simply missing from every total)."""
    src = dict(error.source or {})
    date = ""
    try:
        with open(src["filename"], encoding="utf-8", errors="replace") as fh:
            for lineno, line in enumerate(fh, 1):
                if lineno == src["lineno"]:
                    found = re.search(r"\d{4}[-/]\d{1,2}[-/]\d{1,2}", line)
                    date = found.group(0) + " " if found else ""
                    break
    except (OSError, KeyError, TypeError):
        pass
    return RuleError(src, f"the date {date}does not exist ({reason}), so the entry on this line is left out of the books: "
                          "correct the date", getattr(error, "entry", None))


@dataclass
class Books:
    """Loaded books: entries, every error, beancount's options, registries and settings.

    `warnings` are the rules' RuleWarnings (ledger/errors.py): bean-check and Fava list them
    with the errors, but they do not make the books wrong, so they are not in `errors`."""

    path: Path
    entries: list[data.Directive]
    errors: list[Any]
    options: dict[str, Any]
    registry: Registry = field(default_factory=Registry)
    settings: Settings = field(default_factory=Settings)
    warnings: list[Any] = field(default_factory=list)

    @property
    def root(self) -> Path:
        """The books' folder (the main file's), where side files and documents live."""
        return self.path.parent


def _unreadable_document_names(entries: list[Any]) -> list[Any]:
    """An error for each document in the documents folder whose file name is not UTF-8.

    Why: a file copied from a Windows USB drive or a zip made on Chinese Windows keeps its
    name in GBK; beancount's documents plugin takes it as it is, and `relief close`, which
    lists every entry of the period in closes/PERIOD.sha256, stopped with an internal error
    (UnicodeEncodeError). The file is named with what to do."""
    out = []
    for entry in entries:
        if isinstance(entry, data.Document) and not entry.filename.isascii():
            try:
                entry.filename.encode("utf-8")
            except UnicodeEncodeError:
                shown = entry.filename.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                out.append(RuleError(
                    {"filename": shown, "lineno": 0},
                    "this document's file name is not UTF-8 text (written by a system in another encoding, "
                    "e.g. GBK from a Windows USB drive or zip), so the books cannot record it: rename the file, "
                    "e.g. `convmv -f gbk -t utf-8 --notest FILE`",
                    entry,
                ))
    return out


def names_not_utf8(root: Path) -> BooksNotFound | None:
    """The error to give for books under `root` that beancount's loader cannot load because
    a file's (or a folder's) name is not UTF-8 (`_names_not_utf8`); None when none is.
    `relief serve` asks too: Fava loads through the same loader."""
    named = _names_not_utf8(root)
    if not named:
        return None
    return BooksNotFound(
        f"{', '.join(named)}: a books file's (or folder's) name is not UTF-8 text (written by a system in another encoding, "
        "e.g. GBK from a Windows USB drive or zip), and beancount cannot load books that include it: "
        "rename it, e.g. `convmv -f gbk -t utf-8 --notest NAME`"
    )


def _names_not_utf8(root: Path) -> list[str]:
    """The .beancount files under `root` whose names (or folders' names) are not UTF-8, as
    shown (U+FFFD for each byte that is not): any of them may be one an include glob matched.

    Why: beancount's loader hashes every included file's name as UTF-8, so one file named in
    GBK (txns/旧账.beancount copied from Windows) stopped every command, bean-check and Fava
    with a UnicodeEncodeError, naming no file."""
    found: dict[str, None] = {}
    for folder, dirs, files in os.walk(os.fsencode(root)):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(b".beancount"):
                parts = os.path.join(folder, name).split(b"/")
                for i, part in enumerate(parts):  # up to the first name that is not UTF-8 (a folder's: once)
                    try:
                        part.decode("utf-8")
                    except UnicodeError:
                        found[b"/".join(parts[: i + 1]).decode("utf-8", "replace")] = None
                        break
    return list(found)


def load_books(path: str | os.PathLike[str]) -> Books:
    """Load books through beancount's loader (plugins run); raises only BooksNotFound (also
    for a books file whose name beancount cannot load, `_names_not_utf8`)."""
    main = resolve_books(path)
    with cyclic_gc_paused():
        with phase("load the books"):
            try:
                entries, errors, options = load_cache.load(main)
            except UnicodeEncodeError:
                misnamed = names_not_utf8(main.parent)
                if misnamed is None:
                    raise  # not a file's name: a bug, for the crash file
                raise misnamed from None
        errors = friendly_load_errors(errors, options, entries) + _unreadable_document_names(entries)
        warnings = [e for e in errors if is_warning(e)]
        if warnings:
            errors = [e for e in errors if not is_warning(e)]
        with phase("registries and settings"):
            registry = build_registry(entries)
            settings, _settings_errors = load_settings(entries)  # already reported by the settings rule
        # The books live as long as the command: they join the objects the collector never
        # walks (else its first run after the pause walks every one of them, about half a
        # second on 100k transactions, and again whenever they reach an older generation).
        # Objects frozen this way are still freed as usual when nothing refers to them.
        gc.freeze()
    return Books(main, entries, errors, options, registry, settings, warnings)
