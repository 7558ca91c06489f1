"""The last refusals found English only, or with English in their Chinese half, made from
bad input through the commands: `relief import`'s own (no books, an empty --account, a
template it cannot write), why a folder cannot be written (ledger/files.py: a file standing
where a folder must be, a full disk, a read-only disk, a link to nothing, a name too long),
and `relief close` on a read-only books file. Each must be Chinese first, its English words
only in the English half (tests/chinese_halves.py)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from tests.chinese_halves import chinese_first


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("RELIEF_SITE_SECRET", "refusals-chinese-first-secret-0123456789")


def relief(*args) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def refusal(output: str) -> str:
    """The message of a refusal, without click's own `Usage:` and `Try …` lines and its `Error: `."""
    [line] = [line for line in output.splitlines() if line.startswith("Error: ")]
    return line.removeprefix("Error: ")


def test_import_without_books(tmp_path, monkeypatch):
    """`relief import` alone, and a statement given alone (taken for BOOKS), in the books' folder:
    what BOOKS is, in each language (cli/common.py books_hint)."""
    (tmp_path / "main.beancount").write_text('option "operating_currency" "CNY"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for args in ([], ["jan.csv"]):
        status, text = relief("import", *args)
        assert status == 2, text
        zh = chinese_first(refusal(text), "give the books and at least one file",
                           "BOOKS is the books' folder or their main .beancount file: the books are here")
        assert "账簿就在这里" in zh and "relief import ." in zh, text
    status, text = relief("import", tmp_path)
    assert status == 2, text
    chinese_first(refusal(text), "give at least one file to import after the books")


def test_import_options(tmp_path):
    status, text = relief("import", tmp_path, "x.csv", "--account", "")
    assert status == 2, text
    chinese_first(refusal(text), "it is empty (an unset variable?); give the books account")
    status, text = relief("import", "--template", "donations")
    assert status == 2, text
    chinese_first(refusal(text), "--template needs --out FILE (.xlsx or .csv)")
    for args, says in ((["--template", "donations", "--out", tmp_path / "t.txt"], "the template is .xlsx or .csv"),
                       (["--template", "donations", "--out", tmp_path / "notes.txt" / "t.csv"], "is a file, not a folder")):
        (tmp_path / "notes.txt").write_text("", encoding="utf-8")
        status, text = relief("import", *args)
        assert status == 1, (args, text)
        chinese_first(refusal(text), says)
    status, text = relief("import", "--template", "donations", "--out", tmp_path / "t.csv")
    assert status == 0 and (tmp_path / "t.csv").is_file(), text
    chinese_first(text.strip(), "Wrote the donations template to")
    status, text = relief("import", "--template", "donations", "--out", tmp_path / "t.csv")
    assert status == 1, text
    chinese_first(refusal(text), "already exists; choose a new file name")


def test_a_file_where_a_folder_must_be(tmp_path):
    """`relief demo` and `relief init` into a folder under a file (ledger.files.write_failure)."""
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    for args in (["demo", "--out", tmp_path / "notes.txt" / "demo", "--transactions", 200],
                 ["init", tmp_path / "notes.txt" / "books"]):
        status, text = relief(*args)
        assert status == 1, (args, text)
        zh = chinese_first(refusal(text), "cannot write there", f"{tmp_path / 'notes.txt'} is a file, not a folder")
        assert "是文件，不是文件夹" in zh, text


def test_why_a_write_failed(tmp_path):
    """Each reason ledger.files gives for a failed write, as the system reports the failure:
    its Chinese (`.zh`) beside the English, which is as it was."""
    from ledger.files import write_failure
    from ledger.said import zh_of

    target = tmp_path / "out" / "site"
    (tmp_path / "gone").symlink_to(tmp_path / "unmounted")
    cases = [
        (target, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target)), "the disk is full writing", "磁盘已满"),
        (target, OSError(errno.EROFS, os.strerror(errno.EROFS), str(target)), "is on a disk mounted read-only", "只读"),
        (target, OSError(errno.EACCES, os.strerror(errno.EACCES), str(target)), "may not be written by you", "无权写入"),
        (tmp_path / "gone" / "site", OSError(errno.ENOENT, os.strerror(errno.ENOENT)), "is a symbolic link to", "符号链接"),
        (tmp_path / ("名" * 84), OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG)), "bytes long", "字节"),
    ]
    for path, exc, english, chinese in cases:
        why = write_failure(path, exc)
        assert english in why, why
        assert chinese in (zh_of(why) or ""), (english, why)
        assert english not in zh_of(why), why


