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
from pathlib import Path

from ledger.errors import ReliefError
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
    return f"data:{mime};base64," + base64.b64encode(content).decode("ascii")
