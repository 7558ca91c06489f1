"""A gift of a closed period booked under the wrong donor, put right as docs/closing.md says
("A gift booked under the wrong donor"): the documented entries pass `relief check` and
publish, and each donor's page and letter, the honour roll and the month's report say what
happened. Before, no correction was documented: a refund and a new gift told the first donor
money was "returned" to them, and the right donor was thanked for a gift dated the day of
the correction."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from ledger.books import load_books
from ledger.closes.close import close_period
from ledger.period import parse_period
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET
from .sitecheck import visible_text

DOC = (Path(__file__).resolve().parents[2] / "docs" / "closing.md").read_text(encoding="utf-8")


def _documented() -> str:
    section = DOC[DOC.index("### A gift booked under the wrong donor"):]
    return re.search(r"```\n(.*?)```", section, re.S).group(1)


def _books(books_copy):
    # the small books hold no bank statements: the close is made without reconciling
    close_period(load_books(books_copy), parse_period("2026-Q1"), check=lambda *a: SimpleNamespace(ok=True),
                 today=datetime.date(2026, 6, 10))
    path = books_copy / "txns" / "2026.beancount"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + _documented(), encoding="utf-8")
    books = load_books(books_copy)
    assert books.errors == [], [e.message for e in books.errors]  # relief check passes
    return books


def test_the_documented_correction_passes_check_and_each_page_is_right(books_copy, publish_to, tmp_path):
    books = _books(books_copy)
    out = tmp_path / "site"
    publish_to(out, books_copy)
    model = build_public_model(books, TEST_SECRET.encode())
    gifts = {d.receipt: d for d in model.donations}
    wrong, right = gifts["JZ-2026-00004"], gifts["JZ-2026-00009"]
    assert wrong.corrected_in_full and wrong.donor_name == "李红梅"
    text = visible_text(out / wrong.ack_path)
    assert "经更正，这笔捐赠已全部不计入" in text and "退还" not in text, text
    assert right.received == datetime.date(2026, 3, 3) and right.date == datetime.date(2026, 6, 20)
    text = visible_text(out / right.ack_path)
    assert "您于 2026年3月3日 的捐赠" in text and "原误记在另一捐赠人名下，于 2026年6月20日 更正" in text, text
    assert "李红梅" not in text and "JZ-2026-00004" not in text
    en = visible_text(out / "en" / right.ack_path) if (out / "en" / right.ack_path).exists() else text
    assert "gift of 2026-03-03" in en and "first recorded under another donor and put right on 2026-06-20" in en, en
    roll = next(r for r in model.rolls if r.period.key == "2026")
    lines = {e.name: e for g in roll.groups for e in g.entries}
    assert "李红梅" not in lines and lines["某某机械"].amount == Decimal("30500.00")
    assert (roll.corrected_in_full, roll.refunds, roll.gifts) == (1, 0, 7)
    june = next(r for r in model.reports if r.period.key == "2026-06")
    assert {(c.fund.id, c.corrects.key if c.corrects else None) for c in june.corrections} == {("GENERAL", "2026-03")}, june.corrections


def test_the_right_donors_letter_thanks_for_the_day_the_money_came(books_copy, tmp_path):
    from letters.make import make_letters
    from tests.letters.conftest import pdf_text, squash

    books = _books(books_copy)
    out = tmp_path / "letters"
    make_letters(books, out, TEST_SECRET.encode(), donor="D0001", jobs=1)
    text = squash(pdf_text(out / "2026" / "JZ-2026-00009.pdf"))
    assert "衷心感谢您于2026年3月3日" in text and "原误记在另一捐赠人名下，于2026年6月20日更正" in text, text
