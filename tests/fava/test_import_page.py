"""Fava's import page on relief books: the built-in importers identify and extract the files
in documents/inbox, and a file they refuse is told by its message (file, row, what to do),
not by the Python traceback Fava wraps around whatever an importer raises."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli.serve import make_app
from ledger.init_books import init_books

HERE = Path(__file__).parents[1]
STATEMENT = HERE / "importers" / "golden" / "icbc-debit" / "icbc-debit.csv"
OPENING = """
2026-02-28 * "期初余额" "carried over"
  fund: "GENERAL"
  Assets:Bank:Basic         100000.00 CNY
  Equity:Opening-Balances
"""


@pytest.fixture(scope="module")
def fava(tmp_path_factory):
    root = init_books(tmp_path_factory.mktemp("import") / "books", name_zh="导入", name_en="Import", year=2026).parent
    with open(root / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(OPENING)
    inbox = root / "documents" / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    shutil.copy(STATEMENT, inbox / "icbc.csv")
    lines = STATEMENT.read_bytes().splitlines(keepends=True)  # GBK, as ICBC writes it
    # the same statement with all but its first row lost: its totals line no longer holds
    rows = [i for i, line in enumerate(lines) if line[:4].isdigit()]
    (inbox / "cut.csv").write_bytes(b"".join(line for i, line in enumerate(lines) if i not in rows[1:]))
    return make_app(root, edit=True)


def _imports(fava) -> dict[str, list[str]]:
    response = fava.app.test_client().get(f"/{fava.slug}/api/imports")
    assert response.status_code == 200
    return {f["basename"]: [i["importer_name"] for i in f["importers"]] for f in response.get_json()["data"]}


def _extract(fava, name: str):
    found = {f["basename"]: f for f in fava.app.test_client().get(f"/{fava.slug}/api/imports").get_json()["data"]}[name]
    return fava.app.test_client().get(f"/{fava.slug}/api/extract",
                                      query_string={"filename": found["name"], "importer": found["importers"][0]["importer_name"]})


def test_the_inbox_files_are_identified_by_the_built_in_importers(fava):
    assert _imports(fava)["icbc.csv"] == ["relief.bank.icbc-debit"]


def test_a_good_statement_is_extracted_with_its_money(fava):
    response = _extract(fava, "icbc.csv")
    assert response.status_code == 200, response.get_json()
    amounts = [p["amount"] for e in response.get_json()["data"] if e["t"] == "Transaction" for p in e["postings"]
               if p["account"] == "Assets:Bank:Basic"]
    assert "50000.00 CNY" in amounts


def test_a_refused_file_is_told_by_its_message_not_a_traceback(fava):
    names = _imports(fava)
    refused = [name for name in names if name == "cut.csv" and names[name]]
    assert refused, f"the cut statement is no longer identified, the test checks nothing: {names}"
    response = _extract(fava, "cut.csv")
    assert response.status_code == 500
    error = response.get_json()["error"]
    assert "Traceback" not in error and "File \"" not in error, error
    assert error.startswith("无法导入 Not imported: cut.csv") and "row" in error, error


def test_entries_saved_from_the_import_page_land_in_the_inbox(fava):
    """As `relief import --write` writes them: at the end of inbox.beancount, for review, not
    at the end of main.beancount among the includes (Fava's default without `default-file`)."""
    extracted = [e for e in _extract(fava, "icbc.csv").get_json()["data"] if e["t"] == "Transaction"][:1]
    assert extracted
    main = fava.main.read_text(encoding="utf-8")
    inbox = fava.main.parent / "inbox.beancount"
    before = inbox.read_text(encoding="utf-8")
    response = fava.app.test_client().put(f"/{fava.slug}/api/add_entries", json={"entries": extracted})
    assert response.status_code == 200, response.get_json()
    assert fava.main.read_text(encoding="utf-8") == main
    after = inbox.read_text(encoding="utf-8")
    assert after.startswith(before) and "50000.00 CNY" in after[len(before):]
