"""Turning HTML into PDF with weasyprint: fonts, metadata, PDF/A-3b and determinism.

Every PDF the project makes (acknowledgement letters, yearly statements, the annual
report) goes through one `PdfRenderer`, so they share:

- **Fonts.** The Simplified-Chinese faces of Noto Serif CJK and Noto Sans CJK (Debian
  package fonts-noto-cjk) are declared with `@font-face` from local files, and weasyprint
  embeds only the glyphs a document uses. The system ships them as .ttc collections of
  65,535 glyphs; weasyprint's subsets keep glyph ids, so every embedded font would carry
  slots up to the highest glyph used (0.5 MB per letter, and slow). `font_files()` therefore
  cuts each face once, with HarfBuzz, to the common characters (ASCII, Latin-1,
  punctuation, the 6,763 hanzi of GB 2312) and caches the result; a rarer character (a
  name such as 𠮷) falls back to the full system face by name, also embedded as a subset.
- **Missing glyphs.** weasyprint logs a warning and draws an empty box when no font has a
  character. The renderer collects those warnings and returns them with the PDF, so a
  command can say which letter shows which character badly.
- **Metadata.** Title, author, subject, language and dates come from the HTML `<head>`
  (`<title>`, `<meta name=author>`, `<html lang>`, `dcterms.created`); templates fill
  them from the model.
- **Determinism.** The same HTML gives the same bytes: the dates come from the books (never
  the clock), font subset names are hashes of their content, and the file identifier is
  the hash of the content (weasyprint's default). tests/letters/test_runner.py checks it.
- **Speed.** Loading the font configuration is the expensive step (about 0.2 s); a
  renderer keeps one `FontConfiguration` (and an image cache) for every document it makes,
  so a worker process pays it once.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import stat
import tempfile
import weakref
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ledger.errors import ReliefError, bilingual
from ledger.files import atomic_write_bytes
from ledger.user_dirs import user_folder

#: The system font collections (Debian: fonts-noto-cjk) and the face to take from each.
FONT_SOURCES: dict[str, tuple[str, str]] = {
    # CSS family (+ " Bold") -> (collection file, face name)
    "Relief Serif": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
    "Relief Serif Bold": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC"),
    "Relief Sans": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    "Relief Sans Bold": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", "Noto Sans CJK SC"),
}
FONT_ENV = "RELIEF_FONT_DIR"
SUBSET_VERSION = "gb2312-1"
#: A run's faces drop the vertical-writing tables (documents are set horizontally): weasyprint
#: copies every table of a face into each PDF, and these held about 1 KB of a letter.
RUN_DROP_TABLES = ("vhea", "vmtx", "VORG")
RUN_SUBSET_VERSION = "horizontal-3"

PDFA_VARIANT = "pdf/a-3b"
IMAGE_CACHE_LIMIT = 200


class PdfError(ReliefError):
    """A PDF cannot be made (fonts missing, bad image...); the message says what to do."""


def cache_dir() -> Path | None:
    """Where the prepared font files are kept ($RELIEF_FONT_DIR, else the user cache; None
    when there is no home folder to find)."""
    if os.environ.get(FONT_ENV):
        return Path(os.environ[FONT_ENV])
    base = user_folder("XDG_CACHE_HOME", ".cache")
    return base / "relief-ledger" / "fonts" if base is not None else None


def usable_cache_dir() -> Path:
    """`cache_dir()` when it can be written, else a folder of this user's own in the
    temporary folder.

    Why: the prepared fonts are only a cache; a home folder that cannot be written (a
    service account, a read-only home, XDG_CACHE_HOME pointing somewhere wrong) must not
    stop a report, the letters or a publish. The fallback is private (this user's, mode
    0700, not a link), so nobody else can put fonts in it, and is kept between runs like
    the cache. A folder named in $RELIEF_FONT_DIR is the user's choice: it is used (and
    its failure reported), never replaced."""
    preferred = cache_dir()
    try:
        if preferred is not None:
            preferred.mkdir(parents=True, exist_ok=True)
            if os.access(preferred, os.W_OK | os.X_OK):
                return preferred
    except OSError:
        pass
    if preferred is not None and (os.environ.get(FONT_ENV) or not hasattr(os, "getuid")):
        return preferred
    if not hasattr(os, "getuid"):  # no home folder, and no user id to name a private one by
        return Path(tempfile.gettempdir()) / "relief-ledger-fonts"
    fallback = Path(tempfile.gettempdir()) / f"relief-ledger-fonts-{os.getuid()}"
    try:
        fallback.mkdir(mode=0o700, exist_ok=True)
        st = os.lstat(fallback)
        if stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077:
            return fallback
    except OSError:
        pass
    return preferred or fallback  # the write below fails and says what to do


def common_characters() -> list[int]:
    """ASCII, Latin-1, punctuation, CJK symbols, full-width forms and GB 2312 (6,763 hanzi)."""
    return list(_common_characters())


@lru_cache(maxsize=1)
def _common_characters() -> tuple[int, ...]:
    """`common_characters`, worked out once per process.

    Why: font_files() cuts four faces to these characters on a first run (an empty font
    cache: a first publish, the first letters); each cut worked the list out again by asking
    the GB 2312 codec about each of the 65,408 code points above ASCII (40 ms each time).
    GB 2312's characters are read from its code table instead (both bytes in 0xA1-0xFE:
    8,836 pairs, each decoding to one character or none), the same set."""
    chars = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180)) | set(range(0x2000, 0x2070))
    chars |= set(range(0x2100, 0x2200)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    for first in range(0xA1, 0xFF):
        for second in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((first, second)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return tuple(sorted(chars))


def _face_index(collection: Path, face: str) -> int:
    from fontTools.ttLib import TTCollection

    for index, font in enumerate(TTCollection(str(collection), lazy=True).fonts):
        if face in (font["name"].getDebugName(4), font["name"].getDebugName(1)):
            return index
    raise PdfError(bilingual(f"{collection}：没有名为 {face!r} 的字形；请重新安装 fonts-noto-cjk",
                             f"{collection}: has no face named {face!r}; reinstall fonts-noto-cjk"))


def _subset_common(collection: Path, index: int, characters: Iterable[int] | None = None, drop_tables: Iterable[str] = ()) -> bytes:
    """The face cut down to the common characters, glyphs renumbered (HarfBuzz, ~0.5 s).

    Why: weasyprint embeds a subset that keeps glyph ids, i.e. every glyph up to the highest
    one used. In the full 65,535-glyph face that makes each letter's fonts ~0.7 MB and slow
    to subset; in this 8,000-glyph face a letter's fonts take a few dozen kilobytes.
    """
    import ctypes
    import ctypes.util

    try:
        hb = ctypes.CDLL(ctypes.util.find_library("harfbuzz") or "libharfbuzz.so.0")
        hbs = ctypes.CDLL(ctypes.util.find_library("harfbuzz-subset") or "libharfbuzz-subset.so.0")
    except OSError:
        raise PdfError(bilingual("缺少 HarfBuzz 的子集化程序：请安装 Debian 软件包 libharfbuzz-subset0（`make install`）",
                                 "HarfBuzz's subsetter is missing: install the Debian package libharfbuzz-subset0 (`make install`)")) from None
    ptr = ctypes.c_void_p
    hb.hb_blob_create_from_file.restype = ptr
    hb.hb_blob_create_from_file.argtypes = [ctypes.c_char_p]
    hb.hb_face_create.restype = ptr
    hb.hb_face_create.argtypes = [ptr, ctypes.c_uint]
    hb.hb_set_add.argtypes = [ptr, ctypes.c_uint32]
    hb.hb_set_clear.argtypes = [ptr]
    hb.hb_face_reference_blob.restype = ptr
    hb.hb_face_reference_blob.argtypes = [ptr]
    hb.hb_blob_get_data.restype = ctypes.POINTER(ctypes.c_char)
    hb.hb_blob_get_data.argtypes = [ptr, ctypes.POINTER(ctypes.c_uint)]
    for fn in ("hb_blob_destroy", "hb_face_destroy"):
        getattr(hb, fn).argtypes = [ptr]
    hbs.hb_subset_input_create_or_fail.restype = ptr
    hbs.hb_subset_input_unicode_set.restype = ptr
    hbs.hb_subset_input_unicode_set.argtypes = [ptr]
    hbs.hb_subset_input_set.restype = ptr
    hbs.hb_subset_input_set.argtypes = [ptr, ctypes.c_int]
    hbs.hb_subset_input_destroy.argtypes = [ptr]
    hbs.hb_subset_or_fail.restype = ptr
    hbs.hb_subset_or_fail.argtypes = [ptr, ptr]
    layout_feature_tags = 6  # HB_SUBSET_SETS_LAYOUT_FEATURE_TAG

    blob = hb.hb_blob_create_from_file(str(collection).encode())
    face = hb.hb_face_create(blob, index)
    subset_input = hbs.hb_subset_input_create_or_fail()
    try:
        unicodes = hbs.hb_subset_input_unicode_set(subset_input)
        for cp in _common_characters() if characters is None else characters:
            hb.hb_set_add(unicodes, cp)
        # No layout closure: vertical and alternate forms would double the glyph count.
        hb.hb_set_clear(hbs.hb_subset_input_set(subset_input, layout_feature_tags))
        drop = hbs.hb_subset_input_set(subset_input, 3)  # HB_SUBSET_SETS_DROP_TABLE_TAG
        for tag in drop_tables:
            a, b, c, d = tag.encode("ascii")
            hb.hb_set_add(drop, (a << 24) | (b << 16) | (c << 8) | d)
        result = hbs.hb_subset_or_fail(face, subset_input)
        if not result:
            raise PdfError(bilingual(f"{collection}：HarfBuzz 无法提取字体子集；请重新安装 fonts-noto-cjk",
                                     f"{collection}: HarfBuzz could not subset the font; reinstall fonts-noto-cjk"))
        out_blob = hb.hb_face_reference_blob(result)
        length = ctypes.c_uint()
        data = hb.hb_blob_get_data(out_blob, ctypes.byref(length))
        content = ctypes.string_at(data, length.value)
        hb.hb_blob_destroy(out_blob)
        hb.hb_face_destroy(result)
        return content
    finally:
        hbs.hb_subset_input_destroy(subset_input)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)


def font_files() -> dict[str, Path]:
    """CSS family -> the prepared .otf file, made from the system collection once and cached."""
    files: dict[str, Path] = {}
    folder = usable_cache_dir()
    for family, (source, face) in FONT_SOURCES.items():
        src = Path(source)
        try:
            stat = src.stat()
        except OSError:
            raise PdfError(bilingual(
                f"{src}：缺少中日韩字体；请安装 Debian 软件包 fonts-noto-cjk（`make install` 会安装它）",
                f"{src}: the CJK font is missing; install the Debian package fonts-noto-cjk "
                "(`make install` does it)"
            )) from None
        key = hashlib.sha256(f"{src.name}|{face}|{stat.st_size}|{int(stat.st_mtime)}|{SUBSET_VERSION}".encode()).hexdigest()[:12]
        target = folder / f"{face.replace(' ', '')}-{src.stem.rsplit('-', 1)[-1]}-{key}.otf"
        if not _intact_font(target):
            content = _subset_common(src, _face_index(src, face))
            try:
                write_atomic(target, content)
            except OSError as exc:
                raise PdfError(bilingual(f"{target}：无法写入字体缓存（{exc.strerror or exc}）；请把 {FONT_ENV} 设为可写的文件夹",
                                         f"{target}: cannot write the font cache ({exc.strerror or exc}); "
                                         f"set {FONT_ENV} to a writable folder")) from None
        files[family] = target
    return files


def _intact_font(path: Path) -> bool:
    """Whether a cached font file is there and whole: an OpenType header whose every table
    lies inside the file (a few hundred bytes read, no parsing).

    Why: the caches are written atomically, but a file can still be cut short or overwritten
    afterwards (a full disk, a backup restored, a hand edit); such a file used to stop
    `relief letters` with an internal error (fontTools: KeyError 'maxp'). A damaged file is
    made again, as a missing one is."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
            if len(head) < 12 or head[:4] not in (b"OTTO", b"\x00\x01\x00\x00", b"true"):
                return False
            tables = int.from_bytes(head[4:6], "big")
            records = fh.read(16 * tables)
            size = os.fstat(fh.fileno()).st_size
    except OSError:
        return False
    if tables == 0 or len(records) < 16 * tables:
        return False
    for i in range(0, len(records), 16):
        offset, length = int.from_bytes(records[i + 8:i + 12], "big"), int.from_bytes(records[i + 12:i + 16], "big")
        if offset + length > size:
            return False
    return True


