"""A symbolic link given as the file, leading nowhere, is named as such, not as a missing file.

Why: a link to a statement moved away, or two links naming each other, were told "no such
file; check the path", while `ls` lists the file right there (breakZ).
"""

from __future__ import annotations

import os

from click.testing import CliRunner

from cli import cli


def test_a_link_to_a_file_that_is_gone_names_its_target(books, tmp_path):
    link = tmp_path / "statement.csv"
    os.symlink(tmp_path / "moved" / "statement.csv", link)
    result = CliRunner().invoke(cli, ["import", str(books), str(link)])
    assert result.exit_code == 1, result.output
    assert f"statement.csv: this is a link to {tmp_path / 'moved' / 'statement.csv'}, which does not exist" in result.output
    assert "no such file" not in result.output


def test_links_that_lead_round_in_a_loop_are_named(books, tmp_path):
    os.symlink("b.csv", tmp_path / "a.csv")
    os.symlink("a.csv", tmp_path / "b.csv")
    result = CliRunner().invoke(cli, ["import", str(books), str(tmp_path / "a.csv")])
    assert result.exit_code == 1, result.output
    assert "a.csv: this is a link that leads round in a loop of links, to no file" in result.output
    assert "no such file" not in result.output
