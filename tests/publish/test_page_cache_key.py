"""The acknowledgement pages' cache key (publish/page_cache.py AckInputs) covers every field
of the gift a page may show: a change to any of them renders the page again."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from publish.environment import make_environment
from publish.model import Donation, FundRef, Label, Returned
from publish.model_builder import build_public_model
from publish.page_cache import AckInputs
from publish.pages import PageSpec


@pytest.fixture(scope="module")
def model(small_books):
    return build_public_model(small_books, b"page-cache-key-secret")


def _spec(donation, fund=None) -> PageSpec:
    return PageSpec(donation.ack_path or "ack/x.html", "ack.html", Label("致谢", "Thanks"), "ack",
                    {"donation": donation, "fund": fund}, bilingual_single=True)


@pytest.mark.parametrize("user_templates", [False, True])
def test_every_field_of_the_gift_counts(model, tmp_path, user_templates):
    templates = None
    if user_templates:
        (tmp_path / "t").mkdir()
        (tmp_path / "t" / "ack.html").write_text("{{ donation }}", encoding="utf-8")
        templates = tmp_path / "t"
    inputs = AckInputs(make_environment(templates), model)
    gift = next(d for d in model.donations if d.ack_path)
    base = inputs.digest(_spec(gift))
    changes = {
        "donor_note": Label("企业9", "Enterprise 9"),
        "donor_name": "别的名字",
        "anonymous": not gift.anonymous,
        "amount": gift.amount + 1,
        "date": gift.date.replace(day=1 if gift.date.day != 1 else 2),
        "receipt": gift.receipt + "X",
        "currency": "USD",
        "goods": (),
        "fund": FundRef("OTHER", "other", Label("别的基金", "Other fund")),
        "source": Label("别的来源", "Other source"),
        "donor_kind": "enterprise" if gift.donor_kind != "enterprise" else "individual",
        "ack_path": "ack/other.html",
        "ack_url": "https://example.org/ack/other.html",
        "returned": (Returned(gift.date, gift.amount, "JZ-2026-09999"),),
        "goods_valued": not gift.goods_valued,
        "given_amount": Decimal("1000.00"),
        "given_currency": "USD",
        "received": gift.date.replace(day=1 if gift.date.day != 1 else 2),
        "pledge_paid": ((gift.date, Decimal("1.00")),),
        "pledge_cancelled": ((gift.date, Decimal("1.00")),),
        "lessens": "JZ-2026-09998",
    }
    if not gift.goods:
        del changes["goods"]
    # a field the shipped page does not show; any other new field must be added above
    not_shown = {"parts"}
    # pledge_came counts only on a pledge's page: checked below
    apart = {"goods", "pledge_came"}
    assert {f.name for f in dataclasses.fields(Donation)} - not_shown - apart <= set(changes), "a new field of Donation: is it in the key?"
    for name, value in changes.items():
        changed = dataclasses.replace(gift, **{name: value})
        assert inputs.digest(_spec(changed)) != base, f"{name} is not in the key"
    assert inputs.digest(_spec(gift)) == base  # the same gift, the same key
    # a pledge with nothing come yet, and after a payment: two pages
    pledge = dataclasses.replace(gift, pledge_paid=())
    assert inputs.digest(_spec(pledge)) not in {base, inputs.digest(_spec(dataclasses.replace(gift, pledge_paid=((gift.date, Decimal("1.00")),))))}
    # a pledge paid in money, and the same paid in goods or in both: three pages
    paid = dataclasses.replace(gift, pledge_paid=((gift.date, Decimal("1.00")),))
    assert len({inputs.digest(_spec(dataclasses.replace(paid, pledge_came=came))) for came in ("money", "goods", "mixed")}) == 3


def _fund_spec(model, fund):
    gift = next(d for d in model.donations if d.ack_path and d.fund.id == fund.ref.id)
    return _spec(gift, fund)


def test_what_the_page_shows_of_its_fund_counts(model):
    """The page shows, beside a fund's uses, where the rest of a restricted fund went once it
    ended, and what an overdrawn fund is short: a republish after the closing transfer was
    changed (¥70,450.06 moved out became ¥60,000.00, ¥10,450.06 left to move) kept every
    page of the fund's gifts from the cache, still saying ¥70,450.06 (52.4%) went to the
    general fund and nothing was left."""
    inputs = AckInputs(make_environment(None), model)
    edu = model.fund("EDU-2026")
    assert edu.closed and edu.moved_out
    base = inputs.digest(_fund_spec(model, edu))
    [out] = edu.moved_out
    less = dataclasses.replace(out, amount=out.amount + 1000)
    reasoned = dataclasses.replace(out, reason="别的事由")
    changes = {
        "moved out": {"transfers": tuple(less if t is out else t for t in edu.transfers),
                      "balance": Decimal(1000), "status": "ended",
                      "transfers_net": edu.transfers_net + 1000},
        "its reason": {"transfers": tuple(reasoned if t is out else t for t in edu.transfers)},
        "its end": {"end": edu.end.replace(day=1)},
        "raised after its end": {"raised": edu.raised + 1, "balance": edu.balance + 1,
                                 "status": "ended"},
    }
    for what, fields in changes.items():
        fresh = AckInputs(make_environment(None), model)  # the shared part: made once per fund
        changed = fresh.digest(_fund_spec(model, dataclasses.replace(edu, **fields)))
        assert changed != base, f"{what} is not in the key"


def test_an_open_funds_balance_is_not_in_the_key(model):
    """... while an open fund's pages show no balance: a new gift to it (raised and balance
    up, nothing paid out) leaves its other pages' keys, so the pages are not made again;
    overdrawn, the page says by how much, and the key follows it."""
    general = model.fund("GENERAL")
    assert general.status == "open" and general.balance > 0
    base = AckInputs(make_environment(None), model).digest(_fund_spec(model, general))
    richer = dataclasses.replace(general, raised=general.raised + 500,
                                 balance=general.balance + 500)
    assert AckInputs(make_environment(None), model).digest(_fund_spec(model, richer)) == base
    short = dataclasses.replace(general, balance=Decimal(-5))
    shorter = dataclasses.replace(general, balance=Decimal(-6))
    assert len({AckInputs(make_environment(None), model).digest(_fund_spec(model, f))
                for f in (general, short, shorter)}) == 3
