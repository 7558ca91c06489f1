"""Conservation: every published figure is the books' figure, and every statement of
changes in funds adds up, on every surface (site HTML, open data, annual report PDF, Fava
extension, reconcile), on demo books of several seeds and on random books; and every gift
and aid payment shown one by one (honour roll, donations and grants open data,
acknowledgement pages, letters and statements, Fava's receipts, donors and cases) is the
books' own.

Fava's pages as the auditor reads them (statement, donors, receipts, cases: HTML, not JSON)
are checked against bean-query on the same books (fava_page.py).

A planted error of one fen in the public model, in the one computation itself, in a gift,
in the grants, in the letters, in Fava's gift views or in a figure only Fava's page prints
(the donors' total row, the cases helped) makes the check fail (the last tests)."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.demo import write_demo
from tests.conservation.books import FundSpec, Spec, books_spec, write_books
from tests.conservation.surfaces import check_surfaces

FEN = Decimal("0.01")
ZERO = Decimal(0)
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], derandomize=True)


@pytest.fixture(autouse=True)
def _secret(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.mark.parametrize("seed", [3, 11, 29])
def test_demo_books_of_several_seeds(seed, tmp_path):
    main, _ = write_demo(tmp_path / "books", seed=seed, transactions=300)
    check_surfaces(main, tmp_path)  # the PDFs, Fava and the acknowledgement pages: test_the_check_passes_unplanted


@settings(max_examples=12, **SETTINGS)
@given(spec=books_spec())
def test_random_books_site_data_and_reconcile(spec):
    with tempfile.TemporaryDirectory() as tmp:
        check_surfaces(write_books(spec, Path(tmp) / "books"), Path(tmp))


@settings(max_examples=2, **SETTINGS)
@given(spec=books_spec())
def test_random_books_pdf_and_fava(spec):
    with tempfile.TemporaryDirectory() as tmp:
        check_surfaces(write_books(spec, Path(tmp) / "books"), Path(tmp), pdf=True, fava=True)


@settings(max_examples=6, **SETTINGS)
@given(spec=books_spec())
def test_random_books_fava_pages_against_bean_query(spec):
    """Fava's pages as printed, and its gift views (donors, receipts, cases as JSON), which the
    test above reads on two books only: a receipt year's total leaving out a line passed."""
    with tempfile.TemporaryDirectory() as tmp:
        check_surfaces(write_books(spec, Path(tmp) / "books"), Path(tmp), only=("fava page", "fava gifts"))


@settings(max_examples=6, **SETTINGS)
@given(spec=books_spec())
def test_random_books_acknowledgement_pages_and_letters(spec):
    with tempfile.TemporaryDirectory() as tmp:
        check_surfaces(write_books(spec, Path(tmp) / "books"), Path(tmp), only=("ack", "letters"))


@pytest.fixture(scope="module")
def demo_books(tmp_path_factory):
    main, _ = write_demo(tmp_path_factory.mktemp("planted") / "books", seed=5, transactions=300)
    return main


def test_the_check_passes_unplanted(demo_books, tmp_path):
    check_surfaces(demo_books, tmp_path, pdf=True, fava=True, ack=True)


def _plant_in_the_model(monkeypatch):
    """The public model's statements hold one fen more at the end than the books."""
    import publish.model_builder as builder

    real = builder._Builder._statement

    def planted(self, *args, **kwargs):
        st = real(self, *args, **kwargs)
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


def _plant_in_a_gift(monkeypatch):
    """One gift of the public model (the latest of some size) a fen more than the books: every
    total stays right, only the surfaces that show gifts one by one can notice."""
    import publish.model_builder as builder

    real = builder._Builder.donations

    def planted(self):
        out = real(self)
        i = max(i for i, d in enumerate(out) if d.amount >= 1 and d.receipt and d.donor_name)
        out[i] = builder.Donation(**{**out[i].__dict__, "amount": out[i].amount + FEN})
        return out

    monkeypatch.setattr(builder._Builder, "donations", planted)


def _plant_a_refund_sign(monkeypatch):
    """A gift given back shown as given: the refund's sign lost in the public model."""
    import publish.model_builder as builder

    real = builder._Builder.donations

    def planted(self):
        return [builder.Donation(**{**d.__dict__, "amount": abs(d.amount)}) for d in real(self)]

    monkeypatch.setattr(builder._Builder, "donations", planted)


def _plant_in_the_grants(monkeypatch):
    """One aid payment of data/grants.csv a fen more than the books."""
    import publish.model_builder as builder

    real = builder._Builder.grants

    def planted(self, aid_years):
        grants = list(real(self, aid_years))
        grants[-1] = builder.Grant(**{**grants[-1].__dict__, "amount": grants[-1].amount + FEN})
        return tuple(grants)

    monkeypatch.setattr(builder._Builder, "grants", planted)


def test_the_fava_page_check_reads_every_page_of_donors(demo_books, tmp_path, monkeypatch):
    """Books with more donors than a page holds (500; here 7): the check read page one only,
    and failed on books right to the fen."""
    import ledger.fava_ext as ext

    monkeypatch.setattr(ext.ReliefAudit, "donors_per_page", 7)
    check_surfaces(demo_books, tmp_path, only=("fava page",))


def _plant_in_a_statement(monkeypatch):
    """A donor's yearly statement leaves out its first line from the total."""
    import dataclasses

    import letters.model as model

    real = model.build_letters

    def planted(*args, **kwargs):
        made = real(*args, **kwargs)
        made.statements = [dataclasses.replace(s, total=s.total - (s.letters[0].amount or 0)) for s in made.statements]
        return made

    monkeypatch.setattr(model, "build_letters", planted)


def _plant_in_fava_gifts(monkeypatch):
    """Fava's receipt register and donors' totals count each gift a fen more."""
    import ledger.audit.receipts as receipts

    real = receipts.donation_amount
    monkeypatch.setattr(receipts, "donation_amount", lambda entry, *args: real(entry, *args) + FEN)