def run_font_files(characters: Iterable[str] | Mapping[str, int], files: dict[str, Path] | None = None) -> dict[str, Path]:
    """The prepared faces cut again to `characters` (one run's letters), glyphs renumbered.

    Why: weasyprint subsets with HarfBuzz's RETAIN_GIDS (not an option), so an embedded font
    keeps a metrics slot for every glyph id up to the highest one used: in the 8,000-glyph
    GB 2312 face that is ~60 KB of a ~100 KB letter. A face holding only the few hundred
    characters a run's letters use has only that many slots. The file is named by the hash of
    the characters, so the same characters give the same font (and the same bytes).

    `characters` may map each character to a priority (letters/render.py `run_characters`:
    1 for what every letter may show, 0 for the rest): glyphs are then numbered highest
    priority first (`_glyphs_in_order`), so a letter that draws only common characters in a
    face (the headings' sans bold face: template text, digits, capitals) keeps few empty
    slots, ~4 bytes each in the PDF.
    """
    files = files or font_files()
    counts = dict(characters) if isinstance(characters, Mapping) else dict.fromkeys(characters, 0)
    ascii_chars = {chr(cp) for cp in range(0x20, 0x7F)}
    for c in ascii_chars:
        counts.setdefault(c, 0)
    wanted = sorted(ord(c) for c in counts)
    order = [ord(c) for c in sorted(counts, key=lambda c: (-counts[c], ord(c)))] if isinstance(characters, Mapping) else []
    key = f"{SUBSET_VERSION}|{RUN_SUBSET_VERSION}|{','.join(RUN_DROP_TABLES)}|".encode() + ",".join(map(str, wanted)).encode()
    if order:
        key += b"|order " + ",".join(map(str, order)).encode()
    digest = hashlib.sha256(key).hexdigest()[:16]
    result: dict[str, Path] = {}
    folder = usable_cache_dir()
    for family, prepared in files.items():
        target = folder / "runs" / f"{prepared.stem}-{digest}.otf"
        if not _intact_font(target):
            content = _subset_common(prepared, 0, wanted, RUN_DROP_TABLES)
            if order:
                content = _glyphs_in_order(content, order)
            try:
                write_atomic(target, content)
            except OSError as exc:
                raise PdfError(bilingual(f"{target}：无法写入字体缓存（{exc.strerror or exc}）；请把 {FONT_ENV} 设为可写的文件夹",
                                         f"{target}: cannot write the font cache ({exc.strerror or exc}); "
                                         f"set {FONT_ENV} to a writable folder")) from None
        result[family] = target
    return result


