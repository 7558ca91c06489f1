"""New books put in git and cloned: git keeps no empty folder, so the clone has no documents/.

`relief check` said only beancount's "Document root '…/documents' does not exist" (at line 0
of the main file), and every `relief import --write` into the clone was refused for that
error. It now names the folder at the `option "documents"` line and the command that makes
it; a documents folder gone with documents named in it says how many are reported missing.
"""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from cli import cli
from ledger.init_books import init_books


def test_a_clone_without_the_empty_documents_folder_is_told_how_to_make_it(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2026)
    documents = main.parent / "documents"
    shutil.rmtree(documents)
    result = CliRunner().invoke(cli, ["check", str(main)])
    assert result.exit_code == 1
    assert "Document root" not in result.output, result.output
    assert f"main.beancount:5: {documents} does not exist; create it (`mkdir -p {documents / 'inbox'}`" in result.output
    documents.joinpath("inbox").mkdir(parents=True)
    assert CliRunner().invoke(cli, ["check", str(main)]).exit_code == 0


def test_the_documents_it_held_are_counted(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2026)
    with (main.parent / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\n2026-03-31 document Assets:Bank:Basic "../documents/Assets/Bank/Basic/bank-20260331-x.csv"\n')
    shutil.rmtree(main.parent / "documents")
    result = CliRunner().invoke(cli, ["check", str(main)])
    assert "does not exist (the 1 document the books name there is reported missing)" in result.output
    assert "File does not exist" not in result.output
