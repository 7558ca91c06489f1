"""The QR code on a letter: the address of the donation's acknowledgement page, as SVG.

segno writes the code as SVG (vector, sharp in print) and the letter embeds it as a data:
URI; the same address gives the same SVG, so letters stay byte-identical.
"""

from __future__ import annotations


def qr_data_uri(url: str) -> str:
    """The QR code of `url` as an SVG data: URI (same address, same bytes)."""
    import segno

    code = segno.make(url, error="m", micro=False)
    return code.svg_data_uri(scale=4, border=2, dark="#000000", light="#ffffff")