def test_close_of_a_read_only_books_file(tmp_path):
    from ledger.demo import write_demo

    main, _year = write_demo(tmp_path / "books", seed=1, transactions=200)
    closes = main.parent / "closes.beancount"  # the demo's books include it
    closes.chmod(0o444)
    status, text = relief("close", main.parent, "2026-01")
    assert status == 1, text
    zh = chinese_first(refusal(text), f"{closes} is read-only (r--r--r--), so relief does not change it",
                       "if it is to take the close", "nothing was changed")
    assert "只读" in zh and "什么也没有改动" in zh, text


def test_a_site_url_that_is_no_address(tmp_path):
    """A ReliefError raised with one message in both languages reaches the terminal as it is."""
    import shutil

    from tests.publish.conftest import SMALL

    books = tmp_path / "books"
    shutil.copytree(SMALL, books)
    settings = books / "settings.beancount"
    text = settings.read_text(encoding="utf-8")
    assert '"site_url" "https://relief.example.org/"' in text
    settings.write_text(text.replace('"site_url" "https://relief.example.org/"', '"site_url" "https://' + '帮' * 70 + '.中国/"'),
                        encoding="utf-8")
    status, text = relief("publish", books, "--out", tmp_path / "site", "--no-report-pdf")
    assert status == 1, text
    chinese_first(refusal(text), "is no domain name")



def test_letters_into_a_folder_of_the_wrong_kind(tmp_path):
    """`relief letters` into the books' own folder, a folder of other things, an unknown donor (letters/make.py)."""
    import shutil

    books = tmp_path / "books"
    shutil.copytree(Path(__file__).resolve().parents[1] / "letters" / "books", books)
    other = tmp_path / "other"
    other.mkdir()
    (other / "mine.txt").write_text("", encoding="utf-8")
    for args, says in (([books, "--out", books], "is the books' own folder"),
                       ([books, "--out", other], "is not empty and holds no letters"),
                       ([books, "--out", tmp_path / "letters", "--donor", "D9999"], "no donor 'D9999' in the registry")):
        status, text = relief("letters", *args)
        assert status == 1, (args, text)
        chinese_first(refusal(text), says)


def test_a_donation_left_without_a_letter(tmp_path):
    """What `relief letters` lists as skipped (letters/model.py), here a donation box's gift."""
    books = Path(__file__).resolve().parents[1] / "letters" / "books"
    status, text = relief("letters", books, "--out", tmp_path / "letters", "--jobs", "1")
    assert status == 0, text
    [line] = [line for line in text.splitlines() if "skipped: " in line]
    zh = chinese_first(line, "skipped: ", "cannot be written to (reachable: \"no\", e.g. a donation box); no letter")
    assert zh.startswith("已跳过：") and "不生成致谢函" in zh, line


def test_reconcile_without_transactions(tmp_path):
    """No period to default to (ledger/reconcile/report.py NothingToReconcile), named with the books in each half."""
    status, text = relief("init", tmp_path / "books", "--year", 2026)
    assert status == 0, text
    status, text = relief("reconcile", tmp_path / "books")
    assert status == 1, text
    zh = chinese_first(refusal(text), "the books have no transactions yet")
    assert zh.startswith(f"{tmp_path / 'books' / 'main.beancount'}：账簿中还没有交易"), text
    assert f"。 {tmp_path / 'books' / 'main.beancount'}: the books have no transactions yet" in text, text


def test_a_port_in_use(monkeypatch):
    import cli.serve

    monkeypatch.setattr(cli.serve, "port_free", lambda host, port: False)
    with pytest.raises(cli.serve.ServeError) as caught:
        cli.serve.serve(None, "127.0.0.1", 5000)
    chinese_first(str(caught.value), "127.0.0.1:5000 is already in use or not available")
