"""A message's Chinese half and English half, as the tests of "Chinese first" read them.

A message is written `中文。 English` (ledger.errors.bilingual): the Chinese ends at the first
。, ？ or ！ that follows a Chinese character and is followed by one space. Written here again,
not imported, so that the tests do not lean on the code they check."""

from __future__ import annotations

import re

CJK = re.compile(r"[\u4e00-\u9fff]")
_STOP = re.compile(r"[。？！] ")


def halves_of(text: str) -> tuple[str, str]:
    """(Chinese half, English half) of `text`; ("", text) when it does not start in Chinese."""
    for m in _STOP.finditer(text):
        if CJK.search(text[:m.start()]):
            return text[:m.start() + 1], text[m.end():]
    return "", text


def chinese_first(text: str, *english: str) -> str:
    """Assert that `text` is Chinese first, then English holding each of `english`, none of
    which stands in the Chinese half (English there is a half left untranslated); the Chinese half."""
    zh, en = halves_of(text)
    assert CJK.search(zh), f"no Chinese first: {text!r}"
    for words in english:
        assert words in en, f"{words!r} is not in the English half: {text!r}"
        assert words not in zh, f"{words!r} (English) stands in the Chinese half: {text!r}"
    return zh
