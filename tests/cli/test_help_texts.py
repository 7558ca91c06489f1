"""`relief COMMAND --help` says what the command does, as a user reads it.

Found by following the README as a new treasurer: `import --help` said --write would
"archive the files" (it files a copy under documents/ and leaves the file where it was),
`witness --help` said nothing of the public key file it writes nor what to do with the two
files, and `close --help` named an internal function (close_period)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from cli import COMMANDS, cli


def _help(name: str) -> str:
    result = CliRunner().invoke(cli, [name, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_import_write_says_the_file_is_copied_not_moved():
    text = _help("import")
    assert "archive" not in text
    assert "documents/" in text and "stays where it is" in text


def test_witness_says_which_files_it_writes_and_where_they_go():
    text = _help("witness")
    assert ".cosig" in text and ".vkey" in text and "witnesses/" in text
    assert "co-signature and public key files" in text


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_no_help_names_a_python_function(name):
    """A user cannot look up `close_period` or `build_report`: the help says what happens."""
    assert not re.search(r"\b[a-z]+_[a-z_]+\(\)|\((?:close_period|build_report|publish_books|make_letters)\)", _help(name))


def test_close_says_what_it_refuses_as_docs_closing_says():
    """docs/closing.md lists what close refuses; `close --help` named reconcile alone, so a
    treasurer whose new books' month was refused as holding nothing found no word of it."""
    text = _help("close")
    assert "not ended" in text and "already closed" in text and "no transaction" in text and "reconcile" in text


def _lines(*args: str) -> str:
    """The help of `relief ARGS` as printed, its lines kept."""
    result = CliRunner().invoke(cli, [*args, "--help"], terminal_width=100, prog_name="relief")
    assert result.exit_code == 0, result.output
    return result.output


def test_relief_help_walks_a_finance_officer_through_a_month():
    """`relief --help` listed the commands alphabetically (check, close, demo, import…) and
    nothing more: a finance officer new to it could not tell where to start, in what order a
    month's work goes, that an import changes nothing until --write, or where the site and
    letters end up. It now gives the month in order, each step an example command."""
    text = _lines()
    steps = ["relief init", "relief import", "--write", "relief reconcile", "relief close", "relief publish", "relief letters"]
    places = [text.find(step) for step in steps]
    assert -1 not in places, dict(zip(steps, places, strict=True))
    assert places == sorted(places), dict(zip(steps, places, strict=True))
    assert "dry run" in text and "inbox.beancount" in text


def test_every_command_help_shows_an_example():
    """Each command's --help ends with at least one example typed as a user would type it."""
    missing = [name for name in COMMANDS if not re.search(rf"^\s*Examples?:?\s*$.*?^\s+relief {name}\b", _lines(name), re.M | re.S)]
    assert missing == []


@pytest.mark.parametrize("args", [[], *([name] for name in sorted(COMMANDS))])
def test_help_titles_are_chinese_first(args):
    """click's `Usage:`, `Options:`, `Commands:` and its --help/--version lines were English alone."""
    text = _lines(*args)
    assert text.startswith("用法 Usage: relief"), text
    assert re.search(r"^选项 Options:$", text, re.M) and not re.search(r"^Options:$", text, re.M), text
    assert "显示此帮助并退出。 Show this message and exit." in " ".join(text.split()), text
    if not args:
        assert re.search(r"^命令 Commands:$", text, re.M), text
        assert "显示版本并退出。 Show the version and exit." in " ".join(text.split()), text


def test_defaults_in_help_are_chinese_first():
    text = " ".join(_lines("serve").split())
    assert "[默认 default: 5000; 1<=x<=65535]" in text and "[default:" not in text.replace("默认 default:", ""), text
    assert "[必填 required]" in " ".join(_lines("report").split())


def test_version_is_chinese_first():
    result = CliRunner().invoke(cli, ["--version"], prog_name="relief")
    assert result.exit_code == 0 and re.fullmatch(r"relief 版本 \S+ \(relief, version \S+\)\n", result.output), result.output
