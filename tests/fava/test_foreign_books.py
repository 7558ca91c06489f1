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
