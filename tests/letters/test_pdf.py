"""publish/pdf.py on its own: prepared fonts, missing glyphs, atomic writes, clear errors."""

from __future__ import annotations

import pytest

from publish import pdf


def test_font_files_are_cut_to_the_common_characters():
    from fontTools.ttLib import TTFont

    files = pdf.font_files()
    assert set(files) == set(pdf.FONT_SOURCES)
    font = TTFont(str(files["Relief Serif"]), lazy=True)
    assert 7000 < len(font.getGlyphOrder()) < 10000  # not the 65,535 of the system face
    cmap = font.getBestCmap()
    for ch in "人民币壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整捐赠致谢函¥,.0123456789ABCxyz（）：":
        assert ord(ch) in cmap, ch
    assert pdf.font_files() == files  # cached: same files, not made again


def test_render_reports_missing_glyphs_and_pages():
    renderer = pdf.PdfRenderer(('html { font-family: "Relief Serif"; }',))
    good = renderer.render('<html lang="zh-CN"><title>t</title><p>人民币壹万元整 𠮷</p></html>')
    assert good.missing_glyphs == () and good.pages == 1 and good.pdf.startswith(b"%PDF-")
    bad = renderer.render('<html lang="zh-CN"><title>t</title><p>坏\ue000字</p><p style="break-before: page">2</p></html>')
    assert bad.pages == 2
    assert len(bad.missing_glyphs) == 1 and "U+E000" in bad.missing_glyphs[0]


def test_missing_system_font_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "FONT_SOURCES", {"Relief Serif": (str(tmp_path / "gone.ttc"), "Noto Serif CJK SC")})
    with pytest.raises(pdf.PdfError, match="fonts-noto-cjk"):
        pdf.font_files()


def test_write_atomic(tmp_path):
    target = tmp_path / "a" / "b.pdf"
    pdf.write_atomic(target, b"one", 0o600)
    assert target.read_bytes() == b"one" and target.stat().st_mode & 0o777 == 0o600


    def failing_write(*_args, **_kwargs):
        raise OSError("disk full")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pdf.os, "replace", failing_write)
        with pytest.raises(OSError):
            pdf.write_atomic(target, b"two")
    assert target.read_bytes() == b"one"  # the old file is intact
    assert [p.name for p in target.parent.iterdir()] == ["b.pdf"]  # no temporary file left
