"""Moving existing books in (docs/adopting.md), on a real non-profit's books, and what the
commands say about books that are not a relief centre's (issue 16, item 8)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli

HERE = Path(__file__).parent
CONVERTED = HERE / "conservancy" / "main.beancount"
SOURCE = Path("/work/shared/fixtures/real/books/conservancy-npo-main-org.ledger")
PERSONAL = Path("/work/shared/fixtures/real/books/beancount-example.beancount")
DOC = (HERE.parents[1] / "docs" / "adopting.md").read_text(encoding="utf-8")
ENV = {"RELIEF_SITE_SECRET": "adopting-test-secret-0123456789"}


def relief(*args):
    return CliRunner().invoke(cli, [*map(str, args)], env=ENV)


def test_converted_books_check_publish_and_reconcile(tmp_path):
    check = relief("check", CONVERTED)
    assert check.exit_code == 0, check.output
    assert "0 errors" in check.output and "rules are not switched on" not in check.output

    site = tmp_path / "site"
    published = relief("publish", CONVERTED, "--out", site)  # no --allow-foreign needed
    assert published.exit_code == 0, published.output
    assert "rules are not switched on" not in published.stderr
    # the example's own money: GENERAL spends before its income arrives on two days (a warning, listed first)
    assert "Warning: fund GENERAL is below zero at the end of 2011-05-28" in published.stderr
    home = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert "Main Org (example non-profit)" in home and "100,000.00" in home

    reconciled = relief("reconcile", CONVERTED, "--period", "2012")
    assert reconciled.exit_code == 0, reconciled.output
    assert "2012 reconciles" in reconciled.output


def test_the_converted_slice_keeps_every_amount_of_the_source():
    """Each dated transaction of the ledger-cli file is in the fixture with its amounts."""
    if not SOURCE.exists():
        pytest.skip("real fixtures absent")
    source = SOURCE.read_text(encoding="utf-8")
    converted = CONVERTED.read_text(encoding="utf-8")
    dates = [d.replace("/", "-") for d in re.findall(r"^(\d{4}[-/]\d\d[-/]\d\d) ", source, re.M)]
    amounts = [a.replace(",", "") for a in re.findall(r"\$(-?[\d,]+\.\d\d)", source)]
    assert dates and amounts
    for day in dates:
        assert re.search(rf"^{day} \* ", converted, re.M), day
    for amount in amounts:
        assert re.search(rf"\s{re.escape(amount)} USD$", converted, re.M), amount


def test_the_accounts_table_of_the_guide_is_what_the_fixture_did():
    """docs/adopting.md's worked-example table names real source accounts and the fixture's."""
    rows = re.findall(r"^\| `([^`]+)` \| `([^`]+)` \|$", DOC, re.M)
    assert len(rows) >= 5
    converted = CONVERTED.read_text(encoding="utf-8")
    source = SOURCE.read_text(encoding="utf-8") if SOURCE.exists() else None
    for old, new in rows:
        assert f"open {new} " in converted, new
        if source is not None:
            assert old in source, old
    assert 'plugin "ledger.plugins.rules"' in DOC and 'plugin "ledger.plugins.rules"' in converted


@pytest.mark.skipif(not PERSONAL.exists(), reason="real fixtures absent")
def test_a_personal_ledger_is_refused_by_publish(tmp_path):
    result = relief("publish", PERSONAL, "--out", tmp_path / "site")
    assert result.exit_code == 1
    assert "no centre is declared" in result.output and "no funds are declared" in result.output
    assert "--allow-foreign" in result.output
    assert not (tmp_path / "site").exists()


@pytest.fixture
def without_rules(tmp_path):
    """The converted books with the plugin line taken out."""
    folder = tmp_path / "books"
    folder.mkdir()
    main = folder / "main.beancount"
    main.write_text(CONVERTED.read_text(encoding="utf-8").replace('plugin "ledger.plugins.rules"\n', ""), encoding="utf-8")
    return main


@pytest.mark.parametrize("command", ["check", "publish", "letters", "reconcile"])
def test_every_command_warns_when_the_rules_are_off(without_rules, tmp_path, command):
    args = {"check": (), "publish": ("--out", tmp_path / "site"), "letters": ("--out", tmp_path / "letters"),
            "reconcile": ("--period", "2012")}[command]
    result = relief(command, without_rules, *args)
    assert "rules are not switched on" in result.stderr, (command, result.output)
    assert 'plugin "ledger.plugins.rules"' in result.stderr


def test_publish_names_what_is_missing(tmp_path):
    folder = tmp_path / "books"
    folder.mkdir()
    text = CONVERTED.read_text(encoding="utf-8")
    no_centre = re.sub(r'^.*custom "relief-option" "name_(zh|en)".*\n', "", text, flags=re.M)
    (folder / "main.beancount").write_text(no_centre, encoding="utf-8")
    result = relief("publish", folder, "--out", tmp_path / "site")
    assert result.exit_code == 1
    assert "no centre is declared" in result.output and "no funds are declared" not in result.output
    forced = relief("publish", folder, "--out", tmp_path / "site", "--allow-foreign")
    assert forced.exit_code == 0, forced.output
    assert "published despite: no centre is declared" in forced.stderr


def test_letters_in_another_currency_are_left_out_and_listed(tmp_path):
    result = relief("letters", CONVERTED, "--out", tmp_path / "letters")
    assert result.exit_code == 0, result.output
    assert "MO-2012-00001" in result.stderr and "USD" in result.stderr and "人民币" in result.stderr
    assert not list((tmp_path / "letters").rglob("*.pdf"))


def test_conversion_is_documented_with_source_and_licence():
    source = (HERE / "conservancy" / "SOURCE.md").read_text(encoding="utf-8")
    assert "conservancy/npo-ledger-cli" in source and "CC0-1.0" in source and "3cc181b2" in source


def test_reconcile_counts_books_kept_in_another_currency(tmp_path):
    """Books in USD (operating_currency) reconcile in USD: the checking account's statement is
    compared and the funds hold the gift; without the statement the period does not reconcile,
    as docs/adopting.md says (it used to count only CNY: every account 'not used', funds 0.00)."""
    from ledger.books import load_books
    from ledger.period import parse_period
    from ledger.reconcile.report import build_report

    report = build_report(load_books(CONVERTED), parse_period("2012"))
    checking = next(a for a in report.accounts if a.account == "Assets:Bank:Checking")
    assert checking.used and checking.statement == checking.books_at_statement == Decimal("-5000.00")
    assert report.funds.balances == {"GENERAL": Decimal("94965.00")}
    assert report.funds.net_assets == Decimal("94965.00") and report.ok

    folder = tmp_path / "books"
    folder.mkdir()
    text = CONVERTED.read_text(encoding="utf-8")
    (folder / "main.beancount").write_text(text.split(";; --- the one addition")[0], encoding="utf-8")
    result = relief("reconcile", folder, "--period", "2012")
    assert result.exit_code == 1, result.output
    assert "Assets:Bank:Checking" in result.output and "no statement's closing balance for 2012" in result.output
