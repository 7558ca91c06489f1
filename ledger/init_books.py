"""Start new books from the template in ledger/template/ (what `relief init` does)."""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from importlib import resources
from pathlib import Path

from ledger.bidi import invisible_problem, without_invisible
from ledger.errors import ReliefError, bilingual
from ledger.period import books_today


class InitError(ReliefError):
    """The target cannot take new books (message says why and what to do)."""


def _template_files() -> list[tuple[str, str]]:
    root = resources.files("ledger") / "template"
    out: list[tuple[str, str]] = []

    def walk(node, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.name.startswith("__") or child.name.endswith(".pyc"):
                continue
            rel = f"{prefix}{child.name}"
            if child.is_dir():
                walk(child, rel + "/")
            else:
                out.append((rel, child.read_text(encoding="utf-8")))

    walk(root, "")
    return out


def beancount_string(text: str) -> str:
    """`text` as a beancount string literal: in double quotes, with backslash and double quote escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _check_name(option: str, value: str) -> None:
    """Refuse a name with a control character (a newline, a tab...): written into the books,
    it would end the line it stands on (a comment, an option) and break them. Refuse too a
    name the books' own check refuses (empty or blank, or with invisible characters such as
    a pasted U+202E): new books that fail `relief check` at once were written for it."""
    bad = next((c for c in value if unicodedata.category(c) == "Cc"), None)
    if bad is not None:
        raise InitError(bilingual(f"{option} {value!r}：含有控制字符（{bad!r}），不能写进账簿；请把名称写在一行内，去掉它",
                                  f"{option} {value!r}: holds a control character ({bad!r}), which cannot stand in the books; "
                                  "give the name on one line, without it"))
    if not without_invisible(value).strip():
        raise InitError(bilingual(f"{option} {value!r}：中心名称为空；请写上名称（或不给此选项而用默认名称，以后在 "
                                  "settings.beancount 中写上）",
                                  f"{option} {value!r}: the centre's name is empty; give its name (or leave the option out "
                                  "for the default, and write the name in settings.beancount later)"))
    problem = invisible_problem(option, value, f"{option} 中心名称")
    if problem:
        raise InitError(problem)


def stopped_inits(target: Path) -> list[Path]:
    """The staging folders (`.NAME.XXXXXXXX`, as `init_books` makes them) that an init of
    `target` killed part way left beside it: holding nothing but what the template writes.

    Why: a `relief init` killed outright (kill -9, a closed terminal: its clean-up never ran)
    left such a folder, half a set of books nobody would find, and the next init said
    nothing of it. A folder of that shape holding anything else is someone's, and stays."""
    target = Path(target)
    ours = {rel.split("/")[0] for rel, _ in _template_files()} | {"documents", "private"}
    shape = re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}")
    found = []
    try:
        candidates = list(target.parent.iterdir()) if target.name else []
    except OSError:
        return []
    for path in candidates:
        if shape.fullmatch(path.name) and path.is_dir() and not path.is_symlink():
            try:
                if {child.name for child in path.iterdir()} <= ours:
                    found.append(path)
            except OSError:
                continue
    return sorted(found)


def init_books(target: Path, *, name_zh: str, name_en: str, year: int | None = None) -> Path:
    """Write new books into `target` (which must be absent or empty); returns main.beancount.

    Files are written into a temporary folder beside the target and moved in at the end, so
    an interrupted init leaves nothing half-written; what one killed outright left there
    (`stopped_inits`) is removed first.
    """
    target = Path(target)
    bracketed = next((part for part in target.absolute().parts if "[" in part), None)
    if bracketed is not None:
        # beancount looks for an included file by a pattern made of the folder's name and the
        # include's: `[2026]` would match neither file, and the books would find none of theirs
        instead = bracketed.replace("[", "(").replace("]", ")")
        raise InitError(bilingual(f"{target}：文件夹名称含有 [ 或 ]（{bracketed}），beancount 查找账簿的 include 文件时把它当作"
                                  f"匹配模式，新账簿将找不到自己的文件；请换一个不含 [ 和 ] 的名称，例如 {instead}",
                                  f"{target}: the folder's name holds [ or ] ({bracketed}), which beancount reads as a pattern "
                                  "when it looks for the books' included files, so the new books would find none of them; "
                                  f"choose a name without [ and ], e.g. {instead}"))
    if target.exists() and not target.is_dir():
        # Why its own message: `relief init books/main.beancount` was told the file "is not empty; choose a new folder"
        raise InitError(bilingual(f"{target}：是文件，不是文件夹；请给出一个新文件夹的名称（relief init 从不覆盖账簿）",
                                  f"{target}: is a file, not a folder; give the name of a new folder (relief init never overwrites books)"))
    if target.exists() and any(target.iterdir()):
        raise InitError(bilingual(f"{target}：已存在且不是空文件夹；请另选一个新文件夹（relief init 从不覆盖账簿）",
                                  f"{target}: already exists and is not empty; choose a new folder (relief init never overwrites books)"))
    _check_name("--name-zh", name_zh)
    _check_name("--name-en", name_en)
    year = year or books_today().year
    # a name inside a beancount string ("{name_zh}") is escaped; elsewhere (a comment) it is written as given
    values = {'"{name_zh}"': beancount_string(name_zh), '"{name_en}"': beancount_string(name_en),
              "{start}": f"{year}-01-01", "{year}": str(year), "{name_zh}": name_zh, "{name_en}": name_en}
    placeholders = re.compile("|".join(map(re.escape, values)))  # at a quote, the quoted form is tried first
    target.parent.mkdir(parents=True, exist_ok=True)
    for left in stopped_inits(target):
        shutil.rmtree(left, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for rel, text in _template_files():
            text = placeholders.sub(lambda m: values[m.group(0)], text)  # in one pass: a name may hold "{year}"
            if rel == "txns/year.beancount":
                rel = f"txns/{year}.beancount"
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        for folder in ("documents/inbox", "private"):
            (staging / folder).mkdir(parents=True, exist_ok=True)
        (staging / "private" / "cases.csv").write_text(
            "case,name,id_number,phone,address,family,cause_detail,skills,job_wishes,state_of_mind\n", encoding="utf-8"
        )
        (staging / "private" / "README.txt").write_text(
            "个人信息（姓名、身份证号、电话、住址、“五清”档案）只存放在此文件夹，任何账簿文件都不引用它，也从不发布；发布程序只读取姓名一列，用来扣下点名帮扶对象的文字。\n"
            "Personal details of cases live only here; no books file includes this folder and nothing of it is published\n"
            "(the publisher reads the names only, to withhold a text that names a case).\n",
            encoding="utf-8",
        )
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target / "main.beancount"
