"""Words a finance officer reads, Chinese and English kept together (for reconcile's checks,
publish's notes): the string is the English, `zh` the Chinese shown first.

Why a value and not bilingual() text: reconcile's problems are composed of parts (an
account's problem, then where to look; a pad's problem before the statement's), and tests
and code compare and search the English (`p.startswith("Assets:Bank:Old: closed on")`).
Joining two bilingual() texts would put English inside the Chinese half; joining Said
values joins each language with its own. The importers' reasons are the same type
(importers.errors re-exports it: the importers stand on ledger, not the other way round).
"""

from __future__ import annotations

from ledger.errors import bilingual


class Said(str):
    """The English as the string, the Chinese as `zh` (`said("无。", "none")`). Text built
    from a Said by string operations is plain English again: compose with `cat` / `joined`."""

    zh: str

    def __new__(cls, zh: str, en: str) -> Said:
        """The English as the string, the Chinese beside it."""
        text = super().__new__(cls, en)
        text.zh = zh
        return text

    def __getnewargs__(self) -> tuple[str, str]:  # copied and pickled with both halves
        return (self.zh, str.__str__(self))


def said(zh: str, en: str) -> Said:
    """The Chinese and English of one problem or note."""
    return Said(zh, en)


def zh_of(text: object) -> str | None:
    """The Chinese of a Said, or None for text known only in English."""
    return getattr(text, "zh", None)


def both(text: object) -> str:
    """A Said as the rules write a message (`中文。 English`), or the text as it is."""
    if text is None:
        return ""
    zh = zh_of(text)
    return bilingual(zh, str.__str__(text)) if zh else str(text)


def cat(*parts: object) -> Said:
    """Parts one after the other, each language from each part's own: a Said gives its
    Chinese to the Chinese half; plain text (a number, an account, a file) goes in both;
    None is left out."""
    parts = tuple(p for p in parts if p is not None)
    return Said("".join(zh_of(p) or str(p) for p in parts), "".join(str.__str__(p) if isinstance(p, str) else str(p) for p in parts))


def joined(parts: list, zh_sep: str = "；", en_sep: str = "; ") -> Said | None:
    """The parts given, in order, joined (`a；b` / `a; b`); None when there are none."""
    parts = [p for p in parts if p]
    if not parts:
        return None
    return Said(zh_sep.join(zh_of(p) or str(p) for p in parts), en_sep.join(str.__str__(p) for p in parts))


def in_zh(text: object) -> str:
    """What goes in a message's Chinese half for `text`: its Chinese when it is a Said, else the
    text as it is (a path, a number, or words the system gives only in English)."""
    return zh_of(text) or str(text)


def halves(text: object) -> tuple[str, str]:
    """The Chinese and the English of a message, to add words to each: a Said's two; a
    bilingual() text (`中文。 English`) parted where bilingual() joined them, the Chinese
    without its closing 。; else (English only, or a system's words) the text in both.

    Why: an error's message is passed on with words after it (publish's "the previous site
    is unchanged"); put after the whole of a bilingual text, they left the Chinese half
    without them, or put English inside it. An exception is taken as its message (a Said
    given to it keeps its Chinese there, though str() of the exception is the English)."""
    if isinstance(text, BaseException) and len(text.args) == 1 and isinstance(text.args[0], str):
        text = text.args[0]
    zh = zh_of(text)
    if zh:
        return zh, str.__str__(text)
    text = str(text)
    for i, ch in enumerate(text):
        if ch in "。？！" and text[i + 1:i + 2] == " " and any("\u4e00" <= c <= "\u9fff" for c in text[:i]):
            return text[:i] if ch == "。" else text[:i + 1], text[i + 2:]
    return text, text
