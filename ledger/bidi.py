"""Names shown to others never carry Unicode's explicit direction controls.

A donor name is typed by whoever fills a register or a payment form. U+202E (RIGHT-TO-LEFT
OVERRIDE) and its kin reorder the characters that *follow* them on display, up to the end of
the paragraph: in a CSV line opened in a text editor, or in a sentence of a letter, a name
ending in an override makes the amount after it read backwards ("00.0001" for 1000.00), the
"Trojan Source" trick. Arabic or Hebrew names need none of them (the Unicode bidirectional
algorithm orders them by itself), so the overrides, embeddings and isolates are removed from
every name the site, the open data, the reports and the letters show; the books keep what
was typed. The marks U+200E / U+200F / U+061C reorder nothing and stay.
"""

from __future__ import annotations

import unicodedata

#: LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_REMOVE = {ord(c): None for c in BIDI_CONTROLS}


def without_bidi_controls(text: str) -> str:
    """`text` without explicit direction controls (the same object when it has none)."""
    if not any(c in text for c in BIDI_CONTROLS):
        return text
    return text.translate(_REMOVE)


def as_seen(name: str) -> str:
    """A name as a reader sees it: compatibility forms folded (NFKC: full-width letters,
    ligatures), invisible format characters (zero-width space and joiners, soft hyphen,
    direction controls) removed and blanks collapsed; "" for a name that shows nothing.

    Why: "张\u200b三" and "张三" are two strings but one name on the page and in a CSV: as
    two display names they got no note telling them apart on the honour roll; and a display
    of a zero-width space alone put a line with no name on it."""
    folded = unicodedata.normalize("NFKC", name)
    return " ".join("".join(ch for ch in folded if unicodedata.category(ch) != "Cf").split())
