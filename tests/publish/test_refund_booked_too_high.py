"""A refund booked too high, put right by a correction raising it: an error, never a gift on the site."""

from __future__ import annotations

from decimal import Decimal

from click.testing import CliRunner

from cli import cli
from ledger.books import load_books
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
    assert errors[0].message.startswith("更正（收据 JZ-2026-00003）加回 100.00 CNY，而它的 correction: 写的是退款 JZ-2026-00002")
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
