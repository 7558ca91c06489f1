"""Conservation on import, for every built-in bank profile: a property test.

For generated statements of each built-in layout (tests/importers/statement_gen.py: random
money in and out, thousands separators, negatives in parentheses or with a trailing minus, ￥
signs and full-width digits, padding, masked cells, preambles, totals rows and
footers, GBK / GB18030 / UTF-8 text, .xls and .xlsx where the profile's bank writes them),
the file is recognised as its own layout, and

    proposed entries' net + skipped rows' net == the file's net (as the importer measured it)
        == the generator's own count == closing − opening balance (where the layout has one)

and a planted one-fen error is caught by the same check.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data as bc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.config import importers_for_books
from importers.profiles import builtin_profiles
from importers.run import choose_importer
from tests.importers import conservation
from tests.importers.statement_gen import statements
from tests.importers.support import books_entries

ACCOUNT = "Assets:Bank:Basic"
EXISTING = books_entries()


def importers(folder: Path):
    """The built-in importers, for books whose import config would sit in `folder` (a
    temporary one the caller removes: one per generated example would pile up in /tmp)."""
    return importers_for_books(folder / "import_config.py", account=ACCOUNT)


def import_generated(g):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / g.name
        path.write_bytes(g.blob)
        imps = importers(Path(tmp))
        imp = choose_importer(imps, path)
        entries = imp.extract(str(path), EXISTING)
        return imp, entries, imp.report(str(path))


@pytest.mark.parametrize("profile", builtin_profiles(), ids=lambda p: p.id)
@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_generated_statement_is_conserved(profile, data):
    g = data.draw(statements(profile))
    imp, entries, report = import_generated(g)
    assert imp.profile.id == profile.id, f"a {profile.id} statement was taken by {imp.profile.id}"
    assert conservation.problems(entries, report, ACCOUNT, g.money_in, g.money_out) == []
    txns = [e for e in entries if isinstance(e, bc.Transaction)]
    assert len(txns) + len(report.skipped) == g.rows, "every data row comes back once, booked or skipped"
    assert sorted(s.row for s in report.skipped) == sorted(g.zero_rows)
    assert all(s.amount == 0 for s in report.skipped)
    balances = [e for e in entries if isinstance(e, bc.Balance)]
    if g.closing is not None and txns:
        assert [b.amount.number for b in balances] == [g.closing]
        # a balance holds at the start of its day: after every transaction of the statement
        assert balances[0].date > max(t.date for t in txns), (balances[0].date, max(t.date for t in txns))
        assert g.closing - g.opening == g.net
    else:
        assert balances == [], "no balance assertion from a masked balance or a statement that moves nothing"
    if txns:
        planted = conservation.plant_one_fen(entries, ACCOUNT)
        assert conservation.problems(planted, report, ACCOUNT, g.money_in, g.money_out) != []



def test_the_check_catches_a_planted_fen_in_the_file(tmp_path):
    """A statement whose importer misreads one cell by one fen fails the check: the file's
    movement the test computes itself no longer matches what was proposed."""
    from tests.importers.malformed import ICBC_HEAD, icbc_row

    path = tmp_path / "s.csv"
    path.write_bytes((ICBC_HEAD + icbc_row("2026-03-05", "1,000.00", "", "2,000.00", "王小明")
                      + icbc_row("2026-03-06", "", "250.50", "1,749.50", "李大伟")).encode("gb18030"))
    imp = choose_importer(importers(tmp_path), path)
    entries = imp.extract(str(path), EXISTING)
    report = imp.report(str(path))
    assert conservation.problems(entries, report, ACCOUNT, Decimal("1000.00"), Decimal("-250.50")) == []
    assert conservation.problems(entries, report, ACCOUNT, Decimal("1000.01"), Decimal("-250.50")) != []
    assert conservation.problems(conservation.plant_one_fen(entries, ACCOUNT), report, ACCOUNT,
                                 Decimal("1000.00"), Decimal("-250.50")) != []
