"""A write the books' checks refuse names the file's rows, not the inbox lines taken out again.

Why: a roster paying more out of a restricted fund than it held was refused with
`inbox.beancount:15: Restricted fund … is overdrawn`; nothing was written, so the finance
officer opened inbox.beancount and found no line 15 and no such entry, and was not told which
row of the roster to look at. The error now names the file and its row."""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

HEAD = "日期,案例编号,类别,金额,基金,审批单号,发放方式,备注\n"


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def test_an_overdrawn_fund_names_the_rosters_row(books, tmp_path):
    roster = tmp_path / "花名册.csv"
    roster.write_text(HEAD + "2026-03-05,C0001,生活救助,300.00,GENERAL,SP-1,现金,\n"
                      "2026-03-06,C0002,助学,500.00,EDU-2026,SP-2,银行转账,\n", encoding="utf-8")
    inbox_before = (books / "inbox.beancount").read_bytes()
    result = run(books, roster, "--write", "--no-balance")
    assert result.exit_code == 1, result.output
    assert "nothing was written" in result.output
    refused = [line for line in result.output.splitlines() if "EDU-2026" in line and "overdrawn" in line]
    assert refused, result.output
    assert all("花名册.csv, row 3" in line for line in refused), refused
    assert not any("inbox.beancount:" in line for line in refused), refused
    assert (books / "inbox.beancount").read_bytes() == inbox_before


def test_the_entrys_own_line_is_still_named_for_a_row_of_a_second_file(books, tmp_path):
    """Two files in one run: each error names its own file's row."""
    first = tmp_path / "a.csv"
    first.write_text(HEAD + "2026-03-05,C0001,助学,100.00,EDU-2026,SP-1,银行转账,\n", encoding="utf-8")
    second = tmp_path / "b.csv"
    second.write_text(HEAD + "2026-03-07,C0002,生活救助,10.00,GENERAL,SP-3,银行转账,\n"
                      "2026-03-08,C0002,助学,200.00,EDU-2026,SP-4,银行转账,\n", encoding="utf-8")
    result = run(books, first, second, "--write", "--no-balance")
    assert result.exit_code == 1, result.output
    refused = [line for line in result.output.splitlines() if "EDU-2026" in line and "overdrawn" in line]
    assert any("a.csv, row 2" in line and "2026-03-05" in line for line in refused), refused
    assert any("b.csv, row 3" in line and "2026-03-08" in line for line in refused), refused
