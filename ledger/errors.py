"""Errors as data, the beancount way: (source, message, entry) tuples.

Plugins return them to the loader, so bean-check, Fava and `relief check` all show the same
list. `source` is the entry's metadata (filename and lineno).
"""

from __future__ import annotations

from typing import Any, NamedTuple


class ReliefError(Exception):
    """A user's mistake (bad input, books, files or options), not a bug in relief.

    Its message says what is wrong and what to do; the command line prints it and exits 1
    (cli: ReliefGroup). Anything that is not a ReliefError is a bug and goes to the
    crash file.
    """


#: What may end the Chinese part of a message; bilingual() adds 。 when it ends otherwise.
_ZH_STOPS = ("。", "？", "！")


def missing_key(zh: str, en: str, meta: Any, key: str) -> str:
    """bilingual(zh, en) for a key missing from an entry, naming a key on it that looks like
    `key` misspelt (`donr:` for donor, `recipt:` for receipt, `fnd:` for fund), if any.

    Why: "Donation without a donor: add donor: …" was told of an entry with `donr: "D0001"`,
    and the newcomer who had written the key did not see it was misspelt. Keys that hold
    `key` (tax_receipt, proposed_donor, refund_of) are other keys, not slips."""
    import difflib

    near = sorted((k for k in (meta or {}) if isinstance(k, str) and k not in ("filename", "lineno") and key not in k
                   and difflib.SequenceMatcher(None, k.lower(), key).ratio() >= 0.8), key=str)
    if near:
        zh = f"{zh.rstrip('。')}（分录上写的 {near[0]}: 是否为 {key}: 的笔误？）"
        en = f"{en.rstrip('.')} (the entry has {near[0]}:, a misspelling of {key}:?)"
    return bilingual(zh, en)


def bilingual(zh: str, en: str) -> str:
    """A rule's message in both languages, Chinese first: `援助缺少审批单号：…。 Aid without …`.

    Why: the books' finance officers and auditors read Chinese, and bean-check, Fava's
    Errors page and `relief check` show the message as it is. The English follows,
    unchanged, so what users (and tests) search for in it is still there. One function, so
    every message has the same shape: the Chinese part ends with a full stop (。, added
    when missing) and one space parts it from the English. Numbers, ids, accounts and
    what to write go into both parts exactly alike."""
    zh = zh.strip()
    if not zh.endswith(_ZH_STOPS):
        zh += "。"
    return f"{zh} {en.strip()}"


def labelled(zh_label: str, en_label: str, said: str) -> str:
    """A message under a label in each language: labelled("提示：", "note: ", bilingual(zh, en))
    is `提示：zh。 note: en`, Chinese first as bilingual() writes it.

    `said` is a message bilingual() made (its Chinese part ends with 。？！ and one space);
    one with no Chinese (not yet translated) keeps its English label alone, `note: …`, so
    that tests/cli/test_chinese_first.py finds it."""
    for i, ch in enumerate(said):
        if ch in _ZH_STOPS and said[i + 1:i + 2] == " " and any("\u4e00" <= c <= "\u9fff" for c in said[:i]):
            return f"{zh_label}{said[:i + 1]} {en_label}{said[i + 2:]}"
    return f"{en_label}{said}"


def counted(n: int, one: str, many: str) -> str:
    """`1 entry`, `2 entries`: a count in an English message, the noun in the singular for one.
    Why: `relief verify` said "1 entries hash to its root", an import "1 entries"."""
    return f"{n} {one if n == 1 else many}"


class RuleError(NamedTuple):
    """One broken rule, pointing at the entry that breaks it."""

    source: dict[str, Any] | None
    message: str
    entry: Any


class ClosedPeriodChanged(RuleError):
    """A broken rule saying that an entry dated in a closed period was added, removed or
    altered after the close (ledger.plugins.closed_period). Why a class of its own: the
    period's pages say "Closed: locked"; published from such books, even with
    --allow-errors, they would show changed figures under that word, so `relief publish`
    and `relief report` refuse it whatever the flag (cli/common.py)."""

    __slots__ = ()


def location(error: Any) -> tuple[str, int]:
    """The (filename, line) an error points at, or ('<books>', 0) when it has none."""
    source = getattr(error, "source", None) or {}
    return str(source.get("filename", "<books>")), int(source.get("lineno", 0) or 0)


def format_error(error: Any) -> str:
    """`file:line: message` with the message's first line only (like bean-check)."""
    filename, lineno = location(error)
    message = str(getattr(error, "message", error)).strip()
    return f"{filename}:{lineno}: {message}"


class RuleWarning(NamedTuple):
    """Something to look at that does not make the books wrong (a name a spreadsheet would
    run as a formula). Beancount has no warning level: bean-check and Fava list it with the
    errors, its message starting with "警告：" (its English part with "Warning:"); `relief`
    commands keep it apart (`Books.warnings`): `relief check` prints it without failing,
    publish is not refused."""

    source: dict[str, Any] | None
    message: str
    entry: Any


def is_warning(error: Any) -> bool:
    """True for what the rules report as a warning (listed, but the books are not wrong)."""
    return isinstance(error, RuleWarning)
