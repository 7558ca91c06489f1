"""Small-count suppression for tables of households and amounts.

A cell counting fewer households than the centre's `min_published_count` (but more than
none) is hidden, both its count and its amount. Hiding one cell is not enough when the
table also shows totals: the total minus the visible cells would give the hidden amount
back. So, like statistical offices do (complementary suppression), more cells are hidden
until no hidden amount can be worked out from what is shown:

1. a quick pass: whenever a line of the table (a row, a column, the row of column totals,
   the column of row totals) has a visible total and exactly one hidden member, the
   smallest visible member (or else the total) is hidden too;
2. an exact audit: the lines are linear equations (members add up to the total); a hidden
   amount is recoverable exactly when its unit vector lies in the row space of those
   equations restricted to the hidden values. Any such value gets one more neighbour
   hidden, and the audit runs again.

Tables are described generically: `values` maps a key to (households, amount); `lines`
are (members, total) pairs. Several tables on one page share their total keys, so the
same total is hidden everywhere it appears and the audit covers the whole page.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from decimal import Decimal
from fractions import Fraction

Key = Hashable
Value = tuple[int, Decimal]
Line = tuple[Sequence[Key], Key]


def _live(values: dict[Key, Value], members: Sequence[Key]) -> list[Key]:
    """Members that are not structurally zero (no aid at all is public knowledge: '–')."""
    return [m for m in members if m in values and (values[m][0] > 0 or values[m][1] != 0)]


def _smallest(values: dict[Key, Value], keys: list[Key]) -> Key:
    return min(keys, key=lambda m: (values[m][0], values[m][1], repr(m)))


def _quick(values: dict[Key, Value], lines: Sequence[Line], hidden: set[Key]) -> None:
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            if total in hidden:
                continue
            live = _live(values, members)
            if sum(1 for m in live if m in hidden) != 1:
                continue
            candidates = [m for m in live if m not in hidden]
            hidden.add(_smallest(values, candidates) if candidates else total)
            changed = True


def recoverable(lines: Sequence[Line], hidden: set[Key], values: dict[Key, Value] | None = None) -> set[Key]:
    """The hidden keys whose amount follows exactly from the visible ones and the lines."""
    unknowns = sorted(hidden, key=repr)
    index = {k: i for i, k in enumerate(unknowns)}
    rows: list[dict[int, Fraction]] = []
    for members, total in lines:
        present = members if values is None else _live(values, members)
        row: dict[int, Fraction] = {}
        for m in present:
            if m in index:
                row[index[m]] = row.get(index[m], Fraction(0)) + 1
        if total in index:
            row[index[total]] = row.get(index[total], Fraction(0)) - 1
        row = {c: v for c, v in row.items() if v}
        if row:
            rows.append(row)
    # reduced row echelon form, sparse
    pivots: dict[int, dict[int, Fraction]] = {}
    for row in rows:
        row = dict(row)
        for p, prow in pivots.items():
            if p in row:
                f = row[p]
                for c, v in prow.items():
                    row[c] = row.get(c, Fraction(0)) - f * v
                row = {c: v for c, v in row.items() if v}
        if not row:
            continue
        p = min(row)
        f = row[p]
        row = {c: v / f for c, v in row.items()}
        for q, qrow in pivots.items():
            if p in qrow:
                g = qrow[p]
                for c, v in row.items():
                    qrow[c] = qrow.get(c, Fraction(0)) - g * v
                pivots[q] = {c: v for c, v in qrow.items() if v}
        pivots[p] = row
    # fully reduced: e_i is in the row space iff some pivot row is exactly e_i
    return {unknowns[p] for p, row in pivots.items() if len(row) == 1}


def suppress(values: dict[Key, Value], lines: Sequence[Line], threshold: int, also: set[Key] | frozenset = frozenset()) -> set[Key]:
    """The keys to hide: primary (0 < households < threshold), `also` (hidden because another
    table of the site hides what they are made of), and complementary ones."""
    hidden = {key for key, (n, _amount) in values.items() if 0 < n < threshold} | (set(also) & values.keys())
    if not hidden:
        return hidden
    while True:
        _quick(values, lines, hidden)
        exposed = recoverable(lines, hidden, values)
        if not exposed:
            return hidden
        before = len(hidden)
        for key in sorted(exposed, key=repr):
            for members, total in lines:
                group = [*_live(values, members), total]
                if key not in group:
                    continue
                visible = [m for m in group if m not in hidden and m in values]
                if visible:
                    hidden.add(_smallest(values, visible))
                    break
        if len(hidden) == before:
            # Every line through an exposed key is hidden already, yet the key follows from
            # other lines (e.g. one reporting unit, whose row repeats the category totals):
            # hide the smallest visible value of any line that holds a hidden one, else of
            # the table. Each pass hides one more value, so the loop ends.
            near = {m for members, total in lines for m in [*_live(values, members), total]
                    if m in values and m not in hidden and ({*members, total} & hidden)}
            rest = near or {m for m in values if m not in hidden}
            if not rest:
                return hidden
            hidden.add(_smallest(values, sorted(rest, key=repr)))


# ---- bounds on hidden household counts
#
# Counts do not add up like amounts: a household helped in two months, or in two kinds of
# aid, is one household of the year. What a reader can still work out are bounds: a hidden
# count is at least 1 when the cell shows '*' (hidden, not '–'), at most the visible total
# of any line it belongs to, and the members of a line together reach at least its total.
# `propagated_bounds` takes those relations as linear constraints and gives, for each hidden
# count, an interval every solution keeps. (The tightest intervals, a linear programme for
# each end, are the audit's: tests/publish/exact_bounds.py; too slow for every publish.)

Constraint = tuple[dict[Key, int], str, int]
"""(coefficients, "<=" or "==", constant): sum(coefficient * count) <= (or ==) constant."""

def propagated_bounds(constraints: Sequence[Constraint], known: dict[Key, int], hidden: Sequence[Key],
                      lower: dict[Key, int] | None = None, rounds: int = 60) -> dict[Key, tuple[int, int | None]]:
    """Bounds on each hidden count that every solution of `constraints` keeps, found by
    propagating each constraint's interval to its members until nothing tightens (or after
    `rounds` passes). The same arguments as the audit's `count_bounds`
    (tests/publish/exact_bounds.py), in milliseconds where its linear programmes take
    minutes on a year of 30 reporting unions.

    They are never tighter than `count_bounds` (no whole-number solution is cut off), and
    can be looser where only a chain through several lines pins a count; the publisher
    hides against these, and the audit (tests/publish/count_audit.py) checks the result with
    the exact ones."""
    lower = dict(lower or {})
    lo: dict[Key, float] = {}
    hi: dict[Key, float] = {}
    rows = []
    for coeffs, op, const in constraints:
        free = {k: a for k, a in coeffs.items() if k not in known and a}
        if not free:
            continue
        rhs = const - sum(a * known[k] for k, a in coeffs.items() if k in known)
        rows.append((free, op, rhs))
        for k in free:
            lo.setdefault(k, float(lower.get(k, 0)))
            hi.setdefault(k, math.inf)
    inf = math.inf

    def least(a: int, k: Key) -> float:
        return a * lo[k] if a > 0 else (a * hi[k] if hi[k] < inf else -inf)

    def most(a: int, k: Key) -> float:
        return (a * hi[k] if hi[k] < inf else inf) if a > 0 else a * lo[k]

    for _ in range(rounds):
        changed = False
        for free, op, rhs in rows:
            mins = {k: least(a, k) for k, a in free.items()}
            maxs = {k: most(a, k) for k, a in free.items()} if op == "==" else None
            total_min = sum(mins.values())
            total_max = sum(maxs.values()) if maxs is not None else None
            for k, a in free.items():
                # sum <= rhs: a * x_k <= rhs - (the others' least)
                others_min = total_min - mins[k] if mins[k] > -inf else sum(v for j, v in mins.items() if j != k)
                if others_min > -inf:
                    bound = (rhs - others_min) / a
                    if a > 0 and bound < hi[k] - 1e-9:
                        hi[k] = math.floor(bound + 1e-9)
                        changed = True
                    elif a < 0 and bound > lo[k] + 1e-9:
                        lo[k] = math.ceil(bound - 1e-9)
                        changed = True
                if maxs is not None:  # sum == rhs: also a * x_k >= rhs - (the others' most)
                    others_max = total_max - maxs[k] if maxs[k] < inf else sum(v for j, v in maxs.items() if j != k)
                    if others_max < inf:
                        bound = (rhs - others_max) / a
                        if a > 0 and bound > lo[k] + 1e-9:
                            lo[k] = math.ceil(bound - 1e-9)
                            changed = True
                        elif a < 0 and bound < hi[k] - 1e-9:
                            hi[k] = math.floor(bound + 1e-9)
                            changed = True
        if not changed:
            break
    return {k: (int(lo.get(k, lower.get(k, 0))), None if hi.get(k, inf) == inf else int(hi[k])) for k in hidden}
