"""The QR code on a letter: the address of the donation's acknowledgement page, as a tiny PNG.

segno writes the code as a black-and-white PNG with one pixel per module (and the 2-module
quiet zone), which the letter embeds as a data: URI and the stylesheet scales to 26 mm with
`image-rendering: pixelated`: weasyprint then marks the image `/Interpolate false`, so
viewers and printers draw every module as a sharp square, exactly where the former SVG drew
it. Why not SVG: weasyprint parses and draws an SVG path point by point on every letter
(about a tenth of the time spent writing a letter's PDF, measured); the PNG costs a few
hundred bytes less and next to no time. The same address gives the same PNG, so letters
stay byte-identical.

The mask. ISO/IEC 18004 has the encoder try the eight data masks and keep the one with the
lowest penalty (long runs, 2x2 blocks, finder-like patterns, dark/light balance): it keeps
scanners from mistaking data for a finder pattern. segno scores the masks module by module
in pure Python, 3.6 ms of the 5 ms a code cost (most of a letter's HTML time). A fixed mask
would also be a valid code, but a worse one for some addresses; `_best_mask` computes the
same penalties as segno (`segno.encoder.mask_scores`, including its quirks) with whole rows
as integers and bytes, about ten times faster, and picks the same mask, so the PNG is the
one segno alone would make (tests/letters/test_qr.py compares both on many addresses).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from functools import lru_cache, partial

_RUN = re.compile(rb"(.)\1{4,}", re.S)  # five or more equal modules in a row (N1)
_SEPARATOR = b"\x07"  # between rows joined into one string: equal to no module value
_N3 = bytes((1, 0, 1, 1, 1, 0, 1))


def qr_data_uri(url: str) -> str:
    """The data: URI of the QR code for `url` (error correction M, no micro QR)."""
    import segno

    with _fast_mask_selection():
        code = segno.make(url, error="m", micro=False)
    return code.png_data_uri(scale=1, border=2, dark="#000000", light="#ffffff")


@contextmanager
def _fast_mask_selection():
    """segno's encoder with `_best_mask` in place of its mask selection, for one call."""
    from segno import encoder

    original = encoder.find_and_apply_best_mask
    encoder.find_and_apply_best_mask = partial(_best_mask, fallback=original)
    try:
        yield
    finally:
        encoder.find_and_apply_best_mask = original


@lru_cache(maxsize=64)
def _mask_rows(width: int) -> tuple[tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]], ...]:
    """Per mask, the XOR over the encoding region: rows as bits (bit j = column j), rows and
    columns as byte strings read as little-endian ints (byte j = module j)."""
    from segno import encoder

    function_matrix = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(function_matrix, width, width)
    encoder.add_alignment_patterns(function_matrix, width, width)
    function_matrix[-8][8] = 0x1
    masks = []
    for pattern in encoder.get_data_mask_functions(False):
        grid = [bytes(1 if function_matrix[i][j] > 0x1 and pattern(i, j) else 0 for j in range(width)) for i in range(width)]
        masks.append((tuple(_bits(row) for row in grid), tuple(int.from_bytes(row, "little") for row in grid),
                      tuple(int.from_bytes(bytes(col), "little") for col in zip(*grid, strict=True))))
    return tuple(masks)


_TO_ASCII = bytes.maketrans(b"\x00\x01", b"01")


def _bits(row: bytes) -> int:
    """Modules (bytes 0/1) as an int, bit j = module j."""
    return int(row[::-1].translate(_TO_ASCII), 2)


def _n3(seq: bytes, size: int) -> int:
    """segno's N3 count for one row or column (1:1:3:1:1 with four light modules on a side)."""
    count = 0
    idx = seq.find(_N3)
    while idx != -1:
        offset = idx + 7
        if idx in (0, size - 7) or not any(seq[max(idx - 4, 0):min(idx, size)]) or not any(seq[max(offset, 0):min(offset + 4, size)]):
            count += 40
        else:
            offset = idx + 4
        idx = seq.find(_N3, offset)
    return count


def _n1_n3(lines: list[bytes], width: int) -> int:
    """N1 (runs of five or more equal modules: length - 2 each) and N3 over rows or columns."""
    text = _SEPARATOR.join(lines)
    rest, runs = _RUN.subn(b"", text)
    score = len(text) - len(rest) - 2 * runs
    step = width + 1
    idx = text.find(_N3)
    while idx != -1:  # only lines holding the pattern are looked at again
        line = idx // step
        score += _n3(lines[line], width)
        idx = text.find(_N3, (line + 1) * step)
    return score


def _score(bits: list[int], rows: list[bytes], cols: list[bytes], width: int) -> int:
    """The penalty of a masked matrix, as `segno.encoder.evaluate_mask` computes it."""
    n2 = 0  # 2x2 blocks of one colour (overlapping), 3 each
    full = ((1 << width) - 1) & ~1
    previous = previous_same = None
    for row in bits:
        same = ~(row ^ (row << 1)) & full  # bit j: module j equals module j-1
        if previous is not None:
            n2 += (same & previous_same & ~(row ^ previous)).bit_count()
        previous, previous_same = row, same
    dark = sum(row.bit_count() for row in bits)
    n4 = 10 * int(abs(float(dark) / (width**2) * 100 - 50) / 5)
    return _n1_n3(rows, width) + _n1_n3(cols, width) + 3 * n2 + n4


def _best_mask(matrix, width, height, proposed_mask=None, *, fallback):
    """segno's `find_and_apply_best_mask` for QR codes (not micro), with the faster scoring.

    Anything else (a proposed mask, micro QR, a module that is neither 0 nor 1) goes to
    segno's own function, `fallback`.
    """
    if proposed_mask is not None or width != height or width < 21 or any(max(row) > 1 for row in matrix):
        return fallback(matrix, width, height, proposed_mask)
    base_rows = [bytes(row) for row in matrix]
    base_bits = [_bits(row) for row in base_rows]
    base_row_ints = [int.from_bytes(row, "little") for row in base_rows]
    base_col_ints = [int.from_bytes(bytes(col), "little") for col in zip(*base_rows, strict=True)]
    best_score, best = None, None
    for number, (mask_bits, mask_rows, mask_cols) in enumerate(_mask_rows(width)):
        bits = [b ^ m for b, m in zip(base_bits, mask_bits, strict=True)]
        rows = [(b ^ m).to_bytes(width, "little") for b, m in zip(base_row_ints, mask_rows, strict=True)]
        cols = [(b ^ m).to_bytes(width, "little") for b, m in zip(base_col_ints, mask_cols, strict=True)]
        score = _score(bits, rows, cols, width)
        if best_score is None or score < best_score:
            best_score, best = score, (number, rows)
    number, rows = best
    return number, tuple(bytearray(row) for row in rows)