def _plant_in_the_donors_total_row(monkeypatch):
    """The donors page's total row a fen more than its donors (their rows and the JSON stay right)."""
    import ledger.fava_ext as ext

    real = ext.ReliefAudit.sum_total
    monkeypatch.setattr(ext.ReliefAudit, "sum_total", staticmethod(lambda donors: real(donors) + FEN))


def _plant_in_a_cases_count(monkeypatch):
    """Every cell of the cases page counts one case more than it helped (amounts right)."""
    import ledger.audit.cases as cases

    real = cases.Cell.count.fget
    monkeypatch.setattr(cases.Cell, "count", property(lambda self: real(self) + 1))


def _plant_in_the_restricted_table(monkeypatch):
    """The home page's table of restricted funds shows one fund's balance a fen more (the
    fund pages, read from the same funds, stay right)."""
    import dataclasses

    import publish.model_builder as builder

    real = builder.build_public_model

    def planted(*args, **kwargs):
        model = real(*args, **kwargs)
        first, *rest = model.overview.restricted
        first = dataclasses.replace(first, balance=first.balance + FEN)
        return dataclasses.replace(model, overview=dataclasses.replace(model.overview, restricted=(first, *rest)))

    monkeypatch.setattr(builder, "build_public_model", planted)


def _plant_in_the_report_context(monkeypatch, change) -> None:
    """The annual report's template gets its context changed by `change(context)`."""
    import publish.annual as annual

    real = annual.report_context

    def planted(model, year):
        context = real(model, year)
        change(context)
        return context

    monkeypatch.setattr(annual, "report_context", planted)


def _plant_in_the_report_funds(monkeypatch):
    """The annual report's funds chapter shows one fund raising a fen more."""
    import dataclasses

    def change(context):
        first, *rest = context["movements"]
        context["movements"] = (dataclasses.replace(first, raised=first.raised + FEN), *rest)

    _plant_in_the_report_context(monkeypatch, change)


def _plant_in_the_report_roll(monkeypatch):
    """The annual report's honour roll closes with a total a fen more (the site's roll, read
    from the same model, stays right)."""
    import dataclasses

    def change(context):
        context["roll"] = dataclasses.replace(context["roll"], total=context["roll"].total + FEN)

    _plant_in_the_report_context(monkeypatch, change)


def _plant_in_the_report_roll_rows(monkeypatch):
    """The annual report's honour roll shows its first donor a fen more, its total right."""
    import dataclasses

    def change(context):
        first, *rest = context["roll_parts"]
        entry, *others = first.entries
        context["roll_parts"] = [dataclasses.replace(first, entries=(dataclasses.replace(entry, amount=entry.amount + FEN), *others)), *rest]

    _plant_in_the_report_context(monkeypatch, change)


def _plant_in_the_aid_note(monkeypatch):
    """A report's note under its aid table counts the uses that are not aid a fen more."""
    from publish.model import Report

    real = Report.spent_not_aid_total
    monkeypatch.setattr(Report, "spent_not_aid_total", property(lambda self: real.fget(self) + FEN))


def _plant_in_an_account_movement(monkeypatch):
    """Reconcile counts a fen more money in on each account that took any in: its closing
    stays the books' own, so only "opening + in − out = closing" is off."""
    import ledger.reconcile.checks as checks

    real = checks.account_movements

    def planted(facts, check, period):
        real(facts, check, period)
        if check.money_in:
            check.money_in += FEN

    monkeypatch.setattr(checks, "account_movements", planted)


def _plant_in_an_account_balance(monkeypatch):
    """Reconcile's balance of a money account (what it sets against the statement) is a fen
    more than the books hold wherever it is not zero."""
    import ledger.reconcile.checks as checks

    real = checks._account_total_before
    monkeypatch.setattr(checks, "_account_total_before", lambda *args: real(*args) + FEN if real(*args) else real(*args))


def _plant_in_the_reconcile_text(monkeypatch):
    """The terminal's reconciliation prints each non-zero amount a fen more."""
    import ledger.reconcile.terminal as terminal

    real = terminal._money
    monkeypatch.setattr(terminal, "_money", lambda value: real(value + FEN if value else value))


def _plant_in_the_reconcile_page(monkeypatch):
    """The reconciliation's HTML page shows each non-zero amount a fen more."""
    import ledger.reconcile.html as page

    real = page._money
    monkeypatch.setattr(page, "_money", lambda value: real(value + FEN if value else value))


@pytest.mark.parametrize(("plant", "surface"), [
    (_plant_in_an_account_movement, "reconcile"),
    (_plant_in_the_reconcile_text, "reconcile"),
    (_plant_in_the_reconcile_page, "reconcile"),
    (_plant_in_an_account_balance, "reconcile"),
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
    (_plant_in_a_gift, "gifts"),
    (_plant_in_a_gift, "roll"),
    (_plant_in_a_gift, "ack"),
    (_plant_in_the_grants, "grants"),
    (_plant_in_a_statement, "letters"),
    (_plant_in_fava_gifts, "fava gifts"),
    (_plant_in_the_computation, "fava page"),
    (_plant_in_fava_gifts, "fava page"),
    (_plant_in_the_donors_total_row, "fava page"),
    (_plant_in_a_cases_count, "fava page"),
    (_plant_in_the_restricted_table, "html"),
    (_plant_in_the_report_funds, "pdf"),
    (_plant_in_the_report_roll, "pdf"),
    (_plant_in_the_report_roll_rows, "pdf"),
    (_plant_in_the_aid_note, "html"),
    (_plant_in_the_aid_note, "pdf"),
], ids=lambda v: getattr(v, "__name__", v))
def test_one_fen_planted_is_caught_on_each_surface(demo_books, tmp_path, monkeypatch, plant, surface):
    plant(monkeypatch)
    with pytest.raises(AssertionError):
        check_surfaces(demo_books, tmp_path, only=(surface,))


