"""Every money amount of the open data is written one way: with exactly two decimals.

model.json wrote an amount as `str()` of the Decimal the model held, so one figure came
in several forms depending on how it was computed: a zero as `0` or `0.00` (goods_opening
`0`, payable `0`, covered_owed `0`), a sum of goods at cost as `575.2200`; statement.csv's
goods_held wrote the same `575.2200` (its two-decimals rule only filled out short amounts).
Open data readers had to normalise every amount. Now one function (opendata.money_text)
writes every amount of every CSV and JSON file: a whole number of fen with exactly two
decimals. The value is never changed, only its form: an amount with a part of a fen (the
books' rules refuse one, but books published with them off could hold one) keeps its
places, never rounded. Goods quantities (2.25 kg) are counts, not money, and are written as
they are; counts of gifts and households stay JSON integers.

Checked on the small test books, the demo books and conservation books with goods counted
in parts (whose value at cost has part of a fen).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from publish.opendata import AMOUNT_COLUMNS, DATASETS, money_text

TWO = re.compile(r"-?\d+\.\d{2}")
#: fields of the model that hold a Decimal that is not money
NOT_MONEY = {"quantity"}


@pytest.mark.parametrize(("value", "written"), [
    ("0", "0.00"), ("-0", "0.00"), ("0E-4", "0.00"), ("500", "500.00"), ("-5", "-5.00"), ("12.5", "12.50"),
    ("1E+2", "100.00"), ("575.2200", "575.22"), ("-7123.400000", "-7123.40"), ("0.00", "0.00"),
    ("29.9925", "29.9925"), ("1.0050", "1.005"), ("-3.14159", "-3.14159"),  # part of a fen: as it is, never rounded
])
def test_an_amount_is_written_with_two_decimals_and_never_changed(value, written):
    assert money_text(Decimal(value)) == written
    assert Decimal(money_text(Decimal(value))) == Decimal(value)


def _amounts(obj, data, where: str):
    """(where, value in the model, as model.json writes it) for every Decimal of the model,
    walked beside the JSON made from it."""
    if isinstance(obj, Decimal):
        yield where, obj, data
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if isinstance(data, dict) and f.name in data:
                yield from _amounts(getattr(obj, f.name), data[f.name], f"{where}.{f.name}")
    elif isinstance(obj, (list, tuple)):
        if isinstance(data, dict) and "see" in data:  # gifts and grants: in their CSV files
            return
        assert isinstance(data, list) and len(data) == len(obj), where
        for i, (o, d) in enumerate(zip(obj, data, strict=True)):
            yield from _amounts(o, d, f"{where}[{i}]")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _amounts(v, data[str(k)], f"{where}[{k}]")


def _check_site(out: Path, model) -> dict[str, int]:
    """Every amount of model.json (and of every other JSON file of the data folder) and of
    every CSV amount column: two decimals, the model's value. Returns what was checked."""
    seen = {"model.json": 0, "quantities": 0, "csv": 0, "json strings": 0}
    data = json.loads((out / "data" / "model.json").read_text("utf-8"))
    bad = []
    for where, value, written in _amounts(model, data, "model"):
        if where.rsplit(".", 1)[-1] in NOT_MONEY:
            assert written == str(value), where
            seen["quantities"] += 1
            continue
        if not (isinstance(written, str) and TWO.fullmatch(written) and Decimal(written) == value):
            bad.append((where, written))
        seen["model.json"] += 1
    for path in sorted((out / "data").glob("*.json")):
        def strings(o, key=None):
            if isinstance(o, dict):
                for k, v in o.items():
                    yield from strings(v, k)
            elif isinstance(o, list):
                for v in o:
                    yield from strings(v, key)
            elif isinstance(o, str):
                yield key, o
        for key, text in strings(json.loads(path.read_text("utf-8"))):
            if key not in NOT_MONEY and re.fullmatch(r"-?\d+\.\d+", text):
                seen["json strings"] += 1
                if not TWO.fullmatch(text):
                    bad.append((f"{path.name} {key}", text))
    for name, (_desc, columns) in DATASETS.items():
        if not name.endswith(".csv"):
            continue
        for row in csv.DictReader(io.StringIO((out / name).read_text("utf-8-sig"))):
            for column in AMOUNT_COLUMNS & {c for c, _ in columns}:
                if row[column] != "":
                    seen["csv"] += 1
                    if not TWO.fullmatch(row[column]):
                        bad.append((f"{name} {column}", row[column]))
    assert bad == [], bad[:20]
    return seen


