"""The centre's seal on letters: the configured image, or a drawn placeholder.

The seal image is the relief-option `seal` (a path relative to the books: PNG, JPEG or
SVG), embedded into the letter as a data: URI so each PDF stands alone and its content
hash covers the image. When no seal is configured a round red seal is drawn in SVG with
the centre's name around the rim and a star in the middle; it is a placeholder, and
docs/letters.md says to configure a scan of the real seal.
"""

from __future__ import annotations

import base64
import math
from html import escape
from pathlib import Path

MIME_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml", ".gif": "image/gif"}
MAX_SEAL_BYTES = 5 * 1024 * 1024


class SealError(Exception):
    """The configured seal image cannot be used (message names the file and what to do)."""


def seal_data_uri(seal: str | None, books_root: Path, name: str) -> tuple[str, bool]:
    """(data URI, is_default) for the configured seal, or the drawn one when none is set."""
    if not seal:
        svg = default_seal_svg(name)
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii"), True
    path = Path(seal)
    if not path.is_absolute():
        path = books_root / path
    mime = MIME_TYPES.get(path.suffix.lower())
    if mime is None:
        raise SealError(f'relief-option "seal" {seal!r}: use a PNG, JPEG, GIF or SVG image ({", ".join(MIME_TYPES)})')
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise SealError(f'relief-option "seal" {seal!r}: no such file {path}; put the seal image there or fix the path (relative to the books)') from None
    except OSError as exc:
        raise SealError(f'relief-option "seal": cannot read {path} ({exc.strerror or exc})') from None
    if len(content) > MAX_SEAL_BYTES:
        raise SealError(f'relief-option "seal": {path} is {len(content) // 1024} KB; use an image under 5 MB (a 600x600 PNG is plenty)')
    signatures = {"image/png": b"\x89PNG", "image/jpeg": b"\xff\xd8", "image/gif": b"GIF8"}
    head = signatures.get(mime)
    if head and not content.startswith(head):
        raise SealError(f'relief-option "seal": {path} is not a {mime.split("/")[1].upper()} image (the file content does not match its name)')
    if mime == "image/svg+xml" and b"<svg" not in content[:4096]:
        raise SealError(f'relief-option "seal": {path} is not an SVG image')
    return f"data:{mime};base64," + base64.b64encode(content).decode("ascii"), False


def default_seal_svg(name: str, size: int = 200) -> str:
    """A round red seal: `name` around the upper rim, a five-pointed star in the middle."""
    c = size / 2
    red = "#c8161d"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}">',
        f'<circle cx="{c}" cy="{c}" r="{c - 4}" fill="none" stroke="{red}" stroke-width="5"/>',
    ]
    # star
    points = []
    for i in range(10):
        r = size * 0.17 if i % 2 == 0 else size * 0.068
        a = math.radians(-90 + 36 * i)
        points.append(f"{c + r * math.cos(a):.2f},{c + r * math.sin(a):.2f}")
    parts.append(f'<polygon points="{" ".join(points)}" fill="{red}"/>')
    chars = list(name.strip())[:24] or ["印"]
    n = len(chars)
    span = min(240.0, 18.0 * n + 30)  # degrees of rim the name covers, centred on the top
    radius = c - 26
    font = max(12.0, min(24.0, radius * math.radians(span) / max(n, 1) * 0.9))
    for i, ch in enumerate(chars):
        angle = -90 - span / 2 + (span * (i + 0.5) / n)
        rad = math.radians(angle)
        x, y = c + radius * math.cos(rad), c + radius * math.sin(rad)
        parts.append(
            f'<text x="{x:.2f}" y="{y:.2f}" font-family="Relief Sans" font-weight="bold" font-size="{font:.1f}" fill="{red}" '
            f'text-anchor="middle" dominant-baseline="central" transform="rotate({angle + 90:.2f} {x:.2f} {y:.2f})">{escape(ch)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
