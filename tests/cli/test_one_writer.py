"""One `relief import --write` or `relief close` writes the books at a time (ledger/files.py
books_write_lock). Two imports of the same statement at once each loaded books without the
other's entries, and the payment was booked twice, with the books passing their checks."""

from __future__ import annotations

import fcntl
import os
import threading
import time

import pytest
from click.testing import CliRunner

from cli import cli
from tests.importers.malformed import ICBC_HEAD, icbc_row

#: a first transaction in January: a close of a month of books with none is refused (nothing to close)
JANUARY = '\n2026-01-05 * "期初余额"\n  fund: "GENERAL"\n  Assets:Receivable:Pledges  100.00 CNY\n  Equity:Opening-Balances\n'


def with_january(books):
    with open(books / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(JANUARY)
    return books


@pytest.fixture
def books(tmp_path):
    root = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(root), "--year", "2026"]).exit_code == 0
    return root


def statement(path):
    path.write_bytes((ICBC_HEAD + icbc_row("2026-03-05", "", "70.00", "930.00", "张三")).encode("gb18030"))
    return path


def import_write(books, path):
    return ["import", str(books), str(path), "--account", "Assets:Bank:Basic", "--no-balance", "--write"]


def run_while_locked(books, args):
    """Run `args` while another holder has the books folder's lock; True when it wrote
    nothing before the lock was released, and the result once it ended."""
    fd = os.open(books, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    before = {p: p.read_bytes() for p in books.rglob("*.beancount")}
    done = {}
    worker = threading.Thread(target=lambda: done.update(result=CliRunner().invoke(cli, args)))
    try:
        worker.start()
        time.sleep(1.5)
        waited = worker.is_alive() and before == {p: p.read_bytes() for p in books.rglob("*.beancount")}
    finally:
        os.close(fd)
    worker.join(60)
    assert not worker.is_alive()
    return waited, done["result"]


def test_import_write_waits_for_another_writer_then_sees_its_entries(books, tmp_path):
    first = CliRunner().invoke(cli, import_write(books, statement(tmp_path / "a.csv")))
    assert first.exit_code == 0, first.output
    waited, result = run_while_locked(books, import_write(books, statement(tmp_path / "b.csv")))
    assert waited, "the import wrote while another writer held the books"
    assert result.exit_code == 0, result.output
    assert "waiting: another `relief import --write` or `relief close` is writing" in result.output
    assert "1 already in the books" in result.output
    assert (books / "inbox.beancount").read_text(encoding="utf-8").count("张三") == 1


def test_close_waits_for_another_writer(books):
    waited, result = run_while_locked(books, ["close", str(books), "2026-01"])
    assert waited, "close wrote while another writer held the books"
    assert "waiting: another" in result.output


def test_a_dry_run_does_not_wait(books, tmp_path):
    fd = os.open(books, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        result = CliRunner().invoke(cli, ["import", str(books), str(statement(tmp_path / "a.csv")), "--account", "Assets:Bank:Basic"])
    finally:
        os.close(fd)
    assert result.exit_code == 0, result.output
    assert "waiting" not in result.output


def test_an_interrupted_import_write_leaves_the_books_as_they_were(books, tmp_path, monkeypatch):
    """Ctrl-C (or SIGTERM) while writing: the inbox and the archive went back, but the
    folders made for the archived copy stayed, empty."""
    import importers.run

    calls = []
    write = importers.run.atomic_write_bytes

    def interrupted(*args, **kwargs):
        calls.append(args[0])
        if len(calls) == 1:  # the inbox's write, after the file's copy is archived (not the undo's)
            raise KeyboardInterrupt
        return write(*args, **kwargs)

    monkeypatch.setattr(importers.run, "atomic_write_bytes", interrupted)
    before = sorted(str(p.relative_to(books)) for p in books.rglob("*"))
    inbox = (books / "inbox.beancount").read_bytes()
    result = CliRunner().invoke(cli, import_write(books, statement(tmp_path / "a.csv")))
    assert result.exit_code != 0
    assert (books / "inbox.beancount").read_bytes() == inbox
    assert [p for p in (books / "documents").rglob("*") if p.is_file()] == []  # no half-copied statement left
    assert sorted(str(p.relative_to(books)) for p in books.rglob("*")) == before


def test_a_file_whose_name_holds_a_line_break_is_imported(books, tmp_path):
    """The name went into the inbox's comment line as it was: the rest of the name after the
    line break was read as books text, and the import was undone with "Invalid token"."""
    path = statement(tmp_path / "bill\n2026.csv")
    result = CliRunner().invoke(cli, import_write(books, path))
    assert result.exit_code == 0, result.output
    assert ";; relief import " in (books / "inbox.beancount").read_text(encoding="utf-8")
    assert "bill_2026.csv" in (books / "inbox.beancount").read_text(encoding="utf-8")
    assert CliRunner().invoke(cli, ["check", str(books)]).exit_code == 0


def test_a_statement_into_a_closed_period_says_so_not_to_import_earlier_statements(books, tmp_path):
    """Rows dated in a closed period were refused with only the balance assertions' hint,
    "import the earlier statements first", which is not what is wrong."""
    assert CliRunner().invoke(cli, ["close", str(with_january(books)), "2026-01"]).exit_code == 0
    path = tmp_path / "january.csv"
    path.write_bytes((ICBC_HEAD + icbc_row("2026-01-20", "", "70.00", "930.00", "张三")).encode("gb18030"))
    inbox = (books / "inbox.beancount").read_bytes()
    result = CliRunner().invoke(cli, ["import", str(books), str(path), "--account", "Assets:Bank:Basic", "--write"])
    assert result.exit_code == 1, result.output
    assert "The file holds rows dated in 2026-01, which is closed: a closed period takes no new entries" in result.output
    assert (books / "inbox.beancount").read_bytes() == inbox
    assert [p for p in (books / "documents").rglob("*") if p.is_file()] == []  # no half-copied statement left


def test_a_full_disk_names_the_file_being_written_not_the_statement(books, tmp_path, monkeypatch):
    """The statement is filed into documents/ by a copy; on a full disk the message was
    "nothing was written: a.csv: No space left on device", sending the user to the statement."""
    import errno

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("shutil.copyfileobj", full)  # the copy's writes (ledger.files.atomic_copy)
    inbox = (books / "inbox.beancount").read_bytes()
    source = statement(tmp_path / "a.csv")
    result = CliRunner().invoke(cli, import_write(books, source))
    assert result.exit_code == 1, result.output
    # Chinese first (什么也没有写入：磁盘已满…), then the English as it was
    assert "Error: 什么也没有写入：磁盘已满" in result.output, result.output
    assert "。 nothing was written: the disk is full writing " in result.output, result.output
    assert str(books / "documents") in result.output and f"{source}:" not in result.output
    assert (books / "inbox.beancount").read_bytes() == inbox
    assert [p for p in (books / "documents").rglob("*") if p.is_file()] == []  # no half-copied statement left


@pytest.mark.parametrize("write", [False, True])
def test_a_statement_named_in_gbk_is_named_not_an_internal_error(books, tmp_path, write):
    """A statement copied from a Windows USB drive keeps its GBK name: --write, which files
    it under documents/ and names it in inbox.beancount, stopped with an internal error."""
    name = os.fsencode(tmp_path) + b"/" + "一月流水".encode("gbk") + b".csv"
    source = statement(tmp_path / "a.csv")
    os.rename(source, name)
    inbox = (books / "inbox.beancount").read_bytes()
    args = import_write(books, os.fsdecode(name))
    result = CliRunner().invoke(cli, args if write else args[:-1])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (result.output, result.exception)
    assert "the file's name is not UTF-8 text" in result.output and "rename the file" in result.output
    assert (books / "inbox.beancount").read_bytes() == inbox and not any((books / "documents").rglob("*.csv"))


@pytest.fixture
def no_locks(monkeypatch):
    """A file system that keeps no locks (NFS without its lock service, some network and
    FUSE mounts): flock fails with ENOLCK."""
    import errno

    def flock(fd, operation):
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(fcntl, "flock", flock)


def test_books_on_a_file_system_without_locks_are_written_with_a_note(books, tmp_path, no_locks):
    """import --write, close and publish stopped with an internal error (OSError: No locks
    available) on such a disk; they now go on, and the writers say that nothing there keeps
    a second one out."""
    result = CliRunner().invoke(cli, import_write(books, statement(tmp_path / "a.csv")))
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.output
    assert "keeps no locks" in result.output and str(books) in result.output
    published = CliRunner().invoke(cli, ["publish", str(books), "--out", str(tmp_path / "site"), "--no-acknowledgements",
                                         "--no-report-pdf"])
    assert published.exit_code == 0, published.output
    assert (tmp_path / "site" / "index.html").is_file()


def test_books_on_a_read_only_disk_are_told_so(books, tmp_path, monkeypatch):
    """Books on a disk mounted read-only (a backup drive, a share mounted ro): import --write
    said only '…/documents/Assets: Read-only file system', and close named its temporary
    file and said to 'choose a folder on another disk', which the books cannot. Both now say
    the books' disk is read-only and what to do."""
    import errno

    import importers.run
    import ledger.closes.close

    def read_only(path, *args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(books / ".inbox.beancount.x1y2z3.tmp"))

    def no_folder(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(books / "documents" / "Assets"))

    monkeypatch.setattr(importers.run.Path, "mkdir", no_folder)
    result = CliRunner().invoke(cli, import_write(books, statement(tmp_path / "a.csv")))
    assert result.exit_code == 1
    assert "mounted read-only" in result.output and "copy of the books" in result.output, result.output
    monkeypatch.undo()
    monkeypatch.setattr(ledger.closes.close, "atomic_write_bytes", read_only)
    result = CliRunner().invoke(cli, ["close", str(with_january(books)), "2026-01"])
    assert result.exit_code == 1
    assert "mounted read-only" in result.output and "another disk" not in result.output and ".tmp" not in result.output, result.output
