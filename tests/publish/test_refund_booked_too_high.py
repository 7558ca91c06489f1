"""A refund booked too high, put right by a correction raising it: in an open period an error (edit the
refund); in a closed one the booking, which the site shows as the refund being less, never as a gift."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

from click.testing import CliRunner

from cli import cli
from ledger.books import load_books
from ledger.closes.close import close_period
from ledger.period import parse_period
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET

GIFT = """
2026-02-01 * "捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00001"
  Assets:Bank:Basic  500.00 CNY
  Income:Donation:Individual

2026-02-05 * "退还捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00002"
  refund_of: "JZ-2026-00001"
  Assets:Bank:Basic  -{refund} CNY
  Income:Donation:Individual
"""

#: 200.00 booked as given back, 100.00 went back: +100.00 naming the refund in `correction:`
RAISE = """
2026-03-02 * "更正：退款多记"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00003"
  correction: "JZ-2026-00002"
  Assets:Bank:Basic  100.00 CNY
  Income:Donation:Individual
"""


def _books(tmp_path, text: str):
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    with open(books / "registry" / "donors.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 custom "donor" "D0001" "individual"\n  name: "王五"\n')
    with open(books / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(text)
    return books, load_books(books)


def test_a_correction_raising_a_refund_is_an_error_on_its_line(tmp_path):
    """relief check said 0 errors, and the site showed JZ-2026-00003 as a new gift of 100.00
    with its own acknowledgement page, while JZ-2026-00001's page said 200.00 went back. Now
    the books' check fails, on the correction's line, Chinese first."""
    books, loaded = _books(tmp_path, GIFT.format(refund="200.00") + RAISE)
    errors = [e for e in loaded.errors if "JZ-2026-00002" in e.message]
    assert len(errors) == 1, [e.message for e in loaded.errors]
    assert errors[0].message.startswith("更正（收据 JZ-2026-00003）加回 100.00 CNY，它的 correction: 写的是退款 JZ-2026-00002")
    assert "JZ-2026-00002 所在的期间还没有结账" in errors[0].message
    lines = (books / "txns" / "2026.beancount").read_text(encoding="utf-8").splitlines()
    assert "更正：退款多记" in lines[errors[0].source["lineno"] - 1]
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1 and "JZ-2026-00003" in result.output


def test_the_refund_edited_as_the_error_says_is_shown_as_given_back(tmp_path):
    """In an open period the error says to edit the refund's amount: the gift's page then says
    100.00 went back, the donor's line on the honour roll 400.00, and no other gift is thanked for."""
    _books_dir, loaded = _books(tmp_path, GIFT.format(refund="100.00"))
    assert not loaded.errors, [e.message for e in loaded.errors]
    model = build_public_model(loaded, TEST_SECRET.encode())
    assert [d.receipt for d in model.donations if d.amount > 0] == ["JZ-2026-00001"]
    gift = next(d for d in model.donations if d.receipt == "JZ-2026-00001")
    assert [(r.amount, r.receipt) for r in gift.returned] == [(Decimal("100.00"), "JZ-2026-00002")]
    (roll,) = model.rolls
    (line,) = [e for g in roll.groups for e in g.entries]
    assert line.amount == Decimal("400.00")


def _closed_then(tmp_path, refund: str, later: str):
    """The gift and its refund of `refund` in February, February closed, then `later` booked in March."""
    books, _ = _books(tmp_path, GIFT.format(refund=refund))
    close_period(load_books(books), parse_period("2026-02"), check=lambda *a: SimpleNamespace(ok=True),
                 today=datetime.date(2026, 3, 1))
    with open(books / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(later)
    loaded = load_books(books)
    return books, loaded


def test_a_refund_of_a_closed_period_lowered_is_shown_as_the_refund_less(tmp_path):
    """The hole: 200.00 booked as given back in a closed February where 100.00 went back had no
    booking the site showed right. Now +100.00 naming the refund in `correction:` passes every
    rule, and the site reads it as the refund being 100.00 less: the gift's page says 200.00
    went back and 100.00 of it did not, 400.00 stands; the correction is no gift (no page, not
    counted); the donor's line on the roll nets it (400.00), the roll's refunds are net; the
    open data pair it with the gift."""
    books, loaded = _closed_then(tmp_path, "200.00", RAISE)
    assert not loaded.errors, [e.message for e in loaded.errors]
    model = build_public_model(loaded, TEST_SECRET.encode())
    gift = next(d for d in model.donations if d.receipt == "JZ-2026-00001")
    fix = next(d for d in model.donations if d.receipt == "JZ-2026-00003")
    assert [(r.amount, r.receipt, r.lessens) for r in gift.returned] == [
        (Decimal("-200.00") * -1, "JZ-2026-00002", None), (Decimal("-100.00"), "JZ-2026-00003", "JZ-2026-00002")]
    assert gift.amount - gift.returned_amount == Decimal("400.00") and not gift.returned_in_full
    assert fix.lessens == "JZ-2026-00002" and fix.ack_path is None
    (roll,) = model.rolls
    (line,) = [e for g in roll.groups for e in g.entries]
    assert (line.amount, line.gifts) == (Decimal("400.00"), 1)
    assert (roll.gifts, roll.total, roll.refunds, roll.refunded) == (1, Decimal("400.00"), 1, Decimal("100.00"))
    # the gift's page, as the site writes it
    result = CliRunner().invoke(cli, ["publish", str(books), "--out", str(tmp_path / "site")], env={"RELIEF_SITE_SECRET": TEST_SECRET})
    assert result.exit_code == 0, result.output
    pages = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html") if "/ack/" in p.as_posix() and p.name != "index.html"}
    assert len(pages) == 1, sorted(pages)
    (page,) = pages.values()
    page = re.sub(r"<[^>]+>", "", page)  # the words as read
    assert "退款 JZ-2026-00002 中的 ¥100.00 未退还，已于 2026年3月2日 更正（更正收据编号 JZ-2026-00003）" in page
    assert "¥100.00 of refund JZ-2026-00002 did not go back after all, put right on 2026-03-02 (correction receipt JZ-2026-00003)" in page
    assert "其余 ¥400.00 按上述用途使用" in page and "the remaining ¥400.00 is used" in page
    rows = (tmp_path / "site" / "data" / "donations.csv").read_text(encoding="utf-8").splitlines()
    (row,) = [r for r in rows if r.startswith("JZ-2026-00003,")]
    assert ",JZ-2026-00001," in row


def test_a_refund_that_bounced_back_after_its_period_closed(tmp_path):
    """The refund's money came back (the donor's account closed) after February was closed:
    +200.00 naming the refund in `correction:` and its gift in `refund_of`. The gift's page says
    the 200.00 did not go back after all, so all 500.00 stands; no new gift is thanked for."""
    bounced = RAISE.replace("100.00", "200.00").replace('correction: "JZ-2026-00002"',
                                                          'correction: "JZ-2026-00002"\n  refund_of: "JZ-2026-00001"')
    _books_dir, loaded = _closed_then(tmp_path, "200.00", bounced)
    assert not loaded.errors, [e.message for e in loaded.errors]
    model = build_public_model(loaded, TEST_SECRET.encode())
    assert [d.receipt for d in model.donations if d.ack_path] == ["JZ-2026-00001"]
    gift = next(d for d in model.donations if d.receipt == "JZ-2026-00001")
    assert gift.returned_amount == 0 and gift.amount - gift.returned_amount == Decimal("500.00")
    (roll,) = model.rolls
    (line,) = [e for g in roll.groups for e in g.entries]
    assert (line.amount, line.gifts, roll.gifts) == (Decimal("500.00"), 1, 1)
