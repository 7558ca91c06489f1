"""Inside the rules bundle the registry, settings and transaction index are built once per load."""

from __future__ import annotations

import datetime

from beancount.core import data
from beancount.parser.grammar import ValueType

from ledger import memo
from ledger.index import transaction_index
from ledger.plugins import rules
from ledger.registry import build_registry


def _donor(day=datetime.date(2026, 1, 1)):
    return data.Custom({"name": "甲"}, day, "donor", [ValueType("D0001", str), ValueType("individual", str)])


def test_same_list_computes_once_inside_the_bundle_only():
    entries = [_donor()]
    assert build_registry(entries) is not build_registry(entries)  # outside: computed every time
    with memo.same_entries(entries):
        first = build_registry(entries)
        assert build_registry(entries) is first
        assert build_registry(list(entries)) is not first  # another list: computed for it
        entries.append(_donor(datetime.date(2026, 1, 2)))  # changed length: not reused
        assert build_registry(entries) is not first
    assert build_registry(entries) is not build_registry(entries)  # nothing kept afterwards


def test_bundle_builds_the_registry_once(monkeypatch):
    import ledger.registry as registry

    calls = []
    real = registry._add_donor
    monkeypatch.setattr(registry, "_add_donor", lambda reg, entry: (calls.append(entry), real(reg, entry)))
    entries = [_donor()]
    _, errors = rules.check_all_rules(entries, {"filename": "<test>"})
    assert errors == []
    assert len(calls) == 1  # six rules read the registry; it was read from the entries once


def test_index_sorts_transactions_by_what_the_rules_need(load_doc):
    entries, errors, _ = load_doc(
        """
        plugin "beancount.plugins.auto_accounts"
        2026-01-01 commodity RICE
        2026-01-02 * "donation"
          Assets:Bank        100.00 CNY
          Income:Donation:Individual
        2026-01-03 * "aid"
          Expenses:Aid:Living  50.00 CNY
          Expenses:Operations:BankFees  1.00 CNY
          Assets:Bank
        2026-01-04 * "goods in"
          Assets:Goods   10 RICE {5.00 CNY}
          Income:Donation:InKind
        2026-01-05 * "cash to bank"
          Assets:Bank   10.00 CNY
          Assets:Cash
        """
    )
    assert errors == []
    index = transaction_index(entries)
    assert [t.narration for t in index.donations] == ["donation", "goods in"]
    assert [(t.narration, [p.account for p in ps]) for t, ps in index.aid] == [("aid", ["Expenses:Aid:Living"])]
    assert [t.narration for t, _ in index.fund] == ["donation", "aid", "goods in"]
    assert [(t.narration, [p.units.currency for p in ps]) for t, ps in index.goods] == [("goods in", ["RICE"])]


def test_nested_block_on_the_same_list_keeps_the_outer_results():
    entries = [_donor()]
    with memo.same_entries(entries):
        first = build_registry(entries)
        with memo.same_entries(entries):  # e.g. aggregate_cases inside the Fava extension's block
            assert build_registry(entries) is first
        with memo.same_entries(list(entries)):  # a block on another list: only that list's results
            assert build_registry(entries) is not first
        assert build_registry(entries) is first  # the outer block's again


def test_results_dict_keeps_them_beyond_the_block_until_dropped():
    entries, kept = [_donor()], {}
    with memo.same_entries(entries, kept):
        first = build_registry(entries)
    with memo.same_entries(entries, kept):
        assert build_registry(entries) is first
    with memo.same_entries(entries, {}):  # a new dict (a new load): computed again
        assert build_registry(entries) is not first


def test_notes_outside_a_load_are_neither_kept_nor_found():
    from ledger.memo import earlier_note, leave_note, load_notes

    leave_note("x", 1)  # nowhere to keep it: nothing happens
    assert earlier_note("x") is None
    kept: dict = {}
    with load_notes(kept):
        leave_note("x", 1)
        assert earlier_note("x") is None  # this load extends none
    assert kept == {"x": 1}
    with load_notes({}, kept, ("new",)):
        assert earlier_note("x") == (1, ("new",))
        assert earlier_note("y") is None
    assert earlier_note("x") is None


def test_the_earlier_loads_errors_are_found_only_inside_the_load_that_extends_it():
    from ledger.memo import earlier_errors, load_notes

    assert earlier_errors() is None
    with load_notes({}):
        assert earlier_errors() is None  # a load that extends none
    with load_notes({}, {"x": 1}, ("new",), ["e1", "e2"]):
        assert earlier_errors() == ("e1", "e2")
    assert earlier_errors() is None
