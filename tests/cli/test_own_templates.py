"""A mistake in one's own --templates folder is one message naming the template file and
line, for letters, report and publish alike; never an internal error (found by trying a
syntax error, an unknown name and a file saved in another encoding in each; later a share
worked out as `used / received` for a fund that received nothing, which divided by zero)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli

TESTS = Path(__file__).resolve().parents[1]
SMALL = TESTS / "publish" / "books" / "small"
LETTER_BOOKS = TESTS / "letters" / "books"

MISTAKES = {
    "syntax": (b"<p>\n{% for %}\n", 2, "template error: Expected an expression"),
    "unknown name": (b"<p>\n{{ nothing.deeper }}\n", 2, "template error: UndefinedError: 'nothing' is undefined"),
    "not UTF-8": ("<p>\n汉字\n".encode("gb18030"), 2, "template error: not UTF-8 text"),
    "division by zero": (b"<p>\n{{ 1 / 0 }}\n", 2, "template error: ZeroDivisionError: division by zero"),
    "overflow": (b"<p>\n{{ 10.0 ** 400 }}\n", 2, "template error: OverflowError"),
    "wrong type": (b"<p>\n{{ 'a' + 1 }}\n", 2, "template error: TypeError"),
    # a macro that calls itself without end: an internal error (RecursionError), naming no template
    "recursion": (b"<p>\n{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}\n", 2, "template error: RecursionError"),
}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("RELIEF_SITE_SECRET", "own-templates-tests-secret-0123456789")


def own(tmp_path, name, mistake):
    content, line, says = MISTAKES[mistake]
    path = tmp_path / "tpl" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return tmp_path / "tpl", f"{path}:{line}: {says}"


def told(result, where):
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output, result.output
    assert where in result.output, result.output


@pytest.mark.parametrize("mistake", MISTAKES)
def test_letters(tmp_path, mistake):
    books = tmp_path / "books"
    shutil.copytree(LETTER_BOOKS, books)
    tpl, where = own(tmp_path, "letters/letter.html", mistake)
    result = CliRunner().invoke(cli, ["letters", str(books), "--out", str(tmp_path / "letters"), "--donor", "D0001",
                                      "--jobs", "1", "--templates", str(tpl)])
    told(result, where)


@pytest.mark.parametrize("mistake", MISTAKES)
def test_report(tmp_path, mistake):
    tpl, where = own(tmp_path, "report/annual.html", mistake)
    result = CliRunner().invoke(cli, ["report", str(SMALL), "--out", str(tmp_path / "annual.pdf"), "--templates", str(tpl)])
    told(result, where)
    assert not (tmp_path / "annual.pdf").exists()


@pytest.mark.parametrize("mistake", ["unknown name", "not UTF-8", "division by zero", "overflow", "wrong type", "recursion"])
def test_publish(tmp_path, mistake):
    tpl, where = own(tmp_path, "overview.html", mistake)
    result = CliRunner().invoke(cli, ["publish", str(SMALL), "--out", str(tmp_path / "site"), "--templates", str(tpl),
                                      "--jobs", "1", "--no-report-pdf"])
    told(result, where)
    assert not (tmp_path / "site").exists()


def test_publish_of_a_template_that_includes_itself(tmp_path):
    """`{% include "overview.html" %}` in overview.html: an internal error (RecursionError)."""
    path = tmp_path / "tpl" / "overview.html"
    path.parent.mkdir()
    path.write_text('<p>\n{% include "overview.html" %}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["publish", str(SMALL), "--out", str(tmp_path / "site"), "--templates", str(path.parent),
                                      "--jobs", "1", "--no-report-pdf"])
    told(result, f"{path}:2: template error: RecursionError")
    assert "模板错误" in result.output.split("template error")[0]
    assert not (tmp_path / "site").exists()
