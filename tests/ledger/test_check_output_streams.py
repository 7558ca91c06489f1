"""`relief check mybooks | less` paged the errors but left the count ("mybooks/main.beancount:
2 errors") on the terminal, behind the pager, and nothing said where each part goes: a
treasurer piping the check into a file saw no result in it. The streams stay as they are (the
errors on standard output, as bean-check's; warnings, notes and the count on standard error, so
a pipe reads the errors alone), the exit status says the result, and `relief check --help`,
the README and docs/books.md now say so, with how to keep everything together."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def books(tmp_path) -> Path:
    root = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(root), "--year", "2026"]).exit_code == 0
    with (root / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\n2026-03-01 * "typed wrong"\n  Assets:Nowhere  1.00 CNY\n  Assets:Elsewhere  -1.00 CNY\n')
    return root


def test_errors_on_stdout_the_count_on_stderr_and_the_exit_status_says_it(books):
    done = CliRunner().invoke(cli, ["check", str(books)])
    assert done.exit_code == 1
    assert "Assets:Nowhere" in done.stdout and not any(line.endswith(" errors") for line in done.stdout.splitlines())
    assert done.stderr.strip().splitlines()[-1].endswith(" errors") and "Assets:Nowhere" not in done.stderr


def test_help_readme_and_docs_say_where_each_part_goes():
    said = " ".join(CliRunner().invoke(cli, ["check", "--help"], terminal_width=200).output.split())
    assert "standard output" in said and "standard error" in said and "2>&1" in said
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    books_md = " ".join((ROOT / "docs" / "books.md").read_text(encoding="utf-8").split())
    for text in (readme, books_md):
        assert "relief check" in text and "standard error" in text and "2>&1" in text
