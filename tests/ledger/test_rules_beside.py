"""ledger/rules_beside.py: the rules run in a forked child while beancount finishes the load,
and the load comes out exactly as if they had run in this process: the same entries, the
same errors in the same places (pointing at the very same objects), the same errors by rule
(ledger.plugins.rules._RUNS) and the same notes for the load cache."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ledger import load_cache, memo, rules_beside
from ledger.books import load_books
from ledger.closes.close import close_period
from ledger.demo import write_demo
from ledger.period import parse_period
from ledger.plugins import rules
from ledger.reconcile.report import build_report
from ledger.timings import collecting
from tests.ledger.conftest import CHART

REPO = Path(__file__).resolve().parents[2]
FORKED = "rules: run beside the load"
CHILD_FAILED = "rules: child failed, run in this process"


@dataclass
class Load:
    entries: list
    errors: list
    options: dict
    by_rule: list | None
    notes: dict
    counts: dict


def load(main: Path, parallel: bool) -> Load:
    """One full load as relief's commands make it (beancount's loader, every plugin)."""
    os.environ[rules_beside.ENV] = "1" if parallel else "0"
    try:
        rules._RUNS.clear()
        notes: dict = {}
        with collecting() as timings, memo.load_notes(notes):
            entries, errors, options = load_cache.load_uncached(main)
    finally:
        os.environ.pop(rules_beside.ENV, None)
    return Load(entries, errors, options, rules.errors_by_rule(options), notes, dict(timings.counts))


def where(loaded: Load, obj: Any) -> Any:
    """What an error refers to, by position in the load's entries (identity, not value)."""
    if obj is None:
        return None
    for i, entry in enumerate(loaded.entries):
        if obj is entry:
            return ("entry", i)
        if obj is getattr(entry, "meta", None):
            return ("meta", i)
        for j, posting in enumerate(getattr(entry, "postings", None) or ()):
            if obj is posting:
                return ("posting", i, j)
            if obj is posting.meta:
                return ("posting meta", i, j)
    return ("other", repr(obj))


def assert_same(sequential: Load, parallel: Load, forked: bool = True) -> None:
    assert (parallel.counts.get(FORKED) == 1) is forked, parallel.counts
    assert FORKED not in sequential.counts
    assert parallel.entries == sequential.entries
    assert [type(e) for e in parallel.entries] == [type(e) for e in sequential.entries]
    assert [repr(e) for e in parallel.errors] == [repr(e) for e in sequential.errors]
    assert parallel.errors == sequential.errors
    for p, s in zip(parallel.errors, sequential.errors, strict=True):
        assert type(p) is type(s)
        assert where(parallel, p.source) == where(sequential, s.source)
        assert where(parallel, getattr(p, "entry", None)) == where(sequential, getattr(s, "entry", None))
    assert parallel.notes == sequential.notes
    assert (parallel.by_rule is None) == (sequential.by_rule is None)
    if sequential.by_rule is not None:
        assert [rule for rule, _ in parallel.by_rule] == [rule for rule, _ in sequential.by_rule]
        assert [errors for _, errors in parallel.by_rule] == [errors for _, errors in sequential.by_rule]
        ids = {id(e) for e in parallel.errors}
        assert all(id(e) in ids for _, errors in parallel.by_rule for e in errors)  # the very objects of the list


@pytest.fixture
def forking(monkeypatch):
    """Fork on books of any size (the tests' books are small), and although an earlier test
    in this process left threads running (Fava's file watchers): they take no part here."""
    monkeypatch.setattr(rules_beside, "MIN_ENTRIES", 0)
    monkeypatch.setattr(rules_beside, "other_threads", lambda: False)
    monkeypatch.setattr(rules_beside, "default_jobs", lambda: 2)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """Demo books with two quarters closed (`relief close`: closes.beancount and closes/)."""
    main, _year = write_demo(tmp_path_factory.mktemp("demo") / "books", transactions=1500)
    for period in ("2026-Q1", "2026-Q2"):
        close_period(load_books(main), parse_period(period), check=build_report, today=datetime.date(2026, 12, 3))
    assert sorted(p.name for p in (main.parent / "closes").iterdir()) == ["2026-Q1.sha256", "2026-Q2.sha256"]
    return main