def _glyphs_in_order(content: bytes, order: list[int]) -> bytes:
    """The font with its glyphs renumbered: .notdef, then the glyphs of `order`'s code points
    in that order, then any others as they were (fontTools; CFF faces keep each glyph's
    font dict). HarfBuzz 6 cannot be given a glyph order."""
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(content), recalcBBoxes=False, recalcTimestamp=False)  # glyphs are only renumbered
    for tag in font.keys():  # every table read with the old numbering before it changes
        font[tag]
    old_order = font.getGlyphOrder()
    cmap = font.getBestCmap()
    first = [cmap[cp] for cp in order if cp in cmap]
    new_order = list(dict.fromkeys([old_order[0], *first, *old_order]))
    if new_order == old_order:
        return content
    if "CFF " in font:
        top = font["CFF "].cff.topDictIndex[0]
        for name in old_order:  # read every glyph (and its font dict) before renumbering
            top.CharStrings[name]
        if hasattr(top, "FDSelect"):
            index = {name: gid for gid, name in enumerate(old_order)}
            selectors = list(top.FDSelect.gidArray)
            top.FDSelect.gidArray = [selectors[index[name]] for name in new_order]
        top.charset = new_order
    font.setGlyphOrder(new_order)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def import_weasyprint() -> None:
    """Import weasyprint (once per process) without the compiler runs of its library lookups.

    weasyprint opens pango, harfbuzz, fontconfig and gobject trying several names for each
    (Windows', macOS' and Linux's); cffi gives each name that does not load as it is to
    ctypes.util.find_library, which on Linux reads `ldconfig -p` and, when the linker's cache
    does not list the name, runs gcc and then ld to look for it: 22 lookups, 15 of them for
    names no Linux system has, about 0.3 s of CPU in subprocesses in every process that makes
    a PDF (a publish's report worker, each letters worker), and more in elapsed time. Such a
    lookup can only find a library by its shared-object name, which the system's loader
    then opens as it opens the Linux file name that comes last in weasyprint's list; so while
    weasyprint is imported here, a name is looked up in the linker's cache alone."""
    import sys

    from publish.cffi_arrays import install_for_weasyprint

    if "weasyprint" in sys.modules:
        install_for_weasyprint()  # imported by other code first: installed once all the same
        return
    import ctypes.util

    find_library = ctypes.util.find_library
    in_cache = getattr(ctypes.util, "_findSoname_ldconfig", None)
    if not sys.platform.startswith("linux") or in_cache is None:
        import weasyprint  # noqa: F401
        install_for_weasyprint()
        return
    ctypes.util.find_library = in_cache
    try:
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = find_library
    install_for_weasyprint()  # its fonts' glyph arrays without cffi's C parser (publish/cffi_arrays.py)