@pytest.mark.parametrize("surface", ["gifts", "roll"])
def test_a_refund_shown_as_given_is_caught(tmp_path, monkeypatch, surface):
    """A gift given back in part a month later: its sign lost in the public model (every
    statement stays right, it reads the books) is caught where gifts are shown one by one."""
    spec = Spec(2024, 1, Decimal(0), 0, (), ((10, "gift", 50_000, 2), (40, "refund", 2_000, 2)))
    main = write_books(spec, tmp_path / "books")
    assert "退还部分捐款" in main.read_text("utf-8")
    check_surfaces(main, tmp_path / "unplanted", only=(surface,))
    _plant_a_refund_sign(monkeypatch)
    with pytest.raises(AssertionError):
        check_surfaces(main, tmp_path / "planted", only=(surface,))


def _plant_one_source_per_gift(monkeypatch):
    """A gift that moved money between kinds of source written as one row, under the first
    (the tester's finding: a 0.00 correction from Individual to Enterprise donations)."""
    import publish.model_builder as builder

    real = builder._Builder.donations
    monkeypatch.setattr(builder._Builder, "donations", lambda self: [builder.Donation(**{**d.__dict__, "parts": None}) for d in real(self)])


def _plant_a_fen_between_sources(monkeypatch):
    """A correction between kinds of source written a fen off on each of its rows: its rows
    still add up to the entry, every statement stays right."""
    import publish.model_builder as builder

    real = builder._Builder.donations

    def planted(self):
        out = real(self)
        i = next(i for i, d in enumerate(out) if d.parts and len(d.parts) == 2)
        first, second = out[i].parts
        parts = (builder.DonationPart(first.source, first.amount - FEN), builder.DonationPart(second.source, second.amount + FEN))
        out[i] = builder.Donation(**{**out[i].__dict__, "parts": parts})
        return out

    monkeypatch.setattr(builder._Builder, "donations", planted)


@pytest.mark.parametrize("plant", [_plant_one_source_per_gift, _plant_a_fen_between_sources], ids=lambda p: p.__name__)
def test_a_correction_between_sources_adds_up_by_source(tmp_path, monkeypatch, plant):
    """A gift of ¥500 booked as an individual's, put right later by an entry of its own
    (worth 0.00, with its own receipt) that moves it to enterprise donations: donations.csv
    summed by source and fund is statement.csv's donation lines and the books'; written as
    one row, or a fen off between its rows, it is not."""
    main = write_books(Spec(2024, 1, Decimal(0), 0, (), ((10, "gift", 50_000, 8), (40, "reclass", 50_000, 0))), tmp_path / "books")
    text = main.read_text("utf-8")
    assert "更正捐赠来源" in text and "Income:Donation:Individual  500.00 CNY" in text and "Income:Donation:Enterprise  -500.00 CNY" in text
    check_surfaces(main, tmp_path / "unplanted", only=("gifts",))
    rows = csv.DictReader(io.StringIO((tmp_path / "unplanted" / "site" / "data" / "donations.csv").read_text("utf-8-sig")))
    assert [r["amount"] for r in rows if r["receipt"] == "JZ-2024-00002"] == ["-500.00", "500.00"]
    plant(monkeypatch)
    with pytest.raises(AssertionError, match="by source"):
        check_surfaces(main, tmp_path / "planted", only=("gifts",))


def test_a_gift_reversed_the_same_day_leaves_the_roll_adding_up(tmp_path):
    """A named gift that bounced, reversed by an entry that names no donor: the reversal is an
    anonymous negative amount in the year's total. The roll page hid the anonymous line when
    it held no gift (only money given back), so the names did not add up to the total."""
    main = write_books(Spec(2021, 1, Decimal(0), 0, (), ((0, "void", 1, 142),)), tmp_path / "books")
    check_surfaces(main, tmp_path, only=("roll",))
    page = (tmp_path / "site" / "donors" / "2021.html").read_text("utf-8")
    assert "0 笔，合计 -¥0.01" in page


def test_a_fen_outside_every_fund_is_caught_by_reconcile_and_fava(tmp_path):
    """A bank charge of ¥0.01 booked with no fund: the declared funds hold a fen more than the
    net assets. `relief reconcile`'s fund check and Fava's statement must both fail on it (a
    check that let a difference of one fen pass, `<= 0.01` for `< TOLERANCE`, passed every
    other test)."""
    from ledger.audit.statement import fund_statement
    from ledger.books import load_books
    from ledger.period import parse_period
    from ledger.reconcile.report import build_report

    main = write_books(Spec(2024, 1, Decimal("100.00"), 0, (), ((10, "gift", 50_000, 2),)), tmp_path / "books")
    check_surfaces(main, tmp_path, only=("reconcile",))
    with main.open("a", encoding="utf-8") as fh:
        fh.write('\n2024-03-01 * "银行手续费"\n  Expenses:Operations:Bank  0.01 CNY\n  Assets:Bank:Basic  -0.01 CNY\n')
    books = load_books(main)
    funds = build_report(books, parse_period("2024")).funds
    assert funds.unattributed == {"": -FEN} and not funds.ok
    statement = fund_statement(books.entries, books.registry)
    assert statement.difference == -FEN and not statement.reconciled


def _plant_in_the_carry(monkeypatch):
    """Each year after the first starts a fen richer than the one before it ended, and raises a
    fen less: every statement still adds up and ends where the books do; only the money
    carried across the year boundary is off."""
    import publish.model_builder as builder

    real = builder._Builder._statement

    def planted(self, period, *args, **kwargs):
        st = real(self, period, *args, **kwargs)
        if period.kind != "year" or period.start.year == TWO_YEARS.year:
            return st
        return builder.Statement(**{**st.__dict__, "opening": st.opening + FEN, "raised": st.raised - FEN})

    monkeypatch.setattr(builder._Builder, "_statement", planted)


