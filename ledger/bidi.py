"""Names shown to others never carry Unicode's explicit direction controls.

A donor name is typed by whoever fills a register or a payment form. U+202E (RIGHT-TO-LEFT
OVERRIDE) and its kin reorder the characters that *follow* them on display, up to the end of
the paragraph: in a CSV line opened in a text editor, or in a sentence of a letter, a name
ending in an override makes the amount after it read backwards ("00.0001" for 1000.00), the
"Trojan Source" trick. Arabic or Hebrew names need none of them (the Unicode bidirectional
algorithm orders them by itself), so the overrides, embeddings and isolates are removed from
every name the site, the open data, the reports and the letters show; the books keep what
was typed. The marks U+200E / U+200F / U+061C reorder nothing and `without_bidi_controls`
keeps them; the names the public is shown (donors', accounts', goods', funds', unions')
are read without any invisible format character (`without_invisible`), marks included.
"""

from __future__ import annotations

import re
import unicodedata

from ledger.errors import bilingual

#: LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_REMOVE = {ord(c): None for c in BIDI_CONTROLS}


def without_bidi_controls(text: str) -> str:
    """`text` without explicit direction controls (the same object when it has none)."""
    if not any(c in text for c in BIDI_CONTROLS):
        return text
    return text.translate(_REMOVE)


#: What shows as a blank or as nothing though it is neither white space nor a format
#: character: the Braille blank and the Hangul fillers (a "blank name" in chat apps) read as
#: a space; the combining grapheme joiner and the variation selectors (Unicode's other
#: default-ignorable marks) as nothing
_BLANK_OR_NOTHING = {ord(c): " " for c in "\u115f\u1160\u2800\u3164\uffa0"} | {
    cp: None for cp in (0x034F, 0x17B4, 0x17B5, *range(0x180B, 0x1810), *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0))}


def as_seen(name: str) -> str:
    """A name as a reader sees it: compatibility forms folded (NFKC: full-width letters,
    ligatures), invisible format characters (zero-width space and joiners, soft hyphen,
    direction controls) and the other characters that show nothing removed, blanks (Hangul
    fillers and the Braille blank too) collapsed; "" for a name that shows nothing.

    Why: "张\u200b三" and "张三" are two strings but one name on the page and in a CSV: as
    two display names they got no note telling them apart on the honour roll; and a display
    of a zero-width space alone, or of a Hangul filler (U+3164), put a line with no name on it."""
    folded = unicodedata.normalize("NFKC", name).translate(_BLANK_OR_NOTHING)
    return " ".join("".join(ch for ch in folded if not is_invisible(ch)).split())


#: Letters that look like others in the fonts a page or a PDF is shown in: Cyrillic and Greek
#: capitals and small letters drawn as Latin ones, and katakana drawn as the Chinese
#: characters they resemble (エ 工, カ 力, ロ 口, ニ 二, ハ 八, ト 卜, タ 夕, ー 一; 〇 ○). Not a
#: transliteration: Иван stays Иван but for its а.
_LOOK_ALIKE = str.maketrans(
    "АВЕЅІЈКМНОРСТУХҮԚԜҺаеѕіјорсухһԁԛԝӏΑΒΕΖΗΙΚΜΝΟΡΤΥΧορν"
    "エカロニハトター〇",
    "ABESIJKMHOPCTYXYQWHaesijopcyxhdqwlABEZHIKMNOPTYXopv"
    "工力口二八卜夕一○")


def look_alike(name: str) -> str:
    """A name as a reader tells it from others (`as_seen`, its look-alike letters folded):
    two names with the same look_alike cannot be told apart on a page.

    Why: "江临市总エ会" (a katakana エ) and "Аpple" (a Cyrillic А) looked like "江临市总工会"
    and "Apple" and were other names: a look-alike's line stood beside a company's on the
    honour roll with nothing to tell them apart."""
    return as_seen(name).translate(_LOOK_ALIKE)


#: the control characters Unicode gives no name, by the names terminals know them by
_CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED",
                  0x1B: "ESCAPE", 0x7F: "DELETE", 0x9B: "CONTROL SEQUENCE INTRODUCER", 0x9D: "OPERATING SYSTEM COMMAND"}