def fonts_version() -> str:
    """A short text that changes when the fonts change (part of every letter's content hash)."""
    import_weasyprint()
    import weasyprint

    parts = [f"weasyprint {weasyprint.__version__}"]
    for family, (source, face) in sorted(FONT_SOURCES.items()):
        try:
            stat = os.stat(source)
            parts.append(f"{family}={face}:{stat.st_size}:{int(stat.st_mtime)}:{SUBSET_VERSION}:{RUN_SUBSET_VERSION}")
        except OSError:
            parts.append(f"{family}=missing")
    return "; ".join(parts)


def font_face_css(files: dict[str, Path] | None = None) -> str:
    """@font-face rules: families "Relief Serif" and "Relief Sans", regular and bold."""
    files = files or font_files()
    rules = []
    for family, path in files.items():
        base, _, bold = family.partition(" Bold")
        weight = "bold" if family.endswith(" Bold") else "normal"
        rules.append(
            f'@font-face {{ font-family: "{base}"; font-weight: {weight}; '
            f'src: url("{path.resolve().as_uri()}"); }}'
        )
    return "\n".join(rules) + "\n"


@dataclass(frozen=True)
class Rendered:
    """A PDF and the characters no font could draw (empty when all is well)."""

    pdf: bytes
    missing_glyphs: tuple[str, ...]
    pages: int


