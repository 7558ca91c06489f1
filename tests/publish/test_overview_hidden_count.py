"""The home page's count of households helped, hidden as * (fewer than the site's minimum),
says beside it why, in both languages, as the report pages say where their hidden cells are.

The card showed `受助户数 *` and nothing else; the only word on it was the footer's, at the
bottom of a long page. A reader took the * for a missing figure or a footnote with no note.
"""

from __future__ import annotations


def test_a_hidden_household_count_says_why_beside_it(books_copy, tmp_path, publish_to):
    """The small books (9 households) with a minimum of 10: both cards hide their count."""
    settings = books_copy / "settings.beancount"
    text = settings.read_text(encoding="utf-8").replace('"min_published_count" 3', '"min_published_count" 10')
    settings.write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    result = publish_to(out, books_copy, acknowledgements=False)
    overview = result.model.overview
    assert overview.households_year.suppressed and overview.households_all.suppressed
    minimum = 10
    html = (out / "index.html").read_text(encoding="utf-8")
    card = html[html.index("受助户数"):]
    card = card[:card.index("</dl>")]
    assert "*" in card and f"少于 {minimum} 户，不予公开" in card, card
    html_en = (out / "en" / "index.html").read_text(encoding="utf-8")
    card_en = html_en[html_en.index("Households helped"):]
    card_en = card_en[:card_en.index("</dl>")]
    assert f"fewer than {minimum} households: not published" in card_en, card_en


def test_a_shown_household_count_has_no_such_words(tmp_path, publish_to):
    from ledger.demo import write_demo

    main, _ = write_demo(tmp_path / "demo", seed=1, transactions=200)
    out = tmp_path / "site"
    result = publish_to(out, main.parent, acknowledgements=False)
    assert not result.model.overview.households_all.suppressed
    html = (out / "index.html").read_text(encoding="utf-8")
    shown = [c for c in html.split("受助户数")[1:] if "不予公开" not in c.split("</dl>")[0]]
    assert shown, "a card showing its count says nothing of hiding it"
