"""The errors policy of `relief`, in one place (cli LazyGroup.invoke and main):
a ReliefError anywhere under any command is its message and exit 1; anything else is a bug
and goes to a crash file, with one line on the terminal."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cli import COMMANDS, cli, main
from ledger.errors import ReliefError


def _raising(monkeypatch, name: str, exc: BaseException) -> None:
    """Make command `name` raise `exc` from its body (its options and arguments dropped)."""
    command = cli.get_command(click.Context(cli), name)

    def body(**_kwargs):
        raise exc

    monkeypatch.setattr(command, "params", [])
    monkeypatch.setattr(command, "callback", body)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_users_mistake_is_a_message_and_exit_1(monkeypatch, name):
    class Mistake(ReliefError):
        pass

    _raising(monkeypatch, name, Mistake(f"books.beancount: line 3 is wrong; fix it ({name})"))
    result = CliRunner().invoke(cli, [name])
    assert result.exit_code == 1, result.output
    assert f"Error: books.beancount: line 3 is wrong; fix it ({name})" in result.output
    assert "Traceback" not in result.output


def test_existing_user_errors_are_relief_errors():
    from importers.errors import ImportProblem
    from importers.profiles import ProfileError
    from importers.run import ImportFailed
    from ledger.books import BooksNotFound
    from ledger.closes.close import CloseError, CloseRefused
    from ledger.period import PeriodError
    from publish.ack import SecretError
    from publish.capitals import CapitalsError
    from publish.pdf import PdfError
    from publish.run import PublishError
    from publish.writer import WriteError

    for cls in (ImportProblem, ProfileError, ImportFailed, BooksNotFound, CloseError, CloseRefused, PeriodError,
                SecretError, CapitalsError, PdfError, PublishError, WriteError):
        assert issubclass(cls, ReliefError), cls
    # the ones that were ValueErrors still are (callers catch them as such)
    assert issubclass(PeriodError, ValueError) and issubclass(CapitalsError, ValueError) and issubclass(ProfileError, ValueError)


def test_a_bug_goes_to_the_crash_file(monkeypatch, capsys, tmp_path):
    _raising(monkeypatch, "check", KeyError("planted bug"))
    monkeypatch.delenv("RELIEF_DEBUG", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    monkeypatch.setattr(sys, "argv", ["relief", "check"])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "internal error (KeyError: 'planted bug')" in err and "Traceback" not in err
    crash = Path(err.split("details are in ")[1].split(" —")[0])
    assert crash.parent == tmp_path and "planted bug" in crash.read_text(encoding="utf-8")


def test_a_relief_error_through_main_is_exit_1_not_a_crash(monkeypatch, capsys, tmp_path):
    _raising(monkeypatch, "publish", ReliefError("give --out a folder"))
    monkeypatch.setattr(sys, "argv", ["relief", "publish"])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert "give --out a folder" in err and "internal error" not in err


def test_a_file_the_main_file_includes_is_not_taken_for_the_books(tmp_path):
    """Why: `relief close books/txns/2026.beancount 2026-02` loaded that one file as the
    books and printed every posting's unknown account as a reason not to close (hundreds of
    lines); the file is part of books, and the message now says which main file to give."""
    from click.testing import CliRunner

    from cli import cli
    from ledger.init_books import init_books

    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2024)
    part = main.parent / "txns" / "2024.beancount"
    for args in (["close", str(part), "2024-01"], ["reconcile", str(part)], ["check", str(part)]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code != 0, result.output
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1, result.output
        assert "is one of the files of the books" in lines[0] and str(main) in lines[0], result.output
    assert CliRunner().invoke(cli, ["check", str(main)]).exit_code == 0
