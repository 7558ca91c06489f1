"""Where the time of a long command goes (`relief publish --timings`).

Publishing large books takes tens of seconds, and whether a run was slow because the books
were parsed again, because every acknowledgement page was rendered again or because the
file system was slow cannot be told from the total. Code marks its phases with `phase()`
and its cache outcomes with `count()`; both cost nothing unless `collecting()` is active in
the calling context, which the command turns on for --timings and prints at the end.

Times are elapsed (wall) and this process's CPU seconds; a forked worker's own elapsed and
CPU seconds are noted with `record()` when its result is taken.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Timings:
    """Phases in the order they began (name, wall seconds, CPU seconds), and counters."""

    phases: list[tuple[str, float, float]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    depth: int = 0

    def lines(self) -> list[str]:
        """One aligned line per phase (wall and CPU seconds), then the counts."""
        width = max([len(name) for name, *_ in self.phases] + [len(name) for name in self.counts] + [24])
        out = [f"{name:<{width}} {wall:7.2f} s  (CPU {cpu:6.2f} s)" for name, wall, cpu in self.phases]
        out += [f"{name:<{width}} {n:7d}" for name, n in sorted(self.counts.items())]
        return out


_active: contextvars.ContextVar[Timings | None] = contextvars.ContextVar("relief_timings", default=None)


@contextmanager
def collecting() -> Iterator[Timings]:
    """Record the phases and counts of the code run inside this block."""
    timings = Timings()
    token = _active.set(timings)
    try:
        yield timings
    finally:
        _active.reset(token)


@contextmanager
def phase(name: str) -> Iterator[None]:
    """Time the block as `name` (nested phases are indented under their parent)."""
    timings = _active.get()
    if timings is None:
        yield
        return
    slot = len(timings.phases)
    timings.phases.append(("  " * timings.depth + name, 0.0, 0.0))
    wall, cpu = time.perf_counter(), time.process_time()
    timings.depth += 1
    try:
        yield
    finally:
        timings.depth -= 1
        timings.phases[slot] = (timings.phases[slot][0], time.perf_counter() - wall, time.process_time() - cpu)


def record(name: str, wall: float, cpu: float) -> None:
    """Note work timed elsewhere (a worker process) as a phase inside the current one."""
    timings = _active.get()
    if timings is not None:
        timings.phases.append(("  " * timings.depth + name, wall, cpu))


def count(name: str, n: int = 1) -> None:
    """Add `n` to the counter `name` (a cache hit, a page rendered)."""
    timings = _active.get()
    if timings is not None:
        timings.counts[name] = timings.counts.get(name, 0) + n
