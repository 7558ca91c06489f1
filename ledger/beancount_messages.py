"""beancount's own messages told Chinese first, as the rules speak (ledger.errors.bilingual).

Why: `relief check`, Fava, close and reconcile listed a transaction that does not balance, an
account not opened or a syntax error in beancount's English only, between the rules' Chinese
messages, to finance officers who read Chinese. Each known message gets a Chinese part saying
what happened and what to do; beancount's English follows unchanged (what users search for,
and what bean-check itself prints). A message not listed here stays as beancount wrote it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ledger.errors import bilingual

#: what NFKC leaves as it is: the ideographic comma and full stop, the Chinese quotation marks
_HALF = str.maketrans({"、": ",", "。": ".", "“": '"', "”": '"', "‘": "'", "’": "'"})


def _full_width(token: str) -> str:
    """The Chinese part for a token typed with full-width characters (a Chinese input method:
    １００．００, ２０２６－０３－１５, receipt：), with the half-width text to type instead."""
    half = unicodedata.normalize("NFKC", token).translate(_HALF)
    return (f"'{token}' 中有全角字符（中文输入法打出的数字或标点），beancount 读不了，这笔分录没有记入账簿："
            f"请用半角（英文）字符重打：把 '{token}' 改为 '{half}'")


#: (beancount's message, matched at its start) -> the Chinese part, its groups by number
#: (or a function of the groups that makes it)
_ZH: tuple[tuple[re.Pattern[str], Any], ...] = (
    (re.compile(r"Transaction does not balance: \((.+?)\)"), "交易借贷不平衡，差额 {0}：各分录行金额之和应为零，请核对金额和正负号"),
    (re.compile(r"Invalid reference to unknown account '(.+?)'"),
     "账户 {0} 未开设：请在 accounts.beancount 中用 open 开设它，或改正账户名"),
    (re.compile(r"Invalid reference to inactive account '(.+?)'"),
     "账户 {0} 在该日期未启用（早于它的 open 日期，或已 close）：请核对分录的日期或账户的开设日期"),
    (re.compile(r"Balance failed for '(.+?)': expected (.+?) != accumulated (.+?) \((\S+) too much\)"),
     "余额断言不符：{0} 应为 {1}，账上累计 {2}（多了 {3}）"),
    (re.compile(r"Balance failed for '(.+?)': expected (.+?) != accumulated (.+?) \((\S+) too little\)"),
     "余额断言不符：{0} 应为 {1}，账上累计 {2}（少了 {3}）"),
    (re.compile(r"ValueError: Invalid number format: '(.+?)'"),
     "金额 {0} 的写法不对，这笔分录没有记入账簿：逗号只能作千位分隔、每三位一个（10,000.00，不是按万分组的 1,0000.00），"
     "小数点用英文句点（不是 171,05）；最好不写逗号，例如 10000.00"),
    (re.compile("Invalid token: '(.*[\u3000-\u3002\uff01-\uff5e\u2018\u2019\u201c\u201d].*)'"), _full_width),
    (re.compile(r"(?:Invalid token|syntax error)"), "语法错误：请检查该行的引号是否成对、缩进、日期和金额的写法"),
    (re.compile(r'File does not exist: "(.+?)"'), "文件不存在：{0}"),
    (re.compile(r"Duplicate open directive for (\S+)"), "账户 {0} 重复开设：请删除多余的 open"),
    (re.compile(r"Duplicate close directive for (\S+)"), "账户 {0} 重复关闭：请删除多余的 close"),
    (re.compile(r"Invalid currency (\S+) for account '(.+?)'"), "账户 {1} 不收货币 {0}：请核对货币，或在它的 open 上加上该货币"),
    (re.compile(r'No position matches "(.+?)" against balance'), "库存中没有与之对应的批次：{0}；物资出库请写 {{}}（或该批的成本）"),
    (re.compile(r'Not enough lots to reduce "(.+?)"'), "库存批次不足以扣减 {0}：请核对数量，或先登记入库"),
    (re.compile(r"Duplicate entry: "), "重复的分录：同一笔分录出现了两次，请删除其一"),
    (re.compile(r"Unused Pad entry"), "未使用的 pad 分录：其后没有对应的 balance 断言"),
)


_UNKNOWN = re.compile(r"Invalid reference to unknown account '(.+?)'")


def closest_account(name: str, opened: list[str]) -> str | None:
    """The opened account `name` is most likely a typing slip of (a letter left out, swapped or
    in the wrong case), else None: a name like none of them is a new account, not a slip."""
    found = difflib.get_close_matches(name, opened, n=1, cutoff=0.85)
    return found[0] if found else None


def chinese_first(errors: list[Any], opened: Iterable[str] | None = None) -> list[Any]:
    """`errors` with each of beancount's known messages told Chinese first (a rule's message,
    already bilingual, starts with Chinese and matches none). With the `opened` accounts, an
    unknown account also names the opened one it is closest to (a typo: `Expenses:Aid:Livng`)."""
    out = []
    accounts: list[str] | None = None
    for error in errors:
        message = str(getattr(error, "message", ""))
        for pattern, zh in _ZH:
            m = pattern.match(message)
            if m is not None and hasattr(error, "_replace"):
                said = zh(*m.groups()) if callable(zh) else zh.format(*m.groups())
                unknown = _UNKNOWN.match(message) if opened is not None else None
                if unknown:
                    accounts = sorted(set(opened)) if accounts is None else accounts  # only when an account is unknown
                    near = closest_account(unknown.group(1), accounts)
                    if near:
                        said, message = f"{said}（是否应为 {near}？）", f"{message}; did you mean {near}?"
                error = error._replace(message=bilingual(said, message))
                break
        out.append(error)
    return out


#: spaces that look like a blank but are not one to beancount's lexer, with what to call them
_ODD_SPACES = {
    "\u3000": ("全角空格", "IDEOGRAPHIC SPACE (a Chinese input method's full-width space)"),
    "\u00a0": ("不间断空格", "NO-BREAK SPACE (copied from WPS, Word or a web page)"),
    "\u202f": ("窄不间断空格", "NARROW NO-BREAK SPACE"),
    "\u2002": ("半身空格", "EN SPACE"),
    "\u2003": ("全身空格", "EM SPACE"),
    "\u2009": ("窄空格", "THIN SPACE"),
    "\u200b": ("零宽空格", "ZERO WIDTH SPACE"),
    "\ufeff": ("字节顺序标记 BOM", "BYTE ORDER MARK (pasted from a file Notepad saved)"),
}
_SYNTAX = re.compile(r"(?:Invalid token|syntax error)")


@lru_cache(maxsize=64)
def _lines(filename: str) -> tuple[str, ...]:
    try:
        with open(filename, encoding="utf-8", errors="replace") as fh:
            return tuple(fh)
    except OSError:
        return ()


def name_odd_spaces(errors: list[Any]) -> list[Any]:
    """A syntax error on a line that holds a space beancount does not read as one (U+3000 from a
    Chinese input method, U+00A0 copied from WPS) says so, Chinese first, beancount's words after.

    Why: "syntax error, unexpected ACCOUNT" or "Invalid token: '.00'" was all that was said of a
    posting indented with full-width spaces, and the line looks right in every editor."""
    out = []
    for error in errors:
        source = getattr(error, "source", None) or {}
        message = str(getattr(error, "message", ""))
        lineno = source.get("lineno")
        if _SYNTAX.match(message) and isinstance(lineno, int) and hasattr(error, "_replace"):
            lines = _lines(str(source.get("filename", "")))
            line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
            found = [(char, names) for char, names in _ODD_SPACES.items() if char in line]
            if not found and message.startswith("syntax error, unexpected INDENT") and 1 < lineno <= len(lines) \
                    and not lines[lineno - 2].strip():
                error = error._replace(message=bilingual(
                    "这一行缩进了，上一行却是空行：在 beancount 里空行结束一笔分录，所以这一行不属于任何分录，没有读入账簿；"
                    "请删去分录中间的空行",
                    f"This line is indented after a blank line: a blank line ends an entry in beancount, so this line belongs "
                    f"to no entry and was not read; remove the blank line inside the entry (beancount: {message})"))
            elif found:
                zh = "、".join(f"{zh}（U+{ord(c):04X}）" for c, (zh, _) in found)
                en = ", ".join(f"U+{ord(c):04X} {en}" for c, (_, en) in found)
                error = error._replace(message=bilingual(
                    f"这一行有看起来像空格、beancount 却不认的字符：{zh}，所以这一行没有读入账簿；请把它们换成半角空格（缩进用两个半角空格）",
                    f"This line holds characters that look like spaces but are none to beancount: {en}, so the line was not "
                    f"read into the books; retype them as ordinary spaces (indent with two) (beancount: {message})"))
        out.append(error)
    _lines.cache_clear()
    return out
