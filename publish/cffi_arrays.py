"""Fixed-length C array types for weasyprint without a run of cffi's C parser each.

Why: weasyprint subsets every font of every PDF it writes with HarfBuzz, and hands it the
glyphs as `ffi.new(f"hb_codepoint_t[{n}]", glyphs)`: a C type named by its length. cffi
parses each type it has not seen with pycparser, after declaring every typedef of
weasyprint's cdef again (pango, harfbuzz, fontconfig: hundreds), about 4 ms of CPU a type;
and nearly every subset has a length of its own. The annual report writes a PDF per part
(publish/report_parts.py), each with three or four fonts: 40-60 parses, about 6 % of the
CPU of the report's PDF on the demo books (a cProfile of `make_report_pdf`).

`install` gives weasyprint's FFI a type table that makes `NAME[LENGTH]` from NAME's type
(parsed once) and the length, as cffi's own parser would (cffi.model.ArrayType, through the
same cache of built types): the same C type object, so the same bytes. Anything else is
parsed as before. It is checked against cffi's parser once when installed and left out when
cffi's internals are not what it expects (another version).
"""

from __future__ import annotations

import re
from typing import Any

_ARRAY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\[([0-9]+)\]")


class ArrayTypes(dict):
    """cffi's table of parsed types (text -> (C type, is a function)), which makes a
    missing `NAME[LENGTH]` without the C parser. `made` counts those (for tests)."""

    def __init__(self, ffi: Any, parsed: dict) -> None:
        super().__init__(parsed)
        self._ffi = ffi
        self._items: dict[str, Any] = {}
        self.made = 0

    def __missing__(self, cdecl: Any) -> tuple:
        match = _ARRAY.fullmatch(cdecl) if isinstance(cdecl, str) else None
        if match is None:
            raise KeyError(cdecl)  # cffi parses it as before
        result = (self.array_type(match.group(1), int(match.group(2))), False)
        self[cdecl] = result
        self.made += 1
        return result

    def array_type(self, name: str, length: int) -> Any:
        """The C type `name[length]`, as cffi's parser makes it."""
        from cffi import model

        with self._ffi._lock:  # cffi's own, held while it builds a type (never held here before)
            item = self._items.get(name)
            if item is None:
                item = self._items[name] = self._ffi._parser.parse_type(name)
            return self._ffi._get_cached_btype(model.ArrayType(item, length))


def install(ffi: Any) -> bool:
    """Give `ffi` the ArrayTypes table (once); False when cffi is not as expected."""
    parsed = getattr(ffi, "_parsed_types", None)
    if isinstance(parsed, ArrayTypes):
        return True
    if type(parsed) is not dict or not all(hasattr(ffi, name) for name in ("_parser", "_get_cached_btype", "_lock")):
        return False
    table = ArrayTypes(ffi, parsed)
    try:
        fast = table.array_type("char", 3)
        with ffi._lock:
            same = fast is ffi._get_cached_btype(ffi._parser.parse_type("char[3]"))
    except Exception:  # noqa: BLE001 (another cffi: leave its parser to it)
        return False
    if not same:
        return False
    ffi._parsed_types = table
    return True


def install_for_weasyprint() -> bool:
    """Install the table in weasyprint's FFI (imported by then: publish/pdf.import_weasyprint)."""
    try:
        from weasyprint.text.ffi import ffi
    except ImportError:
        return False
    return install(ffi)