def copy_of(main: Path, tmp_path: Path) -> Path:
    shutil.copytree(main.parent, tmp_path / "books")
    return tmp_path / "books" / main.name


#: One broken entry for most rules (as tests/ledger/test_rules_bundle.py), repeated by month.
BROKEN = """
{y}-{m:02d}-01 custom "relief-option" "bogus{m}" "x"
{y}-{m:02d}-01 custom "donor" "D{m}" "nobody"
{y}-{m:02d}-02 * "no fund"
  Assets:Bank:Basic  1.00 CNY
  Income:Interest
{y}-{m:02d}-02 * "wrong purpose, overdrawn"
  fund: "EDU-2026"
  approval: "A{m}"
  case: "C1"
  Expenses:Aid:Medical  50.00 CNY
  Assets:Bank:Basic
{y}-{m:02d}-03 * "no donor, gap"
  fund: "GENERAL"
  receipt: "JZ-2026-{m:05d}"
  Assets:Bank:Basic  1.00 CNY
  Income:Donation:Individual
{y}-{m:02d}-04 * "aid without case or approval"
  fund: "GENERAL"
  Expenses:Aid:Living  60.00 CNY
  Assets:Bank:Basic
{y}-{m:02d}-06 * "goods at a price"
  fund: "GENERAL"
  Assets:Goods  1 RICE {{1.00 CNY}} @ 2.00 CNY
  Income:Donation:InKind  -1.00 CNY
{y}-{m:02d}-07 * "does not balance"
  fund: "GENERAL"
  Assets:Bank:Basic  1.00 CNY
  Income:Interest   -2.00 CNY
{y}-{m:02d}-08 * "unopened account"
  fund: "GENERAL"
  Assets:Nowhere  1.00 CNY
  Income:Interest
{y}-{m:02d}-09 balance Assets:Cash  99.00 CNY
"""


def error_books(root: Path, months: int = 12) -> Path:
    """Books with errors of many rules and of beancount itself (booking before the rules,
    balance and validation after them), so their order is tested."""
    root.mkdir(parents=True)
    text = 'option "operating_currency" "CNY"\nplugin "ledger.plugins.rules"\n' + CHART
    text += '2026-01-01 custom "relief-option" "aid_limit" "Expenses:Aid" 100 CNY\n2026-01-01 custom "case" "C1" "enrolled"\n'
    text += "".join(BROKEN.format(y=2026, m=m) for m in range(1, months + 1))
    (root / "main.beancount").write_text(text, encoding="utf-8")
    return root / "main.beancount"


# --- the same load ------------------------------------------------------------------------


def test_demo_books_with_closed_periods(demo, forking):
    sequential, parallel = load(demo, False), load(demo, True)
    assert_same(sequential, parallel)
    assert "closed_period: intact" in sequential.notes  # the closed_period rule left its note
    assert "rules: errors per rule" in sequential.notes  # and the bundle its count of errors per rule
    assert sequential.errors == []


def test_a_changed_closed_period_names_the_entries(demo, forking, tmp_path):
    main = copy_of(demo, tmp_path)
    path = main.parent / "txns" / "2026.beancount"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    # alter the first two transactions of February (in the closed Q1), remove one closes file's period
    changed = 0
    for i, line in enumerate(lines):
        if line.startswith("2026-02-") and " * " in line and changed < 2:
            lines[i] = line.rstrip("\n") + ' ; altered\n' if changed else line.replace(" * ", " ! ", 1)
            changed += 1
    path.write_text("".join(lines), encoding="utf-8")
    (main.parent / "closes" / "2026-Q3.sha256").write_text("orphan\n", encoding="utf-8")
    sequential, parallel = load(main, False), load(main, True)
    assert_same(sequential, parallel)
    messages = [e.message for e in sequential.errors]
    assert any("closed period 2026-Q1" in m for m in messages), messages
    assert any("2026-Q3.sha256" in m for m in messages), messages
    from ledger.plugins.closed_period import NOTE

    assert NOTE not in sequential.notes  # a changed period leaves no note


