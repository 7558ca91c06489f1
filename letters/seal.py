"""The centre's seal on letters: only the centre's own image, never a drawn stand-in.

The relief-option `seal` names an image inside the books' folder (PNG, JPEG, GIF or SVG;
ledger/seal.py checks it, and the settings rule reports a bad one with its file and
line). It is embedded as a data: URI so each PDF stands alone and its content hash covers
the image. Without the option a letter carries no seal at all: an imitation of an
official seal would mislead. The demo books ship a mark that plainly reads 样章 SAMPLE
(ledger/seal.py `sample_mark_svg`), which the demo writes into its books as an ordinary
seal image.
"""

from __future__ import annotations

import base64
from io import BytesIO
from pathlib import Path

from ledger.errors import ReliefError, bilingual
from ledger.seal import read_seal


class SealError(ReliefError):
    """The configured seal image cannot be used (message names the file and what to do)."""


def seal_data_uri(seal: str | None, books_root: Path) -> str | None:
    """The data URI of the configured seal, or None when the centre supplied none."""
    if not seal:
        return None
    try:
        mime, content = read_seal(seal, books_root)
    except ValueError as exc:
        raise SealError(str(exc)) from None
    damage = _undrawable(mime, content)
    if damage:
        path = books_root / seal
        raise SealError(bilingual(
            f'relief-option "seal" {seal!r}：{path} 无法画到致谢函上（{damage}）；文件已损坏或不完整：请重新把中心的印章图片'
            "保存到那里（没有生成任何致谢函）",
            f'relief-option "seal" {seal!r}: {path} cannot be drawn ({damage}); the file is damaged or cut short: '
            "save the centre's seal image there again (no letter was made)"))
    return f"data:{mime};base64," + base64.b64encode(content).decode("ascii")


def _undrawable(mime: str, content: bytes) -> str | None:
    """Why the image cannot be drawn on a letter, or None. Decoded here, once a run, as the
    PDF renderer would: the renderer only logs an image it cannot decode and leaves it out,
    so a seal.png cut short in a copy went out on every letter as no seal at all (or as half
    a seal), with nothing said. (The settings rule, run on every load, checks only the
    file's name, size and first bytes.)"""
    if mime == "image/svg+xml":
        from xml.etree import ElementTree

        try:
            ElementTree.fromstring(content)
        except ElementTree.ParseError as exc:
            return f"not well-formed SVG: {exc}"
        return None
    from PIL import Image, ImageFile

    # weasyprint, once imported, sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process, and
    # a seal cut short then decodes as half an image: this check asks for the whole of it
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with Image.open(BytesIO(content)) as image:
            image.load()
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError... for a damaged file
        return f"{type(exc).__name__}: {exc}"
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    return None
