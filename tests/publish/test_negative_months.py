"""A month whose raised is below zero (a refund of an earlier gift) is explained where it is shown."""

from __future__ import annotations

from .sitecheck import parse
from .test_shares import _add_2027

NOTE_EN = "A month whose raised is below zero gave back more in gifts received earlier than it raised."
NOTE_ZH = "筹集为负数的月份"


def test_a_month_with_raised_below_zero_is_explained_on_the_overview_and_the_fund_page(books_copy, tmp_path, publish_to):
    """February 2027 raised -¥500.00 (李红梅's gift of 2026 given back) in the overview's last
    twelve months and the general fund's months, with nothing on either page to say why."""
    out = tmp_path / "site"
    publish_to(out, _add_2027(books_copy))
    for page in ("en/index.html", "en/funds/general.html"):
        text = " ".join(parse(out / page).text)
        assert "-¥500.00" in text and NOTE_EN in text, page
    for page in ("index.html", "funds/general.html"):
        assert NOTE_ZH in " ".join(parse(out / page).text), page
    # a fund whose months never go below zero says nothing of it
    assert NOTE_EN not in " ".join(parse(out / "en/funds/edu-2026.html").text)


def test_no_note_when_no_month_is_below_zero(published):
    out, _ = published
    for page in ("en/index.html", "en/funds/general.html"):
        assert NOTE_EN not in " ".join(parse(out / page).text), page
