"""Open data a standard tool accepts: no live formulas in any CSV, row counts and sizes in the
manifest, grants with 360Giving's fields for grants to individuals, and a labelled aggregate
of suppressed payments that makes the column add up without revealing any hidden cell."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import shutil
from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publish.opendata import DATASETS, FORMULA_STARTS, _csv, neutralise
from publish.suppress import recoverable, suppress

from .conftest import SMALL, TEST_SECRET

FORMULA = '=HYPERLINK("http://x","y")'

EVIL = '''
2026-01-01 custom "donor" "D0201" "individual"
  name: "某人"
  display: "=HYPERLINK(\\"http://x\\",\\"y\\")"

2026-01-01 custom "donor" "D0202" "enterprise"
  name: "加号公司"
  display: "+86 公司"
'''

EVIL_FUND = '''
2026-01-01 custom "fund" "F-EVIL" "unrestricted"
  name_zh: "-负号基金"
  name_en: "@at fund"
'''

EVIL_GIFTS = '''
2026-06-01 * "某人" "捐款"
  fund: "F-EVIL"
  donor: "D0201"
  receipt: "JZ-2026-00008"
  Assets:Bank:Basic              66.00 CNY
  Income:Donation:Individual

2026-06-02 * "加号公司" "捐款"
  fund: "GENERAL"
  donor: "D0202"
  receipt: "JZ-2026-00009"
  Assets:Bank:Basic              88.00 CNY
  Income:Donation:Enterprise
'''


def read_csv(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory):
    from ledger.books import load_books
    from publish.run import publish_books

    root = tmp_path_factory.mktemp("evil")
    books = root / "books"
    shutil.copytree(SMALL, books)
    with (books / "registry" / "donors.beancount").open("a", encoding="utf-8") as f:
        f.write(EVIL)
    with (books / "registry" / "funds.beancount").open("a", encoding="utf-8") as f:
        f.write(EVIL_FUND)
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as f:
        f.write(EVIL_GIFTS)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RELIEF_SITE_SECRET", TEST_SECRET)
        result = publish_books(load_books(books), root / "site", jobs=1)
    return root / "site", result


def test_formula_names_are_warned_not_refused(evil_site):
    _out, result = evil_site
    assert result.books.errors == []
    text = "\n".join(w.message for w in result.books.warnings)
    assert "donor D0201 display '=HYPERLINK" in text and "donor D0202 display '+86" in text
    assert "fund F-EVIL name_zh '-负号基金'" in text and "fund F-EVIL name_en '@at fund'" in text


def test_no_csv_cell_starts_a_formula(evil_site):
    out, _ = evil_site
    for name in DATASETS:
        if not name.endswith(".csv"):
            continue
        for row in read_csv(out / name):
            for cell in row:
                assert not cell.startswith(FORMULA_STARTS) or _is_number(cell), (name, cell)
    donations = {r[0]: r for r in read_csv(out / "data" / "donations.csv")}
    assert donations["JZ-2026-00008"][2] == "'" + FORMULA
    assert donations["JZ-2026-00009"][2] == "'+86 公司"
    funds = {r[0]: r for r in read_csv(out / "data" / "funds.csv")}
    assert funds["F-EVIL"][1:3] == ["'-负号基金", "'@at fund"]
    raw = (out / "data" / "donations.csv").read_text(encoding="utf-8-sig")
    assert "\n=HYPERLINK" not in raw and ',=HYPERLINK' not in raw and '"=HYPERLINK' not in raw


def _is_number(cell: str) -> bool:
    try:
        Decimal(cell)
        return True
    except ArithmeticError:
        return False


def test_the_site_shows_the_name_as_text(evil_site):
    out, _ = evil_site
    html = (out / "donors" / "2026.html").read_text(encoding="utf-8")
    assert "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)" in html or "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in html


def test_neutralise_follows_owasp():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise(start + "1+1") == "'" + start + "1+1"
    assert neutralise("a=1") == "a=1" and neutralise("") == "" and neutralise("'=x") == "'=x"
    body = _csv(["text", "amount", "date"], [["=1+1", Decimal("-12.50"), None], ["\t=cmd", Decimal("3"), "-"]])
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[1] == ["'=1+1", "-12.50", ""]  # a negative amount stays a number
    assert rows[2] == ["'\t=cmd", "3.00", "'-"]  # (an amount column: two decimals)
    assert body.rows == 2


def test_manifest_lists_size_rows_and_hash(published):
    out, _ = published
    manifest = json.loads((out / "data" / "manifest.json").read_text(encoding="utf-8"))
    entries = {f["path"]: f for f in manifest["files"]}
    for path, entry in entries.items():
        data = (out / path).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest(), path
        assert entry["bytes"] == len(data), path
        if path.endswith(".csv"):
            assert entry["rows"] == len(read_csv(out / path)) - 1, path
        else:
            assert "rows" not in entry, path
    assert all(not p.startswith("ack/") or p == "ack/index.html" for p in entries)


# --------------------------------------------------------------------------- grants


def grants_problems(model, facts) -> list[str]:
    """Every way grants.csv's model fails to account for the aid paid (empty when it adds up)."""
    paid: dict[int, Decimal] = defaultdict(Decimal)
    for a in facts.aid:
        paid[a.date.year] += a.amount
    listed: dict[int, Decimal] = defaultdict(Decimal)
    for g in model.grants:
        listed[g.date.year] += g.amount
    return [f"{y}: aid paid {paid[y]}, grants {listed[y]}" for y in sorted(set(paid) | set(listed)) if paid[y] != listed[y]]


