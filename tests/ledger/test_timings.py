"""ledger/timings.py: phases and counts are recorded only while collecting, in order, nested."""

from __future__ import annotations

import time

import pytest

from ledger.timings import collecting, count, phase, record


def test_nothing_is_recorded_unless_collecting():
    with phase("outside"):
        count("hits")
    with collecting() as t:
        pass
    assert t.phases == [] and t.counts == {}


def test_phases_in_the_order_they_began_with_children_indented():
    with collecting() as t:
        with phase("load"):
            with phase("parse"):
                time.sleep(0.01)
            record("worker 1 of 1", 2.5, 2.0)
        with phase("pages"):
            count("pages rendered", 3)
            count("pages rendered")
    names = [name for name, _wall, _cpu in t.phases]
    assert names == ["load", "  parse", "  worker 1 of 1", "pages"]
    load, parse = t.phases[0], t.phases[1]
    assert load[1] >= parse[1] >= 0.01
    assert t.phases[2][1:] == (2.5, 2.0)
    assert t.counts == {"pages rendered": 4}
    lines = t.lines()
    assert lines[0].startswith("load") and "CPU" in lines[0]
    assert lines[-1].split() == ["pages", "rendered", "4"]


def test_a_phase_that_fails_is_still_timed_and_the_error_passes():
    with collecting() as t:
        with pytest.raises(ValueError):
            with phase("broken"):
                raise ValueError("x")
        with phase("after"):
            pass
    assert [name for name, *_ in t.phases] == ["broken", "after"]


def test_collecting_blocks_do_not_share_their_records():
    with collecting() as outer:
        count("a")
        with collecting() as inner:
            count("b")
        count("c")
    assert outer.counts == {"a": 1, "c": 1} and inner.counts == {"b": 1}