def test_many_errors_of_many_rules_and_of_beancount(forking, tmp_path):
    main = error_books(tmp_path / "books")
    sequential, parallel = load(main, False), load(main, True)
    assert_same(sequential, parallel)
    kinds = {type(e).__name__ for e in sequential.errors}
    assert {"RuleError", "BalanceError", "ValidationError"} <= kinds, kinds
    assert len({rule for rule, errors in sequential.by_rule if errors}) >= 8
    assert len(sequential.errors) > 100


@pytest.mark.parametrize("exception", [ValueError, TypeError, KeyError])
def test_a_rule_that_raises_is_reported_as_beancounts_loader_reports_it(forking, tmp_path, monkeypatch, exception):
    main = error_books(tmp_path / "books", months=2)

    def explode(entries, options_map):
        try:
            {}["inner"]
        except KeyError as inner:
            raise exception("planted in a rule") from inner

    monkeypatch.setattr(rules, "RULES", (*rules.RULES[:3], explode, *rules.RULES[3:]))
    sequential, parallel = load(main, False), load(main, True)
    assert_same(sequential, parallel)
    raised = [e for e in sequential.errors if type(e).__name__ == "LoadError"]
    assert len(raised) == 1 and 'Error applying plugin "ledger.plugins.rules"' in raised[0].message
    assert "planted in a rule" in raised[0].message and "in explode" in raised[0].message
    assert "in run_transformations" in raised[0].message  # the loader's own frame, as beancount formats it
    assert sequential.by_rule is None  # as when a rule raises: no run is recorded


def test_relief_commands_load_the_same_books(forking, tmp_path, monkeypatch):
    main = error_books(tmp_path / "books", months=3)
    monkeypatch.setenv("RELIEF_LOAD_CACHE", "0")
    found = {}
    for mode in ("0", "1"):
        monkeypatch.setenv(rules_beside.ENV, mode)
        with collecting() as timings:
            books = load_books(main)
        found[mode] = ([repr(e) for e in books.errors], [repr(w) for w in books.warnings], books.entries, timings.counts.get(FORKED))
    assert found["0"][:3] == found["1"][:3]
    assert found["0"][3] is None and found["1"][3] == 1


