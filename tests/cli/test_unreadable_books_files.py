"""Books files and folders this user may not read: one message naming the file or folder
and what to do (`chmod`), never a run of misleading errors, a usage text or a traceback."""

from __future__ import annotations

import socket

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


@pytest.mark.parametrize("given", ["folder", "main file", "included file"])
def test_a_books_file_that_may_not_be_read_is_named_with_what_to_do(books, given):
    """chmod 000 on main.beancount, given as BOOKS: click's usage text and "Invalid value for
    'BOOKS': Path … is not readable", as if the command had been typed wrong."""
    unreadable = books / ("txns/2026.beancount" if given == "included file" else "main.beancount")
    unreadable.chmod(0)
    try:
        done = relief("check", books / "main.beancount" if given == "main file" else books)
    finally:
        unreadable.chmod(0o644)
    assert done.returncode == 1, done.stderr
    assert "Usage:" not in done.stderr and "Traceback" not in done.stderr
    assert f"{unreadable}: Permission denied" in done.stderr
    assert f"make it readable (`chmod u+r {unreadable}`, or ask whoever owns it)" in done.stderr


def test_serve_names_a_main_file_that_may_not_be_read_too(books):
    main = books / "main.beancount"
    main.chmod(0)
    try:
        with socket.socket() as free:  # a port nothing listens on (just now)
            free.bind(("127.0.0.1", 0))
            port = free.getsockname()[1]
        done = relief("serve", main, "--port", port)
    finally:
        main.chmod(0o644)
    assert done.returncode == 1, done.stderr
    assert f"{main}: Permission denied); make it readable (`chmod u+r {main}`" in done.stderr


def test_an_import_config_that_may_not_be_read_is_named_with_what_to_do(books, tmp_path):
    """chmod 000 on import_config.py: "the import config does not run (PermissionError:
    [Errno 13] Permission denied: '…')", as if the code in it were wrong."""
    statement = tmp_path / "statement.csv"
    statement.write_text("日期,金额\n", encoding="utf-8")
    config = books / "import_config.py"
    config.chmod(0)
    try:
        done = relief("import", books, statement)
    finally:
        config.chmod(0o644)
    assert done.returncode == 1, done.stderr
    assert "Errno" not in done.stderr and "does not run" not in done.stderr, done.stderr
    assert f"{config}: 你无权读取导入配置（Permission denied）" in done.stderr, done.stderr
    assert ("the import config may not be read by you (Permission denied), so nothing was imported; "
            f"make it readable (`chmod u+r {config}`, or ask whoever owns it) and run it again") in done.stderr


@pytest.mark.parametrize("kind", ["a link to a disk not mounted", "a file"])
def test_a_documents_folder_that_is_no_folder_is_said_once(books, tmp_path, kind):
    """The documents folder a symbolic link to a disk not mounted (or a file in its place):
    beancount said `File does not exist` for every document the books name there."""
    _with_documents(books, 3)
    documents = books / "documents"
    documents.rename(tmp_path / "documents-elsewhere")
    if kind == "a file":
        documents.write_text("not a folder\n", encoding="utf-8")
    else:
        documents.symlink_to(tmp_path / "nas" / "documents")
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1
    assert "File does not exist" not in result.output, result.output
    line = next(line for line in result.output.splitlines() if str(documents) in line)
    assert "3 documents the books name there" in line
    if kind == "a file":
        assert f"{documents} is a file, not a folder" in line
    else:
        assert f"{documents} is a symbolic link to {tmp_path / 'nas' / 'documents'}, which does not exist" in line
        assert "mount the disk" in line
    assert "Document root" not in result.output
