"""`relief init` and `relief check` as a finance officer uses them, good input and bad."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def books(tmp_path, runner) -> Path:
    result = runner.invoke(cli, ["init", str(tmp_path / "books"), "--year", "2026", "--name-zh", "测试帮扶中心"])
    assert result.exit_code == 0, result.output
    return tmp_path / "books"


def test_help_lists_commands(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "check" in result.output and "init" in result.output
    for command in ("init", "check"):
        assert runner.invoke(cli, [command, "--help"]).exit_code == 0


def test_init_writes_books_that_pass(books, runner):
    for rel in ("main.beancount", "accounts.beancount", "settings.beancount", "registry/donors.beancount",
                "registry/funds.beancount", "registry/cases.beancount", "txns/2026.beancount",
                "inbox.beancount", "private/cases.csv", "documents/inbox"):
        assert (books / rel).exists(), rel
    assert "测试帮扶中心" in (books / "settings.beancount").read_text(encoding="utf-8")
    result = runner.invoke(cli, ["check", str(books)])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


def test_init_books_pass_bean_check(books):
    bean_check = Path(sys.executable).parent / "bean-check"
    proc = subprocess.run([str(bean_check), str(books / "main.beancount")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_open_has_display_names(books):
    from beancount.core import data

    from ledger.books import load_books

    loaded = load_books(books)
    opens = [e for e in loaded.entries if isinstance(e, data.Open)]
    assert opens and all("name_zh" in e.meta and "name_en" in e.meta for e in opens)


def test_init_refuses_a_non_empty_folder(tmp_path, runner):
    target = tmp_path / "old"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    result = runner.invoke(cli, ["init", str(target)])
    assert result.exit_code == 1
    assert "already exists and is not empty" in result.output
    assert sorted(p.name for p in target.iterdir()) == ["keep.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".old.")]  # no staging left behind


def test_check_reports_rule_errors_with_file_and_line(books, runner):
    txns = books / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8") + '\n2026-03-01 * "利息"\n  Assets:Bank:Basic  1.00 CNY\n  Income:Interest\n', encoding="utf-8")
    result = runner.invoke(cli, ["check", str(books)])
    assert result.exit_code == 1
    assert f"{txns}:3: 未写明基金：" in result.output and "。 No fund: " in result.output
    assert "1 error" in result.output


def test_check_json(books, runner):
    txns = books / "txns" / "2026.beancount"
    txns.write_text('2026-03-01 * "利息"\n  Assets:Bank:Basic  1.00 CNY\n  Income:Interest\n', encoding="utf-8")
    result = runner.invoke(cli, ["check", str(books / "main.beancount"), "--json"])
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out["errors"] == [{"file": str(txns), "line": 1, "message": out["errors"][0]["message"]}]
    message = out["errors"][0]["message"]
    assert message.startswith("未写明基金：") and "。 No fund: " in message
    assert out["missing_conventions"] == []
    # the help names every key the output has (it said "a list of {file, line, message}")
    shown = " ".join(runner.invoke(cli, ["check", "--help"]).output.split())
    assert set(out) == {"books", "loaded", "errors", "warnings", "missing_conventions", "privacy", "unchecked_import"} and out["loaded"] is True
    assert out["unchecked_import"] is None
    assert all(key in shown for key in out) and "{file, line, message}" in shown


def test_check_json_of_books_that_cannot_be_read(tmp_path, runner):
    """A program reading --json got nothing on stdout and `Error: ...` on stderr."""
    result = runner.invoke(cli, ["check", str(tmp_path / "nowhere"), "--json"])
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out["loaded"] is False and out["books"] == str(tmp_path / "nowhere")
    assert len(out["errors"]) == 1 and "no such file or folder" in out["errors"][0]["message"]
    assert out["errors"][0]["file"] is None and out["warnings"] == [] and out["missing_conventions"] == []
    assert "Error:" in result.stderr and "Traceback" not in result.output


def test_check_missing_folder(tmp_path, runner):
    result = runner.invoke(cli, ["check", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "no such file or folder" in result.output
    assert "Traceback" not in result.output


def test_check_folder_without_main(tmp_path, runner):
    result = runner.invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 1 and "no main.beancount in this folder" in result.output and "relief init" in result.output


@pytest.mark.parametrize("given", ["folder", "file"])
def test_check_main_file_as_a_broken_symlink(tmp_path, runner, given):
    """A main.beancount linked to a file that is gone was "no main.beancount in this folder"
    (and `relief init` advised) or "no such file or folder"."""
    os.symlink("/nowhere/main.beancount", tmp_path / "main.beancount")
    result = runner.invoke(cli, ["check", str(tmp_path if given == "folder" else tmp_path / "main.beancount")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (f"{tmp_path / 'main.beancount'} is a symbolic link to /nowhere/main.beancount, which does not exist: "
            "restore that file, or correct the link") in " ".join(result.output.split())
    assert "relief init" not in result.output


def test_check_non_utf8_file(books, runner):
    txns = books / "txns" / "2026.beancount"
    txns.write_bytes('2026-03-01 * "利息"\n  fund: "GENERAL"\n  Assets:Bank:Basic  1.00 CNY\n  Income:Interest\n'.encode("gb18030"))
    result = runner.invoke(cli, ["check", str(books)])
    assert result.exit_code == 1
    assert f"{txns}" in result.output and "is not UTF-8" in result.output and "iconv" in result.output
    assert "Traceback" not in result.output


def test_a_file_in_another_encoding_gets_one_message_not_one_per_line(books, runner):
    txns = books / "txns" / "2026.beancount"
    gift = '2026-03-{day:02d} * "利息 {day}"\n  fund: "GENERAL"\n  Assets:Bank:Basic  1.00 CNY\n  Income:Interest\n'
    txns.write_bytes("".join(gift.format(day=d) for d in range(1, 29)).encode("gb18030"))
    result = runner.invoke(cli, ["check", str(books)])
    assert result.exit_code == 1
    assert result.output.count("is not UTF-8") == 1, result.output
    assert f"{txns}:1:" in result.output and "27 more line(s) of this file" in result.output and "iconv" in result.output


def test_check_malformed_directive_and_setting(books, runner):
    (books / "settings.beancount").write_text(
        '2026-01-01 custom "relief-option" "min_published_count" "five"\n', encoding="utf-8")
    (books / "txns" / "2026.beancount").write_text('2026-13-01 * "bad date"\n  Assets:Cash 1 CNY\n', encoding="utf-8")
    before = {p: p.read_bytes() for p in books.rglob("*") if p.is_file()}
    result = runner.invoke(cli, ["check", str(books)])
    assert result.exit_code == 1
    assert "settings.beancount:1: relief-option 'min_published_count'" in result.output
    assert "2026.beancount:1:" in result.output
    assert "Traceback" not in result.output
    assert before == {p: p.read_bytes() for p in books.rglob("*") if p.is_file()}  # check writes nothing


def test_check_lists_missing_conventions_on_foreign_books(tmp_path, runner):
    foreign = tmp_path / "foreign.beancount"
    foreign.write_text('2026-01-01 open Assets:Cash USD\n2026-01-01 open Expenses:Food USD\n'
                       '2026-01-02 * "lunch"\n  Expenses:Food  5 USD\n  Assets:Cash\n', encoding="utf-8")
    result = runner.invoke(cli, ["check", str(foreign)])
    assert result.exit_code == 0
    assert "the rules are not switched on" in result.output
    assert "no funds are declared" in result.output


def test_unexpected_error_prints_one_line_and_a_crash_file(monkeypatch, capsys, tmp_path):
    import tempfile

    import cli as relief_cli

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the crash file goes here, not into /tmp on every run

    def boom(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.delenv("RELIEF_DEBUG", raising=False)
    monkeypatch.setattr(relief_cli, "cli", boom)
    with pytest.raises(SystemExit) as exit_info:
        relief_cli.main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "internal error (RuntimeError: simulated bug)" in err and "Traceback" not in err
    crash = Path(err.split("details are in ")[1].split(" — ")[0])
    assert "simulated bug" in crash.read_text(encoding="utf-8") and crash.parent == tmp_path


@pytest.mark.parametrize("name", ['"; include "/etc/passwd', 'C:\\relief\\中心', '帮扶中心 \\"quoted\\" {year} {name_en}'])
def test_init_writes_any_name_as_a_beancount_string(tmp_path, runner, name):
    """A quote or backslash in a name was written into settings.beancount (and main.beancount's
    title) as it was, ending the string there: broken books, or an include of another file."""
    target = tmp_path / "books"
    result = runner.invoke(cli, ["init", str(target), "--year", "2026", "--name-zh", name, "--name-en", name + " (en)"])
    assert result.exit_code == 0, result.output
    from ledger.books import load_books

    loaded = load_books(target)
    assert [e.message for e in loaded.errors] == []
    assert (loaded.settings.name_zh, loaded.settings.name_en) == (name, name + " (en)")
    assert loaded.options["title"] == name
    assert runner.invoke(cli, ["check", str(target)]).exit_code == 0


@pytest.mark.parametrize("option", ["--name-zh", "--name-en"])
def test_init_refuses_a_name_with_a_newline(tmp_path, runner, option):
    target = tmp_path / "books"
    result = runner.invoke(cli, ["init", str(target), option, "帮扶中心\n2026-01-01 open Assets:Stolen"])
    assert result.exit_code == 1, result.output
    assert f"Error: {option} '帮扶中心\\n2026-01-01 open Assets:Stolen'：含有控制字符" in result.output  # Chinese first
    assert f"{option} '帮扶中心\\n2026-01-01 open Assets:Stolen': holds a control character ('\\n')" in result.output
    assert "give the name on one line" in result.output
    assert not target.exists()


def test_init_under_a_file_names_the_file(tmp_path, runner):
    """`relief init notes.txt/books` said "cannot write there (File exists)"."""
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me", encoding="utf-8")
    result = runner.invoke(cli, ["init", str(notes / "books")])
    assert result.exit_code == 1, result.output
    assert f"{notes} is a file, not a folder; choose a path inside a folder" in result.output, result.output
    assert notes.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("name, said", [("", "the centre's name is empty"), ("   ", "the centre's name is empty"),
                                        ("\u202e心中扶帮", "contains invisible characters (U+202E RIGHT-TO-LEFT OVERRIDE)"),
                                        ("市\u200b总工会", "contains invisible characters (U+200B ZERO WIDTH SPACE)")])
@pytest.mark.parametrize("option", ["--name-zh", "--name-en"])
def test_init_refuses_a_name_the_check_would_refuse(tmp_path, runner, option, name, said):
    """`relief init` wrote books that failed `relief check` at once, at their settings line."""
    target = tmp_path / "books"
    result = runner.invoke(cli, ["init", str(target), option, name])
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {option} ") and said in result.output, result.output
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_a_household_is_shown_as_written(books, runner):
    """The message said "not Decimal('-2')"."""
    cases = books / "registry" / "cases.beancount"
    _write(cases, cases.read_text(encoding="utf-8") + '\n2026-02-01 custom "case" "C0001" "enrolled"\n  household: -2\n'
           '\n2026-02-01 custom "case" "C0002" "enrolled"\n  household: "three"\n')
    result = runner.invoke(cli, ["check", str(books)])
    assert result.exit_code == 1
    assert "Case C0001: household must be a whole number of people (1 or more), not -2\n" in result.output, result.output
    assert 'Case C0002: household must be a whole number of people (1 or more), not "three"\n' in result.output
    assert "Decimal" not in result.output


def test_a_fund_in_books_with_no_funds_says_how_to_declare_one(books, runner):
    """The message said "use one of none declared"."""
    (books / "registry" / "funds.beancount").write_text(";; no funds yet\n", encoding="utf-8")
    txns = books / "txns" / "2026.beancount"
    _write(txns, txns.read_text(encoding="utf-8") + '\n2026-03-01 * "利息"\n  fund: "GENERAL"\n  Assets:Bank:Basic  1.00 CNY\n  Income:Interest\n')
    result = runner.invoke(cli, ["check", str(books)])
    assert result.exit_code == 1
    assert ("Unknown fund 'GENERAL': no fund is declared in these books; declare it in registry/funds.beancount "
            '(included from the main file), e.g. `2026-03-01 custom "fund" "GENERAL" "unrestricted"`') in result.output, result.output
    assert "none declared" not in result.output


def _write(path, text):
    path.write_text(text, encoding="utf-8")


def test_init_refuses_a_folder_whose_name_beancount_would_read_as_a_pattern(tmp_path):
    """`relief init '帮扶账簿[2026]'` made books none of whose includes beancount finds (it
    looks for them by a pattern made of the folder's name): refused before anything is written."""
    from click.testing import CliRunner

    from cli import cli

    target = tmp_path / "帮扶账簿[2026]"
    result = CliRunner().invoke(cli, ["init", str(target), "--year", "2026"])
    assert result.exit_code == 1
    assert f"{target}: the folder's name holds [ or ]" in result.output and "帮扶账簿(2026)" in result.output
    assert list(tmp_path.iterdir()) == []


def test_init_removes_and_names_what_a_killed_init_left(tmp_path, runner):
    """A `relief init books` killed part way (kill -9, a closed terminal: its clean-up never
    ran) left `.books.k3x_9q2a` beside the target, half a set of books nobody would find, and
    the next `relief init books` said nothing of it. Now the next init removes it and names it;
    a folder of that shape holding anything the template does not write is left alone."""
    left = tmp_path / ".books.k3x_9q2a"
    (left / "registry").mkdir(parents=True)
    (left / "main.beancount").write_text('option "title" "测', encoding="utf-8")  # cut short
    mine = tmp_path / ".books.notes123"
    mine.mkdir()
    (mine / "my-notes.txt").write_text("keep", encoding="utf-8")
    other = tmp_path / ".other.k3x_9q2a"
    other.mkdir()
    result = runner.invoke(cli, ["init", str(tmp_path / "books"), "--year", "2026"])
    assert result.exit_code == 0, result.output
    assert not left.exists() and mine.exists() and other.exists()
    assert str(left) in result.output and "relief init" in result.output, result.output
    assert str(mine) not in result.output
    assert (tmp_path / "books" / "main.beancount").is_file()
