"""An output name that is legal but too long for the temporary name relief writes first.

Every file relief writes is written under a temporary name beside it and then renamed
(`.NAME.XXXXXXXX.tmp`, a site's `.NAME.new-XXXXXXXX`): 14 bytes more than the name. A
report named with 250 bytes (a legal name) was made, for minutes, and then refused with
"File name too long", though the name given was not; a site's too.
"""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from cli import cli
from ledger.files import write_failure

BOOKS = os.path.join(os.path.dirname(__file__), "..", "letters", "books")
ENV = {"RELIEF_SITE_SECRET": "long-names-test-secret-0123456789"}


def _run(*args):
    return CliRunner().invoke(cli, [*map(str, args)], env=ENV)


def _said(result, path, size):
    assert result.exit_code == 1, result.output
    assert "File name too long" not in result.output
    assert f"{path}: " in result.output and f"its name is {size} bytes long" in result.output
    assert "give a name of at most 241 bytes" in result.output


@pytest.mark.parametrize("command", ["report", "reconcile", "publish"])
def test_a_name_too_long_for_its_temporary_name_is_refused_before_the_work(tmp_path, command, monkeypatch):
    def no_work(*args, **kwargs):
        raise AssertionError("the work was started")

    if command == "report":
        out = tmp_path / ("r" * 246 + ".pdf")
        monkeypatch.setattr("publish.annual.render_annual_report", no_work)
        result = _run("report", BOOKS, "--out", out)
    elif command == "reconcile":
        out = tmp_path / ("r" * 245 + ".html")
        result = _run("reconcile", BOOKS, "--html", out)
    else:
        out = tmp_path / ("s" * 250)
        result = _run("publish", BOOKS, "--out", out, "--no-report-pdf", "--jobs", "1")
    _said(result, out, 250)
    assert os.listdir(tmp_path) == []


def test_the_failure_itself_says_which_name_is_too_long(tmp_path):
    out = tmp_path / ("r" * 250 + ".pdf")
    error = OSError(36, "File name too long", str(tmp_path / (".r" + "r" * 250 + ".pdf.abcdefgh.tmp")))
    said = write_failure(out, error)
    assert "its name is 254 bytes long" in said and "give a name of at most 241 bytes" in said


def test_a_name_that_fits_is_written(tmp_path):
    out = tmp_path / ("r" * 237 + ".pdf")
    error = OSError(28, "No space left on device")
    assert "bytes long" not in write_failure(out, error)


def test_a_statement_with_a_long_name_is_archived_under_a_name_that_fits(tmp_path):
    """The statement filed into documents/ is named `bank-YYYYMMDD-NAME`: a statement named
    with 240 bytes (legal) made a name too long, and the import stopped with "File name too
    long" on a name relief had made."""
    from tests.importers.malformed import ICBC_HEAD, icbc_row

    books = tmp_path / "books"
    assert _run("init", books, "--year", "2026").exit_code == 0
    statement = tmp_path / ("工资" * 40 + ".csv")  # 244 bytes
    statement.write_bytes((ICBC_HEAD + icbc_row("2026-03-05", "", "70.00", "930.00", "张三")).encode("gb18030"))
    result = _run("import", books, statement, "--account", "Assets:Bank:Basic", "--no-balance", "--write")
    assert result.exit_code == 0, result.output
    archived = [p for p in (books / "documents").rglob("*.csv")]
    assert len(archived) == 1 and archived[0].read_bytes() == statement.read_bytes()
    assert archived[0].name.startswith("bank-20260305-工资") and len(os.fsencode(archived[0].name)) <= 240
    assert _run("check", books).exit_code == 0