#: two years: money carried into the books, gifts and aid in each, the first year closed
TWO_YEARS = Spec(2025, 2, Decimal("100.00"), 0, (), ((10, "gift", 50_000, 2), (200, "aid", 20_000, 1), (400, "gift", 30_000, 5),
                                                    (500, "aid", 10_000, 2)))


def _plant_in_the_first_years_report(monkeypatch):
    """The annual report of the books' first year (not the latest) ends a fen richer and
    raises a fen more: it adds up, and the next year's report starts where the books do."""
    import dataclasses

    def change(context):
        if context["year"] == TWO_YEARS.year:
            st = context["report"].statement
            st = dataclasses.replace(st, raised=st.raised + FEN, closing=st.closing + FEN)
            context["report"] = dataclasses.replace(context["report"], statement=st)

    _plant_in_the_report_context(monkeypatch, change)


def test_one_fen_planted_in_an_earlier_years_annual_report_is_caught(tmp_path, monkeypatch):
    """Only the latest year's annual report was read: a fen off in 2025's, the year before
    the latest, passed."""
    main = write_books(TWO_YEARS, tmp_path / "books")
    check_surfaces(main, tmp_path / "unplanted", only=("pdf",))
    _plant_in_the_first_years_report(monkeypatch)
    with pytest.raises(AssertionError, match="annual-2025"):
        check_surfaces(main, tmp_path / "planted", only=("pdf",))


@pytest.mark.parametrize("surface", ["model", "html", "open data", "pdf"])
def test_one_fen_planted_in_the_carry_between_two_years_is_caught(tmp_path, monkeypatch, surface):
    """Books of 2025 and 2026: 2026's statement, adding up on its own, starting a fen away
    from where 2025 ended, must fail the check on each surface that states a year."""
    main = write_books(TWO_YEARS, tmp_path / "books")
    check_surfaces(main, tmp_path / "unplanted", only=(surface,))
    _plant_in_the_carry(monkeypatch)
    with pytest.raises(AssertionError):
        check_surfaces(main, tmp_path / "planted", only=(surface,))


#: 2026's corrections of the closed 2025: the gift of 500.00 given back in part, and booked
#: 30.00 too much; the aid of 200.00 overpaid by 50.00 and paid back
CORRECTIONS_OF_2025 = '''
2026-03-02 * "退还部分捐款"
  fund: "GENERAL"
  donor: "D1"
  receipt: "JZ-2026-00001"
  refund_of: "JZ-2025-00001"
  Assets:Bank:Basic  -120.00 CNY
  Income:Donation:Enterprise  120.00 CNY

2026-03-02 * "更正：2025年1月捐款多记"
  fund: "GENERAL"
  donor: "D1"
  receipt: "JZ-2026-00002"
  correction: "JZ-2025-00001"
  Assets:Bank:Basic  -30.00 CNY
  Income:Donation:Enterprise  30.00 CNY

2026-03-03 * "更正：2025年7月医疗救助多付退回"
  fund: "GENERAL"
  approval: "SP-1"
  case: "C0002"
  correction: "SP-1"
  Assets:Bank:Basic  50.00 CNY
  Expenses:Aid:Medical  -50.00 CNY
'''


def test_two_years_the_first_closed_and_corrected_in_the_second(tmp_path):
    """The centre's second year as it is lived: 2025 closed, then in 2026 part of a 2025 gift
    given back and overpaid 2025 aid paid back, each naming what it corrects. Every surface
    (pages, open data, each year's annual report, Fava, acknowledgement pages and letters)
    states both years as the books do, 2026 starting where 2025 ended."""
    import datetime
    from types import SimpleNamespace

    from ledger.books import load_books
    from ledger.closes.close import close_period
    from ledger.period import parse_period

    main = write_books(TWO_YEARS, tmp_path / "books")
    main.write_text('plugin "ledger.plugins.rules"\n' + main.read_text("utf-8"), encoding="utf-8")  # what guards a close
    # the generated books hold no bank statements: the close is made without reconciling
    close_period(load_books(main), parse_period("2025"), check=lambda *a: SimpleNamespace(ok=True), today=datetime.date(2026, 1, 5))
    with main.open("a", encoding="utf-8") as fh:
        fh.write(CORRECTIONS_OF_2025)
    check_surfaces(main, tmp_path / "site", pdf=True, fava=True, ack=True)
    statement = (tmp_path / "site" / "site" / "data" / "statement.csv").read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(statement)))
    closing_2025 = next(r["amount"] for r in rows if (r["period"], r["fund_id"], r["line"]) == ("2025", "TOTAL", "closing"))
    opening_2026 = next(r["amount"] for r in rows if (r["period"], r["fund_id"], r["line"]) == ("2026", "TOTAL", "opening"))
    assert closing_2025 == opening_2026 == "400.00"



