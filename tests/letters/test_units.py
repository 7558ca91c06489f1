"""Goods on an English letter: the unit agrees with the quantity ("60 bags", "1 bag"); the
demo's letters said "60 bag". Chinese units, symbols and units written plural do not change."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.books import load_books
from letters.make import make_letters
from letters.render import unit
from publish.labels import Label

from .conftest import SECRET, pdf_text


@pytest.mark.parametrize(("en", "quantity", "shown"), [
    ("bag", "60", " bags"), ("bag", "1", " bag"), ("bag", "1.00", " bag"), ("drum", "2.5", " drums"),
    ("box", "3", " boxes"), ("battery", "4", " batteries"), ("tray", "4", " trays"), ("piece", "2", " pieces"),
    ("kg", "12", " kg"), ("l", "5", " l"), ("cans", "20", " cans"), ("pcs", "3", " pcs"), ("", "3", " "),
    ("Box", "3", " Box"), ("pair of gloves", "3", " pair of gloves"),
])
def test_english_unit_agrees_with_the_quantity(en, quantity, shown):
    assert unit(Label("袋", en), Decimal(quantity), "en") == shown


def test_chinese_unit_is_as_written():
    assert unit(Label("袋", "bag"), Decimal(60), "zh") == "袋"


def test_english_goods_letter_says_drums(books_copy, letters_out):
    accounts = books_copy / "accounts.beancount"
    accounts.write_text(accounts.read_text(encoding="utf-8").replace('unit_en: "cans"', 'unit_en: "drum"'), encoding="utf-8")
    path = books_copy / "registry" / "donors.beancount"
    head = 'custom "donor" "D0005" "enterprise"\n'
    text = path.read_text(encoding="utf-8").replace(head, head + '  language: "en"\n')
    path.write_text(text, encoding="utf-8")
    books = load_books(books_copy)
    assert not books.errors
    make_letters(books, letters_out, SECRET, donor="D0005", statements=True, jobs=1)
    letter = " ".join(pdf_text(letters_out / "2026" / "JZ-2026-00006.pdf").split())
    statement = " ".join(pdf_text(letters_out / "statements" / "2026" / "D0005.pdf").split())
    for text in (letter, statement):
        assert "20 drums" in text and "20 drum " not in text


def test_the_books_plural_comes_first():
    """`unit_en_plural` (a GoodsItem's `units`) wins over the rule, for any quantity but one."""
    assert unit(Label("桶", "can"), Decimal(50), "en", Label("桶", "tins")) == " tins"
    assert unit(Label("桶", "can"), Decimal(1), "en", Label("桶", "tins")) == " can"
    assert unit(Label("副", "pair of gloves"), Decimal(3), "en", Label("副", "pairs of gloves")) == " pairs of gloves"
    assert unit(Label("桶", "can"), Decimal(50), "zh", Label("桶", "tins")) == "桶"
