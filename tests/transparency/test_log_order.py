"""The log's order is the order the periods were closed, and what a site published stays a
prefix of its log (docs/verification.md, "The log").

The bug these pin down: closes of one day were ordered by the period's start, so a quarter
(or a year, or an earlier month) closed after its months on the same day went in front of
entries the site had already published, and every later publish into that site was refused
with "a closed period was rewritten"."""

from __future__ import annotations

import datetime
import functools
import shutil
from pathlib import Path

import pytest
from beancount.parser import parser
from click.testing import CliRunner

from cli import cli
from ledger.books import load_books
from ledger.closes.close import close_period
from ledger.closes.records import in_order_made, parse_closes
from ledger.period import parse_period
from ledger.reconcile.report import build_report
from ledger.transparency.verifier import Log, Site, parse_period_entry

SECRET = "log-order-tests-site-secret-0123456789"
TODAY = datetime.date(2026, 6, 10)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RELIEF_SITE_SECRET", SECRET)
        mp.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
        yield mp


@pytest.fixture(scope="module")
def demo_template(env, tmp_path_factory) -> Path:
    """Small demo books, none of their periods closed (each test closes a copy)."""
    from ledger.demo import write_demo

    main, _year = write_demo(tmp_path_factory.mktemp("log-order") / "books", seed=3, transactions=200)
    return main.parent


@pytest.fixture
def books(demo_template, tmp_path) -> Path:
    target = tmp_path / "books"
    shutil.copytree(demo_template, target)
    return target


def relief(*args) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.output


def close(books: Path, period: str, today: datetime.date = TODAY) -> None:
    close_period(load_books(books / "main.beancount"), parse_period(period), check=build_report, today=today)


def logged(site: Path) -> list[str]:
    return [parse_period_entry(e)["period"] for e in Log(Site(str(site))).entries]


def publish(books: Path, site: Path) -> None:
    status, out = relief("publish", books, "--out", site)
    assert status == 0, out


@pytest.mark.parametrize(("first", "late"), [(("2026-01", "2026-02"), "2026-Q1"), (("2026-02", "2026-03"), "2026-01")])
def test_a_period_closed_after_later_ones_the_same_day_is_logged_at_the_end(books, tmp_path, monkeypatch, first, late):
    """The tester's reproduction through the commands: close two months, publish, close a
    period that starts earlier (their quarter, an earlier month) the same day, publish into
    the same site: it publishes, appends, and verifies since the checkpoint saved after the
    first publish. (A period before the books' first day, 2025, is refused by close.)"""
    import cli.close_cmd

    monkeypatch.setattr(cli.close_cmd, "close_period", functools.partial(close_period, today=TODAY))  # every close the same day
    site, saved = tmp_path / "site1", tmp_path / "checkpoint.txt"
    for period in first:
        assert relief("close", books, period)[0] == 0
    publish(books, site)
    status, out = relief("verify", site, "--save-checkpoint", saved)
    assert status == 0, out
    before = Log(Site(str(site))).entries
    status, out = relief("close", books, late)
    assert status == 0, out
    assert (books / "closes.beancount").read_text(encoding="utf-8").count(f"closed_on: {TODAY}") == 3

    status, out = relief("publish", books, "--out", site)
    assert status == 0, out
    assert "rewritten" not in out
    assert logged(site) == [*first, late]
    assert Log(Site(str(site))).entries[:2] == before
    status, out = relief("verify", site, "--since", saved)
    assert status == 0, out
    assert "the log extends the checkpoint you saved" in out and "2 → 3 entries" in out, out


def test_closes_of_one_day_keep_the_order_they_were_written():
    """By closed_on; on one day by the line closes.beancount has them on (the order `relief
    close` appended them), never by the period's start; no closed_on: the directive's date."""
    digest = "0" * 64
    text = f'''
2026-03-31 custom "period-close" "2026-Q1" "{digest}"
  closed_on: 2026-05-02

2026-02-28 custom "period-close" "2026-02" "{digest}"
  closed_on: 2026-04-03

2026-01-31 custom "period-close" "2026-01" "{digest}"
  closed_on: 2026-04-03

2025-12-31 custom "period-close" "2025" "{digest}"
  closed_on: 2026-04-03

2026-04-30 custom "period-close" "2026-04" "{digest}"
'''
    entries, errors, _ = parser.parse_string(text, "closes.beancount")
    assert not errors
    closes, problems = parse_closes(sorted(entries, key=lambda e: e.date))  # as the loader gives them: by date
    assert not problems
    assert [c.period.key for c in in_order_made(closes)] == ["2026-02", "2026-01", "2025", "2026-04", "2026-Q1"]


def test_a_site_published_with_the_old_order_keeps_it(books, tmp_path, monkeypatch):
    """Books whose site was published while closes of one day went by period start (2026-01,
    2026-Q1, 2026-02, all closed the same day, published once) still publish into that site:
    the published entries keep their places and the next close is appended; so `verify
    --since` passes. A site made afresh from the same books takes the order they were made."""
    from publish import verification

    for period in ("2026-01", "2026-02", "2026-Q1"):
        close(books, period)
    site, saved = tmp_path / "site", tmp_path / "checkpoint.txt"
    with monkeypatch.context() as old:
        old.setattr(verification, "in_order_made", lambda closes: sorted(
            closes, key=lambda c: (c.entry.meta.get("closed_on") or c.entry.date, c.period.start, c.period.key)))
        publish(books, site)
    assert logged(site) == ["2026-01", "2026-Q1", "2026-02"]
    before = Log(Site(str(site))).entries
    assert relief("verify", site, "--save-checkpoint", saved)[0] == 0

    publish(books, site)  # unchanged books: the same log
    assert Log(Site(str(site))).entries == before
    close(books, "2026-04")
    publish(books, site)
    assert logged(site) == ["2026-01", "2026-Q1", "2026-02", "2026-04"]
    assert Log(Site(str(site))).entries[:3] == before
    status, out = relief("verify", site, "--since", saved)
    assert status == 0, out

    publish(books, tmp_path / "fresh")
    assert logged(tmp_path / "fresh") == ["2026-01", "2026-02", "2026-Q1", "2026-04"]


def test_a_new_close_goes_at_the_end_even_when_dated_before_the_published_ones(books, tmp_path):
    """closed_on earlier than a close the site already logged (a clock set back, a date typed
    by hand): the published entry keeps its place, the new one is appended."""
    site = tmp_path / "site"
    close(books, "2026-02")
    publish(books, site)
    close(books, "2026-01", today=TODAY - datetime.timedelta(days=3))
    publish(books, site)
    assert logged(site) == ["2026-02", "2026-01"]
    status, out = relief("verify", site)
    assert status == 0, out