def test_a_gift_given_back_and_corrected_down_beyond_it_is_refused(tmp_path):
    """The same story with the 2025 gift of 500.00 corrected down by 400.00 beside the 120.00
    given back, the donor having given the fund 300.00 more in 2026: every surface agreed with
    the books and loaded cleanly (relief check: 0 errors), and the gift's page
    said 520.00 of its 500.00 went back or was taken off. The books are refused instead, on
    the correction's line, naming the refund (the rule refund_gift counts them together)."""
    from ledger.books import load_books

    main = write_books(TWO_YEARS, tmp_path / "books")
    main.write_text('plugin "ledger.plugins.rules"\n' + main.read_text("utf-8"), encoding="utf-8")
    beyond = CORRECTIONS_OF_2025.replace("Assets:Bank:Basic  -30.00 CNY\n  Income:Donation:Enterprise  30.00 CNY",
                                         "Assets:Bank:Basic  -400.00 CNY\n  Income:Donation:Enterprise  400.00 CNY")
    assert beyond != CORRECTIONS_OF_2025
    # the donor's gift of 2026 to the same fund: without it the rule donation_amount refused
    # the books already (the donor's gifts to the fund went below zero)
    beyond += ('\n2026-03-01 * "捐款"\n  fund: "GENERAL"\n  donor: "D1"\n  receipt: "JZ-2026-00003"\n'
               "  Assets:Bank:Basic  300.00 CNY\n  Income:Donation:Enterprise  -300.00 CNY\n")
    with main.open("a", encoding="utf-8") as fh:
        fh.write(beyond)
    errors = [e.message for e in load_books(main).errors]
    assert [m for m in errors if "JZ-2025-00001" in m] == [m for m in errors if "refunds and corrections" in m], errors
    assert len(errors) == 1 and "The correction (receipt JZ-2026-00002) takes 400.00 CNY off, which takes the refunds and " \
        "corrections of gift JZ-2025-00001 (500.00 CNY) to 520.00 CNY (earlier: refund JZ-2026-00001 gave back 120.00 CNY)" \
        in errors[0], errors
    with pytest.raises(AssertionError, match="do not load cleanly"):
        check_surfaces(main, tmp_path / "site", only=("model",))

#: a year of money held in three places, an allocation approved and received later, aid
#: approved and paid later: the balance held holds what is still to be received and is net of
#: what is owed, at the end of some months and not others
OWED_AND_DUE = Spec(2025, 1, Decimal("500.00"), 0, (), (
    (5, "gift", 800_000, 7), (20, "move", 30_000, 0), (25, "move", 10_000, 3), (40, "allocate", 1_000_000, 0),
    (70, "owe", 250_000, 1), (100, "settle", 0, 0), (130, "settle", 0, 1), (160, "owe", 120_000, 2), (200, "allocate", 50_000, 0),
))


def _plant_in_what_is_owed(monkeypatch):
    """What a statement says is owed is a fen more (its figures stay right)."""
    import publish.model_builder as builder

    real = builder._Builder.payable_before
    monkeypatch.setattr(builder._Builder, "payable_before", lambda self, end: real(self, end) + FEN if real(self, end) else ZERO)


def _plant_in_what_is_due(monkeypatch):
    """What a statement says is still to be received is a fen more (its figures stay right)."""
    import publish.model_builder as builder

    real = builder._Builder.receivable_before
    monkeypatch.setattr(builder._Builder, "receivable_before", lambda self, end: real(self, end) + FEN if real(self, end) else ZERO)


def _plant_in_the_opening_goods(monkeypatch):
    """The goods a statement says its opening balance holds are a fen more (its figures, and
    the goods held at the end, stay right)."""
    import publish.model_builder as builder

    real = builder._Builder.goods_moves

    def planted(self, start, end):
        opening, came, went = real(self, start, end)
        return (opening + FEN if opening else opening), came, went

    monkeypatch.setattr(builder._Builder, "goods_moves", planted)


def _plant_in_the_goods_in_stock(monkeypatch):
    """The one computation counts a fen of goods carried over into the books as having come
    in (the goods held and every statement's figures stay right; only the opening goods,
    and what came in, are a fen off)."""
    import ledger.funds as funds

    real = funds.FundMovements._goods_moved

    def planted(self, txn, day, net):
        real(self, txn, day, net)
        cell = self.goods_moves[day]
        if cell[0] > 0:
            cell[0] -= FEN
            cell[1] += FEN

    monkeypatch.setattr(funds.FundMovements, "_goods_moved", planted)


@pytest.mark.parametrize(("plant", "surface"), [
    *((_plant_in_the_opening_goods, s) for s in ("model", "html", "open data", "pdf")),
    *((_plant_in_the_goods_in_stock, s) for s in ("model", "html", "open data", "pdf", "fava", "fava page")),
], ids=lambda v: getattr(v, "__name__", v))
def test_one_fen_planted_in_the_opening_goods_is_caught(demo_books, tmp_path, monkeypatch, plant, surface):
    """The goods held at the end reconciled on the page (opening goods + in − out, the demo's
    12,890.00 of goods carried over when the books began among the opening goods): a fen
    planted in the goods of the opening balance is caught on every surface that says them
    (Fava's statement, as JSON and as its page against bean-query, reads the one computation:
    the builder's plant does not reach it)."""
    check_surfaces(demo_books, tmp_path / "unplanted", only=(surface,))
    plant(monkeypatch)
    with pytest.raises(AssertionError, match="goods"):
        check_surfaces(demo_books, tmp_path / "planted", only=(surface,))


@pytest.mark.parametrize("surface", ["html", "open data", "pdf"])
@pytest.mark.parametrize("plant", [_plant_in_what_is_owed, _plant_in_what_is_due], ids=lambda p: p.__name__)
def test_one_fen_planted_in_what_is_owed_or_due_is_caught(tmp_path, monkeypatch, plant, surface):
    """The notes under a statement: what is still to be received and what is owed, and in
    statement.csv the columns that make the closing balance into the money held."""
    main = write_books(OWED_AND_DUE, tmp_path / "books")
    text = main.read_text("utf-8")
    assert all(k in text for k in ("Liabilities:Payable", "Assets:Receivable:Government", "Assets:Cash", "Assets:Online:WeChat"))
    check_surfaces(main, tmp_path / "unplanted", only=(surface,))
    plant(monkeypatch)
    with pytest.raises(AssertionError):
        check_surfaces(main, tmp_path / "planted", only=(surface,))


