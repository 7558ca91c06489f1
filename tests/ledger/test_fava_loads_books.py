"""Fava reads the books relief init writes, rules included, with no errors."""

from click.testing import CliRunner

from cli import cli


def test_fava_loads_new_books_without_errors(tmp_path):
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    from fava.application import create_app

    app = create_app([str(books / "main.beancount")], load=True)
    client = app.test_client()
    ledgers = app.config["LEDGERS"]
    (slug, ledger), = ledgers.items()
    assert ledger.errors == []
    for page in ("income_statement", "balance_sheet", "errors"):
        assert client.get(f"/{slug}/{page}/").status_code == 200
