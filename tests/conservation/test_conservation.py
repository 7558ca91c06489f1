"""Conservation: every published figure is the books' figure, and every statement of
changes in funds adds up, on every surface (site HTML, open data, annual report PDF, Fava
extension, reconcile), on demo books of several seeds and on random books.

A planted error of one fen in the public model, or in the one computation itself, makes
the check fail (the last tests)."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from ledger.demo import write_demo
from tests.conservation.books import books_spec, write_books
from tests.conservation.surfaces import check_surfaces

FEN = Decimal("0.01")
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], derandomize=True)


@pytest.fixture(autouse=True)
def _secret(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.mark.parametrize("seed", [3, 11, 29])
def test_demo_books_of_several_seeds(seed, tmp_path):
    main, _ = write_demo(tmp_path / "books", seed=seed, transactions=300)
    check_surfaces(main, tmp_path, pdf=seed == 3, fava=seed == 3)


@settings(max_examples=40, **SETTINGS)
@given(spec=books_spec())
def test_random_books_site_data_and_reconcile(spec):
    with tempfile.TemporaryDirectory() as tmp:
        check_surfaces(write_books(spec, Path(tmp) / "books"), Path(tmp))


@settings(max_examples=4, **SETTINGS)
@given(spec=books_spec())
def test_random_books_pdf_and_fava(spec):
    with tempfile.TemporaryDirectory() as tmp:
        check_surfaces(write_books(spec, Path(tmp) / "books"), Path(tmp), pdf=True, fava=True)


@pytest.fixture(scope="module")
def demo_books(tmp_path_factory):
    main, _ = write_demo(tmp_path_factory.mktemp("planted") / "books", seed=5, transactions=300)
    return main


def test_the_check_passes_unplanted(demo_books, tmp_path):
    check_surfaces(demo_books, tmp_path, pdf=True, fava=True)


def _plant_in_the_model(monkeypatch):
    """The public model's statements hold one fen more at the end than the books."""
    import publish.model_builder as builder

    real = builder._Builder._statement

    def planted(self, period, change, moved):
        st = real(self, period, change, moved)
        return builder.Statement(**{**st.__dict__, "closing": st.closing + FEN})

    monkeypatch.setattr(builder._Builder, "_statement", planted)


def _plant_in_a_fund(monkeypatch):
    """One fund's balance one fen off in the public model."""
    import publish.model_builder as builder

    real = builder._Builder.funds

    def planted(self, donations):
        funds = list(real(self, donations))
        funds[0] = builder.Fund(**{**funds[0].__dict__, "balance": funds[0].balance + FEN})
        return tuple(funds)

    monkeypatch.setattr(builder._Builder, "funds", planted)


def _plant_in_the_computation(monkeypatch):
    """The one computation (ledger.funds) spends a fen more than the books wherever it
    spends anything: every surface reads it, the plain sums of the tests do not."""
    import ledger.funds as funds

    real = funds.FundChange.spent.fget
    monkeypatch.setattr(funds.FundChange, "spent", property(lambda self: real(self) + FEN if self.uses else real(self)))


@pytest.mark.parametrize(("plant", "surface"), [
    (_plant_in_the_model, "model"),
    (_plant_in_the_model, "html"),
    (_plant_in_the_model, "open data"),
    (_plant_in_the_model, "pdf"),
    (_plant_in_a_fund, "model"),
    (_plant_in_a_fund, "html"),
    (_plant_in_a_fund, "open data"),
    (_plant_in_the_computation, "model"),
    (_plant_in_the_computation, "html"),
    (_plant_in_the_computation, "open data"),
    (_plant_in_the_computation, "reconcile"),
    (_plant_in_the_computation, "fava"),
], ids=lambda v: getattr(v, "__name__", v))
def test_one_fen_planted_is_caught_on_each_surface(demo_books, tmp_path, monkeypatch, plant, surface):
    plant(monkeypatch)
    with pytest.raises(AssertionError):
        check_surfaces(demo_books, tmp_path, only=(surface,))
