"""Bounds on hidden household counts (tests/publish/count_audit.py reads every count the site
publishes and works out, for each hidden one, the tightest interval a reader can derive).

Counts of distinct households do not add up like amounts, so the audit of amounts
(publish/suppress.py, tests/publish/test_suppress_reports.py) let a small count be told
by bounds: three reporting unions shown '*' in a column whose visible total is 3 households
had exactly one each, as a '*' is never an empty cell ('–')."""

from __future__ import annotations

import itertools
import random

import pytest

from ledger.books import load_books
from publish.model_builder import build_public_model
from publish.suppress import propagated_bounds

from .conftest import SMALL, add_small_town
from .count_audit import audit, published_counts, true_counts
from .exact_bounds import count_bounds

#: a year of the small books' centre in which three unions each had one household's goods
#: (C0001, C0004, C0007), in the month six households had relief
GOODS_3 = """
2027-05-10 * "特困救助发放（5月）"
  fund: "GENERAL"
  approval: "SP-2027-0001"
""" + "".join(f'  Expenses:Aid:Living   500.00 CNY\n    case: "C000{i}"\n' for i in range(1, 7)) + """  Assets:Bank:Basic

2027-05-20 * "物资发放（5月）"
  fund: "GENERAL"
  approval: "SP-2027-0002"
""" + "".join(f'  Expenses:Aid:Goods   80.00 CNY\n    case: "{c}"\n' for c in ("C0001", "C0004", "C0007")) + """  Assets:Bank:Basic
"""


def _with_goods_year(books_copy):
    (books_copy / "txns" / "2027.beancount").write_text(GOODS_3, encoding="utf-8")
    main = books_copy / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + '\ninclude "txns/2027.beancount"\n', encoding="utf-8")
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    return books


@pytest.mark.parametrize("bounds_of", [count_bounds, propagated_bounds], ids=["linear programmes", "propagated"])
def test_bounds_are_never_tighter_than_the_truth(bounds_of):
    """count_bounds and propagated_bounds against every integer solution of small random
    systems: their intervals always hold every value the unknowns can take (a linear
    programme's bounds, rounded inward to whole households, and the intervals propagated
    constraint by constraint, never cut a solution off); the propagated ones are never
    tighter than the linear programmes'."""
    rng = random.Random(3)
    for trial in range(200):
        keys = [f"x{i}" for i in range(rng.randint(1, 4))]
        truth = {k: rng.randint(0, 4) for k in keys}
        constraints = []
        for _ in range(rng.randint(1, 4)):
            coeffs = {k: rng.choice([-1, 0, 1]) for k in keys}
            value = sum(a * truth[k] for k, a in coeffs.items())
            constraints.append((coeffs, "==", value) if rng.random() < 0.5 else (coeffs, "<=", value + rng.randint(0, 2)))
        constraints += [({k: 1}, "<=", 6) for k in keys]
        lower = {k: 1 for k in keys if truth[k]}
        bounds = bounds_of(constraints, {}, keys, lower)
        exact = count_bounds(constraints, {}, keys, lower)
        for k in keys:
            assert bounds[k][0] <= exact[k][0] and (bounds[k][1] is None or exact[k][1] is not None and bounds[k][1] >= exact[k][1]), (trial, k)
        solutions = [dict(zip(keys, v, strict=True)) for v in itertools.product(range(7), repeat=len(keys))]
        solutions = [s for s in solutions if all(s[k] >= lower.get(k, 0) for k in keys) and all(
            (sum(a * s[k] for k, a in c.items()) <= r) if op == "<=" else (sum(a * s[k] for k, a in c.items()) == r)
            for c, op, r in constraints)]
        for k in keys:
            lo, hi = bounds[k]
            assert lo <= min(s[k] for s in solutions), (trial, k)
            assert hi is None or hi >= max(s[k] for s in solutions), (trial, k)


def test_count_bounds_pin_three_stars_under_a_total_of_three():
    """The example: three '*' (each at least 1) adding up to a shown 3."""
    constraints = [({"a": 1, "b": 1, "c": 1, "total": -1}, "==", 0)]
    bounds = count_bounds(constraints, {"total": 3}, ["a", "b", "c"], {"a": 1, "b": 1, "c": 1})
    assert bounds == {"a": (1, 1), "b": (1, 1), "c": (1, 1)}
    # with '*' that may be empty, nothing is pinned
    assert count_bounds(constraints, {"total": 3}, ["a", "b", "c"])["a"] == (0, 3)


def test_three_unions_of_one_household_are_not_told_by_a_visible_total(books_copy):
    """Three unions hidden in the goods column, beside 3 households of goods shown on the
    month's row, the quarter's and the year's reports: one household each, in public. Now
    the goods count is hidden with them wherever it would pin them."""
    books = _with_goods_year(books_copy)
    model = build_public_model(books)
    truth = true_counts(books)
    assert truth[("2027", "u", "市交通工会", "Expenses:Aid:Goods")] == 1
    assert audit(model, truth, books.settings.min_published_count) == []
    known, hidden, _ = published_counts(model)
    assert ("2027", "u", "市交通工会", "Expenses:Aid:Goods") in hidden
    assert ("2027", "grand") in known  # the households helped in the year stay published


def test_the_small_books_pin_no_small_count():
    books = load_books(SMALL)
    model = build_public_model(books)
    known, hidden, clash = published_counts(model)
    assert hidden and not clash
    assert audit(model, true_counts(books), books.settings.min_published_count) == []


@pytest.mark.parametrize("seed", [1, 4, 9])
def test_demo_books_pin_no_small_count(tmp_path, seed):
    from ledger.demo import write_demo

    main, _year = write_demo(tmp_path / "books", seed=seed, transactions=800)
    books = load_books(main)
    model = build_public_model(books)
    assert audit(model, true_counts(books), books.settings.min_published_count) == []


def test_a_small_towns_star_does_not_make_the_goods_column_add_up(books_copy):
    """The small town of test_suppress.py (one household, employment aid): its row got a '*'
    in the goods column to protect its cell's amount, yet it had no goods. Beside 3
    households of goods shown for the year, the other three unions' '*' were then one
    household each (a '*' that had aid is at least 1; the town's could only be 0)."""
    add_small_town(books_copy)
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    model = build_public_model(books)
    assert audit(model, true_counts(books), books.settings.min_published_count) == []


def test_aid_csv_publishes_the_counts_the_audit_reads(books_copy):
    """The audit reads the public model; aid.csv must publish no count besides those (same
    values, hidden where the model hides them), nor show a hidden cell as empty."""
    import csv
    import io

    from publish.opendata import csv_files

    books = _with_goods_year(books_copy)
    model = build_public_model(books)
    known, hidden, _clash = published_counts(model)
    rows = list(csv.DictReader(io.StringIO(csv_files(model)["data/aid.csv"].decode("utf-8-sig"))))
    assert rows
    for r in rows:
        t = "m" if r["table"] == "month" else "u"
        row = "" if r["row"] == "(not stated)" else r["row"]
        if row == "TOTAL":
            key = (r["year"], "grand") if r["category"] == "TOTAL" else (r["year"], "col", r["category"])
        elif r["category"] == "TOTAL":
            key = (r["year"], t + "-row", row)
        else:
            key = (r["year"], t, row, r["category"])
        if r["suppressed"] == "true":  # (it may be known from another page: the year's households helped)
            assert r["households"] == "" and r["amount"] == "" and (key in hidden or key == (r["year"], "grand")), r
        else:
            assert int(r["households"]) == known[key], r
