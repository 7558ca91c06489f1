"""The tightest bounds a reader can derive on hidden household counts: for each, the
smallest and the largest value it takes over all the solutions of the published relations
(a linear programme for each end, as the audits of statistics offices' suppression programs
solve them; its ends rounded inward to whole households).

The audit's own measure (tests/publish/count_audit.py), independent of the publisher's
faster `publish.suppress.propagated_bounds`, which is never tighter (a test checks it):
solved here by a small dense simplex, it takes minutes on a year of 30 reporting unions,
too slow for every publish, fine for the test books."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from publish.suppress import Constraint, Key

_EPS = 1e-9


def _simplex(tab: list[list[float]], basis: list[int], cost: list[float], allowed: int) -> bool:
    """Minimise `cost` over the tableau in place (rows: coefficients then rhs; the basis gives
    each row's basic column); only the first `allowed` columns may enter. Bland's rule.
    Returns False when the minimum is unbounded."""
    m, width = len(tab), len(tab[0]) - 1
    while True:
        # reduced costs
        reduced = cost[:width]
        for i, b in enumerate(basis):
            cb = cost[b]
            if cb:
                row = tab[i]
                reduced = [r - cb * v for r, v in zip(reduced, row, strict=False)]
        enter = next((j for j in range(allowed) if reduced[j] < -_EPS), None)
        if enter is None:
            return True
        leave, best = None, None
        for i in range(m):
            a = tab[i][enter]
            if a > _EPS:
                ratio = tab[i][-1] / a
                if best is None or ratio < best - _EPS or (abs(ratio - best) <= _EPS and basis[i] < basis[leave]):
                    leave, best = i, ratio
        if leave is None:
            return False
        _pivot(tab, basis, leave, enter)


def _pivot(tab: list[list[float]], basis: list[int], r: int, c: int) -> None:
    prow = tab[r]
    f = prow[c]
    prow = tab[r] = [v / f for v in prow]
    for i, row in enumerate(tab):
        if i != r:
            g = row[c]
            if abs(g) > _EPS:
                tab[i] = [a - g * b for a, b in zip(row, prow, strict=False)]
    basis[r] = c


def _component_bounds(keys: list[Key], rows: list[tuple[dict[Key, int], str, float]], lower: dict[Key, int]) -> dict[Key, tuple[float, float]]:
    """min and max of each key over {rows hold, key >= lower[key]} (floats; inf when unbounded)."""
    index = {k: i for i, k in enumerate(keys)}
    n = len(keys)
    slacks = sum(1 for _c, op, _r in rows if op == "<=")
    m = len(rows)
    width = n + slacks + m  # variables (shifted by their lower bound), slacks, artificials
    tab: list[list[float]] = []
    basis: list[int] = []
    s = 0
    for i, (coeffs, op, rhs) in enumerate(rows):
        row = [0.0] * (width + 1)
        rhs = rhs - sum(a * lower.get(k, 0) for k, a in coeffs.items())
        for k, a in coeffs.items():
            row[index[k]] += a
        if op == "<=":
            row[n + s] = 1.0
            s += 1
        if rhs < 0:
            row = [-v for v in row]
            rhs = -rhs
        row[n + slacks + i] = 1.0
        row[-1] = float(rhs)
        tab.append(row)
        basis.append(n + slacks + i)
    phase1 = [0.0] * n + [0.0] * slacks + [1.0] * m
    _simplex(tab, basis, phase1, width)
    if sum(tab[i][-1] for i, b in enumerate(basis) if b >= n + slacks) > 1e-7:
        raise ValueError("the published counts contradict each other (no solution)")
    # drive the artificials left in the basis (at zero) out, or drop their redundant rows
    for i in range(len(tab) - 1, -1, -1):
        if basis[i] >= n + slacks:
            j = next((j for j in range(n + slacks) if abs(tab[i][j]) > _EPS), None)
            if j is None:
                del tab[i], basis[i]
            else:
                _pivot(tab, basis, i, j)
    out: dict[Key, tuple[float, float]] = {}
    for k, j in index.items():
        ends = []
        for sign in (1.0, -1.0):
            t, b = [row[:] for row in tab], basis[:]
            cost = [0.0] * width
            cost[j] = sign
            if not _simplex(t, b, cost, n + slacks):
                ends.append(float("inf"))
                continue
            value = next((t[i][-1] for i, bb in enumerate(b) if bb == j), 0.0)
            ends.append(value + lower.get(k, 0))
        out[k] = (ends[0], ends[1])
    return out


def count_bounds(constraints: Sequence[Constraint], known: dict[Key, int], hidden: Sequence[Key],
                 lower: dict[Key, int] | None = None) -> dict[Key, tuple[int, int | None]]:
    """The tightest (low, high) a reader can derive for each hidden count from `constraints`
    over counts, the `known` (published) ones put in; high is None when nothing bounds it.
    `lower` gives a hidden count's least value (1 for a '*', which is never an empty cell's
    mark; 0 when missing). Keys in a constraint that are neither known nor hidden are
    unknowns too (counts published nowhere). Every count is at least 0."""
    lower = dict(lower or {})
    rows: list[tuple[dict[Key, int], str, float]] = []
    parent: dict[Key, Key] = {}

    def find(k: Key) -> Key:
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for coeffs, op, const in constraints:
        free = {k: a for k, a in coeffs.items() if k not in known and a}
        rhs = const - sum(a * known[k] for k, a in coeffs.items() if k in known)
        if not free:
            continue
        rows.append((free, op, float(rhs)))
        first, *rest = free
        for k in rest:
            parent[find(k)] = find(first)
    groups: dict[Key, list[int]] = defaultdict(list)
    for i, (free, _op, _rhs) in enumerate(rows):
        groups[find(next(iter(free)))].append(i)
    out: dict[Key, tuple[int, int | None]] = {}
    hidden_set = set(hidden)
    for k in hidden_set:
        out[k] = (lower.get(k, 0), None)
    for members in groups.values():
        crows = [rows[i] for i in members]
        keys = sorted({k for free, _op, _rhs in crows for k in free}, key=repr)
        if not hidden_set & set(keys):
            continue
        for k, (lo, hi) in _component_bounds(keys, crows, lower).items():
            if k in hidden_set:
                out[k] = (math.ceil(lo - 1e-6), None if hi == float("inf") else math.floor(hi + 1e-6))
    return out
