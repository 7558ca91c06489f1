"""A refund booked too low, the rest booked later: the gift's page says all that went back, and the books say what to write."""

from __future__ import annotations

from decimal import Decimal

from click.testing import CliRunner

from cli import cli
from ledger.books import load_books
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET

GIFTS = """
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
  Assets:Bank:Basic  -200.00 CNY
  Income:Donation:Individual
"""

#: the rest of the refund (300.00 went back, 200.00 was booked), booked naming the refund
REST = """
2026-03-02 * "更正：退款少记"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00003"
  {extra}correction: "JZ-2026-00002"
  Assets:Bank:Basic  -100.00 CNY
  Income:Donation:Individual
"""


def _books(tmp_path, extra: str):
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    with open(books / "registry" / "donors.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 custom "donor" "D0001" "individual"\n  name: "王五"\n')
    with open(books / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(GIFTS + REST.format(extra=extra))
    return load_books(books)


def _shown(loaded) -> tuple[list[tuple[Decimal, str]], Decimal]:
    """What the gift's page says went back, and the donor's line on the honour roll."""
    model = build_public_model(loaded, TEST_SECRET.encode())
    gift = next(d for d in model.donations if d.receipt == "JZ-2026-00001")
    (roll,) = model.rolls
    (line,) = [e for g in roll.groups for e in g.entries]
    return [(r.amount, r.receipt) for r in gift.returned], line.amount


def test_the_rest_of_a_refund_naming_the_refund_is_an_error(tmp_path):
    """Booked with only `correction:` naming the refund: relief check said 0 errors, and the
    site paired it with no gift: the gift's page said 200.00 went back, the donor's line on
    the honour roll said 200.00 were given (500.00 less 300.00). Now the books say to name the
    gift in `refund_of`."""
    loaded = _books(tmp_path, "")
    messages = [e.message for e in loaded.errors]
    assert len(messages) == 1 and 'add refund_of: "JZ-2026-00001" to this entry' in messages[0], messages
    assert messages[0].startswith("更正（收据 JZ-2026-00003）减去 100.00 CNY，而它的 correction: 写的是退款 JZ-2026-00002")


def test_the_rest_of_a_refund_written_as_the_error_says_is_on_the_gifts_page(tmp_path):
    """With `refund_of` naming the gift (and `correction:` kept, naming the refund it puts
    right), it passes, and the gift's page says all 300.00 that went back, as the roll does."""
    loaded = _books(tmp_path, 'refund_of: "JZ-2026-00001"\n  ')
    assert not loaded.errors, [e.message for e in loaded.errors]
    returned, line = _shown(loaded)
    assert returned == [(Decimal("200.00"), "JZ-2026-00002"), (Decimal("100.00"), "JZ-2026-00003")]
    assert line == Decimal("500.00") - sum(amount for amount, _ in returned)
