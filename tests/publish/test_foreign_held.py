"""Money held in another currency (a USD account) is in the site's balance at the rate it was
booked at, and the pages that show that balance say so: how much is held in that currency and
what it counts for. Before, the overview, the reports, the funds page and the annual report
gave a closing balance that silently held 1,000.00 USD as ¥7,123.40, a figure a reader would
take for today's value."""

from __future__ import annotations

from decimal import Decimal

from ledger.books import load_books
from publish.annual import report_html
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET
from .sitecheck import parse, visible_text

GIFT = """
2026-06-03 * "Harbour Trading" "USD gift"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00008"
  Assets:Bank:USD               1000.00 USD @ 7.1234 CNY
  Income:Donation:Enterprise

2026-07-10 * "医疗救助（美元账户支付）"
  fund: "GENERAL"
  approval: "SP-2026-0100"
  Expenses:Aid:Medical           360.00 CNY
    case: "C0005"
  Assets:Bank:USD               -50.00 USD @ 7.20 CNY
"""


def _books(books_copy):
    accounts = books_copy / "accounts.beancount"
    text = accounts.read_text("utf-8").replace("2026-01-01 open Income:Donation:Enterprise CNY", "2026-01-01 open Income:Donation:Enterprise")
    accounts.write_text(text + "\n2026-01-01 open Assets:Bank:USD USD\n", "utf-8")
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text("utf-8") + "\n" + GIFT, "utf-8")


def test_the_pages_say_what_is_held_in_another_currency_and_at_what_rate(books_copy, tmp_path, publish_to):
    _books(books_copy)
    loaded = load_books(books_copy)
    assert not loaded.errors, [e.message for e in loaded.errors]
    model = build_public_model(loaded, TEST_SECRET.encode())
    by_key = {r.period.key: r for r in model.reports}
    [held] = by_key["2026"].statement.foreign
    assert (held.currency, held.units, held.value) == ("USD", Decimal("950.00"), Decimal("6763.40"))
    assert by_key["2026-04"].statement.foreign == ()
    [june] = by_key["2026-06"].statement.foreign
    assert (june.units, june.value) == (Decimal("1000.00"), Decimal("7123.40"))
    out = tmp_path / "site"
    publish_to(out, books_copy)
    for page in ("en/index.html", "en/reports/2026.html", "en/funds/index.html"):
        text = " ".join(parse(out / page).text)
        assert "950.00 USD, at ¥6,763.40 (the rates it was booked at, not today's rate)" in text, (page, text)
    zh = " ".join(parse(out / "reports/2026-06.html").text)
    assert "结存含外币 1,000.00 USD，按入账时的汇率折合 ¥7,123.40（不是当前汇率）" in zh, zh
    assert "USD" not in " ".join(parse(out / "en/reports/2026-04.html").text)
    assert "950.00 USD, at ¥6,763.40 (the rates it was booked at" in report_html(model, 2026)


def test_a_funds_page_says_the_money_in_another_currency_is_no_one_funds(books_copy, tmp_path, publish_to):
    # the overview said 950.00 USD is in the balance at ¥6,763.40; the fund's own page, its
    # balance holding the gift, said nothing of it. The books keep the USD account under no
    # fund (fund: is on the donation line), so the page says the centre's figure, that it
    # cannot say how much is this fund's, and that the overview's note covers every fund
    _books(books_copy)
    out = tmp_path / "site"
    result = publish_to(out, books_copy)
    general = next(f for f in result.model.funds if f.ref.id == "GENERAL")
    en = visible_text(out / "en" / "funds" / f"{general.ref.slug}.html")
    assert "The centre holds 950.00 USD (at ¥6,763.40, the rates it was booked at, not today's rate) within the funds' balances" in en, en
    assert "the note on the overview covers all funds." in en
    zh = visible_text(out / "funds" / f"{general.ref.slug}.html")
    assert "本中心持有外币 950.00 USD（按入账时的汇率折合 ¥6,763.40，不是当前汇率）" in zh, zh
    assert "适用于所有基金" in zh


def test_a_funds_page_says_nothing_of_other_currencies_when_none_is_held(books_copy, tmp_path, publish_to):
    out = tmp_path / "site"
    result = publish_to(out, books_copy)
    general = next(f for f in result.model.funds if f.ref.id == "GENERAL")
    assert 'data-note="foreign"' not in (out / "funds" / f"{general.ref.slug}.html").read_text("utf-8")
