"""The acknowledgement pages' cache key (publish/page_cache.py AckInputs) covers every field
of the gift a page may show: a change to any of them renders the page again."""

from __future__ import annotations

import dataclasses

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
    }
    if not gift.goods:
        del changes["goods"]
    # a field the shipped page does not show; any other new field must be added above
    not_shown = {"parts"}
    assert {f.name for f in dataclasses.fields(Donation)} - not_shown - {"goods"} <= set(changes), "a new field of Donation: is it in the key?"
    for name, value in changes.items():
        changed = dataclasses.replace(gift, **{name: value})
        assert inputs.digest(_spec(changed)) != base, f"{name} is not in the key"
    assert inputs.digest(_spec(gift)) == base  # the same gift, the same key