def is_invisible(ch: str) -> bool:
    """Whether one character is invisible: a format character (Unicode Cf) or a control
    character (Cc) other than a tab or a line break.

    Why controls too: a donor's display holding ESC ] 52;c;… BEL (a terminal sets its
    clipboard on it) and ESC [2J (clears the screen) went as written into donations.csv and
    the pages, and `cat data/donations.csv` ran them on the reader's terminal."""
    category = unicodedata.category(ch)
    return category == "Cf" or (category == "Cc" and ch not in "\t\n\r")


def invisible_characters(text: str) -> list[str]:
    """The invisible characters in `text` (is_invisible: zero-width space and joiners,
    direction controls and marks, soft hyphen, byte-order mark, control characters such as
    ESCAPE), each once, in order, as "U+200B ZERO WIDTH SPACE"; [] when it has none."""
    found = dict.fromkeys(ch for ch in text if is_invisible(ch))
    return [f"U+{ord(ch):04X} {_character_name(ch)}" for ch in found]


def _character_name(ch: str) -> str:
    if unicodedata.category(ch) == "Cc":
        return " ".join(("CONTROL CHARACTER", _CONTROL_NAMES.get(ord(ch), ""))).strip()
    return unicodedata.name(ch, "FORMAT CHARACTER")


#: The most combining marks shown on one character (Vietnamese written decomposed has two);
#: more is "Zalgo text". The marks counted are the generic ones Zalgo is made of (the
#: combining diacritical blocks and the Cyrillic ones), not a script's own vowel signs
MARKS_PER_CHARACTER = 3
_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_PILED = re.compile(f"(?<![{_MARKS}])([{_MARKS}]{{{MARKS_PER_CHARACTER}}})[{_MARKS}]+")


def piled_marks(text: str) -> int:
    """The most combining marks on one character of `text` when more than
    MARKS_PER_CHARACTER, else 0."""
    if text.isascii():
        return 0
    piles = [len(m.group(0)) for m in _PILED.finditer(text)]
    return max(piles, default=0)


def without_piled_marks(text: str) -> str:
    """`text` with at most MARKS_PER_CHARACTER combining marks on a character: a pile of
    them is one cluster no line can break, which ran across the next columns of a table
    and, drawn above, over the lines before it."""
    return text if not piled_marks(text) else _PILED.sub(r"\1", text)


def invisible_problem(what: str, text: object, what_zh: str = "") -> str | None:
    """The error message for a public name (the centre's, a fund's, a union's) with invisible
    characters in it, or None when it has none (or is no text). With `what_zh` (what the
    name is, in Chinese) the message is in both languages, Chinese first (ledger.errors.bilingual).

    Why an error and not a silent clean: "市机械\u200b工会" and "市机械工会" look the same and
    are two unions on the aid tables (two rows, each with fewer households, each suppressed),
    and a direction control reorders the figures printed after the name; the finance officer
    retypes the name once, in the books."""
    if not isinstance(text, str):
        return None
    found = invisible_characters(text)
    if not found:
        return None
    en = (f"{what} {as_seen(text)!r} contains invisible characters ({', '.join(found)}): "
          "retype it without them "
          "(they make a name that looks the same differ, or reorder the text shown after it)")
    return bilingual(invisible_problem_zh(what_zh, text), en) if what_zh else en


def invisible_problem_zh(what_zh: str, text: object) -> str:
    """The Chinese part of invisible_problem's message ("" when `text` has no invisible
    characters)."""
    found = invisible_characters(text) if isinstance(text, str) else []
    if not found:
        return ""
    return (f"{what_zh} {as_seen(text)!r} 含有看不见的字符（{', '.join(found)}）：请去掉它们重新输入"
            "（它们会让看起来一样的名称变成不同的名称，或打乱其后文字的显示顺序）")


def without_invisible(text: str) -> str:
    """`text` without its invisible characters (`invisible_characters`), nothing else
    changed (the same object when it has none): a name as the public is shown it."""
    if (text.isprintable() if text.isascii() else not any(map(is_invisible, text))):
        return text
    return "".join(ch for ch in text if not is_invisible(ch))
