"""Chinese text in simplified characters, for comparing words and names written in either script.

Here (not in importers/) so that the books' own name matching (ledger.registry.norm_name) and
the importers' word tables fold a text the same way: 陳大文 is the registered 陈大文, 銀行 the
register's 银行.
"""

from __future__ import annotations

#: traditional characters that GB2312 (simplified Chinese's own set) holds too: 於, 後, 著
_TRADITIONAL_IN_GB2312 = frozenset("於後著")


def simplified(text: str) -> str:
    """`text` in simplified characters: 記賬日期 as 记账日期, 餘額 as 余额, 對方戶名 as 对方户名, as Hong
    Kong and Taiwan banks (Big5 exports) and statements typed in traditional characters write
    their headers. Why: such a statement was refused as an unknown format, its header the
    same words as a built-in layout's. zhconv (MediaWiki's conversion tables, word by word)
    is loaded only for text holding a character beyond GB2312's set, so a simplified header
    costs one encoding check and the tables are never read for it."""
    if text.isascii() or not _beyond_gb2312(text):
        return text
    from zhconv import convert

    return convert(text, "zh-hans")


def _beyond_gb2312(text: str) -> bool:
    """Whether `text` holds a Chinese character simplified Chinese (GB2312) does not write
    (a traditional one), or one of the few traditional ones GB2312 holds too. One encoding of
    the whole text first: a memo of each row of a 100,000-row statement is asked, and an
    emoji or a Latin letter with an accent is no reason to load the conversion tables."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        for ch in text:
            if "\u3400" <= ch <= "\u9fff":
                try:
                    ch.encode("gb2312")
                except UnicodeEncodeError:
                    return True
        return False
    return not _TRADITIONAL_IN_GB2312.isdisjoint(text)
