"""publish.model.made: the gifts and grants of the model (tens of thousands on large books)
are made without the frozen dataclass's `object.__setattr__` per field (issue 15). What it
makes must be what the class makes: equal, hashed alike, as frozen, every field there."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest

from ledger.books import load_books
from ledger.demo import write_demo
from publish.model import Column, FundRef, Grant, Label, made
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET

FIELDS = dict(identifier="360G-jz-abc", date=datetime.date(2026, 3, 1), category=Column("Expenses:Aid:Living", Label("生活", "Living")),
              fund=FundRef("GENERAL", "general", Label("一般资金", "General fund")), amount=Decimal("300.00"),
              recipient="360G-jz-IND", reason="GTIR010", purpose="GTIP070", suppressed=False)


def test_made_is_what_the_class_makes():
    fast, plain = made(Grant, **FIELDS), Grant(**FIELDS)
    assert type(fast) is Grant and fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert vars(fast) == vars(plain)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.amount = Decimal(0)


@pytest.mark.parametrize("change", ["missing", "unknown"])
def test_made_refuses_a_missing_or_unknown_field(change):
    fields = dict(FIELDS)
    if change == "missing":
        del fields["suppressed"]  # a default is not filled in: it must be given
    else:
        fields["case"] = "C001"
    with pytest.raises(TypeError, match=change):
        made(Grant, **fields)


def test_the_models_gifts_and_grants_are_what_their_classes_make(tmp_path):
    main, _ = write_demo(tmp_path / "books", seed=7, transactions=600)
    model = build_public_model(load_books(main), TEST_SECRET.encode())
    assert model.donations and any(not g.suppressed for g in model.grants)
    for obj in (*model.donations, *model.grants):
        again = dataclasses.replace(obj)  # through the class's own __init__
        assert obj == again and vars(obj) == vars(again), obj


def test_made_refuses_a_class_whose_post_init_it_would_skip():
    @dataclasses.dataclass(frozen=True)
    class Checked:
        amount: Decimal

        def __post_init__(self):
            if self.amount < 0:
                raise ValueError("negative")

    with pytest.raises(TypeError, match="__post_init__"):
        made(Checked, amount=Decimal(-1))
