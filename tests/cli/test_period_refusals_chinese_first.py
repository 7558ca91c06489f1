"""A period typed wrong on the command line (`relief reconcile --period 2026-13`, `relief close
BOOKS 2026-02-30`) is refused Chinese first, as every other refusal of reconcile and close is.

Why: ledger/period.py's PeriodError said only "'2026-13': month 13 does not exist; write a
period as 2024-03 (a month) …", and the command printed it in English alone."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli
from tests.cli.test_chinese_first import english_only


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    root = tmp_path_factory.mktemp("p") / "books"
    assert CliRunner().invoke(cli, ["init", str(root), "--year", "2026"]).exit_code == 0
    return root


@pytest.mark.parametrize("typed", ["2026-13", "2026-02-30", "2026-Q5", "", "9999", "0000", "9999-12"])
@pytest.mark.parametrize("command", ["reconcile", "close"])
def test_a_period_typed_wrong_is_refused_chinese_first(books, command, typed):
    args = [command, str(books), "--period", typed] if command == "reconcile" else [command, str(books), typed]
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 2, done.output
    said = done.output.split("Error: ", 1)[1]
    assert repr(typed) in said and "2024-Q1" in said, said
    assert english_only(said) == [], said
    assert said.index("（季度）") < said.index("(a quarter)"), said
