"""A record count written in other words under a statement's rows (记录数：4, 笔数：4, 总记录数,
Total records: 4) is checked against the rows read as 共4笔 and 合计笔数 are.

Why: such a footer was passed over, so a statement that lost rows imported without a word.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli
from importers.statement_lines import stated_count

BANK = ("记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"
        "2026-03-02,CNY,1234.00,11234.00,转账汇款,某某机械厂 6222020000001234,捐赠\n")
FOOTERS = ["记录数：{n}", "笔数：{n}", "总记录数 {n}", "记录条数: {n}", "Total records: {n}", "Number of records: {n}"]


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


@pytest.mark.parametrize("footer", FOOTERS)
def test_a_count_in_other_words_that_disagrees_is_refused(books, tmp_path, footer):
    f = tmp_path / "cmb.csv"
    words = footer.format(n=4)
    f.write_text(BANK + words + "\n", encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"cmb.csv, row 3: the statement says it has 4 records ({words})" in result.output
    assert run(books, f, "--ignore-summary").exit_code == 0


@pytest.mark.parametrize("footer", FOOTERS)
def test_a_count_in_other_words_that_agrees_passes(books, tmp_path, footer):
    f = tmp_path / "cmb.csv"
    f.write_text(BANK + footer.format(n=1) + "\n", encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("text", ["退款笔数：1", "收入笔数：1 支出笔数：2", "收入合计: 2 笔，共 1502.10 元", "Total: 4.00"])
def test_counts_of_a_part_are_no_count_of_every_row(text):
    assert stated_count(text) is None
