"""What a reader can work out about the hidden household counts from everything the site
publishes (tests/publish/test_suppress_bounds.py).

Counts are gathered from the public model, which every page, aid.csv, model.json and the
annual report are made from (test_aid_csv_publishes_the_counts_the_audit_reads checks that
aid.csv publishes those and no other): each year's aid tables by month and by
reporting union (aid/<year>.html, aid.csv), every month's, quarter's and year's report
(reports/*.html, the annual report's table, which is the year's totals row), the households
helped in each year (aid/index.html, the annual report) and in all (the overview). The same
figure published in two places is one key; two places publishing different values for it
fail the audit. grants.csv publishes no count (its rows are payments in visible cells and
one aggregate a year); fund and acknowledgement pages publish amounts only.

Between these counts hold the relations of distinct households, which a reader knows:
a cell is at most its row's and its column's total; a row's (or column's) total is at
most the sum of its cells; a quarter's cell is at least each of its months' and at most
their sum; the year is at most the sum of its months and quarters; each household has one
reporting union, so the table by union adds up exactly. A hidden cell shown '*' (not '–')
has at least one household.
"""

from __future__ import annotations

from collections import defaultdict

from .exact_bounds import count_bounds

Key = tuple


def published_counts(model) -> tuple[dict[Key, int], set[Key], list[str]]:
    """(known counts, hidden keys, contradictions) over every count the model publishes."""
    known: dict[Key, int] = {}
    hidden: set[Key] = set()
    clash: list[str] = []

    def put(key: Key, cell_households, suppressed: bool, where: str) -> None:
        if suppressed:
            hidden.add(key)
            return
        value = cell_households or 0
        if key in known and known[key] != value:
            clash.append(f"{where}: {key} is {value} here, {known[key]} elsewhere")
        known[key] = value

    for ay in model.aid:
        y = ay.period.key
        for t, table in (("m", ay.by_month), ("u", ay.by_unit)):
            cols = [c.key for c in table.columns]
            for row in table.rows:
                for col, cell in zip(cols, row.cells, strict=True):
                    put((y, t, row.key, col), cell.households, cell.suppressed, f"aid/{y} {t}")
                put((y, t + "-row", row.key), row.total.households, row.total.suppressed, f"aid/{y} {t}")
            for col, cell in zip(cols, table.totals, strict=True):
                put((y, "col", col), cell.households, cell.suppressed, f"aid/{y} {t} totals")
            put((y, "grand"), table.grand.households, table.grand.suppressed, f"aid/{y} {t} grand")
        put((y, "grand"), ay.households.value, ay.households.suppressed, f"aid/index {y}")
    for report in model.reports:
        p = report.period
        y = str(p.start.year)
        cols = [c.key for c in report.aid.columns]
        if p.kind == "month":
            keys = [(y, "m", p.key, c) for c in cols], (y, "m-row", p.key)
        elif p.kind == "quarter":
            keys = [(y, "q", p.key, c) for c in cols], (y, "q-row", p.key)
        elif p.kind == "year":
            keys = [(y, "col", c) for c in cols], (y, "grand")
        else:
            continue
        for key, cell in zip(keys[0], report.aid.totals, strict=True):
            put(key, cell.households, cell.suppressed, f"reports/{p.key}")
        if report.aid.columns:
            put(keys[1], report.aid.grand.households, report.aid.grand.suppressed, f"reports/{p.key}")
    if model.overview is not None:
        last = str(model.site.as_of.year)
        h = model.overview.households_year
        if any(ay.period.key == last for ay in model.aid):
            put((last, "grand"), h.value, h.suppressed, "overview (this year)")
        put(("all",), model.overview.households_all.value, model.overview.households_all.suppressed, "overview (all)")
    return known, hidden - set(known), clash


