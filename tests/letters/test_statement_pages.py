"""A yearly statement of any length ends with its signature and its privacy note together:
the note never stands alone on a last page (22 of the demo's 147 statements ended with a
page holding only 'This letter is sent to the donor only…'), and it calls the document a
statement, not a letter."""

from __future__ import annotations

import dataclasses
import io

from pypdf import PdfReader

from letters.make import centre_of
from letters.model import build_letters
from letters.render import LetterRenderer
from publish.model_builder import build_public_model

from .conftest import SECRET, squash


def _pages(pdf: bytes) -> list[str]:
    return [squash(page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_privacy_note_never_stands_alone_on_a_page(books):
    """Statements of 1 to 12 lines (the note stood alone at 10 and 11 lines in Chinese, at 6 in English)."""
    statements = build_letters(books, build_public_model(books, SECRET), year=2026).statements
    renderer = LetterRenderer()
    centre = centre_of(books)
    for donor in ("D0001", "D0002"):  # zh and en
        statement = next(s for s in statements if s.donor_id == donor)
        note = "本确认书仅寄送捐赠人本人" if statement.language == "zh" else "Thisstatementissenttothedonoronly"
        for n in range(1, 13):
            lines = (statement.letters * n)[:n]
            pages = _pages(renderer.render(dataclasses.replace(statement, letters=lines), centre).pdf)
            assert note in pages[-1], (donor, n)
            signer = centre.name_zh if statement.language == "zh" else squash(centre.name_en)
            assert signer in pages[-1], f"{donor}, {n} lines: the note is on a page without the signature: {pages[-1][:80]}"
            assert all("letter" not in p.lower() and "本函" not in p for p in pages), (donor, n)


def test_the_signature_never_stands_alone_on_a_last_page(books):
    """With a seal (the demo's sample mark) a statement of ten gifts in Chinese put the seal,
    the centre's name and the date alone on page 2, under nothing: a page that seemed to sign
    for nothing in particular. The closing declaration now goes over with the signature, so a
    last page that holds the signature also holds what is signed."""
    import base64

    from ledger.seal import sample_mark_svg

    statements = build_letters(books, build_public_model(books, SECRET), year=2026).statements
    renderer = LetterRenderer()
    seal = "data:image/svg+xml;base64," + base64.b64encode(sample_mark_svg().encode("utf-8")).decode("ascii")
    centre = dataclasses.replace(centre_of(books), seal=seal)
    for donor in ("D0001", "D0002"):  # zh and en
        statement = next(s for s in statements if s.donor_id == donor)
        declaration = "本中心郑重声明" if statement.language == "zh" else "Thecentreconfirms"
        broke = 0
        for n in range(6, 15):
            lines = (statement.letters * n)[:n]
            pages = _pages(renderer.render(dataclasses.replace(statement, letters=lines), centre).pdf)
            broke += len(pages) > 1
            assert declaration in pages[-1], f"{donor}, {n} lines: the last page has the signature alone: {pages[-1][:80]}"
        assert broke, f"{donor}: no statement of 6 to 14 lines ran onto a second page: the test shows nothing"
