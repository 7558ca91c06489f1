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


def test_the_common_characters_are_gb2312_as_its_codec_says():
    """The faces' characters: GB 2312 read from its code table is every character the codec
    can encode (all 7,445 above ASCII), beside the fixed ranges."""
    encodable = set()
    for cp in range(0x80, 0x10000):
        try:
            chr(cp).encode("gb2312")
        except UnicodeEncodeError:
            continue
        encodable.add(cp)
    chars = pdf.common_characters()
    assert chars == sorted(set(chars))
    assert {cp for cp in chars if cp >= 0x80 and not (0xA0 <= cp < 0x180 or 0x2000 <= cp < 0x2070 or 0x2100 <= cp < 0x2200
                                                      or 0x3000 <= cp < 0x3040 or 0xFF00 <= cp < 0xFFF0)} <= encodable
    assert encodable <= set(chars) and len(encodable) == 7445
    assert set(range(0x20, 0x7F)) <= set(chars)


def test_the_four_faces_are_cut_with_one_working_out_of_their_characters(tmp_path, monkeypatch):
    """Making the four faces into an empty cache (a first publish, the first letters) works
    the common characters out once, not once per face (40 ms each)."""
    import functools

    monkeypatch.setenv(pdf.FONT_ENV, str(tmp_path / "fonts"))
    worked_out = []
    work = pdf._common_characters.__wrapped__

    def counted():
        worked_out.append(1)
        return work()

    monkeypatch.setattr(pdf, "_common_characters", functools.lru_cache(maxsize=1)(counted))
    files = pdf.font_files()
    assert len(files) == len(pdf.FONT_SOURCES) == 4
    assert len(worked_out) == 1


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


def test_a_damaged_font_cache_is_made_again(tmp_path, monkeypatch):
    """Cached faces cut short or overwritten (a full disk, a restored backup) are made again,
    the same bytes as before; a cut-short face used to stop `relief letters` with an
    internal error (fontTools: KeyError 'maxp')."""
    monkeypatch.setenv(pdf.FONT_ENV, str(tmp_path / "fonts"))
    characters = {"捐": 1, "赠": 1, "人": 0}
    made = {family: path.read_bytes() for family, path in pdf.run_font_files(characters).items()}
    cached = sorted((tmp_path / "fonts").rglob("*.otf"))
    assert len(cached) == 2 * len(pdf.FONT_SOURCES)
    for damage in (lambda p: p.write_bytes(p.read_bytes()[:100]), lambda p: p.write_bytes(b"\0" * 3000)):
        for path in cached:
            damage(path)
        again = pdf.run_font_files(characters)
        assert {family: path.read_bytes() for family, path in again.items()} == made


def test_a_cache_folder_that_cannot_be_written_falls_back_to_a_private_one(tmp_path, monkeypatch):
    """XDG_CACHE_HOME (or the home folder) that cannot be written: the fonts are made in a
    folder of this user's in the temporary folder, the same fonts; before, the report,
    the letters and a publish stopped ("cannot write the font cache")."""
    monkeypatch.setenv(pdf.FONT_ENV, str(tmp_path / "fonts"))
    expected = {family: path.read_bytes() for family, path in pdf.run_font_files({"捐": 1}).items()}
    monkeypatch.delenv(pdf.FONT_ENV)
    (tmp_path / "cache").write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(pdf.tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    made = pdf.run_font_files({"捐": 1})
    assert {family: path.read_bytes() for family, path in made.items()} == expected
    (fallback,) = (tmp_path / "tmp").iterdir()
    assert all(path.is_relative_to(fallback) for path in made.values())
    assert fallback.stat().st_mode & 0o777 == 0o700


def test_a_font_folder_the_user_named_is_not_replaced(tmp_path, monkeypatch):
    (tmp_path / "fonts").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(pdf.FONT_ENV, str(tmp_path / "fonts"))
    with pytest.raises(pdf.PdfError, match="set RELIEF_FONT_DIR to a writable folder"):
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


def test_run_fonts_number_glyphs_most_used_first_and_keep_each_glyph_as_it_was(tmp_path, monkeypatch):
    """The run's faces (glyphs renumbered by use): every character keeps its outline, its
    advance and its cmap entry, so letters look as with the prepared face."""

    from fontTools.pens.recordingPen import RecordingPen
    from fontTools.ttLib import TTFont

    counts = {c: 1 for c in "一般帮扶资金东晟环保科技集团有限公司"} | {c: 5 for c in "捐赠致谢函人民币壹元整"} | {"𠮷": 2}
    counts |= {c: 9 for c in "Jianglin Federation0123456789"}
    files = pdf.font_files()
    monkeypatch.setenv(pdf.FONT_ENV, str(tmp_path))  # the run's faces made here, not taken from a cache
    run = pdf.run_font_files(counts, files)
    assert all(path.is_relative_to(tmp_path) for path in run.values())
    assert pdf.run_font_files(counts, files) == run  # cached
    for family in ("Relief Serif", "Relief Sans Bold"):
        full, cut = TTFont(str(files[family])), TTFont(str(run[family]))
        full_cmap, cut_cmap = full.getBestCmap(), cut.getBestCmap()
        order = cut.getGlyphOrder()
        assert [order.index(cut_cmap[ord(c)]) for c in "J捐东"] == sorted(order.index(cut_cmap[ord(c)]) for c in "J捐东")
        assert max(order.index(cut_cmap[ord(c)]) for c in "捐赠致谢函") < min(order.index(cut_cmap[ord(c)]) for c in "东晟环")
        full_cs = full["CFF "].cff.topDictIndex[0].CharStrings
        cut_cs = cut["CFF "].cff.topDictIndex[0].CharStrings
        for cp, name in cut_cmap.items():
            assert full["hmtx"][full_cmap[cp]][0] == cut["hmtx"][name][0], chr(cp)
            a, b = RecordingPen(), RecordingPen()
            full_cs[full_cmap[cp]].draw(a)
            cut_cs[name].draw(b)
            assert a.value == b.value, chr(cp)


def test_slim_user_agent_stylesheet_gives_the_same_pdf():
    """notes=False drops weasyprint's ::marker/note rules for every element: same bytes for a
    document without notes; list items keep their markers; notes still work with notes=True."""
    css = ('html { font-family: "Relief Serif"; }',)
    doc = ('<html lang="zh-CN"><title>t</title><h1>捐赠致谢函</h1><table><tr><th>金额</th><td>¥1.00</td></tr></table>'
           '<p>人民币<strong>壹元整</strong></p><ul><li>一</li><li>二</li></ul><ol><li>三</li></ol></html>')
    full, slim = pdf.PdfRenderer(css), pdf.PdfRenderer(css, notes=False)
    assert slim._html is not full._html  # the slimmer stylesheet is in use (weasyprint's file read as expected)
    assert slim.render(doc).pdf == full.render(doc).pdf
    noted = '<html lang="en"><title>t</title><p>Text<span style="float: footnote">A note</span></p></html>'
    assert full.render(noted).pages == 1


def test_letters_use_the_slim_stylesheet_unless_their_templates_have_notes(tmp_path):
    from letters.render import LetterRenderer, make_env, uses_notes

    assert not uses_notes(make_env())
    (tmp_path / "letters").mkdir()
    (tmp_path / "letters" / "letters.css").write_text('html { font-family: "Relief Serif"; }\n.fn { float: footnote; }\n', encoding="utf-8")
    assert uses_notes(make_env(tmp_path))
    assert LetterRenderer(tmp_path).pdf._html is pdf._html_class(True)