def test_the_small_books_amounts(published):
    out, result = published
    seen = _check_site(out, result.model)
    assert seen["model.json"] > 300 and seen["csv"] > 100 and seen["quantities"] > 0


def test_the_demo_books_amounts(tmp_path_factory):
    from ledger.demo import write_demo

    from .conftest import _publish

    root = tmp_path_factory.mktemp("amounts-demo")
    main, _ = write_demo(root / "books", seed=1, transactions=600)
    result = _publish(root / "site", main.parent)
    seen = _check_site(root / "site", result.model)
    assert seen["model.json"] > 1000 and seen["csv"] > 1000


#: conservation books with goods counted in parts (2.25 kg of oil at 13.33 is 29.9925 at
#: cost, booked as 29.99), rice carried over, a restricted fund, aid and transfers
PARTS = [(5, "gift", 500_000, 2), (12, "oil_in", 8, 1), (20, "goods_in", 5, 0), (33, "oil_in", 2, 0),
         (40, "oil_out", 1, 0), (55, "aid", 20_000, 1), (70, "goods_out", 2, 0), (95, "oil_out", 4, 0),
         (120, "owe", 3_000, 0), (150, "transfer", 1_000, 1), (200, "oil_in", 16, 1), (330, "gift", 7_001, 5)]


def test_conservation_books_with_goods_counted_in_parts(tmp_path):
    from ledger.books import load_books
    from publish.model_builder import build_public_model
    from publish.site import publish_site
    from tests.conservation.books import FundSpec, Spec, write_books

    spec = Spec(2025, 1, Decimal("500.00"), 3, (FundSpec("R1", "Expenses:Aid:Education", 0, 200, True),), tuple(PARTS))
    books = load_books(write_books(spec, tmp_path / "books"))
    assert books.errors == []
    model = build_public_model(books, None)
    publish_site(model, tmp_path / "site", jobs=1)
    # the goods at cost are sums of values of part of a fen: the case this is about
    assert any(st.goods.as_tuple().exponent < -2 for r in model.reports for st in [r.statement])
    seen = _check_site(tmp_path / "site", model)
    assert seen["model.json"] > 300 and seen["quantities"] > 0


PART_FEN_AID = """
2026-10-08 * "特困救助（不足一分）"
  fund: "GENERAL"
  approval: "SP-2026-1008"
  case: "C0001"
  Expenses:Aid:Living    69.132 CNY
  Assets:Bank:Basic
"""


def test_an_amount_with_a_part_of_a_fen_is_kept_never_rounded(books_copy, publish_to, tmp_path):
    """The rules refuse an amount with a part of a fen (fen_amount); books published without
    them (--allow-foreign) may hold one. It is published as it is, in model.json and the
    CSV files alike: never rounded to 69.13, every other amount still with two decimals."""
    main = books_copy / "main.beancount"
    main.write_text(main.read_text("utf-8").replace('plugin "ledger.plugins.rules"', "; no rules"), "utf-8")
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(PART_FEN_AID)
    result = publish_to(tmp_path / "site", books_copy, allow_foreign=True)
    data = json.loads((tmp_path / "site" / "data" / "model.json").read_text("utf-8"))
    parts = []
    for where, value, written in _amounts(result.model, data, "model"):
        if where.rsplit(".", 1)[-1] in NOT_MONEY:
            continue
        assert Decimal(written) == value, where
        if not TWO.fullmatch(written):
            assert value != value.quantize(Decimal("0.01")) and written == money_text(value), (where, written)
            parts.append(written)
    assert "69.132" in parts
    aid = [r for r in csv.DictReader(io.StringIO((tmp_path / "site" / "data" / "statement.csv").read_text("utf-8-sig")))
           if r["line"] == "use" and r["category"] == "Expenses:Aid:Living" and r["period"] == "2026-10" and r["fund_id"] == "GENERAL"]
    assert aid and Decimal(aid[0]["amount"]).as_tuple().exponent == -3
