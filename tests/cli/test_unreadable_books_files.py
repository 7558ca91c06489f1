"""Books files and folders this user may not read: one message naming the file or folder
and what to do (`chmod`), never a run of misleading errors, a usage text or a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli
from tests.cli.unprivileged import relief


@pytest.fixture
def books(tmp_path):
    root = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(root), "--year", "2026"]).exit_code == 0
    return root


def _with_documents(books, count):
    """`count` document entries in inbox.beancount, each file there in documents/approvals."""
    approvals = books / "documents" / "approvals"
    approvals.mkdir()
    lines = []
    for k in range(count):
        (approvals / f"SP-{k}.txt").write_text("approved\n", encoding="utf-8")
        lines.append(f'2026-01-{k + 2:02d} document Assets:Cash "documents/approvals/SP-{k}.txt"\n')
    with open(books / "inbox.beancount", "a", encoding="utf-8") as fh:
        fh.write("\n" + "".join(lines))


@pytest.mark.parametrize("barred", ["documents", "documents/approvals"])
def test_a_documents_folder_that_may_not_be_read_is_said_once(books, barred):
    """chmod 000 on the documents folder: beancount said `File does not exist` for every
    document the books name, though each file is there, and nothing of the folder."""
    _with_documents(books, 3)
    assert CliRunner().invoke(cli, ["check", str(books)]).exit_code == 0
    folder = books / barred
    folder.chmod(0)
    try:
        done = relief("check", books)
    finally:
        folder.chmod(0o755)
    said = done.stdout + done.stderr
    assert done.returncode == 1, said
    assert "File does not exist" not in said, said
    assert said.count("cannot be opened") == 1, said
    line = next(line for line in said.splitlines() if "cannot be opened" in line)
    main = (books / "main.beancount").read_text(encoding="utf-8").splitlines()
    at = next(n for n, text in enumerate(main, 1) if text.startswith('option "documents"'))
    assert line.startswith(f"{books / 'main.beancount'}:{at}: "), line
    assert f"{folder} cannot be opened by you (Permission denied)" in line
    assert "3 documents the books name there" in line and f"`chmod u+rx {folder}`" in line
    assert "Traceback" not in said