@settings(max_examples=6, **SETTINGS)
@given(spec=books_spec(), offs=st.lists(st.integers(-5_000_000, 5_000_000) | st.sampled_from((0, 1, -1)), min_size=24, max_size=24))
def test_random_books_every_statement_difference_is_named_to_the_fen(spec, offs):
    """Each month's bank statement and cash count of random books set off from the books by a
    planted amount (none, a fen, up to ¥50,000): reconcile gives each account's difference as
    exactly that amount, in its problem, and fails only the accounts set off; the accounts'
    figures stay the books' own (opening + in − out = closing). In the even months the bank's
    difference (more than a fen: beancount pads none smaller) is filled by a `pad` on the
    month's last day: the account fails all the same,
    naming the amount the pad put in, unless the pad carries the opening balance over (nothing
    but an opening balance moved the account up to its day)."""
    import datetime

    from ledger.books import load_books
    from ledger.period import parse_period
    from ledger.reconcile.report import build_report
    from tests.conservation.surfaces import check_reconcile_accounts
    from tests.reference import held_under

    with tempfile.TemporaryDirectory() as tmp:
        main = write_books(spec, Path(tmp) / "books")
        entries = load_books(main).entries
        planted = {}
        lines = []
        padded = Decimal(0)  # what the pads of the months before put into the bank
        for month in range(1, 13):
            after = datetime.date(spec.year + month // 12, month % 12 + 1, 1)
            for i, account in enumerate(("Assets:Bank:Basic", "Assets:Cash")):
                off = Decimal(offs[2 * (month - 1) + i]) * FEN
                planted[(month, account)] = off
                before = padded if account == "Assets:Bank:Basic" else Decimal(0)
                if account == "Assets:Bank:Basic" and month % 2 == 0 and abs(off) > FEN:
                    lines.append(f'{after - datetime.timedelta(days=1)} pad {account} Equity:Opening-Balances\n  fund: "GENERAL"')
                    padded += off
                lines.append(f"{after} balance {account} {held_under(entries, account, until=after) + before + off} CNY")
        with main.open("a", encoding="utf-8") as fh:
            fh.write("\n" + "\n".join(lines) + "\n")
        books = load_books(main)
        for month in range(1, 13):
            report = build_report(books, parse_period(f"{spec.year}-{month:02d}"))
            check_reconcile_accounts(report, books.entries)
            checks = {a.account: a for a in report.accounts if a.currency is None}
            for account in ("Assets:Bank:Basic", "Assets:Cash"):
                off, a = planted[(month, account)], checks[account]
                if account == "Assets:Bank:Basic" and month % 2 == 0 and abs(off) > FEN:
                    pad_day = report.period.last_day
                    moved = any(t.date <= pad_day and t.flag != "P" for t in entries if hasattr(t, "postings")
                                and any(p.account == account for p in t.postings)
                                and not any(p.account == "Equity:Opening-Balances" for p in t.postings))
                    assert a.difference == 0
                    said = f"a pad filled it with {off:+,.2f} CNY on {pad_day}" in (a.problem or "")
                    assert said == moved and a.ok == (not moved), (month, a.problem)
                    continue
                assert a.statement is not None and a.difference == -off, (month, account, a)
                said = [p for p in report.problems() if p.startswith(f"{account}: ") and f"(difference {-off:+,.2f}" in p]
                assert bool(said) == (off != 0) and a.ok == (off == 0), (month, account, report.problems())


#: gifts put right by corrections (docs/closing.md, "Corrections"): a gift to a restricted fund
#: lowered (booked too high) and the rest given back in its year; a gift raised (booked too low:
#: the raise a gift of its own, lowered in the next year); a gift given back in part and lowered
#: by the rest in the next year; a gift lowered in full by a correction alone, in its year; a
#: gift booked under the wrong donor, moved to the right one (taken off in full, booked again),
#: and the gift as booked again given back in part the next year
CORRECTED = Spec(2025, 2, Decimal("1000.00"), 0, (FundSpec("R1", "Expenses:Aid:Education", 0, 730, False),), (
    (10, "gift", 50_000, 3), (20, "gift", 30_000, 2), (40, "lower", 12_000, 0), (60, "raise", 5_000, 1),
    (80, "refund", 38_000, 0), (100, "aid", 10_000, 0), (150, "gift", 20_000, 2), (160, "lower", 20_000, 3),
    (170, "gift", 40_000, 2), (200, "redonor", 0, 9),
    (400, "lower", 2_000, 2), (420, "refund", 10_000, 1), (430, "lower", 99_999, 1), (500, "refund", 5_000, 5)))


@pytest.fixture(scope="module")
def corrected_books(tmp_path_factory):
    main = write_books(CORRECTED, tmp_path_factory.mktemp("corrected") / "books")
    text = main.read_text("utf-8")
    # the corrections the spec asks for are in the books: four lowering a gift, one raising one,
    # one gift moved to its right donor (D1's booked again as D3's) and given back in part
    assert text.count('"更正：捐款金额多记"') == 4 and text.count('"更正：捐款金额少记"') == 1
    assert text.count('"更正：捐款记错捐赠人"') == text.count('"更正：原误记在另一捐赠人名下的捐款"') == 1
    assert 'donor: "D3"\n  receipt: "JZ-2026-00014"\n  refund_of: "JZ-2025-00010"' in text
    assert 'correction: "JZ-2025-00001"' in text and "Income:Donation:Individual  120.00 CNY" in text
    return main


def test_gifts_lowered_and_raised_by_corrections_add_up_on_every_surface(corrected_books, tmp_path):
    """The random books never lowered a gift by a correction; these do, within their year and
    across years, alone and beside refunds: money in, money recorded and money shown agree on
    every surface, the gifts' pages and letters included."""
    check_surfaces(corrected_books, tmp_path, pdf=True, fava=True, ack=True)


def _plant_in_a_correction(monkeypatch):
    """A correction lowering a gift shown a fen less than the books in the public model (its
    own row, the one of a negative amount): the funds' statements read the books and stay right."""
    import publish.model_builder as builder

    real = builder._Builder.donations

    def planted(self):
        out = real(self)
        receipt = next(r.receipt for d in out for r in d.returned if r.corrected)
        i = next(i for i, d in enumerate(out) if d.receipt == receipt)
        out[i] = builder.Donation(**{**out[i].__dict__, "amount": out[i].amount + FEN})
        return out

    monkeypatch.setattr(builder._Builder, "donations", planted)


def _plant_in_what_a_correction_took_off(monkeypatch):
    """The gift's page says a fen less was taken off it by its correction than the books."""
    import dataclasses

    import publish.model_builder as builder

    real = builder._Builder.donations

    def planted(self):
        out = real(self)
        i = next(i for i, d in enumerate(out) if any(r.corrected for r in d.returned))
        returned = tuple(dataclasses.replace(r, amount=r.amount - FEN) if r.corrected else r for r in out[i].returned)
        out[i] = builder.Donation(**{**out[i].__dict__, "returned": returned})
        return out

    monkeypatch.setattr(builder._Builder, "donations", planted)


@pytest.mark.parametrize(("plant", "surface"), [
    (_plant_in_the_model, "open data"),
    (_plant_in_a_gift, "gifts"),
    (_plant_in_a_gift, "roll"),
    (_plant_in_a_gift, "ack"),
    (_plant_in_a_correction, "gifts"),
    (_plant_in_a_correction, "roll"),
    (_plant_in_what_a_correction_took_off, "ack"),
], ids=lambda v: getattr(v, "__name__", v))
def test_one_fen_planted_in_books_with_corrections_is_caught(corrected_books, tmp_path, monkeypatch, plant, surface):
    plant(monkeypatch)
    with pytest.raises(AssertionError):
        check_surfaces(corrected_books, tmp_path, only=(surface,))


#: refunds booked too low, their rest booked later as refunds of the gift naming the refund in
#: `correction:` (docs/books.md, "A gift given back"): in the refund's year and in the next
REFUND_REST = Spec(2025, 2, Decimal("1000.00"), 0, (), (
    (10, "gift", 50_000, 3), (20, "gift", 30_000, 2), (40, "refund", 12_000, 0), (60, "rest", 5_000, 0),
    (90, "refund", 30_000, 1), (400, "rest", 3_000, 0), (410, "rest", 99_999, 1)))


@pytest.fixture(scope="module")
def refund_rest_books(tmp_path_factory):
    main = write_books(REFUND_REST, tmp_path_factory.mktemp("rest") / "books")
    text = main.read_text("utf-8")
    assert text.count('"更正：退款少记"') == 2, text  # the second refund gave back its gift in full: no rest
    assert 'refund_of: "JZ-2025-00001"\n  correction: "JZ-2025-00003"' in text
    assert 'receipt: "JZ-2026-00006"\n  refund_of: "JZ-2025-00001"\n  correction: "JZ-2025-00003"' in text
    return main


def test_the_rest_of_a_refund_adds_up_on_every_surface(refund_rest_books, tmp_path):
    """The random books never booked the rest of a refund: these do, in its year and the next;
    money in, money recorded and money shown agree on every surface, the gift's page included."""
    from ledger.books import load_books

    assert not load_books(refund_rest_books).errors
    check_surfaces(refund_rest_books, tmp_path, pdf=True, fava=True, ack=True)


def _plant_in_the_rest_of_a_refund(monkeypatch):
    """The gift's page says a fen less went back by the rest of its refund than the books."""
    import dataclasses

    import publish.model_builder as builder

    real = builder._Builder.donations

    def planted(self):
        out = real(self)
        i = next(i for i, d in enumerate(out) if len(d.returned) > 1)
        returned = out[i].returned[:-1] + (dataclasses.replace(out[i].returned[-1], amount=out[i].returned[-1].amount - FEN),)
        out[i] = builder.Donation(**{**out[i].__dict__, "returned": returned})
        return out

    monkeypatch.setattr(builder._Builder, "donations", planted)


def _plant_in_a_rest_of_a_refund(monkeypatch):
    """The rest of a refund shown a fen less than the books in the public model (its own row,
    the one of a negative amount)."""
    import publish.model_builder as builder

    real = builder._Builder.donations

    def planted(self):
        out = real(self)
        receipt = next(d.returned[-1].receipt for d in out if len(d.returned) > 1)
        i = next(i for i, d in enumerate(out) if d.receipt == receipt)
        out[i] = builder.Donation(**{**out[i].__dict__, "amount": out[i].amount + FEN})
        return out

    monkeypatch.setattr(builder._Builder, "donations", planted)


@pytest.mark.parametrize(("plant", "surface"), [
    (_plant_in_a_rest_of_a_refund, "gifts"),
    (_plant_in_a_rest_of_a_refund, "roll"),
    (_plant_in_the_rest_of_a_refund, "ack"),
], ids=lambda v: getattr(v, "__name__", v))
def test_one_fen_planted_in_books_with_the_rest_of_a_refund_is_caught(refund_rest_books, tmp_path, monkeypatch, plant, surface):
    plant(monkeypatch)
    with pytest.raises(AssertionError):
        check_surfaces(refund_rest_books, tmp_path, only=(surface,))


#: refunds found later to have given back less (booked too high, or bounced back), once their
#: period was closed (docs/books.md, "A gift given back"): a correction raising each refund,
#: `correction:` naming it; in the refund's year (netted on the roll) and in the next (the gift
#: of an earlier year: the roll's section of earlier years' gifts given back), in part and in full
LESSENED = Spec(2025, 2, Decimal("1000.00"), 0, (), (
    (10, "gift", 50_000, 3), (20, "gift", 30_000, 2), (40, "refund", 12_000, 0), (60, "refund", 20_000, 1),
    (150, "lessen", 5_000, 0), (160, "refund", 3_000, 0), (400, "lessen", 99_999, 1), (410, "refund", 1_000, 1)))


@pytest.fixture(scope="module")
def lessened_books(tmp_path_factory):
    import datetime
    from types import SimpleNamespace

    from ledger.books import load_books
    from ledger.closes.close import close_period
    from ledger.period import parse_period

    main = write_books(LESSENED, tmp_path_factory.mktemp("lessened") / "books")
    text = main.read_text("utf-8")
    assert text.count('"更正：退款多记"') == 2, text
    assert 'receipt: "JZ-2025-00005"\n  correction: "JZ-2025-00003"' in text and "Income:Donation:Individual  -50.00 CNY" in text
    assert 'receipt: "JZ-2026-00007"\n  correction: "JZ-2025-00004"' in text
    # the rule refund_gift, and what guards a close; the generator numbers receipts on across
    # years, so the new year's first numbers are voided (the rule receipt_sequence)
    voids = "".join(f'\n2026-01-01 custom "receipt-void" "JZ-2026-{n:05d}"\n  reason: "numbered on from 2025"\n' for n in range(1, 7))
    main.write_text('plugin "ledger.plugins.rules"\n' + text + voids, encoding="utf-8")
    # the refunds' quarter closed (the books hold no bank statements: closed without reconciling)
    close_period(load_books(main), parse_period("2025-Q1"), check=lambda *a: SimpleNamespace(ok=True), today=datetime.date(2025, 4, 2))
    return main


def test_refunds_lowered_later_add_up_on_every_surface(lessened_books, tmp_path):
    """The random books never lowered a refund: these do, in its year and the next, in part and
    in full (its money came back), with refunds of the same gifts after it. The rule refund_gift
    accepts them (the refunds' period is closed); money in, money recorded and money shown agree
    on every surface, the gifts' pages, the roll and the letters included."""
    from ledger.books import load_books
    from publish.model_builder import build_public_model

    books = load_books(lessened_books)
    assert not books.errors, [e.message for e in books.errors]
    # 2026: a refund of a 2025 gift (10.00) and the correction of another's 2025 refund (200.00
    # back): the roll's section of earlier years' gifts given back says both, net
    rolls = {r.period.key: r for r in build_public_model(books, b"conservation-secret").rolls}
    assert (rolls["2026"].earlier_refunds, rolls["2026"].earlier_lessenings, rolls["2026"].earlier_refunded) == (1, 1, Decimal("-190.00"))
    check_surfaces(lessened_books, tmp_path, pdf=True, fava=True, ack=True)
    page = (tmp_path / "site" / "donors" / "2026.html").read_text("utf-8")
    assert "1 笔退款、1 笔更正，净额 ¥190.00" in page, re.findall(r'<section class="earlier-refunds">.*?</section>', page, re.S)
    # 2025: the refund's own year; what the total is net of names what the correction put back
    # (it said only the refunds, whose sum was more than the total was net of)
    assert (rolls["2025"].lessenings, rolls["2025"].lessened) == (1, Decimal("50.00"))
    page = (tmp_path / "site" / "donors" / "2025.html").read_text("utf-8")
    assert "减去经更正计回的 ¥50.00（1 笔更正：退款或更正多记的部分）" in page, re.findall(r"<p>共 .*?</p>", page, re.S)


def _plant_in_a_lessening(monkeypatch):
    """A correction lowering a refund shown a fen more than the books in the public model."""
    import publish.model_builder as builder

    real = builder._Builder.donations

    def planted(self):
        out = real(self)
        i = next(i for i, d in enumerate(out) if d.lessens)
        out[i] = builder.Donation(**{**out[i].__dict__, "amount": out[i].amount + FEN})
        return out

    monkeypatch.setattr(builder._Builder, "donations", planted)


def _plant_in_what_did_not_go_back(monkeypatch):
    """The gift's page says a fen more did not go back than the correction lowering its refund."""
    import dataclasses

    import publish.model_builder as builder

    real = builder._Builder.donations

    def planted(self):
        out = real(self)
        i = next(i for i, d in enumerate(out) if any(r.lessens for r in d.returned))
        returned = tuple(dataclasses.replace(r, amount=r.amount - FEN) if r.lessens else r for r in out[i].returned)
        out[i] = builder.Donation(**{**out[i].__dict__, "returned": returned})
        return out

    monkeypatch.setattr(builder._Builder, "donations", planted)


@pytest.mark.parametrize(("plant", "surface"), [
    (_plant_in_a_lessening, "gifts"),
    (_plant_in_a_lessening, "roll"),
    (_plant_in_what_did_not_go_back, "ack"),
], ids=lambda v: getattr(v, "__name__", v))
def test_one_fen_planted_in_books_with_a_refund_lowered_is_caught(lessened_books, tmp_path, monkeypatch, plant, surface):
    plant(monkeypatch)
    with pytest.raises(AssertionError):
        check_surfaces(lessened_books, tmp_path, only=(surface,))


#: two pledges (gifts booked when promised, on Assets:Receivable:Pledges): the first paid in
#: three parts over two years, the last part what was left; the second paid in part
PLEDGED = Spec(2025, 2, Decimal("1000.00"), 0, (), (
    (10, "pledge", 500_000, 0), (40, "pledge_pay", 120_000, 1), (100, "pledge", 30_000, 0), (200, "pledge_pay", 200_000, 1),
    (250, "gift", 20_000, 3), (400, "pledge_pay", 999_999, 1), (420, "pledge_pay", 10_000, 2)))


@pytest.fixture(scope="module")
def pledged_books(tmp_path_factory):
    main = write_books(PLEDGED, tmp_path_factory.mktemp("pledged") / "books")
    text = main.read_text("utf-8")
    assert text.count('"认捐"') == 2 and text.count('"认捐款到账"') == 4, text
    return main


def test_pledges_paid_in_parts_add_up_on_every_surface(pledged_books, tmp_path):
    """The random books seldom pay a pledge, and never in parts across a year's end: these do.
    What of each pledge is still to come (donations.csv, the honour roll's line) is the books'
    own, and every statement adds up with the pledges in it. Mutation (tests/conservation/
    README.md): a fen kept back on each part a pledge took (ledger/pledges.py settle) passed."""
    check_surfaces(pledged_books, tmp_path, ack=True)
