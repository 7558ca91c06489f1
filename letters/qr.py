"""The QR code on a letter: the address of the donation's acknowledgement page, as a tiny PNG.

segno writes the code as a black-and-white PNG with one pixel per module (and the 2-module
quiet zone), which the letter embeds as a data: URI and the stylesheet scales to 26 mm with
`image-rendering: pixelated`: weasyprint then marks the image `/Interpolate false`, so
viewers and printers draw every module as a sharp square, exactly where the former SVG drew
it. Why not SVG: weasyprint parses and draws an SVG path point by point on every letter
(about a tenth of the time spent writing a letter's PDF, measured); the PNG costs a few
hundred bytes less and next to no time. The same address gives the same PNG, so letters
stay byte-identical.
"""

from __future__ import annotations


def qr_data_uri(url: str) -> str:
    """The data: URI of the QR code for `url` (error correction M, no micro QR)."""
    import segno

    code = segno.make(url, error="m", micro=False)
    return code.png_data_uri(scale=1, border=2, dark="#000000", light="#ffffff")