def test_grants_add_up_to_the_aid_paid(small_books, published):
    from publish.facts import collect_facts

    _out, result = published
    facts = collect_facts(small_books)
    assert grants_problems(result.model, facts) == []
    agg = [g for g in result.model.grants if g.suppressed]
    assert len(agg) == 1 and agg[0].identifier == "360G-jz-suppressed-2026" and agg[0].fund is None
    # a planted one-fen error is caught
    planted = dataclasses.replace(result.model, grants=(dataclasses.replace(result.model.grants[0], amount=result.model.grants[0].amount + Decimal("0.01")),) + result.model.grants[1:])
    assert grants_problems(planted, facts) == [f"2026: aid paid {sum(a.amount for a in facts.aid)}, grants {sum(a.amount for a in facts.aid) + Decimal('0.01')}"]


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    """Demo books large enough for visible and hidden aid cells, published without the PDF."""
    from ledger.books import load_books
    from ledger.demo import write_demo
    from publish.run import publish_books

    root = tmp_path_factory.mktemp("demo-grants")
    main, _ = write_demo(root / "books", seed=3, transactions=400)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RELIEF_SITE_SECRET", TEST_SECRET)
        result = publish_books(load_books(main), root / "site", jobs=1)
    return root / "site", result


def test_grants_csv_has_the_360giving_fields(demo_site):
    from publish.facts import collect_facts

    out, result = demo_site
    facts = collect_facts(result.books)
    assert grants_problems(result.model, facts) == []
    rows = list(csv.DictReader(io.StringIO((out / "data" / "grants.csv").read_text(encoding="utf-8-sig"))))
    assert sum(Decimal(r["Amount Awarded"]) for r in rows) == sum(a.amount for a in facts.aid)
    single = [r for r in rows if r["Suppressed"] == "false"]
    agg = [r for r in rows if r["Suppressed"] == "true"]
    assert single and len(agg) == 1
    assert agg[0]["Recipient Ind:Identifier"] == "" and agg[0]["Grant Programme:Code"] == "SUPPRESSED" and "suppressed" in agg[0]["Recipient Ind:Name"].lower()
    case_ids = {a.case for a in facts.aid}
    text = (out / "data" / "grants.csv").read_text(encoding="utf-8-sig")
    for case in case_ids:
        assert case not in text
    # one identifier for every individual: no household's payments can be linked (an
    # identifier per case, even a keyed hash, gathered one household's aid across the years)
    assert {r["Recipient Ind:Identifier"] for r in single} == {"360G-jz-IND"}
    for r in single:
        assert r["Recipient Ind:Name"] == "Individual Recipient"
        assert r["Funding Org:Identifier"] == "360G-jz"
        assert r["To Individuals Details:Primary Grant Reason"].startswith("GTIR")
        assert r["To Individuals Details:Grant Purpose"].startswith("GTIP")
        assert r["To Individuals Details:Secondary Grant Reason"] == ""
    medical = [r for r in single if r["Grant Programme:Code"] == "Expenses:Aid:Medical"]
    assert all((r["To Individuals Details:Primary Grant Reason"], r["To Individuals Details:Grant Purpose"]) == ("GTIR030", "GTIP120") for r in medical)


def test_no_recipient_id_links_a_households_payments(demo_site):
    """Whatever the secret, or none: the same one identifier on every individual grant."""
    from publish.model_builder import build_public_model

    _out, result = demo_site
    for secret in (b"one-secret-0123456789", b"another-secret-0123456789", None):
        grants = [g for g in build_public_model(result.books, secret).grants if not g.suppressed]
        assert grants and {g.recipient for g in grants} == {"360G-jz-IND"}


