"""The open data's CSV files are made a column at a time for speed (publish/opendata.py):
these tests hold that to the csv module, cell by cell, as the files were made before: the same
bytes on generated tables (text with formula starts, commas, quotes and line ends, amounts,
dates, empty cells, numbers of other kinds), the same cells neutralised, and the grants and
donations built as columns equal to their rows."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import enum
import io
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publish.model import DonationPart
from publish.opendata import (
    FORMULA_STARTS,
    _csv,
    _csv_columns,
    _donation_columns,
    _donation_rows,
    _grant_columns,
    _grant_row,
    _refunded_gifts,
    neutralise,
)


def _csv_before(columns: list[str], rows: list[list[Any]]) -> bytes:
    """The CSV as publish/opendata.py made it before (row by row through the csv module)."""
    rows = list(rows)
    n = len(columns)
    for i, row in enumerate(rows):
        if len(row) != n:
            raise ValueError(f"CSV row of {len(row)} values for {n} columns")
        if any(type(v) is str and v.startswith(FORMULA_STARTS) for v in row):
            rows[i] = [neutralise(v) if type(v) is str else v for v in row]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([neutralise(c) for c in columns])
    w.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


class Tag(str):
    """A str subclass that prints differently: the csv module writes its characters."""

    def __str__(self) -> str:
        return "printed"


class Kind(enum.StrEnum):
    GIFT = "-gift"


TRICKY = "=+-@\t\r\n,\"' \x00a1.中"
texts = st.text(alphabet=st.sampled_from(TRICKY), max_size=6) | st.text(max_size=4)
cells = st.one_of(
    texts, texts, texts,
    st.none(),
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.decimals(min_value=-1000, max_value=1000, places=2),
    st.dates(),
    st.datetimes(),
    st.integers(-5, 5),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.builds(Tag, texts),
    st.just(Kind.GIFT),
)


@st.composite
def tables(draw, cells=cells):
    n = draw(st.integers(1, 5))
    columns = draw(st.lists(texts, min_size=n, max_size=n))
    # a column often of one kind, as the open data's are, sometimes mixed
    kinds = [draw(st.sampled_from([cells, texts, st.none() | texts, st.dates(), st.decimals(-99, 99, places=2)])) for _ in range(n)]
    rows = draw(st.lists(st.tuples(*kinds).map(list), max_size=8))
    return columns, rows


@settings(max_examples=400, deadline=None)
@given(tables())
def test_same_bytes_as_the_csv_module_row_by_row(table):
    columns, rows = table
    expected = _csv_before(columns, [list(r) for r in rows])
    made = _csv(columns, [list(r) for r in rows])
    assert made == expected
    assert made.rows == len(rows)
    if len(columns) > 1:
        by_column = [[r[j] for r in rows] for j in range(len(columns))]
        assert _csv_columns(columns, by_column) == expected


@settings(max_examples=300, deadline=None)
@given(tables())
def test_the_same_cells_are_neutralised(table):
    """The check flags exactly the cells the row-by-row check did: text (str, not a
    subclass) that starts with a formula character gets a quote in front, nothing else."""
    columns, rows = table
    read = list(csv.reader(io.StringIO(_csv(columns, [list(r) for r in rows]).decode("utf-8-sig"), newline="")))
    for row, got in zip(rows, read[1:], strict=True):
        for value, cell in zip(row, got, strict=True):
            flagged = type(value) is str and value.startswith(FORMULA_STARTS)
            if flagged:
                assert cell == "'" + value
            elif type(value) is str:
                assert cell == value


def test_a_cell_quoted_by_the_csv_module_stays_quoted_and_neutralised():
    body = _csv(["a", "b"], [['=1,"2"', Decimal("-1.50")], ["x\r\ny", None], ["-", datetime.date(2026, 1, 5)]]).decode("utf-8-sig")
    assert body == 'a,b\r\n"\'=1,""2""",-1.50\r\n"x\r\ny",\r\n\'-,2026-01-05\r\n'


def test_a_row_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="CSV row of 1 values for 2 columns"):
        _csv(["a", "b"], [["x", "y"], ["z"]])
    with pytest.raises(ValueError):
        _csv_columns(["a", "b"], [["x", "y"], ["z"]])


def test_one_column_and_no_rows():
    assert _csv(["only"], [[None], [""], ["=x"]]) == _csv_before(["only"], [[None], [""], ["=x"]])
    assert _csv(["a", "b"], []) == _csv_before(["a", "b"], []) == "\ufeffa,b\r\n".encode()


def test_grants_and_donations_as_columns_are_their_rows(published):
    """The small books' grants (a suppressed aggregate) with ordinary payments on either
    side, and their gifts (of goods, anonymous ones): the columns are the rows turned."""
    _out, result = published
    model = result.model
    (aggregate,) = [g for g in model.grants if g.suppressed]
    fund = model.funds[0].ref
    grants = (dataclasses.replace(aggregate, suppressed=False, fund=fund, recipient="360G-x-IND-1", reason="GTIR010", purpose="GTIP130"),
              *model.grants,
              dataclasses.replace(aggregate, identifier="=x", suppressed=False, fund=fund, recipient=None))
    donations = model.donations
    assert any(d.goods for d in donations) and any(d.anonymous for d in donations)
    cur, org = model.site.currency, model.site.name.zh
    rows = [_grant_row(g, cur, org, "360G-x") for g in grants]
    assert [list(r) for r in zip(*_grant_columns(grants, cur, org, "360G-x"), strict=True)] == rows
    # and a correction between two sources (worth 0.00: a row for each), with goods, between them
    gift = next(d for d in donations if d.goods)
    other = next(d.source for d in donations if d.source != gift.source)
    parts = (DonationPart(gift.source, Decimal("-500.00")), DonationPart(other, Decimal("500.00")))
    # and a pledge, part of it come (its row says what is still to come)
    pledge = dataclasses.replace(donations[0], pledge_paid=((donations[0].date, Decimal("1.00")),))
    donations = (*donations[:3], dataclasses.replace(gift, amount=Decimal("0.00"), parts=parts), *donations[3:], pledge)
    rows = [row for d in donations for row in _donation_rows(d, _refunded_gifts(donations))]
    assert len(rows) == len(donations) + 1
    assert rows[-1][-1] == pledge.amount - 1 and rows[0][-1] is None
    assert [list(r) for r in zip(*_donation_columns(donations), strict=True)] == rows
    assert _grant_columns((), cur, org, "x") == [[]] * 18 and _donation_columns(()) == [[]] * 15
