"""The public model made while the rules finish beside the load (publish/run.py, ModelAhead;
ledger/rules_beside.py, `meanwhile`): the same model as made after the load, books with
errors still refused, and the site secret never created by it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from ledger import rules_beside
from ledger.books import load_books
from ledger.demo import write_demo
from ledger.plugins import rules
from ledger.timings import collecting
from publish.model_builder import build_public_model
from publish.run import ModelAhead

SECRET = "model-ahead-tests-secret-0123456789"
MADE_AHEAD = "public model: made while the rules ran"


@pytest.fixture
def slow_rules_beside(monkeypatch, tmp_path):
    """The rules in a forked child on books of any size, taking a moment longer than the
    rest of the load (as on large books), and no load cache (every load is a full one)."""
    monkeypatch.setattr(rules_beside, "MIN_ENTRIES", 0)
    monkeypatch.setattr(rules_beside, "other_threads", lambda: False)
    monkeypatch.setattr(rules_beside, "default_jobs", lambda: 2)
    monkeypatch.setenv("RELIEF_LOAD_CACHE", "0")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))

    def a_moment(entries, options):
        time.sleep(0.5)
        return entries, []

    monkeypatch.setattr(rules, "RULES", (*rules.RULES, a_moment))


@pytest.fixture
def books(tmp_path) -> Path:
    main, _year = write_demo(tmp_path / "books", seed=7, transactions=300)
    return main


def test_the_model_made_ahead_is_the_model(slow_rules_beside, books, monkeypatch):
    monkeypatch.setenv("RELIEF_SITE_SECRET", SECRET)
    ahead = ModelAhead()
    with collecting() as timings, rules_beside.meanwhile(ahead):
        loaded = load_books(books)
    assert timings.counts.get("rules: run beside the load") == 1
    assert ahead.model is not None
    assert any(name.strip() == "public model (while the rules run)" for name, *_ in timings.phases)
    assert ahead.model == build_public_model(loaded, SECRET.encode())
    assert ahead.take(loaded, b"another secret") is None  # not with another secret, and only once
    assert ahead.take(loaded, SECRET.encode()) is None


def test_taken_only_for_the_entries_it_was_made_from(slow_rules_beside, books, monkeypatch):
    monkeypatch.setenv("RELIEF_SITE_SECRET", SECRET)
    ahead = ModelAhead()
    with rules_beside.meanwhile(ahead):
        first = load_books(books)
    again = load_books(books)  # equal entries, other objects
    assert ahead.take(again, SECRET.encode()) is None
    ahead = ModelAhead()
    with rules_beside.meanwhile(ahead):
        first = load_books(books)
    assert ahead.take(first, SECRET.encode()) is not None


def test_publish_uses_it_and_the_site_is_the_same(slow_rules_beside, books, tmp_path, monkeypatch):
    monkeypatch.setenv("RELIEF_SITE_SECRET", SECRET)
    made = CliRunner().invoke(cli, ["publish", str(books.parent), "--out", str(tmp_path / "ahead"), "--timings", "--no-report-pdf"])
    assert made.exit_code == 0, made.output
    assert MADE_AHEAD in made.output
    monkeypatch.setenv(rules_beside.ENV, "0")  # the rules in this process: nothing to do meanwhile
    plain = CliRunner().invoke(cli, ["publish", str(books.parent), "--out", str(tmp_path / "plain"), "--timings", "--no-report-pdf"])
    assert plain.exit_code == 0, plain.output
    assert MADE_AHEAD not in plain.output

    def site(folder: Path) -> dict[str, bytes]:
        # the verifiable log's files name their site's own log (each folder starts one)
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
                and not p.relative_to(folder).as_posix().startswith(("log/", "ack/", "data/manifest"))}

    ahead, alone = site(tmp_path / "ahead"), site(tmp_path / "plain")
    assert ahead.keys() == alone.keys() and len(ahead) > 50
    assert [name for name in ahead if ahead[name] != alone[name]] == []


def test_books_with_errors_are_still_refused(slow_rules_beside, books, tmp_path, monkeypatch):
    monkeypatch.setenv("RELIEF_SITE_SECRET", SECRET)
    inbox = books.parent / "inbox.beancount"
    # a gift into a fund nobody declared: an error of the rules (found in the child)
    inbox.write_text(inbox.read_text(encoding="utf-8") + '\n2026-06-01 * "某人" "捐赠"\n  fund: "NO-SUCH-FUND"\n'
                     "  Assets:Bank:Current  10.00 CNY\n  Income:Donation:Individual\n", encoding="utf-8")
    made = CliRunner().invoke(cli, ["publish", str(books.parent), "--out", str(tmp_path / "site"), "--timings", "--no-report-pdf"])
    assert made.exit_code == 1, made.output
    assert "NO-SUCH-FUND" in made.output and "error" in made.output
    assert not (tmp_path / "site").exists()


def test_the_site_secret_is_not_created_by_it(slow_rules_beside, books, tmp_path, monkeypatch):
    """No secret yet: nothing is made ahead (reading it must not create it); publish then
    creates it and says so, as before."""
    monkeypatch.delenv("RELIEF_SITE_SECRET", raising=False)
    ahead = ModelAhead()
    with rules_beside.meanwhile(ahead):
        load_books(books)
    assert ahead.model is None
    assert not (tmp_path / "config" / "relief-ledger" / "site-secret").exists()
    made = CliRunner().invoke(cli, ["publish", str(books.parent), "--out", str(tmp_path / "site"), "--timings", "--no-report-pdf"])
    assert made.exit_code == 0, made.output
    assert MADE_AHEAD not in made.output and "created a new site secret" in made.output
