"""What `relief check` says about the books' files themselves is Chinese first, as every
other message of check is: a folder, a binary file, a UTF-16 file, a line of megabytes, a
lone carriage return, a GBK file, a byte-order mark, a missing include, a pattern that
matches nothing, a backslashed path, a broken link, a file included twice, a plugin that is
not there.

Why: each of these (ledger/source_files.py, ledger/books.py `_friendly_load_errors`,
`_friendly`) was told in English only, the one line of the output a finance officer who
reads Chinese could not read, while the count under it and the rules' messages around it
were Chinese first."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from cli import cli
from tests.cli.test_chinese_first import english_only


@pytest.fixture
def books(tmp_path):
    root = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(root), "--year", "2026"]).exit_code == 0
    return root


def _include(books, line):
    with open(books / "main.beancount", "a", encoding="utf-8") as fh:
        fh.write(f"\n{line}\n")


def _folder(books):
    (books / "txns" / "2027.beancount").mkdir()


def _nul(books):
    (books / "extra.beancount").write_bytes(b"; notes\n\x00\x01\x02\n")
    _include(books, 'include "extra.beancount"')


def _utf16(books):
    (books / "extra.beancount").write_bytes("; 备注\n".encode("utf-16"))
    _include(books, 'include "extra.beancount"')


def _utf16_without_mark(books):
    (books / "extra.beancount").write_bytes("; notes about the year\n".encode("utf-16-le"))
    _include(books, 'include "extra.beancount"')


def _long_line(books, monkeypatch):
    monkeypatch.setattr("ledger.source_files.MAX_LINE_BYTES", 1000)
    (books / "extra.beancount").write_text("; " + "x" * 2000 + "\n", encoding="utf-8")
    _include(books, 'include "extra.beancount"')


def _lone_cr(books):
    (books / "extra.beancount").write_bytes(b"; notes\r2026-01-01 open Assets:Extra CNY\n")
    _include(books, 'include "extra.beancount"')


def _mac_line_ends(books):
    (books / "extra.beancount").write_bytes(b"; notes\r2026-01-01 open Assets:Extra CNY\r")
    _include(books, 'include "extra.beancount"')


def _gbk(books):
    (books / "extra.beancount").write_bytes('2026-01-01 open Assets:Extra CNY\n  name: "张三"\n'.encode("gbk"))
    _include(books, 'include "extra.beancount"')


def _bom(books):
    path = books / "inbox.beancount"
    path.write_bytes(b"\xef\xbb\xbf2026-01-01 open Assets:Extra CNY\n" + path.read_bytes())


def _missing(books):
    _include(books, 'include "2025/old.beancount"')


def _no_match(books):
    _include(books, 'include "old/*.beancount"')


def _backslash(books):
    _include(books, 'include "registry\\\\old.beancount"')


def _broken_link(books):
    os.symlink(books / "gone.beancount", books / "link.beancount")
    _include(books, 'include "link.beancount"')


def _twice(books):
    _include(books, 'include "inbox.beancount"')


def _no_plugin(books):
    _include(books, 'plugin "ledger.plugins.rulez"')


def _broken_plugin(books):
    (books / "brokenplugin.py").write_text("import no_such_module_here\n", encoding="utf-8")
    _include(books, 'plugin "brokenplugin"')


DAMAGE = {"folder": _folder, "nul": _nul, "utf16": _utf16, "utf16 without mark": _utf16_without_mark,
          "long line": _long_line, "lone cr": _lone_cr, "mac line ends": _mac_line_ends, "gbk": _gbk, "bom": _bom,
          "missing include": _missing, "pattern matching nothing": _no_match, "backslash": _backslash,
          "broken link": _broken_link, "included twice": _twice, "no such plugin": _no_plugin,
          "plugin whose import fails": _broken_plugin}


@pytest.mark.parametrize("how", DAMAGE)
def test_what_check_says_of_a_books_file_is_chinese_first(books, how, monkeypatch):
    damage = DAMAGE[how]
    if damage is _long_line:
        damage(books, monkeypatch)
    else:
        damage(books)
    if damage is _broken_plugin:
        monkeypatch.syspath_prepend(str(books))
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1, result.output
    assert "error" in result.output
    assert english_only(result.output) == [], result.output
