"""A date typed wrong into the future (2027 for 2026, 12 for 02) passed `relief check` without
a word, and `relief publish` then said on its overview that its figures were as of that day,
with a report page for a month not yet begun. Both now name the entry and say what to do;
neither refuses (the books are not wrong by beancount's rules or the project's)."""

from __future__ import annotations

import datetime

import pytest
from click.testing import CliRunner

from cli import cli
from ledger.period import books_today


def entry(day: datetime.date) -> str:
    return (f'\n{day.isoformat()} * "期初余额"\n  fund: "GENERAL"\n'
            "  Assets:Bank:Basic  100.00 CNY\n  Equity:Opening-Balances\n")


@pytest.fixture
def books(tmp_path):
    today = books_today()
    root = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(root), "--year", str(today.year)]).exit_code == 0
    (root / "txns" / f"{today.year}.beancount").write_text(f";; txns\n{entry(today)}", encoding="utf-8")
    return root


def later(root, days: int) -> datetime.date:
    day = books_today() + datetime.timedelta(days=days)
    with open(root / "inbox.beancount", "a", encoding="utf-8") as fh:
        fh.write(entry(day))
    return day


def test_check_and_publish_say_nothing_of_entries_up_to_today(books, tmp_path):
    for args in (["check", str(books)], ["publish", str(books), "--out", str(tmp_path / "site"), "--no-report-pdf"]):
        result = CliRunner().invoke(cli, args, env={"RELIEF_SITE_SECRET": "future-dates-secret-0123456789ab"})
        assert result.exit_code == 0, result.output
        assert "after today" not in result.output


def test_a_future_date_is_named_by_check_and_publish(books, tmp_path):
    day = later(books, 17)
    lines = sum(1 for _ in open(books / "inbox.beancount", encoding="utf-8")) - 3
    check = CliRunner().invoke(cli, ["check", str(books)])
    assert check.exit_code == 0, check.output  # a note: nothing in the books is against a rule
    said = f"1 transaction is dated after today ({books_today()}): {day} at {books / 'inbox.beancount'}:{lines}"
    assert said in check.output, check.output
    assert "check the date" in check.output
    site = CliRunner().invoke(cli, ["publish", str(books), "--out", str(tmp_path / "site"), "--no-report-pdf"],
                              env={"RELIEF_SITE_SECRET": "future-dates-secret-0123456789ab"})
    assert site.exit_code == 0, site.output
    assert said in site.output and f"the site gives its figures as of {day}" in site.output, site.output


def test_many_future_dates_are_counted_and_the_first_few_named(books):
    days = [later(books, n) for n in (3, 40, 9, 400)]
    check = CliRunner().invoke(cli, ["check", str(books)])
    assert f"4 transactions are dated after today ({books_today()}): {min(days)} at " in check.output, check.output
    # three named in each language (Chinese first, then English)
    assert check.output.count("inbox.beancount:") == 6 and "and 1 more" in check.output and "另有 1 笔" in check.output


def test_the_demo_books_whole_fictional_year_is_not_called_typed_wrong(tmp_path, monkeypatch):
    """`make demo` in December 2026 printed "262 transactions are dated after today ... check
    the date" twice (check and publish) about books `relief demo` wrote as a whole fictional
    year: a new user's first run told them their first books were typed wrong. Books the demo
    wrote (their settings carry its mark) get no such note; the same books without the mark do."""
    import importlib

    check_cmd = importlib.import_module("cli.check_cmd")
    root = tmp_path / "demo"
    assert CliRunner().invoke(cli, ["demo", "--out", str(root), "--transactions", "200"]).exit_code == 0
    monkeypatch.setattr(check_cmd, "books_today", lambda: datetime.date(2026, 6, 30))
    result = CliRunner().invoke(cli, ["check", str(root)])
    assert result.exit_code == 0 and "dated after today" not in result.output, result.output
    settings = root / "settings.beancount"
    settings.write_text(settings.read_text("utf-8").replace(";; The demo centre's public facts (fictional).", ";; facts"), "utf-8")
    result = CliRunner().invoke(cli, ["check", str(root)])
    assert result.exit_code == 0 and "dated after today (2026-06-30)" in result.output, result.output
