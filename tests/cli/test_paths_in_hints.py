"""The commands relief suggests can be pasted back into a shell, whatever the books' folder
is called: `relief init "帮扶 账簿"` said `Check them with: relief check 帮扶 账簿/main.beancount`,
which the shell splits at the space (`relief check 帮扶` names no books), and so did every
"see `relief check BOOKS`" hint and the demo's two commands."""

from __future__ import annotations

import re
import shlex

from click.testing import CliRunner

from cli import cli


def suggested(output: str, command: str) -> list[str]:
    """The words of the `relief COMMAND …` the output suggests, as a shell splits them."""
    found = re.search(rf"relief {command} (.+?)(?:`|$)", output, re.M)
    assert found, output
    return shlex.split(f"relief {command} {found.group(1)}")


def test_init_suggests_a_check_the_shell_reads_whole(tmp_path):
    target = tmp_path / "帮扶 账簿 (副本)"
    result = CliRunner().invoke(cli, ["init", str(target), "--year", "2026"])
    assert result.exit_code == 0, result.output
    assert suggested(result.output, "check") == ["relief", "check", str(target / "main.beancount")]


def test_the_refusal_of_books_with_errors_names_them_so_too(tmp_path):
    target = tmp_path / "my books"
    assert CliRunner().invoke(cli, ["init", str(target), "--year", "2026"]).exit_code == 0
    with open(target / "txns" / "2026.beancount", "a", encoding="utf-8") as txns:
        txns.write('\n2026-03-01 * "broken"\n  Assets:Nowhere  1.00 CNY\n  Income:Union\n')
    result = CliRunner().invoke(cli, ["publish", str(target), "--out", str(tmp_path / "site")])
    assert result.exit_code == 1
    assert suggested(result.output, "check") == ["relief", "check", str(target)]
