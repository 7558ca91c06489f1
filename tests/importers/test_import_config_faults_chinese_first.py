"""An import_config.py that cannot be used is told Chinese first, with the line at fault.

Why: `relief import` said "import_config.py: the import config does not run (RuntimeError:
boom); fix it" in English only, and for a fault raised while the config ran it named no
line of the file: the finance officer had the file's name and an English sentence, and a
Python error to find by hand. Its dry run and every other refusal are Chinese first
(tests/importers/test_dry_run_every_line_chinese.py)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli
from tests.cli.test_chinese_first import english_only

STATEMENT = "交易日期,摘要,收入金额,支出金额,余额\n2026-03-05,捐款,100.00,,100.00\n"
HEAD = "from importers.config import importers_for_books\n"
#: name -> (import_config.py, the line at fault or None)
CONFIGS = {
    "a syntax error": ("X = 1\nCONFIG = [\n", 2),
    "a fault as it runs": ("X = 1\n\nraise RuntimeError('boom')\n", 3),
    "a fault in a function it calls": ("def make():\n    return {}['x']\n\nCONFIG = make()\n", 2),
    "a profile of the wrong kind": (HEAD + "CONFIG = importers_for_books(__file__, profiles=[5])\n", 2),
    "sys.exit": ("import sys\nsys.exit(3)\n", None),
    "no CONFIG": ("X = 1\n", None),
    "not an importer": ("CONFIG = [5]\n", None),
}


@pytest.mark.parametrize("name", CONFIGS)
def test_a_config_that_cannot_be_used_is_told_chinese_first(books, tmp_path, name):
    text, line = CONFIGS[name]
    config = books / "import_config.py"
    config.write_text(text, encoding="utf-8")
    statement = tmp_path / "s.csv"
    statement.write_text(STATEMENT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(statement)])
    assert result.exit_code == 1, result.output
    assert str(config) in result.output and "Traceback" not in result.output, result.output
    assert english_only(result.output) == [], result.output
    if line is not None:
        assert f"{config}:{line}:" in result.output, result.output
