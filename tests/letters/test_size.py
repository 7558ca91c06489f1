"""A demo run's letters stay small (one font subset per run) and keep extractable text."""

from __future__ import annotations

from decimal import Decimal

from publish.capitals import rmb_capitals

from .conftest import pdf_text, squash

LIMIT_KB = 60


def test_demo_letters_are_small_and_their_chinese_text_extracts(tmp_path):
    from pypdf import PdfReader

    from ledger.books import load_books
    from ledger.demo import write_demo
    from letters.make import make_letters

    write_demo(tmp_path / "books", transactions=200)
    books = load_books(tmp_path / "books")
    assert not books.errors
    out = tmp_path / "letters"
    result = make_letters(books, out, b"size-test-secret-0123456789", jobs=2)
    made = result.report.made
    assert made and not result.report.missing_glyphs
    sizes = {path: (out / path).stat().st_size for path in made}
    assert sum(sizes.values()) / len(sizes) <= LIMIT_KB * 1024, sizes
    assert max(sizes.values()) <= LIMIT_KB * 1024, max(sizes.items(), key=lambda item: item[1])  # every letter, not the average
    by_path = {letter.relpath: letter for letter in result.letters.letters}
    largest = max(sizes, key=sizes.get)
    for path in {made[0], largest}:
        letter = by_path[path]
        text = squash(pdf_text(out / path))
        if letter.donor_name:
            assert squash(letter.donor_name) in text
        assert rmb_capitals(Decimal(letter.donation.amount)) in text
        # The CJK faces are embedded as subsets (a prefix "ABCDEF+" on the name), never whole.
        fonts = [f.get_object()["/BaseFont"] for f in PdfReader(str(out / path)).pages[0]["/Resources"]["/Font"].values()]
        assert fonts and all(name[7] == "+" for name in fonts), fonts
        assert not any("Noto" in name for name in fonts), fonts  # every character came from the run's subset
        # Two faces a letter: the text's serif and the sans bold of everything bold (each
        # face is embedded and subset on every letter: letters/letters.css).
        assert {name[8:] for name in fonts} == {"Relief-Serif", "Relief-Sans-Bold"}, fonts  # "/ABCDEF+Name"
