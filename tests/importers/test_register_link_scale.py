"""A register and a statement of many equal gifts link in work that grows with the gifts,
not with their square; and finding a payer's own rows by index gives what ranking every
row gave.

Why: a 一日捐 campaign is N workers giving 100.00 within a few days. Every gift was ranked
against every row of 100.00 in the window, and every new row walked every imported row of
the week in the fuzzy match for entries typed by hand: 1,000 gifts took 15 s of CPU, 5,000
minutes. The counts below are of the work itself (rows ranked, rows walked), so the test
says the same on a slow machine as on a fast one.
"""

from __future__ import annotations

import datetime
import random
import shutil

import pytest
from beancount.core import data
from hypothesis import given, settings
from hypothesis import strategies as st

from importers import dedupe, payers
from importers.payers import PayerIndex, payer_rank
from ledger.books import load_books

from .test_register_link import ZERO, booked_twice, extract, linked, register, statement


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, books_template):
    root = tmp_path_factory.mktemp("scale") / "books"
    shutil.copytree(books_template, root)
    return load_books(root)


# the registry's donors (tests/importers/conftest.py): D0001 by name, alias or account, D0002 王小明
PAYEES = ["某某机械制造有限公司", "某某机械", "王小明", "王*", "王*明", "某*", "张三", "李四", "", "职工1"]
DONORS = ["", "D0001", "D0002", "D0009", "UNIDENTIFIED"]  # D0009: an id the registry does not hold (yet)


def _gift(payee: str, donor: str, proposed: str, n: int) -> data.Transaction:
    meta = {"filename": "x", "lineno": n}
    if donor:
        meta["donor"] = donor
    if proposed:
        meta["proposed_donor"] = proposed
    return data.Transaction(meta, datetime.date(2026, 3, 2), "*", payee or None, "", frozenset(), frozenset(), [])


@st.composite
def gifts(draw, n: int):
    return [_gift(draw(st.sampled_from(PAYEES)), draw(st.sampled_from(DONORS)),
                  draw(st.sampled_from(["", "D0002", "D0009"])), i) for i in range(n)]


@settings(max_examples=200, deadline=None, database=None)
@given(ours=gifts(1), rows=gifts(8), register_side=st.booleans())
def test_own_rows_hold_every_row_of_rank_0_in_order(loaded, ours, rows, register_side):
    """Looked up by name and donor id, a gift's own rows are every row it ranks 0 with
    (`payer_rank`, either way round), in the day's order; its near rows every row it ranks 0
    or 1 with; and the index's rank is payer_rank's."""
    index = PayerIndex(loaded.registry)
    (entry,) = ours

    def pair(row):
        return (entry, row) if register_side else (row, entry)

    rank0 = [row for row in rows if payer_rank(*pair(row), loaded.registry) == 0]
    own = index.own_rows(entry, rows)
    assert [row for row in own if index.rank(*pair(row)) == 0] == rank0
    assert [id(row) for row in own] == sorted((id(row) for row in own), key=[id(r) for r in rows].index)
    assert all(index.rank(*pair(row)) == payer_rank(*pair(row), loaded.registry) for row in rows)
    near = [row for row in rows if payer_rank(*pair(row), loaded.registry) <= 1]
    assert [row for row in index.near_rows(entry, rows, register_side) if index.rank(*pair(row)) <= 1] == near


def test_a_row_known_by_another_object_of_the_same_id_is_not_taken_for_it(loaded):
    """Entries are remembered by id with the entry kept: a new entry never answers with the
    names of an entry that went before it."""
    index = PayerIndex(loaded.registry)
    first = _gift("王小明", "D0002", "", 1)
    assert "王小明" in index.names(first)
    second = first._replace(payee="张三", meta={"lineno": 2})
    assert index.names(second) == {"张三"}


def _campaign(tmp_path, n: int, received: str, seed: int = 1):
    """A 一日捐: n workers each giving 100.00 over four days, in the register and on the statement."""
    rnd = random.Random(seed)
    days = [f"2026-03-0{d}" for d in (2, 3, 4, 5)]
    reg_rows = [(rnd.choice(days), f"职工{i}", "100", received) for i in range(n)]
    stm_rows = [(day, "100.00", f"职工{i}") for i, (day, *_) in enumerate(reg_rows)]
    rnd.shuffle(stm_rows)
    return register(tmp_path / "捐赠登记表.csv", reg_rows), statement(tmp_path / "cmb.csv", stm_rows), stm_rows


@pytest.mark.parametrize("received", ["银行", "现金"])
def test_a_campaign_of_equal_gifts_links_each_once_in_work_that_grows_with_the_gifts(loaded, tmp_path, monkeypatch, received):
    """银行: each gift linked to its statement row; 现金 (a register without 收款方式 books
    cash): none linked, each looked at for a twin on the bank (cash_twin_notes)."""
    n = 300
    ranked, walked = [0], [0]
    rank, candidates = PayerIndex.rank, dedupe.ExistingIndex.candidates

    def counted_rank(self, *pair):
        ranked[0] += 1
        return rank(self, *pair)

    def counted_candidates(self, *args):
        for cand in candidates(self, *args):
            walked[0] += 1
            yield cand

    monkeypatch.setattr(PayerIndex, "rank", counted_rank)
    monkeypatch.setattr(dedupe.ExistingIndex, "candidates", counted_candidates)
    reg, stm, stm_rows = _campaign(tmp_path, n, received)
    results = extract(loaded, [stm, reg])
    assert all(r.problem is None and r.conserved for r in results)
    assert len(linked(results[1])) == (n if received == "银行" else 0)
    if received == "银行":
        assert booked_twice(results, stm_rows, ZERO) == 0
    else:  # each cash gift's twin on the bank is named
        assert sum("is booked as cash, and the books hold a gift of that amount from the same payer" in note
                   for r in results for note in r.report.notes) == n
    # each gift ranks its own row (and a few more at most), never the other n - 1 rows of 100.00
    assert ranked[0] <= 3 * n, ranked[0]
    # the fuzzy match walks entries typed by hand only: these books have none near March
    assert walked[0] <= n, walked[0]


def test_names_are_normalised_as_the_registry_compares(loaded):
    """The payee's full-width letters and spaces do not hide the donor (NFKC, no spaces)."""
    entry = _gift("王 小明", "", "", 1)
    assert payers.names(entry, loaded.registry) == {"王小明"}
