"""letters/qr.py picks the QR mask faster than segno, and the very same one."""

from __future__ import annotations

import random
import string

import segno

from letters.qr import qr_data_uri


def _segno(url: str) -> str:
    return segno.make(url, error="m", micro=False).png_data_uri(scale=1, border=2, dark="#000000", light="#ffffff")


def test_same_png_as_segno_alone_for_many_addresses():
    rnd = random.Random(15)
    urls = [f"https://relief.example.org/ack/{rnd.getrandbits(128):032x}.html" for _ in range(150)]
    alphabet = string.ascii_letters + string.digits + "/:.-_?=&"
    urls += ["".join(rnd.choice(alphabet) for _ in range(n)) for n in (1, 7, 20, 33, 62, 63, 90, 150, 300, 700) for _ in range(8)]
    for url in urls:
        assert qr_data_uri(url) == _segno(url), url


def test_segno_is_left_as_it_was():
    from segno import encoder

    before = encoder.find_and_apply_best_mask
    qr_data_uri("https://relief.example.org/ack/x.html")
    assert encoder.find_and_apply_best_mask is before
    assert segno.make("abc", mask=2).mask == 2  # a proposed mask still goes to segno's own code