def test_org_id_setting_is_the_funder_id(books_copy, tmp_path, publish_to):
    with (books_copy / "settings.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2026-01-01 custom "relief-option" "org_id" "XI-EXAMPLE-123"\n')
    out = tmp_path / "site"
    publish_to(out, books_copy)
    rows = list(csv.DictReader(io.StringIO((out / "data" / "grants.csv").read_text(encoding="utf-8-sig"))))
    assert {r["Funding Org:Identifier"] for r in rows} == {"XI-EXAMPLE-123"}


# The aggregate row's privacy, on the aid page's own lines (the same structure as
# publish/model.py's aid_year: a month table and a union table sharing the category totals).

def _aid_lines(months, units, cats):
    lines = [([("col", c) for c in cats], ("grand",))]
    for t, rows in (("m", months), ("u", units)):
        lines.append(([(t + "-row", r) for r in rows], ("grand",)))
        for r in rows:
            lines.append(([(t, r, c) for c in cats], (t + "-row", r)))
        for c in cats:
            lines.append(([(t, r, c) for r in rows], ("col", c)))
    return lines


payments = st.lists(
    st.tuples(st.integers(1, 4), st.sampled_from("ABC"), st.sampled_from("xyz"), st.integers(0, 12), st.integers(1, 400)),
    min_size=1, max_size=40,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payments, st.integers(2, 5))
def test_the_suppressed_aggregate_reveals_no_hidden_cell(items, threshold):
    """With the aggregate row's equation (the hidden month cells sum to it) added to the aid
    page's lines, no hidden amount becomes recoverable that the year's total aid would not
    give away: when the table's grand total is visible, nothing at all; when it is hidden (a
    year with fewer households than the threshold), no more than the year's aid in the
    annual statement, which the site publishes in full, already gives."""
    cases: dict = defaultdict(set)
    amounts: dict = defaultdict(Decimal)
    for month, cat, unit, case, amount in items:
        for key in (("col", cat), ("grand",), ("m", month, cat), ("m-row", month), ("u", unit, cat), ("u-row", unit)):
            cases[key].add(case)
            amounts[key] += amount
    values = {k: (len(cases[k]), amounts[k]) for k in amounts}
    months = sorted({m for m, *_ in items})
    units = sorted({u for _m, _c, u, *_ in items})
    cats = sorted({c for _m, c, *_ in items})
    lines = _aid_lines(months, units, cats)
    hidden = suppress(values, lines, threshold)
    before = recoverable(lines, hidden, values)
    assert before == set()  # the page alone gives nothing away
    hidden_cells = [k for k in hidden if k[0] == "m"]
    if not hidden_cells:
        return
    agg = ("aggregate",)
    values[agg] = (0, sum((values[k][1] for k in hidden_cells), Decimal(0)))
    after = recoverable(lines + [(hidden_cells, agg)], hidden, values)
    if ("grand",) not in hidden:
        assert after == set()
    else:
        assert after <= {("grand",)} | recoverable(lines, hidden - {("grand",)}, values)


aid_payments = st.lists(
    st.tuples(st.integers(1, 12), st.integers(1, 28), st.sampled_from(["Living", "Medical", "Education", "Legal"]),
              st.integers(1, 15), st.integers(1, 500_000).map(lambda n: Decimal(n) / 100)),
    min_size=1, max_size=30,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(aid_payments, st.integers(2, 6), st.sampled_from([2025, 2026]))
def test_grants_conserve_every_fen_on_generated_books(tmp_path_factory, items, threshold, year):
    """Varied aid (months, categories, cases, amounts to the fen, thresholds): the grants file,
    suppressed aggregate included, adds up to the aid in the books, year by year, and every
    single payment appears once with its own amount."""
    from ledger.books import load_books
    from publish.facts import collect_facts
    from publish.model_builder import build_public_model

    lines = [
        'option "operating_currency" "CNY"',
        f'{year}-01-01 custom "relief-option" "min_published_count" {threshold}',
        f'{year}-01-01 open Assets:Bank:Basic CNY',
        *[f'{year}-01-01 open Expenses:Aid:{c} CNY' for c in ("Living", "Medical", "Education", "Legal")],
        f'{year}-01-01 custom "fund" "GENERAL" "unrestricted"',
        *[f'{year}-01-01 custom "case" "C{n:03d}" "enrolled"\n  unit: "U{n % 3}"' for n in range(1, 16)],
    ]
    for month, day, cat, case, amount in items:
        lines.append(f'{year}-{month:02d}-{day:02d} * "aid"\n  fund: "GENERAL"\n  approval: "A"\n  case: "C{case:03d}"\n'
                     f'  Expenses:Aid:{cat}  {amount:.2f} CNY\n  Assets:Bank:Basic')
    path = tmp_path_factory.mktemp("gen") / "main.beancount"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    books = load_books(path)
    assert not books.errors, [e.message for e in books.errors]
    model = build_public_model(books, b"generated-secret-0123456789")
    facts = collect_facts(books)
    assert grants_problems(model, facts) == []
    assert sum((g.amount for g in model.grants), Decimal(0)) == sum((Decimal(f"{a:.2f}") for *_x, a in items), Decimal(0))
    single = sorted(g.amount for g in model.grants if not g.suppressed)
    hidden = [g for g in model.grants if g.suppressed]
    assert len(hidden) <= 1
    assert len(single) + (len(items) - len(single) if hidden else 0) == len(items)