def test_the_load_cache_keeps_the_rules_notes(demo, forking, tmp_path, monkeypatch):
    """A full load through the load cache (forked) stores the closed_period note, so that a
    load after an appended entry hashes nothing again."""
    main = copy_of(demo, tmp_path)
    monkeypatch.setenv("RELIEF_PARSE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("RELIEF_LOAD_CACHE", raising=False)
    with collecting() as timings:
        load_books(main)
    assert timings.counts.get(FORKED) == 1 and load_cache.LAST_LOAD_KIND == "full"
    found = load_cache.read_manifest(load_cache._slot(load_cache.cache_folder(), main.resolve()))
    assert found is not None
    manifest, fh = found
    fh.close()
    assert "closed_period: intact" in manifest["notes"]


# --- when the rules run in this process -----------------------------------------------------


def test_switched_off_small_books_or_one_core_run_the_rules_here(tmp_path, monkeypatch):
    monkeypatch.setattr(rules_beside, "other_threads", lambda: False)
    monkeypatch.setattr(rules_beside, "default_jobs", lambda: 2)
    main = error_books(tmp_path / "books", months=2)
    assert FORKED not in load(main, True).counts  # fewer entries than MIN_ENTRIES
    monkeypatch.setattr(rules_beside, "MIN_ENTRIES", 0)
    assert FORKED in load(main, True).counts
    assert FORKED not in load(main, False).counts
    monkeypatch.setattr(rules_beside, "default_jobs", lambda: 1)
    assert_same(load(main, False), load(main, True), forked=False)


def test_bean_check_runs_the_rules_itself(forking):
    """Outside relief's loader (bean-check, Fava, a test calling the plugin) nothing forks."""
    entries = []
    with rules_beside.beside() as session:
        returned, errors = rules.check_all_rules(entries, {"filename": "<x>"})
    assert session is not None and session.jobs == [] and returned is entries


def test_no_fork_while_other_threads_run(tmp_path, monkeypatch):
    monkeypatch.setattr(rules_beside, "MIN_ENTRIES", 0)
    main = error_books(tmp_path / "books", months=2)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        parallel = load(main, True)
    finally:
        stop.set()
        thread.join()
    assert_same(load(main, False), parallel, forked=False)


def test_a_child_that_dies_leaves_the_rules_to_this_process(forking, tmp_path, monkeypatch):
    main = error_books(tmp_path / "books", months=3)
    monkeypatch.setattr(rules_beside.Child, "_send", lambda self, payload: os._exit(3))
    parallel = load(main, True)
    assert parallel.counts.get(CHILD_FAILED) == 1
    assert_same(load(main, False), parallel)


def test_a_rule_that_cannot_be_sent_back_runs_here(forking, tmp_path, monkeypatch):
    """A rule defined where pickle cannot find it: the child's answer fails, the parent runs the rules."""
    main = error_books(tmp_path / "books", months=2)

    def local_rule(entries, options_map):
        return entries, []

    monkeypatch.setattr(rules, "RULES", (*rules.RULES, local_rule))
    parallel = load(main, True)
    assert parallel.counts.get(CHILD_FAILED) == 1
    assert_same(load(main, False), parallel)


def test_a_rule_that_changes_the_entries_makes_the_load_again(forking, tmp_path, monkeypatch):
    main = error_books(tmp_path / "books", months=2)

    def copying_rule(entries, options_map):
        return list(entries), []

    monkeypatch.setattr(rules, "RULES", (copying_rule, *rules.RULES))
    parallel = load(main, True)
    assert parallel.counts.get("rules: load made again in this process") == 1
    sequential = load(main, False)
    assert parallel.entries == sequential.entries and parallel.errors == sequential.errors
    assert parallel.notes == sequential.notes


def test_a_failed_load_leaves_no_child(forking, tmp_path, monkeypatch):
    main = error_books(tmp_path / "books", months=2)
    from beancount.ops import validation

    def broken(*args, **kwargs):
        raise RuntimeError("validation broke")

    monkeypatch.setattr(validation, "validate", broken)
    pids = []
    real = rules_beside._Job

    def noting(*args, **kwargs):
        job = real(*args, **kwargs)
        pids.append(job.pid)
        return job

    monkeypatch.setattr(rules_beside, "_Job", noting)
    with pytest.raises(RuntimeError, match="validation broke"):
        load(main, True)
    assert len(pids) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(pids[0], os.WNOHANG)  # reaped


def test_bean_check_still_reports_the_rules_errors(tmp_path):
    main = error_books(tmp_path / "books", months=2)
    env = {**os.environ, "PYTHONPATH": str(REPO), rules_beside.ENV: "1"}
    done = subprocess.run([sys.executable, "-m", "beancount.scripts.check", str(main)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    out = done.stdout + done.stderr
    for fragment in ("Unknown relief-option 'bogus1'", "No fund", "Donation without a donor", "carry a price"):
        assert fragment in out, fragment
    assert "being found in process" not in out


def test_the_placeholder_never_survives(forking, tmp_path):
    main = error_books(tmp_path / "books", months=2)
    parallel = load(main, True)
    assert not any("being found in process" in str(getattr(e, "message", "")) for e in parallel.errors)


def test_a_child_that_fails_to_start_never_goes_back_into_the_loader(forking, tmp_path, monkeypatch):
    main = error_books(tmp_path / "books", months=2)

    def broken(*args):
        raise MemoryError("planted")

    monkeypatch.setattr(rules_beside, "_become_child", broken)
    parallel = load(main, True)
    assert parallel.counts.get(CHILD_FAILED) == 1
    assert_same(load(main, False), parallel)
