"""The month and quarter reports hide what the year's aid page hides (publish/model_builder.py,
`aid_line`): a cell the year's table hides to protect a small one was printed on the month's
report (January's hardship relief, 9 households, hidden on aid/2026 as the complement of a
small cell, shown on reports/2026-01). With the reports' aid tables read beside the year's,
no hidden cell of the year's tables follows from the visible ones. (The amounts by category
are public in full in each period's statement of changes, by design; the tables hide the
households and the split by reporting union, which _hide_unit_split protects against those
public amounts: tests/publish/test_suppress.py.)"""

from __future__ import annotations

import pytest

from ledger.books import load_books
from publish.model_builder import build_public_model
from publish.suppress import recoverable

from .conftest import SMALL


def _audit(model) -> list[str]:
    """Every hidden cell of a year's aid tables that follows from what the site publishes:
    the tables' visible cells, row and column totals, and every month's and quarter's report
    (a month's category is the year's cell; a quarter's the sum of its months')."""
    leaks = []
    for ay in model.aid:
        year = ay.period.key
        hidden, lines = set(), []
        cols = [c.key for c in ay.by_month.columns]
        for t, table in (("m", ay.by_month), ("u", ay.by_unit)):
            tcols = [c.key for c in table.columns]
            for row in table.rows:
                members = []
                for col, cell in zip(tcols, row.cells, strict=True):
                    if cell.suppressed:
                        hidden.add((t, row.key, col))
                    if cell.suppressed or cell.households or cell.amount:
                        members.append((t, row.key, col))
                if row.total.suppressed:
                    hidden.add((t + "-row", row.key))
                lines.append((members, (t + "-row", row.key)))
            for i, col in enumerate(tcols):
                lines.append(([(t, row.key, col) for row in table.rows if row.cells[i].suppressed or row.cells[i].amount], ("col", col)))
            lines.append(([(t + "-row", row.key) for row in table.rows], ("grand",)))
        for i, cell in enumerate(ay.by_month.totals):
            if cell.suppressed:
                hidden.add(("col", cols[i]))
        if ay.by_month.grand.suppressed:
            hidden.add(("grand",))
        for report in model.reports:
            p = report.period
            if p.kind not in ("month", "quarter") or str(p.start.year) != year:
                continue
            months = [f"{p.start.year:04d}-{m:02d}" for m in range(p.start.month, p.start.month + (3 if p.kind == "quarter" else 1))]
            rcols = [c.key for c in report.aid.columns]
            for col, cell in zip(rcols, report.aid.totals, strict=True):
                key = ("r", p.key, col)
                (hidden.add(key) if cell.suppressed else None)
                lines.append(([("m", m, col) for m in months if ("m", m, col) in hidden or _shown(ay.by_month, m, col)], key))
            key = ("r", p.key, "total")
            if report.aid.grand.suppressed:
                hidden.add(key)
            lines.append(([("m-row", m) for m in months if any(r.key == m for r in ay.by_month.rows)], key))
        small = {k for k in hidden if k[0] in ("m", "u")}
        leaks += [f"{year} {k}" for k in recoverable(lines, hidden) & small]
    return leaks


def _shown(table, month: str, col: str) -> bool:
    row = next((r for r in table.rows if r.key == month), None)
    if row is None:
        return False
    cell = row.cells[[c.key for c in table.columns].index(col)]
    return bool(cell.households or cell.amount)


def test_the_small_books_reports_leak_no_hidden_cell():
    model = build_public_model(load_books(SMALL))
    assert any(c.suppressed for ay in model.aid for row in ay.by_month.rows for c in row.cells)  # something is hidden
    assert _audit(model) == []


def test_a_month_report_hides_what_the_year_hides():
    model = build_public_model(load_books(SMALL))
    for ay in model.aid:
        cols = [c.key for c in ay.by_month.columns]
        for row in ay.by_month.rows:
            report = next(r for r in model.reports if r.period.key == row.key)
            shown = dict(zip([c.key for c in report.aid.columns], report.aid.totals, strict=True))
            for col, cell in zip(cols, row.cells, strict=True):
                if cell.suppressed:
                    assert shown[col].suppressed, f"{row.key} {col}: hidden on the year's page, shown on the month's report"
            if row.total.suppressed:
                assert report.aid.grand.suppressed


@pytest.mark.parametrize("seed", [1, 4, 9])
def test_demo_books_reports_leak_no_hidden_cell(tmp_path, seed):
    from ledger.demo import write_demo

    main, _year = write_demo(tmp_path / "books", seed=seed, transactions=800)
    model = build_public_model(load_books(main))
    assert _audit(model) == []
