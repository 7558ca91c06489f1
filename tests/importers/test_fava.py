"""Fava's import page lists the relief importers for books made by `relief init` and for the demo books.

Fava runs the books' import_config.py (custom "fava-option" "import-config") and asks every
importer to identify the files in documents/inbox; extraction goes through the same code,
de-duplication included.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from fava.application import create_app

from ledger.demo import write_demo
from tests.importers.malformed import ICBC_HEAD, icbc_row


def client_for(main: Path):
    app = create_app([str(main)])
    app.testing = True
    client = app.test_client()
    slug = client.get("/").headers["Location"].split("/")[1]
    return client, slug


def imports(client, slug) -> dict[str, list[str]]:
    response = client.get(f"/{slug}/api/imports")
    assert response.status_code == 200
    return {Path(f["name"]).name: [i["importer_name"] for i in f["importers"]] for f in response.get_json()["data"]}


def test_import_page_lists_importers_for_new_books(books):
    inbox = books / "documents" / "inbox"
    (inbox / "icbc.csv").write_bytes((ICBC_HEAD + icbc_row("2026-03-05", "100.00", "", "100.00", "王小明")).encode("gb18030"))
    (inbox / "notes.txt").write_text("not a statement", encoding="utf-8")
    shutil.copy(Path(__file__).parent / "golden" / "wechat" / "wechat.xlsx", inbox / "wechat.xlsx")
    shutil.copy(Path(__file__).parent / "golden" / "roster" / "roster.csv", inbox / "roster.csv")
    client, slug = client_for(books / "main.beancount")
    listed = imports(client, slug)
    assert listed["icbc.csv"] == ["relief.bank.icbc-debit"]
    files = {Path(f["name"]).name: f["importers"] for f in client.get(f"/{slug}/api/imports").get_json()["data"]}
    assert files["icbc.csv"][0]["account"] == "Assets:Bank:Basic", "the statement's card number maps to the books account"
    assert listed["wechat.xlsx"] == ["relief.wechat"]
    assert listed["roster.csv"] == ["relief.roster"]
    assert listed["notes.txt"] == []
    page = client.get(f"/{slug}/import/")
    assert page.status_code == 200
    extracted = client.get(f"/{slug}/api/extract", query_string={"filename": str(inbox / "icbc.csv"), "importer": "relief.bank.icbc-debit"})
    assert extracted.status_code == 200, extracted.get_data(as_text=True)[:500]
    entries = extracted.get_json()["data"]
    donation = next(e for e in entries if e["t"] == "Transaction")
    assert donation["meta"]["donor"] == "D0002" and donation["meta"]["receipt"] == "JZ-2026-00001"


def test_import_page_on_demo_books(tmp_path):
    main, _ = write_demo(tmp_path / "demo", seed=3, transactions=600)
    statements = sorted((main.parent / "documents" / "statements").glob("*.csv"))
    assert statements, "the demo writes its bank statements"
    shutil.copy(statements[0], main.parent / "documents" / "inbox" / statements[0].name)
    client, slug = client_for(main)
    listed = imports(client, slug)
    assert listed[statements[0].name] == ["relief.bank.icbc-corporate"]
    extracted = client.get(f"/{slug}/api/extract", query_string={
        "filename": str(main.parent / "documents" / "inbox" / statements[0].name), "importer": "relief.bank.icbc-corporate"})
    assert extracted.status_code == 200
    txns = [e for e in extracted.get_json()["data"] if e["t"] == "Transaction"]
    assert txns and all(e["meta"].get("__duplicate__") for e in txns), "the demo's own statement is already in its books"
