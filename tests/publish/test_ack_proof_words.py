"""A donor who opens their gift's page read, under 核验 / Verify this gift, of the gift's proof
"in the period's Merkle sum tree" (默克尔求和树) and that the gift "is a leaf" of one, with no word
on what that is: jargon no donor can be expected to know. The page now says in plain words,
the first time it names it, what the tree does for them."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from ledger.books import load_books
from ledger.closes.close import close_period
from ledger.period import parse_period

from .sitecheck import visible_text

GLOSS_ZH = "把该期每笔捐赠的金额逐层相加、汇成一个合计的结构：任何一笔被改动或删去，合计和校验值都会对不上"
GLOSS_EN = ("a structure that adds up the period's gifts, level by level, into one total: if any gift were changed or removed, "
            "the total and its check values would no longer match")


def _page(result, site, receipt):
    return visible_text(site / next(d.ack_path for d in result.model.donations if d.receipt == receipt))


def test_an_open_period_page_says_what_the_tree_is(books_copy, publish_to, tmp_path):
    result = publish_to(tmp_path / "site", books_copy)
    page = _page(result, tmp_path / "site", "JZ-2026-00003")
    assert f"默克尔求和树（{GLOSS_ZH}）" in page, page
    assert f"Merkle sum tree ({GLOSS_EN})" in page, page


def test_a_closed_period_page_says_what_the_tree_is(books_copy, publish_to, tmp_path):
    # the small books hold no bank statements: the close is made without reconciling
    close_period(load_books(books_copy), parse_period("2026-Q1"), check=lambda *a: SimpleNamespace(ok=True),
                 today=datetime.date(2026, 6, 10))
    result = publish_to(tmp_path / "site", books_copy)
    page = _page(result, tmp_path / "site", "JZ-2026-00001")
    assert "一片叶子" in page, page  # the closed period's sentence
    assert f"默克尔求和树（{GLOSS_ZH}）" in page, page
    assert f"Merkle sum tree ({GLOSS_EN})" in page, page
