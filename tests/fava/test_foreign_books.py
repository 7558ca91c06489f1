"""The extension on books nobody here wrote: beancount's own example (no funds, no donors,
several currencies), included from a wrapper that declares the extension."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.serve import make_app

EXAMPLE = Path("/work/shared/fixtures/real/books/beancount-example.beancount")

pytestmark = pytest.mark.skipif(not EXAMPLE.exists(), reason="real fixtures absent")


@pytest.fixture(scope="module")
def fava(tmp_path_factory):
    main = tmp_path_factory.mktemp("foreign") / "main.beancount"
    main.write_text(f'include "{EXAMPLE}"\n2000-01-01 custom "fava-extension" "ledger.fava_ext"\n', encoding="utf-8")
    return make_app(main)


@pytest.mark.parametrize("view", ["statement", "receipts", "donors", "cases", "rules"])
def test_every_view_renders(fava, view):
    response = fava.app.test_client().get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": view, "time": "2015"})
    assert response.status_code == 200
    assert b"Traceback" not in response.data


def test_statement_says_nothing_belongs_to_a_fund(fava):
    statement = fava.app.test_client().get(f"/{fava.slug}/extension/ReliefAudit/statement").get_json()
    assert [r["fund"] for r in statement["rows"]] == [""]
    assert statement["reconciled"] is False  # no declared fund holds the net assets


def test_rules_marked_not_switched_on(fava):
    rules = fava.app.test_client().get(f"/{fava.slug}/extension/ReliefAudit/rules").get_json()
    assert rules and not any(g["enabled"] for g in rules if g["rule"] != "beancount")


def test_amounts_are_labelled_in_the_books_currency(tmp_path):
    """Every view counts in the books' first operating currency, but its headings said CNY
    whatever it was: books kept in USD showed their dollars under "金额 CNY"."""
    main = tmp_path / "main.beancount"
    main.write_text(
        'option "operating_currency" "USD"\n2026-01-01 custom "fava-extension" "ledger.fava_ext"\n'
        '2026-01-01 custom "fund" "GENERAL" "unrestricted"\n'
        '2026-01-01 custom "donor" "D1" "individual"\n  name: "Ann"\n'
        "2026-01-01 open Assets:Bank USD\n2026-01-01 open Income:Donation:Individual USD\n2026-01-01 open Expenses:Aid:Living USD\n"
        '2026-01-01 custom "case" "C1" "enrolled"\n  unit: "U"\n'
        '2026-02-01 * "gift"\n  fund: "GENERAL"\n  donor: "D1"\n  receipt: "JZ-2026-00001"\n  Assets:Bank  50.00 USD\n  Income:Donation:Individual\n'
        '2026-03-01 * "aid"\n  fund: "GENERAL"\n  approval: "A1"\n  case: "C1"\n  Expenses:Aid:Living  20.00 USD\n  Assets:Bank\n',
        encoding="utf-8",
    )
    fava = make_app(main)
    client = fava.app.test_client()
    for view in ("statement", "receipts", "donors", "cases"):
        text = client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": view}).get_data(as_text=True)
        assert "CNY" not in text, (view, text[text.find("CNY") - 200:text.find("CNY") + 50])
        assert "USD" in text, view


def test_statement_says_what_its_period_leaves_out(tmp_path):
    """A gift booked in USD (no value in CNY) is in no figure of the statement. The page said
    "left out: 2 × USD" (postings of the whole books) under every period: under March, where
    nothing was left out, as under February, where 100.00 USD raised was, with no amount.
    Now each period says what of it is left out (transactions, raised, spent), and what is
    left out of its opening balances."""
    main = tmp_path / "main.beancount"
    main.write_text(
        'option "operating_currency" "CNY"\n2026-01-01 custom "fava-extension" "ledger.fava_ext"\n'
        '2026-01-01 custom "fund" "GENERAL" "unrestricted"\n'
        '2026-01-01 custom "donor" "D1" "individual"\n  name: "Ann"\n'
        "2026-01-01 open Assets:Bank CNY\n2026-01-01 open Assets:BankUSD USD\n2026-01-01 open Income:Donation:Individual\n"
        '2026-02-10 * "gift in USD"\n  fund: "GENERAL"\n  donor: "D1"\n  receipt: "JZ-2026-00001"\n'
        '  Assets:BankUSD  100.00 USD\n  Income:Donation:Individual\n'
        '2026-02-11 * "gift in USD"\n  fund: "GENERAL"\n  donor: "D1"\n  receipt: "JZ-2026-00002"\n'
        '  Assets:BankUSD  20.50 USD\n  Income:Donation:Individual\n'
        '2026-03-01 * "gift"\n  fund: "GENERAL"\n  donor: "D1"\n  receipt: "JZ-2026-00003"\n  Assets:Bank  30.00 CNY\n  Income:Donation:Individual\n',
        encoding="utf-8",
    )
    fava = make_app(main)
    client = fava.app.test_client()

    def page(time):
        return client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": "statement", "time": time}).get_data(as_text=True)

    def statement(time):
        return client.get(f"/{fava.slug}/extension/ReliefAudit/statement", query_string={"time": time}).get_json()

    feb, march = statement("2026-02"), statement("2026-03")
    assert feb["left_out"] == [{"currency": "USD", "entries": 2, "raised": "120.50", "spent": "0"}]
    assert feb["left_out_before"] == []
    assert march["left_out"] == []
    assert march["left_out_before"] == feb["left_out"]
    assert "120.50" in page("2026-02").split('id="left-out-period"')[1].split("</span>\n")[0]
    assert 'id="left-out-period"' not in page("2026-03")
    assert "120.50" in page("2026-03").split('id="left-out-before"')[1]
    assert 'id="skipped"' not in page("2026-01")
