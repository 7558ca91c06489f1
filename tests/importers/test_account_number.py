"""The statement's own account number written in groups of four, as cards print it: the whole
number picks the books account, never its first group (which may end another account's number)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli

SPECIAL = """
2026-01-01 open Assets:Bank:Special CNY
  bank: "icbc"
  account_number: "6217000000006222"
"""


@pytest.mark.parametrize("number", ["6222 0000 1111 2222", "6222 **** **** 2222", "6222-0000-1111-2222", "一卡通:6222 **** **** 2222"])
def test_a_number_in_groups_of_four_picks_its_own_account(books, tmp_path, number):
    with (books / "accounts.beancount").open("a", encoding="utf-8") as fh:
        fh.write(SPECIAL)
    f = tmp_path / "bocom.csv"
    f.write_text(f"{number if number.startswith('一卡通') else '账号：' + number}\n交易日期,交易金额,借贷标志,余额,对方户名,摘要\n"
                 "2026-03-02,1000.00,贷,1000.00,王小明,捐赠\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(f)])
    assert result.exit_code == 0, result.output
    assert "-> Assets:Bank:Basic" in result.output


@pytest.mark.parametrize("empty", ["", " "])
def test_an_empty_account_option_is_refused(books, tmp_path, empty):
    """`--account "$ACCOUNT"` with the variable unset was read as no --account at all: the
    statement went to whichever account the books' mapping picked, not the one meant, and
    nothing said so. An empty --account is now refused, naming the option."""
    f = tmp_path / "bocom.csv"
    f.write_text("交易日期,交易金额,借贷标志,余额,对方户名,摘要\n2026-03-02,1000.00,贷,1000.00,王小明,捐赠\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(f), "--account", empty, "--write"])
    assert result.exit_code == 2 and "--account" in result.output and "it is empty" in result.output, result.output
    assert "王小明" not in (books / "inbox.beancount").read_text(encoding="utf-8")
