"""Donor names with text that could act rather than read: an HTML tag, or an invisible
direction control (U+202E RIGHT-TO-LEFT OVERRIDE and its kin). On a letter and on the site a
name is shown as the letters it is made of and changes nothing around it."""

from __future__ import annotations

from ledger.books import load_books
from letters.make import make_letters
from publish.model_builder import build_public_model

from .conftest import SECRET, pdf_text, squash

RLO = "\u202e"


def _rename(books_copy, name: str, display: str):
    path = books_copy / "registry" / "donors.beancount"
    text = path.read_text(encoding="utf-8").replace('name: "某某机械制造有限公司"\n  display: "某某机械"',
                                                    f'name: "{name}"\n  display: "{display}"')
    path.write_text(text, encoding="utf-8")
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    return books


def test_a_direction_override_in_a_name_does_not_reverse_the_letter(books_copy, letters_out):
    """'尊敬的某某{RLO}机械abc：' was drawn as '尊敬的某某：cba械机': the override ran on past
    the name, reversing the colon and the text after it."""
    books = _rename(books_copy, f"某某{RLO}机械abc", f"某某{RLO}机械")
    make_letters(books, letters_out, SECRET, donor="D0001", jobs=1)
    text = squash(pdf_text(letters_out / "2026" / "JZ-2026-00001.pdf"))
    assert "尊敬的某某机械abc：" in text
    assert RLO not in text


def test_a_direction_override_does_not_reach_the_site(books_copy):
    """The ack page says '{name}：您于 … 的捐赠已记入账目' in one paragraph: an override in the
    name reversed the rest of it in a browser. The public model's names carry none."""
    books = _rename(books_copy, f"某某{RLO}机械\u2066abc\u2069", f"某某{RLO}机械\u202b")
    model = build_public_model(books, SECRET)
    names = {d.donor_name for d in model.donations if d.receipt in ("JZ-2026-00001", "JZ-2026-00007")}
    assert names == {"某某机械"}
    assert books.registry.donors["D0001"].name == "某某机械abc"


def test_an_html_tag_in_a_name_is_shown_as_text(books_copy, letters_out):
    books = _rename(books_copy, "<script>alert(1)</script>某某机械", "<b>某某</b>")
    make_letters(books, letters_out, SECRET, donor="D0001", jobs=1)
    assert "尊敬的<script>alert(1)</script>某某机械：" in squash(pdf_text(letters_out / "2026" / "JZ-2026-00001.pdf"))
    model = build_public_model(books, SECRET)
    assert {d.donor_name for d in model.donations if d.receipt == "JZ-2026-00001"} == {"<b>某某</b>"}  # escaped by the templates


def test_a_zero_width_space_in_a_name_is_not_on_the_letter(books_copy, letters_out):
    """'尊敬的某某\u200b机械：' reached the letter's PDF text (a copied name another string than
    the one on the site); the registry reads donor names without invisible characters."""
    path = books_copy / "registry" / "donors.beancount"
    text = path.read_text(encoding="utf-8").replace('name: "某某机械制造有限公司"', 'name: "某某\u200b机械制造\u2060有限公司"')
    path.write_text(text, encoding="utf-8")
    books = load_books(books_copy)
    assert not books.errors
    assert [w.message[:21] for w in books.warnings] == ["警告：捐赠人 D0001：name '某某"]
    assert "。 Warning: Donor D0001: name '某某" in books.warnings[0].message
    make_letters(books, letters_out, SECRET, donor="D0001", jobs=1)
    text = pdf_text(letters_out / "2026" / "JZ-2026-00001.pdf")
    assert "\u200b" not in text and "\u2060" not in text
    assert "尊敬的某某机械制造有限公司：" in squash(text)