class PdfBytes(bytes):
    """A PDF's bytes that know the characters no font could draw in it, so that a worker
    process making the file (publish's background files) hands them back with it."""

    missing_glyphs: tuple[str, ...] = ()

    @classmethod
    def of(cls, rendered: Rendered) -> PdfBytes:
        """The bytes of `rendered`, with its missing glyphs."""
        out = cls(rendered.pdf)
        out.missing_glyphs = rendered.missing_glyphs
        return out


def blank_boxes_note(path: str, content: bytes | str) -> str | None:
    """What a command says of a PDF drawing empty boxes (`content` a PdfBytes), else None."""
    missing = getattr(content, "missing_glyphs", ())
    if not missing:
        return None
    return bilingual(f"{path}：没有字体能显示 {'、'.join(missing)}；PDF 中那里是一个空白方框",
                     f"{path}: no font can draw {', '.join(missing)}; the PDF shows a blank box there")


class _GlyphWatch(logging.Handler):
    """Collects weasyprint's '.notdef glyph rendered' warnings while a document renders."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.missing: list[str] = []
        self.other: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if ".notdef glyph" in message or "unsupported by fonts" in message:
            self.missing.append(message)
        else:
            self.other.append(message)


@contextmanager
def _watch() -> Iterator[_GlyphWatch]:
    logger = logging.getLogger("weasyprint")
    handler = _GlyphWatch()
    logger.addHandler(handler)
    previous = logger.propagate
    logger.propagate = False  # the caller reports what matters; no noise on stderr
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


#: (process id, folder, the font configuration) of every copy of the fonts weasyprint made
#: in a temporary folder; the configuration is held weakly (a renderer may be dropped)
_FONT_FOLDERS: list[tuple[int, Path, Any]] = []


def _note_font_folder(font_config) -> None:
    """Remember the temporary folder a font configuration copied the @font-face fonts to.

    Why: weasyprint copies each @font-face font into a folder of its own under the system's
    temporary folder (fontconfig reads fonts from files) and removes it only in the font
    configuration's finaliser. relief's commands end without the interpreter's teardown
    (cli.run), forked workers end with os._exit, and at a normal exit the finaliser runs too
    late to work (its `rmtree` is gone: the "TypeError: 'NoneType' object is not callable"
    printed at the end of a test run): every report, publish and letters run left a folder
    of 300-500 KB in /tmp, for ever. They are removed by `remove_font_folders` instead."""
    folder = getattr(font_config, "_folder", None)
    if not folder:
        return
    pid = os.getpid()
    if any(owner == pid and path == Path(folder) for owner, path, _ in _FONT_FOLDERS):
        return
    if not any(owner == pid for owner, _, _ in _FONT_FOLDERS):
        import multiprocessing.util

        # Run when this process ends normally: a worker process of a pool or of
        # publish/parallel.py (they end through multiprocessing's exit), or an interpreter
        # that exits as usual (tests, a library caller). cli.run calls it itself.
        multiprocessing.util.Finalize(None, remove_font_folders, exitpriority=10)
    _FONT_FOLDERS.append((pid, Path(folder), weakref.ref(font_config)))


def remove_font_folders() -> None:
    """Remove the font copies weasyprint made in this process (`_note_font_folder`); those of
    the process it was forked from are theirs to remove. The font configuration, if still
    alive, is told its folder is gone, so that its own finaliser does nothing."""
    pid = os.getpid()
    for entry in list(_FONT_FOLDERS):
        owner, folder, config = entry
        if owner != pid:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        alive = config()
        if alive is not None:
            alive._folder = None
        _FONT_FOLDERS.remove(entry)


#: The kinds of address a PDF may link to (besides its own anchors): a web page or an email.
PDF_LINK_SCHEMES = ("http", "https", "mailto")


def pdf_link_allowed(kind: str, target: str) -> bool:
    """Whether a link weasyprint found (`kind`: "internal", "external" or "attachment") may
    stay a link in the PDF: the document's own anchors, and http(s) and mailto addresses.

    Why: a centre's narrative or setting with another kind of address (javascript:, file:,
    smb:, a path relative to wherever the PDF was made) became a live link in the annual
    report a reader's viewer would follow; and an attachment link makes weasyprint embed the
    file it names, from the machine that made the PDF. Such an address stays as text."""
    if kind == "internal":
        return True
    if kind != "external":
        return False
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(str(target).strip())
    except ValueError:
        return False
    if parts.scheme.lower() not in PDF_LINK_SCHEMES:
        return False
    return bool(parts.path) if parts.scheme.lower() == "mailto" else bool(parts.netloc)


def _keep_allowed_links(document) -> None:
    """Take every link `pdf_link_allowed` refuses off the laid-out `document`'s pages (their
    text stays), before its PDF is written."""
    for page in document.pages:
        page.links[:] = [link for link in page.links if pdf_link_allowed(link[0], link[1])]


class PdfRenderer:
    """Renders HTML strings to PDF bytes with one font configuration kept for every call.

    `stylesheets` are CSS texts applied to every document (after the @font-face rules).
    Make one renderer per process: weasyprint objects are not shared between processes.
    """

    def __init__(self, stylesheets: tuple[str, ...] = (), *, pdfa: bool = False, fonts: dict[str, Path] | None = None,
                 notes: bool = True) -> None:
        import_weasyprint()
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.pdfa = pdfa
        # notes=False: documents without footnotes or lists of their own get the user-agent
        # stylesheet without its rules for every element's ::marker and note pseudo-elements
        # (see `_html_class`); the same bytes, ~5 % less time.
        self._html = _html_class(notes)
        self.font_config = FontConfiguration()
        # Images (the seal on every letter) are decoded once and reused by later documents.
        self._image_cache: dict = {}
        css = font_face_css(fonts) + "\n".join(stylesheets)
        self._css = [CSS(string=css, font_config=self.font_config)]
        _note_font_folder(self.font_config)

    def render(self, html: str, *, base_url: str | None = None) -> Rendered:
        """One HTML document to PDF bytes; missing glyphs are returned, not raised."""
        options = {}
        if self.pdfa:
            options["pdf_variant"] = PDFA_VARIANT
        if len(self._image_cache) > IMAGE_CACHE_LIMIT:  # QR codes differ on every letter
            self._image_cache.clear()
        with _watch() as watch:
            document = self._html(string=html, base_url=base_url).render(
                stylesheets=self._css, font_config=self.font_config, cache=self._image_cache
            )
            _keep_allowed_links(document)
            pdf = document.write_pdf(**options)
        missing = tuple(dict.fromkeys(_glyph_char(m) for m in watch.missing))
        return Rendered(pdf, missing, len(document.pages))

    @contextmanager
    def laid_out(self, html: str, extra_css: str = "", *, base_url: str | None = None) -> Iterator[tuple]:
        """(weasyprint Document, missing characters so far) for HTML laid out with this
        renderer's fonts and stylesheets plus `extra_css`; write the PDF inside the block
        (publish/report_parts.py reads the pages' anchors and bookmarks before writing).
        The list of missing characters fills as the document is laid out and written."""
        from weasyprint import CSS

        sheets = list(self._css)
        if extra_css:
            sheets.append(CSS(string=extra_css, font_config=self.font_config))
        if len(self._image_cache) > IMAGE_CACHE_LIMIT:
            self._image_cache.clear()
        with _watch() as watch:
            missing: list[str] = []
            # this renderer's HTML class (`notes`): the annual report's parts are laid out here
            document = self._html(string=html, base_url=base_url).render(stylesheets=sheets, font_config=self.font_config, cache=self._image_cache)
            _keep_allowed_links(document)
            try:
                yield document, missing
            finally:
                missing.extend(dict.fromkeys(_glyph_char(m) for m in watch.missing))


#: What a document's HTML or CSS says when it uses footnotes or notes (`uses_notes`).
_NOTES = re.compile(r"footnote|float\s*:\s*note|::?note-")


def uses_notes(*texts: str) -> bool:
    """Whether any of `texts` (a document's HTML, its stylesheets) may use footnotes or
    notes: only then does it need weasyprint's user-agent rules for them (`_html_class`).
    A false alarm (the word in a donor's name) only keeps those rules."""
    return any(_NOTES.search(text) for text in texts)


#: weasyprint's user-agent rules that give every element pseudo-elements letters never show:
#: ::marker (kept for list items) and the five footnote/note ones. weasyprint computes a style
#: for each of them on every element (6 x ~57 styles a letter, most of the cascade's work).
_NOTE_RULES = re.compile(r"^::(footnote-call|footnote-marker|note-call|note-marker|note-callback) \{[^}]*\}\n", re.M)
_MARKER_RULE = "\n::marker {"


@lru_cache(maxsize=2)
def _html_class(notes: bool):
    """weasyprint's HTML class, or (notes=False) one whose user-agent stylesheet lacks the
    universal ::marker and note rules (`_NOTE_RULES`): only for documents that use no
    footnotes or notes (`float: footnote`); list items keep their markers. Falls back to
    weasyprint's own when its stylesheet does not read as expected (another version)."""
    import_weasyprint()
    from weasyprint import CSS, HTML
    from weasyprint import html as weasy_html

    if notes:
        return HTML
    ua = weasy_html.UA
    slim, removed = _NOTE_RULES.subn("", ua)
    if removed != 5 or ua.count(_MARKER_RULE) != 1:
        return HTML
    slim = slim.replace(_MARKER_RULE, "\n:is(li, summary)::marker {")
    sheet = CSS(string=slim, counter_style=weasy_html.UA_COUNTER_STYLE)

    class LetterHTML(HTML):
        """HTML with the slimmer user-agent stylesheet (no forms in letters either)."""

        def _ua_stylesheets(self, forms=False):
            return [sheet, weasy_html.UA_FORM_STYLESHEET] if forms else [sheet]

    return LetterHTML


def _glyph_char(message: str) -> str:
    """The character named in a missing-glyph warning ('... "X" (U+0058)' -> 'X U+0058')."""
    start = message.find('"')
    end = message.rfind(")")
    return message[start:end + 1].replace('"', "") if start >= 0 else message


def write_atomic(path: Path, content: bytes, mode: int = 0o644) -> None:
    """Write `content` to `path` through a temporary file and a rename: never half a file.

    Private documents (letters, statements) pass mode 0o600.
    """
    atomic_write_bytes(path, content, mode, fsync=False)
