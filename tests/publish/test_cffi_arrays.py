"""weasyprint's glyph arrays (`hb_codepoint_t[N]`) are made without cffi's C parser
(publish/cffi_arrays.py): the same C types, and no parse per font subset."""

from __future__ import annotations

import pytest

from publish import cffi_arrays
from publish.annual import _stylesheet, make_report_pdf
from publish.pdf import import_weasyprint


@pytest.fixture
def ffi():
    import_weasyprint()
    from weasyprint.text.ffi import ffi

    return ffi


def counted_parses(monkeypatch, ffi) -> list[str]:
    """The C types cffi's parser is asked for (counts of work, not times)."""
    seen: list[str] = []
    real = ffi._parser.parse_type
    monkeypatch.setattr(ffi._parser, "parse_type", lambda cdecl: seen.append(cdecl) or real(cdecl))
    return seen


def test_an_array_of_a_new_length_is_not_parsed_and_is_the_parsers_type(monkeypatch, ffi):
    parses = counted_parses(monkeypatch, ffi)
    made = ffi.typeof("hb_codepoint_t[7919]")
    assert [p for p in parses if "[" in p] == []  # the item type alone, once
    parses.clear()
    ffi.typeof("hb_codepoint_t[7901]")
    assert parses == []
    with ffi._lock:
        assert made is ffi._get_cached_btype(ffi._parser.parse_type("hb_codepoint_t[7919]"))
    glyphs = ffi.new("hb_codepoint_t[7907]", list(range(7907)))
    assert len(glyphs) == 7907 and glyphs[7906] == 7906
    assert ffi.typeof("char[5]") is ffi.typeof(ffi.new("char[5]", b"abcd"))


def test_other_types_are_parsed_as_before(monkeypatch, ffi):
    parses = counted_parses(monkeypatch, ffi)
    with pytest.raises(Exception, match="unknown|undefined|parse"):
        ffi.typeof("no_such_type_t[3]")
    assert ffi.typeof("hb_codepoint_t(*)[6271]") is not None
    assert "hb_codepoint_t(*)[6271]" in parses


def test_a_report_subsets_its_fonts_without_parsing_array_types(monkeypatch, ffi):
    """Every part's fonts are subset with arrays of their own lengths: none is parsed."""
    html = ("<html><head><title>t</title></head><body>"
            "<!-- relief:part a --><p>甲乙丙丁戊己庚辛壬癸 abc</p>"
            "<!-- relief:part b --><p>子丑寅卯辰巳午未申酉戌亥 <b>粗体</b> xyz 12345</p></body></html>")
    parses = counted_parses(monkeypatch, ffi)
    make_report_pdf(html, _stylesheet(None))
    assert [p for p in parses if cffi_arrays._ARRAY.fullmatch(p)] == []
    assert ffi._parsed_types.made > 0


def test_left_out_when_cffi_is_not_as_expected():
    class Other:
        _parsed_types: list = []

    assert cffi_arrays.install(Other()) is False