def relations(model) -> list[tuple[dict[Key, int], str, int]]:
    """The relations between the counts of `model`'s years that hold for distinct households."""
    out: list[tuple[dict[Key, int], str, int]] = []

    def le(a: Key, b: Key) -> None:  # a <= b
        out.append(({a: 1, b: -1}, "<=", 0))

    def le_sum(a: Key, members: list[Key]) -> None:  # a <= sum(members)
        coeffs: dict[Key, int] = defaultdict(int)
        coeffs[a] += 1
        for m in members:
            coeffs[m] -= 1
        out.append((dict(coeffs), "<=", 0))

    def eq_sum(a: Key, members: list[Key]) -> None:
        coeffs: dict[Key, int] = defaultdict(int)
        coeffs[a] += 1
        for m in members:
            coeffs[m] -= 1
        out.append((dict(coeffs), "==", 0))

    years = []
    for ay in model.aid:
        y = ay.period.key
        years.append((y, "grand"))
        cols = [c.key for c in ay.by_month.columns]
        months = [r.key for r in ay.by_month.rows]
        units = [r.key for r in ay.by_unit.rows]
        grand = (y, "grand")
        for t, rows in (("m", months), ("u", units)):
            for r in rows:
                cells = [(y, t, r, c) for c in cols]
                for cell in cells:
                    le(cell, (y, t + "-row", r))
                    le(cell, (y, "col", c := cell[3]))
                le_sum((y, t + "-row", r), cells)
                le((y, t + "-row", r), grand)
        for c in cols:
            le_sum((y, "col", c), [(y, "m", r, c) for r in months])
            eq_sum((y, "col", c), [(y, "u", r, c) for r in units])  # one reporting union a household
            le((y, "col", c), grand)
        le_sum(grand, [(y, "m-row", r) for r in months])
        eq_sum(grand, [(y, "u-row", r) for r in units])
        le_sum(grand, [(y, "col", c) for c in cols])
        quarters = defaultdict(list)
        for r in months:
            quarters[f"{r[:4]}-Q{(int(r[5:]) - 1) // 3 + 1}"].append(r)
        for q, qmonths in quarters.items():
            for c in cols:
                for r in qmonths:
                    le((y, "m", r, c), (y, "q", q, c))
                le_sum((y, "q", q, c), [(y, "m", r, c) for r in qmonths])
                le((y, "q", q, c), (y, "col", c))
                le((y, "q", q, c), (y, "q-row", q))
            for r in qmonths:
                le((y, "m-row", r), (y, "q-row", q))
            le_sum((y, "q-row", q), [(y, "m-row", r) for r in qmonths])
            le_sum((y, "q-row", q), [(y, "q", q, c) for c in cols])
            le((y, "q-row", q), grand)
        for c in cols:
            le_sum((y, "col", c), [(y, "q", q, c) for q in quarters])
        le_sum(grand, [(y, "q-row", q) for q in quarters])
    for y in years:
        le(y, ("all",))
    if years:
        le_sum(("all",), years)
    return out


def true_counts(books) -> dict[Key, int]:
    """Every key's count from the books: distinct cases (the audited books give no aid back)."""
    from publish.facts import collect_facts

    cases: dict[Key, set] = defaultdict(set)
    for a in collect_facts(books).aid:
        assert a.amount > 0, "the audit counts distinct cases; books that give aid back need households_helped"
        if a.case is None:
            continue
        y, month = str(a.date.year), f"{a.date.year:04d}-{a.date.month:02d}"
        q, unit, c = f"{y}-Q{(a.date.month - 1) // 3 + 1}", a.unit or "", a.category
        for key in ((y, "m", month, c), (y, "m-row", month), (y, "u", unit, c), (y, "u-row", unit), (y, "col", c),
                    (y, "grand"), (y, "q", q, c), (y, "q-row", q), ("all",)):
            cases[key].add(a.case)
    return {k: len(v) for k, v in cases.items()}


def audit(model, truth: dict[Key, int], threshold: int) -> list[str]:
    """The hidden small counts (fewer households than the threshold) that a reader can bound
    below the threshold from what is published: pinned to their value, or to a range of
    values all below it; and any count published with two values."""
    known, hidden, clash = published_counts(model)
    constraints = [c for c in relations(model) if _holds(c, truth)]
    dropped = len(relations(model)) - len(constraints)
    assert dropped == 0, f"{dropped} relations do not hold in these books: the audit's model of them is wrong"
    lower = {k: 1 for k in hidden if truth.get(k, 0) > 0}
    bounds = count_bounds(constraints, known, sorted(hidden, key=repr), lower)
    leaks = list(clash)
    for key in sorted(hidden, key=repr):
        lo, hi = bounds[key]
        if not 0 < truth.get(key, 0) < threshold or hi is None or hi >= threshold:
            continue
        told = f"it can only be {lo}" if lo == hi else f"it is between {lo} and {hi}"
        leaks.append(f"{key}: hidden as fewer than {threshold} households, but {told}")
    return leaks


def _holds(constraint, truth) -> bool:
    coeffs, op, const = constraint
    total = sum(a * truth.get(k, 0) for k, a in coeffs.items())
    return total <= const if op == "<=" else total == const
